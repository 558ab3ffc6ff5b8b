package io.github.cachalot.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.spring.CachalotDataSources;

/**
 * Auto-configuration of the {@link CachalotHealthIndicator} ({@code cachalot} in
 * {@code /actuator/health}), when Spring Boot's health module is present and
 * {@code management.health.cachalot.enabled} is not {@code false}.
 */
@AutoConfiguration(after = CachalotAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(CachalotDataSources.class)
@ConditionalOnEnabledHealthIndicator("cachalot")
public final class CachalotHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "cachalotHealthIndicator", "cachalotHealthContributor" })
	CachalotHealthIndicator cachalotHealthIndicator(CachalotDataSources dataSources) {
		return new CachalotHealthIndicator(dataSources);
	}

}
