package io.github.cachalot.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tells Spring Cloud not to rebind cachalot's wrappers on a refresh: the rebinder would try to
 * bind {@code spring.datasource.hikari.*} onto the wrapper and fail the whole refresh. Sets the
 * default of {@code spring.cloud.refresh.never-refreshable} (Hikari and cachalot's wrapper);
 * an application that sets the property itself must list
 * {@code io.github.cachalot.jdbc.CachingDataSource} there.
 */
public class NeverRefreshableEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "spring.cloud.refresh.never-refreshable";

	static final String DEFAULT = "com.zaxxer.hikari.HikariDataSource,io.github.cachalot.jdbc.CachingDataSource";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains("cachalotDefaults")) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("cachalotDefaults", Map.of(PROPERTY, DEFAULT)));
		}
	}

}
