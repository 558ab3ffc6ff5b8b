package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.config.SharedMode;
import io.github.cachalot.store.ForwardingCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.LeasingStore;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With a shared store, a write announces its tables (a lease) before it commits and invalidates
 * them after; two instances share one store. Losing the invalidation after a commit never lets
 * the other instance serve what the write changed; a write that cannot announce itself is refused
 * before anything is committed (strict), or commits with bounded staleness (available).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
class SharedStoreProtocolTest {

	private static final String READ = "SELECT v FROM sp_items WHERE id = 1";

	private static final String UPDATE = "UPDATE sp_items SET v = v + 1 WHERE id = 1";

	@Parameter
	TestDatabase database;

	LeasingStore store;

	/** The instance that writes. */
	CachalotFixture writer;

	/** Another instance on the same database and store. */
	CachalotFixture other;

	@BeforeEach
	void createTable() {
		this.database.dropTables("sp_items", "sp_other");
		this.database.execute("CREATE TABLE sp_items (id INT PRIMARY KEY, v INT)", "INSERT INTO sp_items VALUES (1, 0)",
				"CREATE TABLE sp_other (id INT PRIMARY KEY)");
		this.store = new LeasingStore();
		this.writer = new CachalotFixture(this.database, this.store, this.database.dataSource(), "shared");
		this.other = new CachalotFixture(this.database, this.store, this.database.dataSource(), "shared");
	}

	@Test
	void aResultCachedByOneInstanceIsAHitOnTheOther() {
		assertThat(this.writer.query(READ)).containsExactly(List.of(0L));
		int before = this.other.databaseExecutions();
		assertThat(this.other.query(READ)).containsExactly(List.of(0L));
		assertThat(this.other.databaseExecutions()).isEqualTo(before);
	}

	@Test
	void aTransactionAnnouncesItsTablesBeforeItCommitsAndEndsTheLeaseAfter() throws SQLException {
		this.other.query(READ);
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(this.store.announcements.get()).isPositive();
		assertThat(this.store.anyLeased()).as("the invalidation ended the lease").isFalse();
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		assertThat(this.other.executionsOfRepeatedRead(READ)).as("cached again").isZero();
	}

	@Test
	void whileAWriteIsInProgressOtherInstancesReadTheDatabaseAndStoreNothing() throws SQLException {
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			awaitLeased();
			assertThat(this.other.query(READ)).containsExactly(List.of(0L));
			assertThat(this.other.executionsOfRepeatedRead(READ)).as("leased: not cached").isEqualTo(1);
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
	}

	@Test
	void losingTheInvalidationAfterACommitLeavesTheLeaseSoNoInstanceServesTheOldValue() throws SQLException {
		this.other.query(READ);
		assertThat(this.other.executionsOfRepeatedRead(READ)).isZero();
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			this.store.failInvalidations = true; // the store dies after the announcement
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		assertThat(this.other.executionsOfRepeatedRead(READ)).as("the lease keeps it uncached").isEqualTo(1);
		this.store.failInvalidations = false;
	}

	@Test
	void anAutocommitWriteIsAnnouncedBeforeItRuns() {
		this.other.query(READ);
		this.store.failInvalidations = true;
		assertThat(this.writer.update(UPDATE)).isEqualTo(1);
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		this.store.failInvalidations = false;
	}

