package io.github.cachalot.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.store.CircuitBreakingCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that throws, times out or returns garbage never fails a query and never makes a stale
 * result visible: failed invalidations are kept and replayed first.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
class StoreFailureTest {

	private static final String READ = "SELECT name FROM sf_items WHERE id = 1";

	@Parameter
	TestDatabase database;

	FaultyStore store;

	CachalotFixture cachalot;

	@BeforeEach
	void createTable() {
		this.database.dropTables("sf_items");
		this.database.execute("CREATE TABLE sf_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO sf_items VALUES (1, 'before')");
		this.store = new FaultyStore(new CaffeineCacheStore());
		this.cachalot = new CachalotFixture(this.database, this.store);
	}

	@Test
	void readsFallBackToTheDatabaseWhenTheStoreThrows() {
		this.store.failing = true;
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.executionsOfRepeatedRead(READ)).isEqualTo(1);
		assertThat(this.cachalot.dataSource().statistics().storeFailures()).isPositive();
	}

	@Test
	void readsTheBreakerKeepsFromAFailedStoreAreNotCountedAsFailures() {
		CachalotFixture guarded = new CachalotFixture(this.database,
				new CircuitBreakingCacheStore(this.store, Duration.ofMinutes(1)));
		this.store.failing = true;
		for (int i = 0; i < 5; i++) {
			assertThat(guarded.query(READ)).containsExactly(List.of("before"));
		}
		assertThat(guarded.dataSource().statistics().storeFailures()).as("one call failed").isEqualTo(1);
		assertThat(guarded.dataSource().statistics().uncacheable()).containsEntry("store failure", 1L)
			.containsEntry("store backoff", 4L);
	}

	@Test
	void readsFallBackToTheDatabaseWhenTheStoreTimesOut() {
		this.store.delay = Duration.ofMillis(50);
		this.store.failing = true;
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
	}

	@Test
	void aWriteSucceedsWhenTheStoreThrowsAndNoStaleResultIsServedWhenItAnswersAgain() {
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		this.store.failing = true;
		assertThat(this.cachalot.update("UPDATE sf_items SET name = 'after' WHERE id = 1")).isEqualTo(1);
		assertThat(this.cachalot.dataSource().invalidator().hasPending()).isTrue();
		this.store.failing = false;
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("after"));
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("after"));
	}

	@Test
	void pendingInvalidationsAreReplayedOnceTheStoreAnswers() throws Exception {
		this.cachalot.query(READ);
		this.store.failing = true;
		this.cachalot.update("UPDATE sf_items SET name = 'after' WHERE id = 1");
		this.store.failing = false;
		Thread.sleep(250);
		this.cachalot.query(READ);
		assertThat(this.cachalot.dataSource().invalidator().hasPending()).isFalse();
		assertThat(this.cachalot.executionsOfRepeatedRead(READ)).as("cached again").isZero();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("after"));
	}

	@Test
	void aCommitSucceedsWhenTheStoreThrows() throws Exception {
		this.cachalot.query(READ);
		try (var connection = this.cachalot.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, "UPDATE sf_items SET name = 'tx' WHERE id = 1");
			this.store.failing = true;
			connection.commit();
			connection.setAutoCommit(true);
		}
		this.store.failing = false;
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("tx"));
	}

	@Test
	void aCorruptStoredValueIsAMiss() {
		this.cachalot.query(READ);
		this.store.corrupt = true;
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		this.store.corrupt = false;
		assertThat(this.cachalot.executionsOfRepeatedRead(READ)).isZero();
	}

	@Test
	void aMissingTableTokenIsAMiss() {
		this.cachalot.query(READ);
		this.store.dropTokens = true;
		int before = this.cachalot.databaseExecutions();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + 1);
	}

	/** A store that can be told to throw, to be slow, to return garbage or to lose tokens. */
	static final class FaultyStore implements CacheStore {

		private final CacheStore delegate;

		volatile boolean failing;

		volatile boolean corrupt;

		volatile boolean dropTokens;

		volatile Duration delay = Duration.ZERO;

		FaultyStore(CacheStore delegate) {
			this.delegate = delegate;
		}

		private void maybeFail() {
			if (!this.delay.isZero()) {
				try {
					Thread.sleep(this.delay.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (this.failing) {
				throw new IllegalStateException("store unavailable");
			}
		}

		@Override
		public Object[] getAll(String[] keys) {
			maybeFail();
			Object[] values = this.delegate.getAll(keys);
			for (int i = 0; i < values.length; i++) {
				if (this.corrupt && values[i] != null) {
					values[i] = "garbage".getBytes();
				}
				if (this.dropTokens && i > 0) {
					values[i] = null;
				}
			}
			return values;
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			maybeFail();
			this.delegate.putAll(entries, timeout);
		}

		@Override
		public void clear() {
			maybeFail();
			this.delegate.clear();
		}

		@Override
		public String description() {
			return "faulty " + this.delegate.description();
		}

	}

}
