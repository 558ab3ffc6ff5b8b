package io.github.cachalot.spring.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.cachalot.result.CachedResult;
import io.github.cachalot.result.RecordingResultSet;
import io.github.cachalot.result.ResultLimits;
import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.Lease;
import io.github.cachalot.testsupport.RedisServer;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Redis side of the shared-store protocol, on a redis-server of the test's own: leases held in
 * the token until every writer's invalidation or their deadline, tokens created only where none
 * is, results stored only under unchanged tokens, and a Redis that lost cachalot's scripts (a
 * restart, a flush) counted as a loss.
 */
class RedisLeaseProtocolTest {

	private static RedisServer redis;

	private LettuceConnectionFactory factory;

	private RedisCacheStore store;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void connect() {
		redis.flushAll();
		this.factory = factory();
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.scriptingCommands().scriptFlush(); // a new Redis, as far as cachalot can tell
		}
		this.store = new RedisCacheStore(this.factory, "t::", null, "Redis of the test");
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	private static LettuceConnectionFactory factory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@Test
	void anAnnouncedTokenIsLeasedUntilItsWritersInvalidationReplacesIt() {
		this.store.announce(new String[] { "a", "b" }, 7, Duration.ofSeconds(30));
		assertThat(this.store.getAll(new String[] { "q", "a", "b" })).containsExactly(null, Lease.HELD, Lease.HELD);
		this.store.invalidate(new String[] { "a", "b" }, 7);
		Object[] values = this.store.getAll(new String[] { "q", "a", "b" });
		assertThat(values[1]).isInstanceOf(Long.class);
		assertThat(values[2]).isInstanceOf(Long.class);
	}

