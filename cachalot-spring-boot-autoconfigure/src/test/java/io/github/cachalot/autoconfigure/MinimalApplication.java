package io.github.cachalot.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.store.CacheStore;

/**
 * An application started in an {@link io.github.cachalot.testsupport.IsolatedClasspath}: its
 * auto-configurations are imported by name, as Spring Boot imports them, so that none of their
 * classes is loaded before its conditions say so. Arguments: {@code auto-configurations} (comma
 * separated class names), {@code user-configuration} (a nested class of this one),
 * {@code properties} (separated by {@code |}) and {@code read} (a query run twice). Returns what
 * was made: whether it started, the CacheManager, cachalot's store, the data source, hits.
 */
public class MinimalApplication {

	private static final String AUTO_CONFIGURATIONS = "test.auto-configurations";

	public Map<String, String> run(Map<String, String> arguments) {
		List<String> properties = new ArrayList<>(
				Arrays.asList(arguments.getOrDefault("properties", "").split("\\|")));
		properties.removeIf(String::isEmpty);
		properties.add(AUTO_CONFIGURATIONS + "=" + arguments.get("auto-configurations"));
		Map<String, String> facts = new LinkedHashMap<>();
		new ApplicationContextRunner().withPropertyValues(properties.toArray(String[]::new))
			.withUserConfiguration(userConfiguration(arguments.get("user-configuration")), NamedImports.class)
			.run((context) -> {
				facts.put("started", String.valueOf(context.getStartupFailure() == null));
				if (context.getStartupFailure() != null) {
					facts.put("failure", failure(context.getStartupFailure()));
					return;
				}
				Map<String, CacheManager> managers = context.getBeansOfType(CacheManager.class);
				facts.put("cacheManager", managers.isEmpty() ? "none"
						: managers.values().iterator().next().getClass().getName());
				facts.put("cacheNames", managers.isEmpty() ? ""
						: String.valueOf(managers.values().iterator().next().getCacheNames()));
				Map<String, CacheStore> stores = context.getBeansOfType(CacheStore.class);
				facts.put("store", stores.isEmpty() ? "none" : stores.values().iterator().next().description());
				for (String bean : List.of("cachalotManager", "cachalotEndpoint", "cachalotMeterBinder")) {
					facts.put(bean, String.valueOf(context.containsBean(bean)));
				}
				DataSource dataSource = context.getBean(DataSource.class);
				facts.put("dataSource", dataSource.getClass().getName());
				CachingDataSource caching = CachingDataSourceProxy.cachingOf(dataSource);
				facts.put("cached", String.valueOf(caching != null));
				if (arguments.containsKey("read")) {
					JdbcTemplate jdbc = new JdbcTemplate(dataSource);
					jdbc.queryForList(arguments.get("read"));
					facts.put("result", String.valueOf(jdbc.queryForList(arguments.get("read"))));
					facts.put("hits", (caching != null) ? String.valueOf(caching.statistics().hits()) : "0");
				}
			});
		return facts;
	}

	private static Class<?> userConfiguration(String name) {
		for (Class<?> nested : MinimalApplication.class.getDeclaredClasses()) {
			if (nested.getSimpleName().equals(name)) {
				return nested;
			}
		}
		throw new IllegalArgumentException("no user configuration " + name);
	}

	private static String failure(Throwable failure) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			message.append(cause).append(" <- ");
		}
		return message.toString();
	}

	/** Imports the auto-configurations named in the environment, by name, after the user's. */
	@Configuration(proxyBeanMethods = false)
	@Import(NamedImportSelector.class)
	static class NamedImports {

	}

	static class NamedImportSelector implements DeferredImportSelector, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return this.environment.getProperty(AUTO_CONFIGURATIONS, String[].class, new String[0]);
		}

	}

	/** An application without a CacheManager. */
	@Configuration(proxyBeanMethods = false)
	static class NoCacheManager {

	}

	/** A CacheManager of spring-context alone, with a cache for cachalot. */
	@Configuration(proxyBeanMethods = false)
	static class PlainConcurrentMapCacheManager {

		@Bean
		ConcurrentMapCacheManager cacheManager() {
			return new ConcurrentMapCacheManager("cachalot", "byUsername");
		}

	}

	/** spring-boot-starter-cache's way: {@code @EnableCaching}, Spring Boot picks the CacheManager. */
	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class BootCaching {

	}

}