	@Test
	void strictRefusesACommitThatCannotBeAnnouncedAndRollsTheTransactionBack() throws SQLException {
		this.other.query(READ);
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			this.store.failAnnouncements = true;
			// the announcement sent at the first write may have landed: a new table's is awaited
			CachalotFixture.update(connection, "INSERT INTO sp_other VALUES (1)");
			assertThatExceptionOfType(SharedStoreUnavailableException.class).isThrownBy(connection::commit)
				.withMessageContaining("a leasing test store")
				.withMessageContaining("Nothing was committed: the transaction was rolled back");
			this.store.failAnnouncements = false;
			// what Spring's transaction manager does after a failed commit: it must commit nothing
			connection.setAutoCommit(true);
		}
		assertThat(directValue()).isEqualTo(0);
		assertThat(this.other.query(READ)).containsExactly(List.of(0L));
	}

	@Test
	void strictRefusesTheCommitOfATransactionBegunAsSqlAndRollsItBack() throws SQLException {
		try (Connection connection = this.writer.dataSource().getConnection()) {
			CachalotFixture.update(connection, this.database == TestDatabase.MARIADB ? "START TRANSACTION" : "BEGIN");
			CachalotFixture.update(connection, UPDATE);
			this.store.failAnnouncements = true;
			CachalotFixture.update(connection, "INSERT INTO sp_other VALUES (1)");
			assertThatExceptionOfType(SharedStoreUnavailableException.class)
				.isThrownBy(() -> CachalotFixture.update(connection, "COMMIT"))
				.withMessageContaining("rolled back");
			this.store.failAnnouncements = false;
		}
		assertThat(directValue()).isEqualTo(0);
	}

	@Test
	void strictRefusesAnAutocommitWriteThatCannotBeAnnouncedBeforeItRuns() throws SQLException {
		this.store.failAnnouncements = true;
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.writer.update(UPDATE))
			.havingCause()
			.isInstanceOf(SharedStoreUnavailableException.class)
			.withMessageContaining("Nothing was written");
		this.store.failAnnouncements = false;
		assertThat(directValue()).isEqualTo(0);
	}

	@Test
	void availableCommitsAnywayAndNoInstanceTrustsAResultOlderThanTheStalenessBound() throws Exception {
		for (CachalotFixture instance : List.of(this.writer, this.other)) {
			instance.settings().setSharedMode(SharedMode.AVAILABLE).setMaxStaleness(Duration.ofMillis(300));
		}
		this.other.query(READ);
		this.store.failAnnouncements = true;
		this.store.failInvalidations = true;
		assertThat(this.writer.update(UPDATE)).isEqualTo(1);
		// within the bound the other instance may serve the old value; past it, never
		Thread.sleep(350);
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		this.store.failAnnouncements = false;
		this.store.failInvalidations = false;
	}

	@Test
	void aStoreRestartedFromAnOldSnapshotMakesEveryInstanceInvalidateEverythingOnceMore() {
		this.other.query(READ);
		Map<String, Object> snapshot = this.store.snapshot();
		assertThat(this.writer.update(UPDATE)).isEqualTo(1);
		this.store.restartFrom(snapshot); // the write's announcement and invalidation are lost
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		assertThat(this.writer.query(READ)).containsExactly(List.of(1L));
		assertThat(this.other.executionsOfRepeatedRead(READ)).as("cached again after").isZero();
	}

	@Test
	void aStoreRestartedEmptyServesNothingOld() {
		this.other.query(READ);
		assertThat(this.writer.update(UPDATE)).isEqualTo(1);
		this.store.restartFrom(Map.of());
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		assertThat(this.other.executionsOfRepeatedRead(READ)).isZero();
	}

	@Test
	void aStoreThatCannotTellItsLossesServesTheRolledBackEntry() {
		// the control of the snapshot test, and the limit of memcached and JCache: the same steps on
		// an instance whose store does not count losses
		CachalotFixture blind = new CachalotFixture(this.database, new LossBlind(this.store),
				this.database.dataSource(), "shared");
		blind.query(READ);
		Map<String, Object> snapshot = this.store.snapshot();
		assertThat(this.writer.update(UPDATE)).isEqualTo(1);
		this.store.restartFrom(snapshot);
		assertThat(blind.query(READ)).as("stale").containsExactly(List.of(0L));
	}

	@Test
	void aTransactionLongerThanHalfItsLeaseRenewsItBeforeCommitting() throws Exception {
		this.writer.settings().setLease(Duration.ofMillis(400));
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			awaitLeased();
			long announced = this.store.announcements.get();
			Thread.sleep(250);
			this.store.failInvalidations = true;
			connection.commit();
			assertThat(this.store.announcements.get()).as("renewed").isGreaterThan(announced);
			connection.setAutoCommit(true);
		}
		assertThat(this.store.anyLeased()).isTrue();
		assertThat(this.other.query(READ)).containsExactly(List.of(1L));
		this.store.failInvalidations = false;
	}

	@Test
	void aRolledBackTransactionEndsItsLease() throws SQLException {
		try (Connection connection = this.writer.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			connection.rollback();
			connection.setAutoCommit(true);
		}
		assertThat(this.store.anyLeased()).isFalse();
		this.other.query(READ);
		assertThat(this.other.executionsOfRepeatedRead(READ)).isZero();
	}

	@Test
	void aShorterTimeoutBoundsResultsCachedBefore() throws Exception {
		this.other.query(READ);
		assertThat(this.other.executionsOfRepeatedRead(READ)).isZero();
		this.other.settings().setTimeout(Duration.ofMillis(100));
		Thread.sleep(150);
		int before = this.other.databaseExecutions();
		this.other.query(READ);
		assertThat(this.other.databaseExecutions()).as("older than the new timeout").isEqualTo(before + 1);
	}

	/** The value as the database has it, read around the cache. */
	private int directValue() throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection()) {
			return ((Number) CachalotFixture.query(connection, READ).get(0).get(0)).intValue();
		}
	}

	private void awaitLeased() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.store.anyLeased()) {
			assertThat(System.nanoTime()).as("announced within 5 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	/** The leasing store, as a store that cannot tell when it lost what it held. */
	private static final class LossBlind extends ForwardingCacheStore {

		LossBlind(LeasingStore store) {
			super(store);
		}

		@Override
		public String description() {
			return "a store blind to its losses";
		}

		@Override
		public long losses() {
			return 0;
		}

	}

}
