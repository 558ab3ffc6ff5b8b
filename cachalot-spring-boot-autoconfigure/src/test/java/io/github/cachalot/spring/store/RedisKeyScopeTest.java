package io.github.cachalot.spring.store;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.RedisServer;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications on one Redis, each with its {@code dataSource} on a database of its own (a
 * staging and a production database of the same schema): neither reads the other's rows nor
 * invalidates the other's entries, unless {@code cachalot.key-scope} makes them share.
 */
class RedisKeyScopeTest {

	private static final String READ = "SELECT email FROM rk_customer WHERE id = 1";

	private static RedisServer redis;

	private static String stagingUrl;

	private static String productionUrl;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
		stagingUrl = TestDatabases.POSTGRESQL.siblingUrl("a");
		productionUrl = TestDatabases.POSTGRESQL.siblingUrl("b");
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void resetTablesAndRedis() {
		redis.flushAll();
		createCustomer(stagingUrl, "staging@example.com");
		createCustomer(productionUrl, "production@example.com");
	}

	private static void createCustomer(String url, String email) {
		TestDatabases.POSTGRESQL.executeOn(url, "DROP TABLE IF EXISTS rk_customer",
				"CREATE TABLE rk_customer (id INT PRIMARY KEY, email VARCHAR(100))",
				"INSERT INTO rk_customer VALUES (1, '" + email + "')");
	}

	private ApplicationContextRunner application(String url, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
					CachalotAutoConfiguration.class))
			.withUserConfiguration(RedisCaching.class)
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.withPropertyValues("spring.datasource.url=" + url, "spring.cache.type=redis",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=2s")
			.withPropertyValues(properties);
	}

	@Test
	void applicationsOnDifferentDatabasesNeitherReadEachOthersRowsNorInvalidateEachOthersEntries() {
		application(stagingUrl).run((staging) -> application(productionUrl).run((production) -> {
			assertThat(read(production)).isEqualTo("production@example.com");
			assertThat(read(staging)).isEqualTo("staging@example.com");
			assertThat(read(staging)).isEqualTo("staging@example.com");
			assertThat(stats(staging).hits()).isEqualTo(1);

			jdbc(staging).update("UPDATE rk_customer SET email = 'changed@example.com' WHERE id = 1");
			long hits = stats(production).hits();
			assertThat(read(production)).isEqualTo("production@example.com");
			assertThat(stats(production).hits()).as("production's entry survives staging's write").isEqualTo(hits + 1);
			assertThat(read(staging)).isEqualTo("changed@example.com");

			String stagingScope = dataSource(staging).keyScope();
			String productionScope = dataSource(production).keyScope();
			assertThat(stagingScope).isNotEqualTo(productionScope).matches("[0-9a-f]{16}");
			// table tokens belong to the database, whatever the bean is called
			String stagingDatabase = dataSource(staging).database();
			String productionDatabase = dataSource(production).database();
			assertThat(stagingDatabase).isNotEqualTo(productionDatabase).matches("[0-9a-f]{16}");
			assertThat(redisKeys(staging, "*:t:*rk_customer")).containsExactlyInAnyOrder(
					"cachalot::cachalot:t:" + stagingDatabase + ":rk_customer",
					"cachalot::cachalot:t:" + productionDatabase + ":rk_customer");
		}));
	}

	/**
	 * Where nothing but the host tells two databases apart (same database name, schema and bean
	 * name): one database through two host names stands for them, and nothing is shared.
	 */
	@Test
	void onlyTheHostDiffersAndNothingIsSharedUnlessTheKeyScopeSaysSo() {
		String otherHost = stagingUrl.replace("//127.0.0.1:", "//localhost:");
		assertThat(otherHost).as("the test database on 127.0.0.1").isNotEqualTo(stagingUrl);
		application(stagingUrl).run((first) -> application(otherHost).run((second) -> {
			read(first);
			read(second);
			assertThat(stats(second).hits()).as("keys differ by the host").isZero();
		}));
		redis.flushAll();
		application(stagingUrl, "cachalot.key-scope=shop").run(
				(first) -> application(otherHost, "cachalot.key-scope=shop").run((second) -> {
					assertThat(dataSource(first).keyScope()).isEqualTo("shop");
					read(first);
					assertThat(read(second)).isEqualTo("staging@example.com");
					assertThat(stats(second).hits()).as("shared on purpose").isEqualTo(1);
					jdbc(second).update("UPDATE rk_customer SET email = 'new@example.com' WHERE id = 1");
					assertThat(read(first)).as("invalidated by the other's write").isEqualTo("new@example.com");
				}));
	}

	private static String read(AssertableApplicationContext context) {
		return jdbc(context).queryForObject(READ, String.class);
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(JdbcTemplate.class);
	}

	private static CachingDataSource dataSource(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
	}

	private static CachalotStatistics stats(AssertableApplicationContext context) {
		return dataSource(context).statistics();
	}

	private static Set<String> redisKeys(AssertableApplicationContext context, String pattern) {
		Set<String> keys = new TreeSet<>();
		try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
			connection.keyCommands().keys(pattern.getBytes(StandardCharsets.UTF_8))
				.forEach((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RedisCaching {

	}

}
