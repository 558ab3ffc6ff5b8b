package io.github.cachalot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.IsolatedClasspath;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on the smallest classpaths applications have, each jar left out for real (an
 * {@link IsolatedClasspath}, as an application that never had it): no spring-context-support, no
 * Caffeine, no Redis, no Actuator, no Micrometer, and none of them. Each case has its control: the
 * same application with {@code cachalot.enabled=false} (or without cachalot) on the same
 * classpath.
 */
class MinimalClasspathTest {

	private static final String READ = "SELECT name FROM mc_items WHERE id = 1";

	private static final String DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private static final String CACHE = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration";

	private static final String CACHALOT = "io.github.cachalot.autoconfigure.CachalotAutoConfiguration";

	private static final String ENDPOINT = "io.github.cachalot.autoconfigure.endpoint.CachalotEndpointAutoConfiguration";

	private static final String METRICS = "io.github.cachalot.autoconfigure.metrics.CachalotMetricsAutoConfiguration";

	private static final String[] SPRING_CONTEXT_SUPPORT = { "^spring-context-support-", "^spring-boot-cache-",
			"^spring-boot-starter-cache-" };

	/** Caffeine, and the other cache providers Spring Boot would pick before its simple one. */
	private static final String[] CAFFEINE = { "^caffeine-", "^ehcache-", "^cache-api-" };

