package io.github.cachalot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.spring.CachalotDataSources;

/**
 * Auto-configuration of cachalot's Micrometer meters ({@link CachalotMeterBinder}), when the
 * application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = CachalotAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, CachalotDataSources.class })
public final class CachalotMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachalotMeterBinder cachalotMeterBinder(CachalotDataSources dataSources, CachalotProperties properties) {
		return new CachalotMeterBinder(dataSources, properties.getMetrics().getMaxTableTags());
	}

}
