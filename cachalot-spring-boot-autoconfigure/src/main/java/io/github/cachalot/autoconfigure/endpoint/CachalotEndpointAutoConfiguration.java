package io.github.cachalot.autoconfigure.endpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;

/**
 * Auto-configuration of the {@link CachalotEndpoint}, when Actuator is present and the endpoint is
 * exposed ({@code management.endpoints.web.exposure.include=cachalot}, or over JMX).
 */
@AutoConfiguration(after = CachalotAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(CachalotEndpoint.class)
@ConditionalOnBean({ CachalotManager.class, CachalotDataSources.class })
public final class CachalotEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachalotEndpoint cachalotEndpoint(CachalotManager manager, CachalotDataSources dataSources,
			CachalotProperties properties) {
		return new CachalotEndpoint(manager, dataSources, properties);
	}

}
