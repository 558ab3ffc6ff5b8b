package io.github.cachalot.spring.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.jdbc.SharedStoreUnavailableException;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotInvalidationEvent;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CircuitBreakingCacheStore;
import io.github.cachalot.testsupport.RedisServer;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * cachalot on a RedisCacheManager: it talks to Redis directly, one round trip per look-up, in its own
 * format, and stays fresh across instances and through an outage. Each test runs its own
 * redis-server on a free port, so that command counts are exact.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisCacheStoreTest {

	private static final String READ = "SELECT name FROM rd_items WHERE id = 1";

	private static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void resetTableAndRedis() {
		redis.flushAll();
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS rd_items",
				"CREATE TABLE rd_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO rd_items VALUES (1, 'one')");
	}

	private ApplicationContextRunner runner(int port) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
					CachalotAutoConfiguration.class))
			.withUserConfiguration(RedisCachingConfiguration.class)
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.withPropertyValues("spring.cache.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + port, "spring.data.redis.timeout=500ms");
	}

	@Test
	void usesTheConnectionsKeyPrefixAndTimeToLiveOfTheRedisCache() {
		runner(redis.port()).withPropertyValues("spring.cache.redis.time-to-live=10m").run((context) -> {
			CacheStore store = context.getBean(CacheStore.class);
			assertThat(store).isInstanceOf(CircuitBreakingCacheStore.class);
			assertThat(((CircuitBreakingCacheStore) store).delegate()).isInstanceOf(RedisCacheStore.class);
			assertThat(store.description()).contains("Redis cache 'cachalot'")
				.contains("key prefix 'cachalot::'")
				.contains("time to live PT10M");
			read(context);
			try (RedisConnection redisConnection = connection(context)) {
				byte[] token = tokenKey(context).getBytes();
				assertThat(redisConnection.keyCommands().exists(token)).isTrue();
				Set<byte[]> results = redisConnection.keyCommands().keys("cachalot::cachalot:q:*".getBytes());
				assertThat(results).hasSize(1);
				Long ttl = redisConnection.keyCommands().pTtl(results.iterator().next());
				assertThat(ttl).isBetween(1L, 600_000L);
			}
		});
	}

	@Test
	void cachalotsTimeoutBoundsEveryResultInRedis() {
		runner(redis.port()).withPropertyValues("spring.cache.redis.time-to-live=10m", "cachalot.timeout=2s")
			.run((context) -> {
				read(context);
				try (RedisConnection redisConnection = connection(context)) {
					Set<byte[]> results = redisConnection.keyCommands().keys("cachalot::cachalot:q:*".getBytes());
					assertThat(results).hasSize(1);
					assertThat(redisConnection.keyCommands().pTtl(results.iterator().next())).isBetween(1L, 2000L);
				}
			});
	}

	@Test
	void aRedisSlowerThanItsTimeoutSendsReadsToTheDatabase() {
		try (RedisServer own = RedisServer.start()) {
			runner(own.port()).withPropertyValues("spring.data.redis.timeout=200ms").run((context) -> {
				read(context);
				TestDatabases.POSTGRESQL.execute("UPDATE rd_items SET name = 'slow' WHERE id = 1");
				jdbc(context).update("UPDATE rd_items SET name = 'slow' WHERE id = 1");
				own.pause(java.time.Duration.ofSeconds(2));
				long started = System.nanoTime();
				assertThat(read(context)).isEqualTo("slow");
				assertThat(read(context)).isEqualTo("slow");
				assertThat(System.nanoTime() - started).as("the breaker spares the second read the timeout")
					.isLessThan(1_500_000_000L);
				assertThat(stats(context).storeFailures()).isPositive();
			});
		}
	}

	@Test
	void theFirstWritesAfterStartupDoNotFallIntoTheFirstConnectionsGap() {
		try (RedisServer own = RedisServer.start()) {
			// Redis answers nobody for 2 s, ten times the client's timeout, as a slow first handshake would
			own.pause(java.time.Duration.ofSeconds(2));
			runner(own.port()).withPropertyValues("spring.data.redis.timeout=200ms").run((context) -> {
				jdbc(context).update("UPDATE rd_items SET name = 'first' WHERE id = 1");
				assertThat(read(context)).isEqualTo("first");
				assertThat(read(context)).isEqualTo("first");
				assertThat(stats(context).hits()).as("cached from the start").isEqualTo(1);
			});
		}
	}

	@Test
	void aHitIsOneRoundTripAMissTwoAndAnAutocommitWriteTwo() {
		runner(redis.port()).run((context) -> {
			read(context);
			Map<String, Long> before = commandCalls(context);
			assertThat(read(context)).isEqualTo("one");
			assertThat(roundTrips(before, commandCalls(context))).as("a hit: one script, one MGET in it").isEqualTo(1);

			before = commandCalls(context);
			jdbc(context).update("UPDATE rd_items SET name = 'two' WHERE id = 1");
			assertThat(roundTrips(before, commandCalls(context)))
				.as("a write that commits as it runs: announced before, invalidated after")
				.isEqualTo(2);

			before = commandCalls(context);
			assertThat(read(context)).isEqualTo("two");
			assertThat(roundTrips(before, commandCalls(context))).as("a miss: the look-up, then the conditional store")
				.isEqualTo(2);
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().hits()).isEqualTo(1);
		});
	}

	/**
	 * The commands cachalot sent between two snapshots: each is one script ({@code EVALSHA}); the
	 * commands the scripts run inside Redis are not round trips.
	 */
	private static long roundTrips(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = delta(before, after);
		assertThat(delta.keySet()).as("only scripts, and what they run").isSubsetOf("evalsha", "mget", "get", "set",
				"time");
		return delta.getOrDefault("evalsha", 0L);
	}

	@Test
	void aCorruptOrForeignValueIsAMissNeverAnError() {
		runner(redis.port()).run((context) -> {
			read(context);
			try (RedisConnection redisConnection = connection(context)) {
				for (byte[] key : redisConnection.keyCommands().keys("cachalot::cachalot:q:*".getBytes())) {
					redisConnection.stringCommands().set(key, new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 1, 2 });
				}
			}
			long misses = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().misses();
			assertThat(read(context)).isEqualTo("one");
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().misses()).isEqualTo(misses + 1);
			assertThat(read(context)).as("stored again, readable").isEqualTo("one");
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().hits()).isEqualTo(1);
		});
	}

	/** The Redis key of rd_items' token: it belongs to the data source's database. */
	private static String tokenKey(AssertableApplicationContext context) {
		String database = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).database();
		assertThat(database).matches("[0-9a-f]{16}");
		return "cachalot::cachalot:t:" + database + ":rd_items";
	}

	@Test
	void aResultCopiedToAnotherKeyIsAMiss() {
		String other = "SELECT 'other ' || name FROM rd_items WHERE id = 1";
		runner(redis.port()).run((context) -> {
			read(context);
			assertThat(jdbc(context).queryForObject(other, String.class)).isEqualTo("other one");
			try (RedisConnection redisConnection = connection(context)) {
				Set<byte[]> keys = redisConnection.keyCommands().keys("cachalot::cachalot:q:*".getBytes());
				assertThat(keys).hasSize(2);
				byte[][] both = keys.toArray(byte[][]::new);
				byte[] first = redisConnection.stringCommands().get(both[0]);
				byte[] second = redisConnection.stringCommands().get(both[1]);
				redisConnection.stringCommands().set(both[0], second);
				redisConnection.stringCommands().set(both[1], first);
			}
			long hits = stats(context).hits();
			assertThat(read(context)).isEqualTo("one");
			assertThat(jdbc(context).queryForObject(other, String.class)).isEqualTo("other one");
			assertThat(stats(context).hits()).as("hits after the swap").isEqualTo(hits);
			assertThat(read(context)).as("stored again").isEqualTo("one");
			assertThat(stats(context).hits()).isEqualTo(hits + 1);
		});
	}

	@Test
	void withASigningKeyOnlySignedValuesAreRead() {
		runner(redis.port()).run((context) -> read(context));
		ApplicationContextRunner signed = runner(redis.port())
			.withPropertyValues("cachalot.signing-key=a secret of more than sixteen bytes");
		signed.run((context) -> {
			assertThat(context.getBean(CacheStore.class).description()).contains("signed values");
			long misses = stats(context).misses();
			assertThat(read(context)).isEqualTo("one");
			assertThat(stats(context).misses()).as("the unsigned entry is not read").isEqualTo(misses + 1);
			assertThat(read(context)).isEqualTo("one");
			assertThat(stats(context).hits()).as("the signed entry is").isEqualTo(1);
		});
		runner(redis.port()).withPropertyValues("cachalot.signing-key=another secret of sixteen bytes").run((context) -> {
			long misses = stats(context).misses();
			assertThat(read(context)).isEqualTo("one");
			assertThat(stats(context).misses()).as("signed with another secret").isEqualTo(misses + 1);
		});
		runner(redis.port()).withPropertyValues("cachalot.signing-key=short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseMessage(
					"A signing key must have at least 16 bytes (a long random secret)");
		});
	}

	@Test
	void anEvictedTableTokenCausesAMissNotAStaleHit() {
		runner(redis.port()).run((context) -> {
			read(context);
			TestDatabases.POSTGRESQL.execute("UPDATE rd_items SET name = 'behind' WHERE id = 1");
			try (RedisConnection redisConnection = connection(context)) {
				redisConnection.keyCommands().del(tokenKey(context).getBytes());
			}
			assertThat(read(context)).isEqualTo("behind");
		});
	}

	@Test
	void aWriteCommittedOnOneInstanceIsSeenByTheNextReadOnAnother() {
		runner(redis.port()).run((first) -> runner(redis.port()).run((second) -> {
			assertThat(read(first)).isEqualTo("one");
			assertThat(read(second)).isEqualTo("one");
			assertThat(read(first)).isEqualTo("one");
			assertThat(stats(first).hits()).isEqualTo(1);
			for (int i = 0; i < 20; i++) {
				AssertableApplicationContext writer = (i % 2 == 0) ? second : first;
				AssertableApplicationContext reader = (i % 2 == 0) ? first : second;
				jdbc(writer).update("UPDATE rd_items SET name = ? WHERE id = 1", "v" + i);
				assertThat(read(reader)).isEqualTo("v" + i);
				assertThat(read(reader)).isEqualTo("v" + i);
			}
			assertThat(stats(first).hits() + stats(second).hits()).as("the second read of each round hit")
				.isGreaterThanOrEqualTo(20);
			List<CachalotInvalidationEvent> firstEvents = first.getBean(RedisCachingConfiguration.class).events;
			List<CachalotInvalidationEvent> secondEvents = second.getBean(RedisCachingConfiguration.class).events;
			assertThat(firstEvents).as("events fire on the instance that wrote").hasSize(10);
			assertThat(secondEvents).hasSize(10);
		}));
	}

	@Test
	void whileRedisIsAwayReadsGoToTheDatabaseAndStrictModeRefusesWritesBeforeAnythingIsWritten(
			CapturedOutput output) {
		try (RedisServer own = RedisServer.start()) {
			runner(own.port()).withPropertyValues("cachalot.store-backoff=200ms").run((context) -> {
				read(context);
				assertThat(read(context)).isEqualTo("one");
				assertThat(stats(context).hits()).isEqualTo(1);

				own.stop();
				for (int i = 0; i < 20; i++) {
					assertThat(read(context)).isEqualTo("one");
				}
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> jdbc(context).update("UPDATE rd_items SET name = 'during' WHERE id = 1"))
					.havingRootCause()
					.withMessageContaining("Redis cache 'cachalot'");
				// Spring rolls the refused transaction back
				assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> inTransaction(context,
						"UPDATE rd_items SET name = 'during' WHERE id = 1"))
					.havingCause()
					.isInstanceOf(SharedStoreUnavailableException.class)
					.withMessageContaining("Nothing was committed");
				assertThat(read(context)).as("nothing was written").isEqualTo("one");
				assertThat(stats(context).storeFailures()).isPositive();
				assertThat(output.toString().lines().filter((line) -> line.contains("Cache store failed")).count())
					.as("failures are logged at a bounded rate").isBetween(1L, 2L);

				own.startAgain();
				awaitHit(context, "one");
				jdbc(context).update("UPDATE rd_items SET name = 'after' WHERE id = 1");
				assertThat(read(context)).isEqualTo("after");
			});
		}
	}

	@Test
	void inTheAvailableModeWritesGoOnWhileRedisIsAwayAndNothingStaleComesBack() {
		try (RedisServer own = RedisServer.start()) {
			runner(own.port()).withPropertyValues("cachalot.store-backoff=200ms", "cachalot.shared.mode=available")
				.run((context) -> {
					read(context);
					assertThat(read(context)).isEqualTo("one");
					own.stop();
					jdbc(context).update("UPDATE rd_items SET name = 'during' WHERE id = 1");
					for (int i = 0; i < 20; i++) {
						assertThat(read(context)).isEqualTo("during");
					}
					own.startAgain();
					awaitHit(context, "during");
					jdbc(context).update("UPDATE rd_items SET name = 'after' WHERE id = 1");
					assertThat(read(context)).isEqualTo("after");
				});
		}
	}

	/** Reads until one is a hit again, asserting every answer. */
	private static void awaitHit(AssertableApplicationContext context, String expected) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		long hits = stats(context).hits();
		while (stats(context).hits() == hits && System.nanoTime() < deadline) {
			assertThat(read(context)).isEqualTo(expected);
			Thread.sleep(50);
		}
		assertThat(stats(context).hits()).as("caching resumes once Redis is back").isGreaterThan(hits);
	}

	private static void inTransaction(AssertableApplicationContext context, String sql) {
		new TransactionTemplate(new DataSourceTransactionManager(context.getBean(DataSource.class)))
			.executeWithoutResult((status) -> jdbc(context).update(sql));
	}

	@Test
	void worksOnARedisCluster() {
		try (RedisServer.Cluster cluster = RedisServer.Cluster.start()) {
			runner(0).withPropertyValues("spring.data.redis.cluster.nodes=" + cluster.nodes()).run((context) -> {
				assertThat(context.getBean(CacheStore.class).description()).contains("Redis cache");
				assertThat(read(context)).isEqualTo("one");
				assertThat(read(context)).isEqualTo("one");
				assertThat(stats(context).hits()).as("the result and its token live on different slots").isEqualTo(1);
				jdbc(context).update("UPDATE rd_items SET name = 'two' WHERE id = 1");
				assertThat(read(context)).isEqualTo("two");
				assertThat(read(context)).isEqualTo("two");
				assertThat(stats(context).hits()).isEqualTo(2);
				context.getBean(io.github.cachalot.spring.CachalotManager.class).invalidateAll();
				context.getBean(CacheStore.class).clear();
				assertThat(read(context)).isEqualTo("two");
			});
		}
	}

	private static String read(AssertableApplicationContext context) {
		return jdbc(context).queryForObject(READ, String.class);
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		return context.getBean(JdbcTemplate.class);
	}

	private static io.github.cachalot.CachalotStatistics stats(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

	private static RedisConnection connection(AssertableApplicationContext context) {
		return context.getBean(RedisConnectionFactory.class).getConnection();
	}

	/** Calls per command since the server started, from {@code INFO commandstats}. */
	private static Map<String, Long> commandCalls(AssertableApplicationContext context) {
		try (RedisConnection redisConnection = connection(context)) {
			Properties stats = redisConnection.serverCommands().info("commandstats");
			Map<String, Long> calls = new HashMap<>();
			stats.forEach((name, value) -> {
				String command = name.toString().replace("cmdstat_", "");
				String text = value.toString();
				int start = text.indexOf("calls=") + 6;
				calls.put(command, Long.parseLong(text.substring(start, text.indexOf(',', start))));
			});
			return calls;
		}
	}

	private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new HashMap<>();
		after.forEach((command, calls) -> {
			long difference = calls - before.getOrDefault(command, 0L);
			if (difference != 0 && !command.equals("info")) {
				delta.put(command, difference);
			}
		});
		return delta;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RedisCachingConfiguration {

		final List<CachalotInvalidationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(CachalotInvalidationEvent event) {
			this.events.add(event);
		}

	}

}
