package io.github.cachalot.backends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The freshness guarantees, the same for every backend: a repeated read is a hit, every write
 * through the application (statement, transaction, join, concurrent commits) is seen by every read
 * that starts after it returned, a rollback costs nothing, entries expire with cachalot's timeout.
 * One application context per backend on PostgreSQL, shared by its tests; each test has tables of
 * its own ({@code bk_*}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BackendFreshnessTest {

	private static OpenContext open;

	@Parameter
	Backend backend;

	@BeforeParameterizedClassInvocation
	static void startApplication(Backend backend) {
		open = OpenContext.start(backend.runner(), backend.name());
	}

	@AfterParameterizedClassInvocation
	static void stopApplication() {
		open.close();
	}

	@Test
	void theBackendUnderTestBacksCachalot() {
		assertThat(bean(CacheStore.class).description()).contains(this.backend.description());
	}

	@Test
	void aSecondReadIsAHitAndEqualsTheFirst() {
		table("bk_hit", "(1, 'one'), (2, 'two'), (3, 'three')");
		List<Map<String, Object>> first = jdbc().queryForList("SELECT id, name FROM bk_hit ORDER BY id");
		long hits = stats().hits();
		List<Map<String, Object>> second = jdbc().queryForList("SELECT id, name FROM bk_hit ORDER BY id");
		assertThat(stats().hits()).isEqualTo(hits + 1);
		assertThat(second).isEqualTo(first).hasSize(3);
	}

	@Test
	void aChangeBehindCachalotsBackStaysCachedUntilTheApplicationWrites() {
		table("bk_behind", "(1, 'one'), (2, 'two')");
		assertThat(name("bk_behind", 1)).isEqualTo("one");
		TestDatabases.POSTGRESQL.execute("UPDATE bk_behind SET name = 'behind' WHERE id = 1");
		assertThat(name("bk_behind", 1)).as("served from the cache").isEqualTo("one");
		jdbc().update("UPDATE bk_behind SET name = 'app' WHERE id = 2");
		assertThat(name("bk_behind", 1)).as("the table was invalidated, not just the row").isEqualTo("behind");
	}

	@Test
	void anUpdateAnInsertAndADeleteEachInvalidate() {
		table("bk_dml", "(1, 'one')");
		assertThat(names("bk_dml")).containsExactly("one");
		jdbc().update("UPDATE bk_dml SET name = 'uno' WHERE id = 1");
		assertThat(readTwice(() -> names("bk_dml"))).containsExactly("uno");
		jdbc().update("INSERT INTO bk_dml VALUES (2, 'two')");
		assertThat(readTwice(() -> names("bk_dml"))).containsExactly("uno", "two");
		jdbc().update("DELETE FROM bk_dml WHERE id = 1");
		assertThat(readTwice(() -> names("bk_dml"))).containsExactly("two");
	}

	@Test
	void aTransactionInvalidatesOnlyOnceItCommits() throws Exception {
		table("bk_tx", "(1, 'one')");
		assertThat(name("bk_tx", 1)).isEqualTo("one");
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			transactions().executeWithoutResult((status) -> {
				jdbc().update("UPDATE bk_tx SET name = 'two' WHERE id = 1");
				assertThat(name("bk_tx", 1)).as("the transaction reads its own write").isEqualTo("two");
				for (int i = 0; i < 2; i++) {
					assertThat(other.submit(() -> name("bk_tx", 1))).as("another thread, before the commit")
						.succeedsWithin(Duration.ofSeconds(10))
						.isEqualTo("one");
				}
			});
			assertThat(other.submit(() -> name("bk_tx", 1))).as("another thread, after the commit")
				.succeedsWithin(Duration.ofSeconds(10))
				.isEqualTo("two");
			assertThat(readTwice(() -> name("bk_tx", 1))).isEqualTo("two");
		}
		finally {
			other.shutdownNow();
		}
	}

	@Test
	void aRollbackLeavesCachedReadsValidInProcessAndShowsNothingItWroteAnywhere() {
		table("bk_rollback", "(1, 'one')");
		assertThat(name("bk_rollback", 1)).isEqualTo("one");
		transactions().executeWithoutResult((status) -> {
			jdbc().update("UPDATE bk_rollback SET name = 'two' WHERE id = 1");
			status.setRollbackOnly();
		});
		long hits = stats().hits();
		assertThat(name("bk_rollback", 1)).isEqualTo("one");
		// a shared store took the write's announcement before the rollback: its tables were invalidated
		boolean shared = bean(CacheStore.class).isShared();
		assertThat(stats().hits()).as(shared ? "a miss after the announcement" : "still a hit")
			.isEqualTo(shared ? hits : hits + 1);
		assertThat(readTwice(() -> name("bk_rollback", 1))).isEqualTo("one");
	}

	@Test
	void aJoinIsInvalidatedByAWriteToEitherTable() {
		table("bk_authors", "(1, 'Austen')");
		table("bk_books", "(1, 'Emma')");
		String join = "SELECT a.name || ': ' || b.name FROM bk_authors a JOIN bk_books b ON a.id = b.id";
		assertThat(jdbc().queryForObject(join, String.class)).isEqualTo("Austen: Emma");
		jdbc().update("UPDATE bk_authors SET name = 'Jane Austen' WHERE id = 1");
		assertThat(readTwice(() -> jdbc().queryForObject(join, String.class))).isEqualTo("Jane Austen: Emma");
		jdbc().update("UPDATE bk_books SET name = 'Persuasion' WHERE id = 1");
		assertThat(readTwice(() -> jdbc().queryForObject(join, String.class))).isEqualTo("Jane Austen: Persuasion");
	}

	@Test
	void cachalotsTimeoutExpiresEntries() throws InterruptedException {
		table("bk_timeout", "(1, 'one')");
		try (OverridableSettings.Scope scope = bean(CachalotManager.class).override("timeout=400ms")) {
			assertThat(name("bk_timeout", 1)).isEqualTo("one");
			TestDatabases.POSTGRESQL.execute("UPDATE bk_timeout SET name = 'behind' WHERE id = 1");
			assertThat(name("bk_timeout", 1)).as("cached").isEqualTo("one");
			Thread.sleep(600);
			assertThat(name("bk_timeout", 1)).as("expired").isEqualTo("behind");
		}
	}

	@Test
	void invalidateAllMakesEveryReadFresh() {
		table("bk_all", "(1, 'one')");
		assertThat(name("bk_all", 1)).isEqualTo("one");
		TestDatabases.POSTGRESQL.execute("UPDATE bk_all SET name = 'restored' WHERE id = 1");
		assertThat(name("bk_all", 1)).isEqualTo("one");
		bean(CachalotManager.class).invalidateAll();
		assertThat(name("bk_all", 1)).isEqualTo("restored");
	}

	/**
	 * Two writers commit increments of a counter while three readers read it, for two seconds:
	 * every read that starts after a commit returned sees at least the value committed, reads between
	 * writes are hits, and the store never fails.
	 */
	@Test
	void concurrentReadersNeverSeeAValueOlderThanTheLastCommitThatReturned() throws Exception {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS bk_counter",
				"CREATE TABLE bk_counter (id INT PRIMARY KEY, n BIGINT)", "INSERT INTO bk_counter VALUES (1, 0)");
		String read = "SELECT n FROM bk_counter WHERE id = 1";
		AtomicLong committed = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		ConcurrentLinkedQueue<String> staleReads = new ConcurrentLinkedQueue<>();
		long hits = stats().hits();
		long failures = stats().storeFailures();
		long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		ExecutorService threads = Executors.newFixedThreadPool(5);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < 2; w++) {
				futures.add(threads.submit(() -> {
					while (System.nanoTime() < end) {
						Long value = transactions().execute((status) -> {
							jdbc().update("UPDATE bk_counter SET n = n + 1 WHERE id = 1");
							return jdbc().queryForObject(read, Long.class);
						});
						committed.accumulateAndGet(value, Math::max);
						Thread.sleep(20);
					}
					return null;
				}));
			}
			for (int r = 0; r < 3; r++) {
				futures.add(threads.submit(() -> {
					while (System.nanoTime() < end) {
						long floor = committed.get();
						long value = jdbc().queryForObject(read, Long.class);
						reads.incrementAndGet();
						if (value < floor) {
							staleReads.add("read " + value + " after " + floor + " was committed");
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(staleReads).as("stale reads out of " + reads.get()).isEmpty();
		assertThat(committed.get()).as("commits").isGreaterThan(10);
		assertThat(stats().hits() - hits).as("hits out of " + reads.get() + " reads").isPositive();
		assertThat(stats().storeFailures()).as("store failures").isEqualTo(failures);
	}

	// ---- helpers

	private static void table(String name, String rows) {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS " + name,
				"CREATE TABLE " + name + " (id INT PRIMARY KEY, name VARCHAR(40))",
				"INSERT INTO " + name + " VALUES " + rows);
	}

	private static String name(String table, long id) {
		return jdbc().queryForObject("SELECT name FROM " + table + " WHERE id = ?", String.class, id);
	}

	private static List<String> names(String table) {
		return jdbc().queryForList("SELECT name FROM " + table + " ORDER BY id", String.class);
	}

	/** Reads twice, checks that the second read is a hit equal to the first, and returns it. */
	private static <T> T readTwice(Supplier<T> read) {
		T first = read.get();
		long hits = stats().hits();
		T second = read.get();
		assertThat(stats().hits()).as("the second read is a hit").isEqualTo(hits + 1);
		assertThat(second).isEqualTo(first);
		return second;
	}

	private static JdbcTemplate jdbc() {
		return bean(JdbcTemplate.class);
	}

	private static TransactionTemplate transactions() {
		return new TransactionTemplate(bean(PlatformTransactionManager.class));
	}

	private static CachalotStatistics stats() {
		return CachingDataSourceProxy.cachingOf(bean(DataSource.class)).statistics();
	}

	private static <T> T bean(Class<T> type) {
		return open.context().getBean(type);
	}

}
