package io.github.cachalot.fault;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.store.RedisCacheStore;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

/**
 * One instance of an application, as a user running a small cluster would deploy it: its own
 * Spring application context with a Hikari pool on the shared PostgreSQL database, Spring Data
 * Redis (Lettuce, {@code spring.data.redis.timeout=200ms}) on the given port, Spring's
 * RedisCacheManager ({@code spring.cache.type=redis}) and cachalot's auto-configuration, with
 * nothing else. Two of them in one JVM share nothing but the database and Redis.
 */
final class Instance implements AutoCloseable {

	private final String name;

	private final ConfigurableApplicationContext context;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final CachalotStatistics statistics;

	private Instance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.jdbc = context.getBean(JdbcTemplate.class);
		this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		this.statistics = CachingDataSourceProxy.cachingOf(context.getBean(javax.sql.DataSource.class)).statistics();
	}

	/**
	 * Starts an instance with properties of its own: where its Redis is ({@code spring.data.redis.*})
	 * and the mode ({@code cachalot.shared.*}).
	 */
	static Instance start(String name, List<String> properties) {
		List<String> all = new ArrayList<>(List.of(TestDatabases.POSTGRESQL.springProperties()));
		all.addAll(List.of("spring.datasource.hikari.pool-name=fault-" + name,
				"spring.datasource.hikari.maximum-pool-size=8", "spring.data.redis.timeout=200ms", "spring.cache.type=redis",
				"spring.main.register-shutdown-hook=false", "spring.jmx.enabled=false"));
		all.addAll(properties);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InstanceConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.run();
		Instance instance = new Instance(name, context);
		CacheStore store = CachingDataSourceProxy.cachingOf(context.getBean(javax.sql.DataSource.class)).store();
		if (!describes(store)) {
			context.close();
			throw new IllegalStateException("instance " + name + " is not on Redis: " + store.description());
		}
		return instance;
	}

	private static boolean describes(CacheStore store) {
		CacheStore inner = store;
		while (inner instanceof io.github.cachalot.store.CircuitBreakingCacheStore breaker) {
			inner = breaker.delegate();
		}
		return inner instanceof RedisCacheStore;
	}

	String name() {
		return this.name;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	TransactionTemplate transactions() {
		return this.transactions;
	}

	/** Reads answered from cachalot's cache on this instance so far. */
	long hits() {
		return this.statistics.hits();
	}

	/** Cacheable reads that went to the database on this instance so far. */
	long misses() {
		return this.statistics.misses();
	}

	/** Failed calls to the cache store on this instance so far. */
	long storeFailures() {
		return this.statistics.storeFailures();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
			CachalotAutoConfiguration.class })
	static class InstanceConfiguration {

	}

}
