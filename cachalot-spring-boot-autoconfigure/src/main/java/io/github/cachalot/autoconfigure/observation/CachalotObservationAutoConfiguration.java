package io.github.cachalot.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.spring.CachalotDataSources;

/**
 * Auto-configuration of {@code cachalot.read} observations ({@link ObservingReadListener}) on every
 * data source cachalot wraps, when the application has an {@link ObservationRegistry} and
 * {@code cachalot.observations.enabled=true} (off by default: an observed read costs more than a hit).
 */
@AutoConfiguration(after = CachalotAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, CachalotDataSources.class })
@ConditionalOnBooleanProperty("cachalot.observations.enabled")
public final class CachalotObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservingReadListener cachalotObservingReadListener(CachalotDataSources dataSources,
			ObservationRegistry observationRegistry, ObjectProvider<CachalotReadObservationConvention> convention,
			CachalotProperties properties) {
		ObservingReadListener listener = new ObservingReadListener(observationRegistry, convention.getIfUnique(),
				properties);
		dataSources.forEachWrapped((dataSource) -> dataSource.addReadListener(listener));
		return listener;
	}

}
