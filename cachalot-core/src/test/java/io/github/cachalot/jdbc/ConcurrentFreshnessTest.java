package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several threads read and write the same rows, with and without transactions and rollbacks. No
 * read that starts after a commit returned may miss that commit's write.
 */
class ConcurrentFreshnessTest {

	private static final long RUN_MILLIS = 4_000;

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void noReadStartedAfterACommitReturnedMissesIt(TestDatabase database) throws Exception {
		database.dropTables("cf_counter", "cf_other");
		database.execute("CREATE TABLE cf_counter (id INT PRIMARY KEY, v BIGINT NOT NULL)",
				"INSERT INTO cf_counter VALUES (1, 0)", "CREATE TABLE cf_other (id INT PRIMARY KEY, v BIGINT)",
				"INSERT INTO cf_other VALUES (1, 0)");
		try (HikariDataSource pool = database.newPool(12)) {
			CachalotFixture cachalot = new CachalotFixture(database, new CaffeineCacheStore(), pool);
			AtomicLong committed = new AtomicLong();
			ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
			ExecutorService threads = Executors.newFixedThreadPool(8);
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				futures.add(threads.submit(() -> write(cachalot, committed, violations, deadline)));
			}
			for (int i = 0; i < 5; i++) {
				int reader = i;
				futures.add(threads.submit(() -> read(cachalot, committed, violations, deadline, reader)));
			}
			for (Future<?> future : futures) {
				future.get(RUN_MILLIS + 60_000, TimeUnit.MILLISECONDS);
			}
			threads.shutdown();
			assertThat(violations).as("stale reads").isEmpty();
			assertThat(committed.get()).as("writes committed").isGreaterThan(10);
			assertThat(cachalot.dataSource().statistics().hits()).as("reads answered from the cache").isGreaterThan(10);
		}
	}

	private static Void write(CachalotFixture cachalot, AtomicLong committed, ConcurrentLinkedQueue<String> violations,
			long deadline) throws Exception {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (System.nanoTime() < deadline) {
			try (Connection connection = cachalot.dataSource().getConnection()) {
				int mode = random.nextInt(4);
				if (mode == 0) {
					// autocommit: once the update returns, a read must see at least one more than before
					long floor = committed.get();
					CachalotFixture.update(connection, "UPDATE cf_counter SET v = v + 1 WHERE id = 1");
					long value = (Long) CachalotFixture.query(connection, "SELECT v FROM cf_counter WHERE id = 1")
						.get(0).get(0);
					if (value < floor + 1) {
						violations.add("autocommit writer read " + value + " after its own write over " + floor);
					}
					// not a floor for others: the value may include a commit whose commit() has not returned
					continue;
				}
				connection.setAutoCommit(false);
				try {
					CachalotFixture.update(connection, "UPDATE cf_counter SET v = v + 1 WHERE id = 1");
					long value = (Long) CachalotFixture.query(connection, "SELECT v FROM cf_counter WHERE id = 1")
						.get(0).get(0);
					CachalotFixture.update(connection, "UPDATE cf_other SET v = ? WHERE id = 1", value);
					if (mode == 1) {
						connection.rollback();
					}
					else {
						connection.commit();
						committed.accumulateAndGet(value, Math::max);
					}
				}
				finally {
					connection.setAutoCommit(true);
				}
			}
			Thread.sleep(random.nextInt(3));
		}
		return null;
	}

	private static Void read(CachalotFixture cachalot, AtomicLong committed, ConcurrentLinkedQueue<String> violations,
			long deadline, int reader) throws Exception {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (System.nanoTime() < deadline) {
			long floor = committed.get();
			long value;
			try (Connection connection = cachalot.dataSource().getConnection()) {
				if (reader % 2 == 1) {
					connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
					connection.setAutoCommit(false);
					value = (Long) CachalotFixture.query(connection, "SELECT v FROM cf_counter WHERE id = 1").get(0).get(0);
					CachalotFixture.query(connection, "SELECT c.v, o.v FROM cf_counter c JOIN cf_other o ON o.id = c.id");
					connection.commit();
					connection.setAutoCommit(true);
				}
				else {
					value = (Long) CachalotFixture.query(connection, "SELECT v FROM cf_counter WHERE id = 1").get(0).get(0);
				}
			}
			if (value < floor) {
				violations.add("reader " + reader + " saw " + value + " after " + floor + " was committed");
			}
			if (random.nextInt(10) == 0) {
				Thread.sleep(1);
			}
		}
		return null;
	}

}
