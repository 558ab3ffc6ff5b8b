package io.github.cachalot.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.cachalot.jdbc.Session.ReadMode;

import static io.github.cachalot.jdbc.DriverTransactionStatus.FAILED;
import static io.github.cachalot.jdbc.DriverTransactionStatus.IDLE;
import static io.github.cachalot.jdbc.DriverTransactionStatus.OPEN;
import static io.github.cachalot.jdbc.DriverTransactionStatus.UNKNOWN;
import static java.sql.Connection.TRANSACTION_READ_COMMITTED;
import static java.sql.Connection.TRANSACTION_READ_UNCOMMITTED;
import static java.sql.Connection.TRANSACTION_REPEATABLE_READ;
import static java.sql.Connection.TRANSACTION_SERIALIZABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a session's read may be a hit or be stored, and what each transition does: the table of
 * the README's "How it stays fresh", one assertion per row, on a session whose driver reports
 * whatever isolation level the test sets.
 */
class SessionTest {

	private int level = TRANSACTION_READ_COMMITTED;

	private final AtomicLong catalogGeneration = new AtomicLong();

	private Session session;

	@BeforeEach
	void newSession() {
		this.session = session(false);
	}

	private Session session(boolean postgres) {
		Connection physical = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("getTransactionIsolation")) {
						return this.level;
					}
					throw new UnsupportedOperationException(method.getName());
				});
		return new Session(physical, postgres, this.catalogGeneration::get);
	}

	private ReadMode autocommitRead() throws SQLException {
		return this.session.readMode(true, IDLE);
	}

	private ReadMode transactionRead() throws SQLException {
		return this.session.readMode(false, OPEN);
	}

	@Nested
	class InAutocommit {

		@Test
		void aReadIsAHit() throws SQLException {
			assertThat(autocommitRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void readUncommittedNeverUsesTheCache() throws SQLException {
			SessionTest.this.level = TRANSACTION_READ_UNCOMMITTED;
			assertThat(autocommitRead()).isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.READ_UNCOMMITTED);
		}

		@Test
		void serializableOnPostgresqlNeverUsesTheCacheElsewhereItDoes() throws SQLException {
			SessionTest.this.level = TRANSACTION_SERIALIZABLE;
			assertThat(autocommitRead()).as("one statement reads the latest commit").isEqualTo(ReadMode.HIT);
			SessionTest.this.session = session(true);
			assertThat(autocommitRead()).as("PostgreSQL's serializable checks must see it").isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.SERIALIZABLE);
		}

		@Test
		void setTransactionLeavesTheNextTransactionsLevelUnknownUntilATransactionSpendsIt() throws SQLException {
			SessionTest.this.session.nextTransactionAnnounced(true);
			assertThat(autocommitRead()).isEqualTo(ReadMode.BYPASS);
			SessionTest.this.session.statementRan(true);
			assertThat(autocommitRead()).as("a statement that reads no table may not spend it")
				.isEqualTo(ReadMode.BYPASS);
			SessionTest.this.session.jdbcTransactionBegan();
			assertThat(transactionRead()).isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.ISOLATION_UNKNOWN);
			SessionTest.this.session.endTransaction();
			assertThat(transactionRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void setTransactionIsRefusedOutsideATransactionOnPostgresqlAndChangesNothing() throws SQLException {
			SessionTest.this.session = session(true);
			SessionTest.this.session.nextTransactionAnnounced(true);
			assertThat(autocommitRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void otherSetStatementsLeaveTheLevelKnown() throws SQLException {
			SessionTest.this.session.sessionStatementRan(true);
			assertThat(autocommitRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void aSessionWithTemporaryTablesNeverUsesTheCache() throws SQLException {
			SessionTest.this.session.keyedIncompletely(Session.TEMPORARY_TABLES);
			assertThat(autocommitRead()).isEqualTo(ReadMode.BYPASS);
			SessionTest.this.session.endTransaction();
			assertThat(autocommitRead()).as("for the rest of its life").isEqualTo(ReadMode.BYPASS);
		}

	}

	@Nested
	class InATransaction {

		@Test
		void onMariadbTheFirstReadBeginsTheTransactionOnTheServer() throws SQLException {
			SessionTest.this.session.jdbcTransactionBegan();
			assertThat(SessionTest.this.session.readMode(false, IDLE)).as("the server has not begun it")
				.isEqualTo(ReadMode.STORE);
			assertThat(transactionRead()).isEqualTo(ReadMode.HIT);
			SessionTest.this.session = session(true);
			SessionTest.this.session.jdbcTransactionBegan();
			assertThat(SessionTest.this.session.readMode(false, IDLE)).as("PostgreSQL").isEqualTo(ReadMode.HIT);
		}

		@Test
		void readCommittedReadsAreHits() throws SQLException {
			SessionTest.this.session.jdbcTransactionBegan();
			assertThat(transactionRead()).isEqualTo(ReadMode.HIT);
			SessionTest.this.session.statementRan(false);
			assertThat(transactionRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void theFirstReadOfASnapshotTransactionIsStoredAndNothingInItIsAHit() throws SQLException {
			for (int snapshot : new int[] { TRANSACTION_REPEATABLE_READ, TRANSACTION_SERIALIZABLE }) {
				SessionTest.this.level = snapshot;
				SessionTest.this.session = session(false);
				SessionTest.this.session.jdbcTransactionBegan();
				assertThat(transactionRead()).as("it takes the snapshot after the tokens were read")
					.isEqualTo(ReadMode.STORE);
				SessionTest.this.session.statementRan(false);
				assertThat(transactionRead()).as("an older snapshot").isEqualTo(ReadMode.BYPASS);
				assertThat(SessionTest.this.session.reason()).isEqualTo(Session.SNAPSHOT);
			}
		}

		@Test
		void theLevelIsTheOneInForceWhenTheTransactionBegan() throws SQLException {
			SessionTest.this.session.jdbcTransactionBegan();
			SessionTest.this.level = TRANSACTION_REPEATABLE_READ;
			SessionTest.this.session.isolationSet(TRANSACTION_REPEATABLE_READ, false);
			assertThat(transactionRead()).as("set before the first statement: it applies").isEqualTo(ReadMode.STORE);
			SessionTest.this.session.statementRan(false);
			SessionTest.this.level = TRANSACTION_READ_COMMITTED;
			SessionTest.this.session.isolationSet(TRANSACTION_READ_COMMITTED, false);
			assertThat(transactionRead()).as("set after it: the transaction keeps its level, or may")
				.isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.ISOLATION_UNKNOWN);
		}

		@Test
		void aTransactionBegunAsSqlIsNeverAnsweredFromTheCache() throws SQLException {
			SessionTest.this.session.sqlTransactionBegan();
			assertThat(SessionTest.this.session.readMode(true, OPEN)).isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.ISOLATION_UNKNOWN);
		}

		@Test
		void aSetStatementInTheTransactionMakesItsLevelUnknownUntilItEnds() throws SQLException {
			SessionTest.this.session.jdbcTransactionBegan();
			SessionTest.this.session.sessionStatementRan(false);
			assertThat(transactionRead()).isEqualTo(ReadMode.BYPASS);
			SessionTest.this.session.endTransaction();
			assertThat(transactionRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void aFailedTransactionIsLeftToTheDatabase() throws SQLException {
			assertThat(SessionTest.this.session.readMode(false, FAILED)).isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.reason()).isEqualTo(Session.FAILED_TRANSACTION);
		}

	}

	@Nested
	class FollowingTheDriver {

		@Test
		void aTransactionFoundOpenInAutocommitIsOneBegunAsSqlThatWroteUnknownTables() throws SQLException {
			assertThat(SessionTest.this.session.borrowed(true, OPEN)).isFalse();
			assertThat(SessionTest.this.session.readMode(true, OPEN)).isEqualTo(ReadMode.BYPASS);
			assertThat(SessionTest.this.session.hasWrites()).isTrue();
			assertThat(SessionTest.this.session.writes().writesEverything()).isTrue();
		}

		@Test
		void aTransactionThatOutlivesItsBorrowEndsWhenTheDriverSaysIdle() throws SQLException {
			SessionTest.this.session.outlivesBorrow();
			assertThat(SessionTest.this.session.borrowed(true, IDLE)).as("the caller invalidates its writes").isTrue();
			SessionTest.this.session.endTransaction();
			assertThat(autocommitRead()).isEqualTo(ReadMode.HIT);
		}

		@Test
		void aDriverThatDoesNotTellLeavesWhatJdbcSaw() throws SQLException {
			SessionTest.this.session.sqlTransactionBegan();
			assertThat(SessionTest.this.session.synchronize(true, UNKNOWN)).isFalse();
			assertThat(SessionTest.this.session.synchronize(true, IDLE)).as("ended without cachalot seeing how")
				.isTrue();
		}

	}

	@Nested
	class TheCatalog {

		@Test
		void aTransactionSeesTheCurrentCatalogUntilDdlIsSeenAfterItBegan() {
			SessionTest.this.session.jdbcTransactionBegan();
			assertThat(SessionTest.this.session.seesCurrentCatalog()).isTrue();
			SessionTest.this.session.statementRan(false);
			assertThat(SessionTest.this.session.seesCurrentCatalog()).isTrue();
			SessionTest.this.catalogGeneration.incrementAndGet();
			assertThat(SessionTest.this.session.seesCurrentCatalog()).as("its snapshot may predate the DDL").isFalse();
			SessionTest.this.session.endTransaction();
			assertThat(SessionTest.this.session.seesCurrentCatalog()).isTrue();
		}

	}

}
