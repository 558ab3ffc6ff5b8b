package io.github.cachalot.spring.memcached;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * cachalot on a MemcachedCacheManager bean (through the generic Spring cache adapter, values in
 * cachalot's binary format), on PostgreSQL: fresh, shared across instances, and working on the
 * database while memcached is down or hung. Each test that stops memcached runs its own server.
 */
class MemcachedCachalotTest {

	private static final String READ = "SELECT name FROM mc_items WHERE id = 1";

	private static MemcachedServer memcached;

	@BeforeAll
	static void startMemcached() {
		memcached = MemcachedServer.start();
	}

	@AfterAll
	static void stopMemcached() {
		memcached.close();
	}

	@BeforeEach
	void resetTableAndMemcached() {
		memcached.flushAll();
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS mc_items",
				"CREATE TABLE mc_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO mc_items VALUES (1, 'one')");
	}

	private static ApplicationContextRunner runner(MemcachedServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class))
			.withUserConfiguration(MemcachedConfiguration.class)
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.withPropertyValues("test.memcached=" + server.address());
	}

	@Test
	void readsAreServedFromMemcached() {
		runner(memcached).run((context) -> {
			assertThat(context.getBean(CacheStore.class).description()).contains("MemcachedCacheManager");
			assertThat(read(context)).isEqualTo("one");
			assertThat(read(context)).isEqualTo("one");
			assertThat(stats(context).hits()).isEqualTo(1);
			assertThat(stats(context).storeFailures()).isZero();
			MemcachedCache cache = (MemcachedCache) context.getBean(MemcachedCacheManager.class).getCache("cachalot");
			String token = "cachalot:t:" + CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).database() + ":mc_items";
			assertThat(cache.get(token)).as("the table token, in memcached").isNotNull();
			assertThat(cache.get(token).get()).isInstanceOf(byte[].class);
		});
	}

	@Test
	void aRowChangedBehindCachalotsBackStaysCachedUntilAWriteThroughTheApplication() {
		runner(memcached).run((context) -> {
			assertThat(read(context)).isEqualTo("one");
			TestDatabases.POSTGRESQL.execute("UPDATE mc_items SET name = 'behind' WHERE id = 1");
			assertThat(read(context)).as("cached: cachalot did not see that write").isEqualTo("one");
			jdbc(context).update("UPDATE mc_items SET name = 'through' WHERE id = 1");
			assertThat(read(context)).isEqualTo("through");
			assertThat(read(context)).isEqualTo("through");
			assertThat(stats(context).hits()).isEqualTo(2);
		});
	}

	@Test
	void aWriteCommittedOnOneInstanceIsSeenByTheNextReadOnAnother() {
		runner(memcached).run((first) -> runner(memcached).run((second) -> {
			assertThat(read(first)).isEqualTo("one");
			assertThat(read(second)).as("cached by the first instance").isEqualTo("one");
			assertThat(stats(second).hits()).isEqualTo(1);
			for (int i = 0; i < 20; i++) {
				AssertableApplicationContext writer = (i % 2 == 0) ? second : first;
				AssertableApplicationContext reader = (i % 2 == 0) ? first : second;
				jdbc(writer).update("UPDATE mc_items SET name = ? WHERE id = 1", "v" + i);
				assertThat(read(reader)).isEqualTo("v" + i);
				assertThat(read(writer)).isEqualTo("v" + i);
			}
			assertThat(stats(first).hits() + stats(second).hits()).as("the writer's read hit what the reader stored")
				.isGreaterThanOrEqualTo(20);
		}));
	}

	@Test
	void whileMemcachedIsAwayTheStrictModeRefusesWritesBeforeAnythingIsWritten() {
		try (MemcachedServer own = MemcachedServer.start()) {
			runner(own).run((context) -> {
				assertThat(read(context)).isEqualTo("one");
				own.stop();
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> jdbc(context).update("UPDATE mc_items SET name = 'during' WHERE id = 1"))
					.havingRootCause()
					.withMessageContaining("MemcachedCacheManager");
				assertThat(read(context)).as("nothing was written").isEqualTo("one");
				own.startAgain();
				awaitHit(context, "one");
				jdbc(context).update("UPDATE mc_items SET name = 'after' WHERE id = 1");
				assertThat(read(context)).isEqualTo("after");
			});
		}
	}

	@Test
	void inTheAvailableModeMemcachedGoingAwayNeverFailsTheApplicationAndNothingStaleComesBack() {
		try (MemcachedServer own = MemcachedServer.start()) {
			runner(own).withPropertyValues("cachalot.shared.mode=available").run((context) -> {
				read(context);
				assertThat(read(context)).isEqualTo("one");
				assertThat(stats(context).hits()).isEqualTo(1);

				own.stop();
				long started = System.nanoTime();
				assertThat(read(context)).isEqualTo("one");
				jdbc(context).update("UPDATE mc_items SET name = 'during' WHERE id = 1");
				for (int i = 0; i < 20; i++) {
					assertThat(read(context)).isEqualTo("during");
				}
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no read waited for memcached")
					.isLessThan(Duration.ofSeconds(3));
				assertThat(stats(context).storeFailures()).isPositive();

				own.startAgain();
				awaitHit(context, "during");
				jdbc(context).update("UPDATE mc_items SET name = 'after' WHERE id = 1");
				assertThat(read(context)).isEqualTo("after");
				assertThat(read(context)).isEqualTo("after");
			});
		}
	}

	@Test
	void inTheAvailableModeAWriteMadeWhileMemcachedHungIsNotLostWhenItWakesUpWithItsOldEntries() {
		try (MemcachedServer own = MemcachedServer.start()) {
			ApplicationContextRunner available = runner(own).withPropertyValues("cachalot.shared.mode=available");
			available.run((context) -> available.run((other) -> {
				assertThat(read(context)).isEqualTo("one");
				assertThat(read(other)).isEqualTo("one");
				assertThat(stats(other).hits()).isEqualTo(1);

				signal("STOP", own.pid());
				try {
					jdbc(context).update("UPDATE mc_items SET name = 'hung' WHERE id = 1");
					assertThat(read(context)).isEqualTo("hung");
					assertThat(stats(context).storeFailures()).isPositive();
				}
				finally {
					signal("CONT", own.pid());
				}
				// memcached still holds 'one' and the old table token: the pending invalidation must win
				assertThat(read(context)).isEqualTo("hung");
				awaitHit(context, "hung");
				assertThat(read(other)).as("the other instance sees the replayed invalidation").isEqualTo("hung");
			}));
		}
	}

	@Test
	void aResultOverMemcachedsItemLimitIsReadFromTheDatabaseWithoutStoreFailures() {
		String bigRead = "SELECT name || repeat('x', 1500000) FROM mc_items WHERE id = 1";
		runner(memcached).run((context) -> {
			assertThat(jdbc(context).queryForObject(bigRead, String.class)).hasSize(1_500_003);
			assertThat(jdbc(context).queryForObject(bigRead, String.class)).hasSize(1_500_003);
			assertThat(stats(context).hits()).isZero();
			assertThat(stats(context).storeFailures()).isZero();
			MemcachedCache cache = (MemcachedCache) context.getBean(MemcachedCacheManager.class).getCache("cachalot");
			assertThat(cache.oversizedPuts()).isEqualTo(2);
			jdbc(context).update("UPDATE mc_items SET name = 'two' WHERE id = 1");
			assertThat(jdbc(context).queryForObject(bigRead, String.class)).startsWith("twox");
			assertThat(read(context)).isEqualTo("two");
			assertThat(read(context)).isEqualTo("two");
			assertThat(stats(context).hits()).isEqualTo(1);
		});
	}

	@Test
	void theBackendHelperGivesEachConfiguredRunnerItsOwnSharedCache() {
		ApplicationContextRunner base = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class))
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());
		ApplicationContextRunner runner = MemcachedBackend.configure(base);
		runner.run((first) -> runner.run((second) -> {
			assertThat(first.getBean(CacheStore.class).description()).contains("MemcachedCacheManager");
			assertThat(read(first)).isEqualTo("one");
			assertThat(read(second)).isEqualTo("one");
			assertThat(stats(second).hits()).as("instances of one runner share the cache").isEqualTo(1);
			jdbc(second).update("UPDATE mc_items SET name = 'two' WHERE id = 1");
			assertThat(read(first)).isEqualTo("two");
		}));
		MemcachedBackend.configure(base).run((unrelated) -> {
			assertThat(read(unrelated)).isEqualTo("two");
			assertThat(stats(unrelated).hits()).as("another runner starts empty").isZero();
		});
	}

	private static void awaitHit(AssertableApplicationContext context, String expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		long hits = stats(context).hits();
		while (stats(context).hits() == hits && System.nanoTime() < deadline) {
			assertThat(read(context)).isEqualTo(expected);
			Thread.sleep(50);
		}
		assertThat(stats(context).hits()).as("caching resumes once memcached is back").isGreaterThan(hits);
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	private static String read(AssertableApplicationContext context) {
		return jdbc(context).queryForObject(READ, String.class);
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		return context.getBean(JdbcTemplate.class);
	}

	private static CachalotStatistics stats(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

	@Configuration(proxyBeanMethods = false)
	static class MemcachedConfiguration {

		@Bean
		MemcachedCacheManager cacheManager(Environment environment) {
			return MemcachedCacheManager.builder(environment.getRequiredProperty("test.memcached"))
				.operationTimeout(Duration.ofMillis(200))
				.build();
		}

	}

}
