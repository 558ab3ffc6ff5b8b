package io.github.cachalot.backends;

import java.util.function.UnaryOperator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.testsupport.TestDatabases;

/**
 * The caches cachalot can stand on, each as the configuration of an application that uses it. A
 * backend that needs a server starts it with each context and stops it when the context closes.
 * Adding one is one constant: its configurer (usually the static {@code configure} of a class of
 * its own) and what the store's description says about it.
 */
public enum Backend {

	/** No CacheManager: cachalot's own in-process Caffeine store. */
	IN_PROCESS_CAFFEINE((runner) -> runner, "in-process Caffeine cache"),

	/** A ConcurrentMapCacheManager bean of the application's with a cache for cachalot (by reference). */
	CONCURRENT_MAP((runner) -> runner.withUserConfiguration(ConcurrentMapConfiguration.class),
			"ConcurrentMapCacheManager"),

	/**
	 * Spring Boot's CaffeineCacheManager ({@code spring.cache.type=caffeine}, by reference), with a
	 * cache declared for cachalot.
	 */
	SPRING_CAFFEINE((runner) -> runner.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.cache.type=caffeine", "spring.cache.cache-names=cachalot"),
			"CaffeineCacheManager"),

	/** Spring Boot's RedisCacheManager, which cachalot talks to directly. */
	REDIS(RedisBackend::configure, "Redis cache 'cachalot'"),

	/** Ehcache 3 with a persistent disk tier through JCache, by the generic adapter, as byte[]. */
	JCACHE_EHCACHE(EhcacheBackend::configure, "JCacheCacheManager"),

	/** cachalot's MemcachedCacheManager over xmemcached, by the generic adapter, as byte[]. */
	MEMCACHED(io.github.cachalot.spring.memcached.MemcachedBackend::configure, "MemcachedCacheManager");

	private final UnaryOperator<ApplicationContextRunner> configurer;

	private final String description;

	Backend(UnaryOperator<ApplicationContextRunner> configurer, String description) {
		this.configurer = configurer;
		this.description = description;
	}

	/**
	 * A runner for an application on PostgreSQL with JdbcTemplate, a transaction manager, Spring's
	 * cache auto-configuration and cachalot, backed by this backend.
	 */
	public ApplicationContextRunner runner() {
		return configure(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					CacheAutoConfiguration.class, CachalotAutoConfiguration.class))
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties()));
	}

	/** Adds this backend to the runner. */
	public ApplicationContextRunner configure(ApplicationContextRunner runner) {
		return this.configurer.apply(runner);
	}

	/** What the description of cachalot's store contains when this backend backs it. */
	public String description() {
		return this.description;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentMapConfiguration {

		@Bean
		ConcurrentMapCacheManager cacheManager() {
			return new ConcurrentMapCacheManager("cachalot");
		}

	}

}