	@BeforeAll
	static void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS mc_items",
				"CREATE TABLE mc_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO mc_items VALUES (1, 'one')");
	}

	@Test
	void withoutSpringContextSupportAPlainConcurrentMapCacheManagerBacksCachalot() throws Exception {
		Map<String, String> facts = run(IsolatedClasspath.without(SPRING_CONTEXT_SUPPORT), "PlainConcurrentMapCacheManager",
				"");
		assertThat(facts).containsEntry("started", "true")
			.containsEntry("cacheManager", "org.springframework.cache.concurrent.ConcurrentMapCacheManager")
			.containsEntry("cached", "true")
			.containsEntry("hits", "1");
		assertThat(facts.get("store")).contains("cache 'cachalot' of CacheManager 'cacheManager'");
	}

	@Test
	void withoutSpringContextSupportAndCachalotOff() throws Exception {
		assertThat(run(IsolatedClasspath.without(SPRING_CONTEXT_SUPPORT), "PlainConcurrentMapCacheManager",
				"cachalot.enabled=false"))
			.containsEntry("started", "true")
			.containsEntry("cached", "false")
			.containsEntry("cachalotManager", "true");
	}

	@Test
	void withoutCaffeineSpringBootKeepsItsConcurrentMapCacheManagerAndCachalotItsOwnStore() throws Exception {
		assertCoreCarriesCaffeine();
		Map<String, String> facts = run(IsolatedClasspath.without(CAFFEINE), "BootCaching", "", DATA_SOURCE, CACHE,
				CACHALOT, ENDPOINT, METRICS);
		assertThat(facts).containsEntry("started", "true")
			.containsEntry("cacheManager", "org.springframework.cache.concurrent.ConcurrentMapCacheManager")
			.containsEntry("cacheNames", "[]")
			.containsEntry("cached", "true")
			.containsEntry("hits", "1");
		assertThat(facts.get("store")).startsWith("in-process Caffeine cache (up to 256 MiB, not shared), since ")
			.contains("ConcurrentMapCacheManager) would make cache 'cachalot' just for cachalot");
	}

	@Test
	void withoutCaffeineSpringBootPicksTheSameCacheManagerWithoutCachalot() throws Exception {
		assertCoreCarriesCaffeine();
		assertThat(run(IsolatedClasspath.without(CAFFEINE), "BootCaching", "", DATA_SOURCE, CACHE))
			.containsEntry("started", "true")
			.containsEntry("cacheManager", "org.springframework.cache.concurrent.ConcurrentMapCacheManager");
	}

	/** An optional part of cachalot that the application lacks: cachalot starts without it. */
	enum Absent {

		REDIS("none", "redis", "^lettuce-"), ACTUATOR("cachalotEndpoint", "actuator"),
		MICROMETER("cachalotMeterBinder", "micrometer");

		private final String missingBean;

		private final String[] jars;

		Absent(String missingBean, String... jars) {
			this.missingBean = missingBean;
			this.jars = jars;
		}

	}

	@ParameterizedTest
	@EnumSource(Absent.class)
	void without(Absent absent) throws Exception {
		Map<String, String> facts = run(IsolatedClasspath.without(absent.jars), "NoCacheManager", "");
		assertThat(facts).containsEntry("started", "true").containsEntry("cached", "true").containsEntry("hits", "1");
		if (!absent.missingBean.equals("none")) {
			assertThat(facts).containsEntry(absent.missingBean, "false");
		}
	}

	@ParameterizedTest
	@EnumSource(Absent.class)
	void withoutAndCachalotOff(Absent absent) throws Exception {
		assertThat(run(IsolatedClasspath.without(absent.jars), "NoCacheManager", "cachalot.enabled=false"))
			.containsEntry("started", "true")
			.containsEntry("cached", "false");
	}

	@Test
	void withoutAnyOfThem() throws Exception {
		assertCoreCarriesCaffeine();
		assertThat(run(none(), "PlainConcurrentMapCacheManager", "")).containsEntry("started", "true")
			.containsEntry("cachalotEndpoint", "false")
			.containsEntry("cachalotMeterBinder", "false")
			.containsEntry("cached", "true")
			.containsEntry("hits", "1");
	}

	@Test
	void withoutAnyOfThemAndCachalotOff() throws Exception {
		assertCoreCarriesCaffeine();
		assertThat(run(none(), "PlainConcurrentMapCacheManager", "cachalot.enabled=false"))
			.containsEntry("started", "true")
			.containsEntry("cached", "false");
	}

	private static IsolatedClasspath none() {
		java.util.List<String> all = new java.util.ArrayList<>();
		all.addAll(java.util.List.of(SPRING_CONTEXT_SUPPORT));
		all.addAll(java.util.List.of(CAFFEINE));
		for (Absent absent : Absent.values()) {
			all.addAll(java.util.List.of(absent.jars));
		}
		return IsolatedClasspath.without(all.toArray(String[]::new));
	}

	/**
	 * Without Caffeine, cachalot-core runs only as its packaged jar, which carries Caffeine
	 * relocated ({@code ./mvnw verify}); a build that stops at {@code test} runs the core's classes,
	 * and these tests then fail rather than skip.
	 */
	private static void assertCoreCarriesCaffeine() {
		assertThat(IsolatedClasspath.coreCarriesCaffeine())
			.as("cachalot-core is on the classpath as classes, not as its packaged jar with Caffeine relocated:"
					+ " run ./mvnw -B verify (or ./test.sh)")
			.isTrue();
	}

	private static Map<String, String> run(IsolatedClasspath classpath, String userConfiguration, String properties)
			throws Exception {
		return run(classpath, userConfiguration, properties, DATA_SOURCE, CACHALOT, ENDPOINT, METRICS);
	}

	private static Map<String, String> run(IsolatedClasspath classpath, String userConfiguration, String properties,
			String... autoConfigurations) throws Exception {
		Map<String, String> arguments = new LinkedHashMap<>();
		arguments.put("auto-configurations", String.join(",", autoConfigurations));
		arguments.put("user-configuration", userConfiguration);
		arguments.put("properties", String.join("|", String.join("|", TestDatabases.POSTGRESQL.springProperties()),
				properties));
		arguments.put("read", READ);
		Map<String, String> facts = classpath.run(MinimalApplication.class.getName(), arguments);
		assertThat(facts.get("failure")).as("startup failure").isNull();
		return facts;
	}

}