	@Test
	void aTokenStaysLeasedWhileAnyWriterHoldsALease() {
		this.store.announce(new String[] { "a" }, 1, Duration.ofSeconds(30));
		this.store.announce(new String[] { "a" }, 2, Duration.ofSeconds(30));
		this.store.invalidate(new String[] { "a" }, 1);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).as("writer 2 still writes").isEqualTo(Lease.HELD);
		this.store.invalidate(new String[] { "a" }, 2);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isInstanceOf(Long.class);
	}

	@Test
	void anInvalidationWithoutLeaseLeavesOtherWritersLeases() {
		this.store.announce(new String[] { "a" }, 1, Duration.ofSeconds(30));
		this.store.invalidate(new String[] { "a" }, 0);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isEqualTo(Lease.HELD);
	}

	@Test
	void aLeaseWhoseInvalidationIsLostRunsOutOnRedissClock() throws Exception {
		this.store.announce(new String[] { "a" }, 1, Duration.ofMillis(300));
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isEqualTo(Lease.HELD);
		Thread.sleep(500);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).as("expired with the key").isNull();
	}

	@Test
	void renewingALeaseMovesItsDeadline() throws Exception {
		this.store.announce(new String[] { "a" }, 1, Duration.ofMillis(1000));
		Thread.sleep(600);
		this.store.announce(new String[] { "a" }, 1, Duration.ofMillis(1000));
		Thread.sleep(600);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isEqualTo(Lease.HELD);
	}

	@Test
	void tokensAreCreatedOnlyWhereNoLeaseIs() {
		assertThat(this.store.createTokens(Map.of("a", 1L))).isTrue();
		assertThat(this.store.createTokens(Map.of("a", 2L))).as("replacing a token only invalidates").isTrue();
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isEqualTo(2L);
		this.store.announce(new String[] { "b" }, 9, Duration.ofSeconds(30));
		assertThat(this.store.createTokens(Map.of("b", 3L))).as("a lease is not replaced").isFalse();
		assertThat(this.store.getAll(new String[] { "q", "b" })[1]).isEqualTo(Lease.HELD);
	}

	@Test
	void aResultIsStoredOnlyUnderTheTokensItWasReadUnder() {
		this.store.createTokens(Map.of("a", 1L));
		CachedEntry entry = new CachedEntry(new long[] { 1L }, result());
		this.store.invalidate(new String[] { "a" }, 0); // a write came between the read and its storing
		this.store.putEntry("q", entry, new String[] { "a" }, null);
		assertThat(this.store.getAll(new String[] { "q", "a" })[0]).isNull();
		long current = (Long) this.store.getAll(new String[] { "q", "a" })[1];
		this.store.putEntry("q", new CachedEntry(new long[] { current }, result()), new String[] { "a" },
				Duration.ofMinutes(1));
		assertThat(this.store.getAll(new String[] { "q", "a" })[0]).isInstanceOf(CachedEntry.class);
	}

	@Test
	void aRedisThatAlreadyKnowsTheScriptsIsNoLossAndAFreshOneIs() {
		this.store.getAll(new String[] { "q" });
		assertThat(this.store.losses()).as("a Redis without the scripts may have lost what it held").isEqualTo(1);
		RedisCacheStore second = new RedisCacheStore(this.factory, "t::", null, "Redis of the test");
		second.getAll(new String[] { "q" });
		assertThat(second.losses()).as("another instance loaded them since it started").isZero();
	}

	@Test
	void aFlushedOrRestartedRedisIsALossNoticedByTheNextCommand() {
		this.store.getAll(new String[] { "q" });
		long before = this.store.losses();
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		assertThatIllegalStateException().isThrownBy(() -> this.store.getAll(new String[] { "q" }))
			.withMessageContaining("no longer knows cachalot's scripts");
		assertThat(this.store.losses()).isEqualTo(before + 1);
		assertThat(this.store.getAll(new String[] { "q" })).containsExactly((Object) null);
		redis.stop();
		redis.startAgain();
		awaitAnswer();
		assertThat(this.store.losses()).isEqualTo(before + 2);
	}

	@Test
	void anInvalidationThatFindsRedisWithoutTheScriptsIsCountedAndTakesEffectAtOnce() {
		this.store.announce(new String[] { "a" }, 1, Duration.ofSeconds(30));
		long before = this.store.losses();
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		this.store.invalidate(new String[] { "a" }, 1);
		assertThat(this.store.losses()).isEqualTo(before + 1);
		assertThat(this.store.getAll(new String[] { "q", "a" })[1]).isInstanceOf(Long.class);
	}

	@Test
	void warmingUpWaitsForRedissFirstAnswerBeyondTheCommandTimeout() {
		LettuceConnectionFactory impatient = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(200)).build());
		impatient.afterPropertiesSet();
		impatient.start();
		try {
			RedisCacheStore cold = new RedisCacheStore(impatient, "t::", null, "Redis of the test");
			redis.pause(Duration.ofMillis(800));
			assertThat(cold.warmUp(Duration.ZERO)).as("one try, within the pause").isFalse();
			assertThat(cold.warmUp(Duration.ofSeconds(3))).isTrue();
			cold.announce(new String[] { "a" }, 1, Duration.ofSeconds(30));
		}
		finally {
			impatient.destroy();
		}
	}

	/** Calls until Redis answers again after its restart (the first calls may fail on the old connection). */
	private void awaitAnswer() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				this.store.getAll(new String[] { "q" });
				return;
			}
			catch (RuntimeException ex) {
				assertThat(System.nanoTime()).as("Redis answers again within 10 s").isLessThan(deadline);
			}
		}
	}

	/** A one-row result, recorded from PostgreSQL. */
	private static CachedResult result() {
		AtomicReference<CachedResult> captured = new AtomicReference<>();
		TestDatabases database = TestDatabases.POSTGRESQL;
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery("SELECT 1 AS v")) {
			RecordingResultSet recording = new RecordingResultSet(driver, statement, ResultLimits.NONE, captured::set);
			while (recording.next()) {
				// record every row
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return captured.get();
	}

}
