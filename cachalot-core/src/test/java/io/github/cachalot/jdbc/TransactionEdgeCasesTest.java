package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Ways a transaction can end, or leak, without commit() or rollback() saying so. */
class TransactionEdgeCasesTest {

	static final String READ = "SELECT name FROM te_items WHERE id = 1";

	/** Table te_items with one row, (1, 'old'), read once through a new cachalot (and te_other, empty). */
	static CachalotFixture fixture(TestDatabase database) {
		database.dropTables("te_v", "te_items", "te_other", "te_ddl_commit");
		database.execute("CREATE TABLE te_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO te_items VALUES (1, 'old')", "CREATE TABLE te_other (id INT PRIMARY KEY)");
		CachalotFixture cachalot = new CachalotFixture(database);
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
		return cachalot;
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void ddlCommitsImplicitlyAndWhatWasWrittenIsInvalidatedAtOnce(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1");
			statement.execute("CREATE TABLE te_ddl_commit (id INT)"); // commits the update
			assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
			writer.rollback();
			writer.setAutoCommit(true);
			statement.execute("DROP TABLE te_ddl_commit");
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aCommitHiddenInAMultiStatementStringIsNotMissed(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.execute("UPDATE te_items SET name = 'new' WHERE id = 1; COMMIT");
			assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
			writer.commit();
			writer.setAutoCommit(true);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "SQLITE" }) // H2 views are read-only
	void aWriteThroughAViewInvalidatesItsBaseTable(TestDatabase database) {
		CachalotFixture cachalot = fixture(database);
		if (database == TestDatabase.SQLITE) {
			// SQLite views are read-only: write through an INSTEAD OF trigger
			database.execute("CREATE VIEW te_v AS SELECT id, name FROM te_items",
					"CREATE TRIGGER te_v_update INSTEAD OF UPDATE ON te_v BEGIN "
							+ "UPDATE te_items SET name = NEW.name WHERE id = OLD.id; END");
		}
		else {
			database.execute("CREATE VIEW te_v AS SELECT id, name FROM te_items");
		}
		cachalot.update("UPDATE te_v SET name = 'new' WHERE id = 1");
		assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void writesToAPartitionOrItsParentInvalidateReadsOfTheOther(TestDatabase database) {
		CachalotFixture cachalot = fixture(database);
		database.execute("DROP TABLE IF EXISTS te_parted CASCADE",
				"CREATE TABLE te_parted (id INT, name VARCHAR(50)) PARTITION BY RANGE (id)",
				"CREATE TABLE te_parted_low PARTITION OF te_parted FOR VALUES FROM (0) TO (100)",
				"INSERT INTO te_parted VALUES (1, 'old')");
		String parent = "SELECT name FROM te_parted WHERE id = 1";
		String child = "SELECT name FROM te_parted_low WHERE id = 1";
		assertThat(cachalot.query(parent)).containsExactly(List.of("old"));
		assertThat(cachalot.query(child)).containsExactly(List.of("old"));
		cachalot.update("UPDATE te_parted_low SET name = 'via child' WHERE id = 1");
		assertThat(cachalot.query(parent)).containsExactly(List.of("via child"));
		cachalot.update("UPDATE te_parted SET name = 'via parent' WHERE id = 1");
		assertThat(cachalot.query(child)).containsExactly(List.of("via parent"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aRedundantSetAutoCommitFalseDoesNotMakeALaterSnapshotLookFresh(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("INSERT INTO te_other VALUES (1)");
		String other = "SELECT COUNT(*) FROM te_other";
		try (Connection reader = cachalot.dataSource().getConnection()) {
			reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			reader.setAutoCommit(false);
			CachalotFixture.query(reader, "SELECT id FROM te_items"); // takes the snapshot
			cachalot.update("INSERT INTO te_other VALUES (2)");
			reader.setAutoCommit(false); // no-op
			assertThat(CachalotFixture.query(reader, other).get(0).get(0)).isEqualTo(1L);
			reader.commit();
			reader.setAutoCommit(true);
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		assertThat(cachalot.query(other).get(0).get(0)).isEqualTo(2L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aTransactionLevelIsolationChangeIsNotTakenForTheSessionsDefault(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("INSERT INTO te_other VALUES (1)");
		String other = "SELECT COUNT(*) FROM te_other";
		try (Connection reader = cachalot.dataSource().getConnection();
				Statement statement = reader.createStatement()) {
			reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			reader.setAutoCommit(false);
			statement.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
			CachalotFixture.query(reader, "SELECT id FROM te_items");
			reader.commit();
			// a REPEATABLE READ transaction again
			CachalotFixture.query(reader, "SELECT id FROM te_items"); // takes the snapshot
			cachalot.update("INSERT INTO te_other VALUES (2)");
			assertThat(CachalotFixture.query(reader, other).get(0).get(0)).isEqualTo(1L);
			reader.commit();
			reader.setAutoCommit(true);
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		assertThat(cachalot.query(other).get(0).get(0)).isEqualTo(2L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aFailedRollbackKeepsTrackingTheOpenTransaction(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			statement.execute("BEGIN");
			statement.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
			assertThatExceptionOfType(SQLException.class).isThrownBy(writer::rollback); // autocommit is on
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("uncommitted"));
			assertThat(cachalot.query(READ)).as("others never see it").containsExactly(List.of("old"));
			statement.execute("ROLLBACK");
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "H2" })
	void aReadUncommittedReadIsNeverShared(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection();
				Connection dirty = cachalot.dataSource().getConnection()) {
			writer.setAutoCommit(false);
			CachalotFixture.update(writer, "UPDATE te_items SET name = 'dirty' WHERE id = 1");
			dirty.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
			cachalot.dataSource().invalidateAll();
			CachalotFixture.query(dirty, READ);
			dirty.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			writer.rollback();
			writer.setAutoCommit(true);
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void withInvalidateRawOffAnUnknownWriteInATransactionStillKeepsItsReadsPrivate(TestDatabase database)
			throws Exception {
		CachalotFixture cachalot = fixture(database);
		cachalot.settings().setInvalidateRaw(false);
		String unknownWrite = (database == TestDatabase.POSTGRESQL)
				? "DO $$ BEGIN UPDATE te_items SET name = 'private' WHERE id = 1; END $$"
				: "UPDATE te_items SET name = 'private' WHERE id = 1 # unparsed";
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.execute(unknownWrite);
			cachalot.dataSource().invalidateAll();
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("private"));
			writer.rollback();
			writer.setAutoCommit(true);
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "H2" })
	void aClosedStatementIsNotAnsweredFromTheCache(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection connection = cachalot.dataSource().getConnection()) {
			PreparedStatement statement = connection.prepareStatement(READ);
			statement.close();
			assertThatExceptionOfType(SQLException.class).isThrownBy(statement::executeQuery);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void truncateCommitsImplicitlyAndWhatWasWrittenIsInvalidatedAtOnce(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1");
			statement.execute("TRUNCATE TABLE te_other"); // commits the update
			assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
			writer.rollback();
			writer.setAutoCommit(true);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void turningAutocommitOnWithSqlEndsTheTransaction(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1");
			statement.execute("SET autocommit = 1");
			assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aChainedCommitKeepsTheNextTransactionPrivate(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			statement.execute((database == TestDatabase.MARIADB) ? "START TRANSACTION" : "BEGIN");
			statement.executeUpdate("UPDATE te_items SET name = 'committed' WHERE id = 1");
			statement.execute("COMMIT AND CHAIN");
			assertThat(cachalot.query(READ)).containsExactly(List.of("committed"));
			statement.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("uncommitted"));
			assertThat(cachalot.query(READ)).containsExactly(List.of("committed"));
			statement.execute("ROLLBACK");
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("committed"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSessionStatementInATransactionIsForgottenWhenItEnds(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("DROP SCHEMA IF EXISTS te_local CASCADE", "CREATE SCHEMA te_local",
				"CREATE TABLE te_local.te_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO te_local.te_items VALUES (1, 'local')");
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			statement.execute("SET LOCAL search_path = te_local");
			assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("local"));
			connection.commit(); // the search path reverts
			assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("old"));
			connection.setAutoCommit(true);
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aTemporaryTableThatShadowsASharedOneNeverReachesOtherSessions(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		String create = (database == TestDatabase.H2)
				? "CREATE LOCAL TEMPORARY TABLE te_items (id INT PRIMARY KEY, name VARCHAR(50))"
				: "CREATE TEMPORARY TABLE te_items (id INT PRIMARY KEY, name VARCHAR(50))";
		if (database == TestDatabase.H2) {
			// H2 has no shadowing: a temporary table of another name shows that the session is skipped
			create = create.replace("te_items", "te_temp");
		}
		try (Connection session = cachalot.dataSource().getConnection();
				Statement statement = session.createStatement()) {
			statement.execute(create);
			String table = (database == TestDatabase.H2) ? "te_temp" : "te_items";
			statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'temporary')");
			String read = "SELECT name FROM " + table + " WHERE id = 1";
			assertThat(CachalotFixture.query(session, read)).containsExactly(List.of("temporary"));
			int before = cachalot.databaseExecutions();
			CachalotFixture.query(session, READ);
			assertThat(cachalot.databaseExecutions()).as("not answered from the cache").isEqualTo(before + 1);
			statement.execute("DROP " + ((database == TestDatabase.MARIADB) ? "TEMPORARY " : "") + "TABLE " + table);
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSessionChangeThroughAFunctionIsFollowed(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("DROP SCHEMA IF EXISTS te_config CASCADE", "CREATE SCHEMA te_config",
				"CREATE TABLE te_config.te_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO te_config.te_items VALUES (1, 'configured')");
		try (Connection connection = cachalot.dataSource().getConnection()) {
			assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("old"));
			CachalotFixture.query(connection, "SELECT set_config('search_path', 'te_config', false)");
			try {
				assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("configured"));
			}
			finally {
				CachalotFixture.query(connection, "SELECT set_config('search_path', 'public', false)");
			}
			assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("old"));
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aTableCreatedInPgTempIsTemporaryToo(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection session = cachalot.dataSource().getConnection();
				Statement statement = session.createStatement()) {
			statement.execute("CREATE TABLE pg_temp.te_items (id INT PRIMARY KEY, name VARCHAR(50))");
			statement.executeUpdate("INSERT INTO pg_temp.te_items VALUES (1, 'temporary')");
			try {
				CachalotFixture.query(session, READ);
				assertThat(cachalot.dataSource().statistics().uncacheable()).containsKey("temporary tables");
				assertThat(cachalot.dataSource().statistics().hits()).isZero();
			}
			finally {
				statement.execute("DROP TABLE pg_temp.te_items");
			}
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void theSessionIsRecognisedThroughSpringsConnectionProxies(TestDatabase database) throws Exception {
		fixture(database);
		try (com.zaxxer.hikari.HikariDataSource pool = database.newPool(1)) {
			CachalotFixture cachalot = new CachalotFixture(database, new CaffeineCacheStore(),
					new org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy(pool));
			try (Connection first = cachalot.dataSource().getConnection(); Statement statement = first.createStatement()) {
				statement.execute("CREATE TEMP TABLE te_items (id INT PRIMARY KEY, name VARCHAR(50))");
				statement.executeUpdate("INSERT INTO te_items VALUES (1, 'temporary')");
			}
			for (int i = 0; i < 2; i++) {
				try (Connection later = cachalot.dataSource().getConnection()) {
					// the same pooled session: it still has its temporary table
					assertThat(CachalotFixture.query(later, READ)).containsExactly(List.of("temporary"));
				}
			}
			assertThat(cachalot.dataSource().statistics().hits()).isZero();
			try (Connection last = cachalot.dataSource().getConnection(); Statement statement = last.createStatement()) {
				statement.execute("DROP TABLE pg_temp.te_items");
			}
		}
	}

	/**
	 * A cursor returned as an OUT parameter answers the callable statement, whose connection is
	 * cachalot's: a write through it is seen like any other.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aWriteThroughTheStatementOfACursorParameterIsSeen(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("CREATE OR REPLACE FUNCTION te_cursor() RETURNS refcursor AS $$ DECLARE c refcursor; "
				+ "BEGIN OPEN c FOR SELECT name FROM te_items; RETURN c; END $$ LANGUAGE plpgsql");
		try (Connection connection = cachalot.dataSource().getConnection();
				java.sql.CallableStatement call = connection.prepareCall("{? = call te_cursor()}")) {
			connection.setAutoCommit(false);
			call.registerOutParameter(1, java.sql.Types.OTHER);
			call.execute();
			java.sql.ResultSet cursor = (java.sql.ResultSet) call.getObject(1);
			assertThat(cursor.getStatement()).isSameAs(call);
			assertThat(call.getObject(1, java.sql.ResultSet.class).getStatement()).isSameAs(call);
			assertThat(cursor.next()).isTrue();
			assertThat(cursor.getString(1)).isEqualTo("old");
			connection.commit();
			connection.setAutoCommit(true);
			assertThat(cachalot.query(READ)).containsExactly(List.of("old")); // cached again after the call
			try (Statement behind = cursor.getStatement().getConnection().createStatement()) {
				behind.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1");
			}
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("new"));
	}

	/**
	 * Runs a test through cachalot over a data source that hands one physical connection to every
	 * borrower, as Spring's {@code SingleConnectionDataSource} does.
	 */
	private static void withOneConnection(TestDatabase database, CacheStore store, OneConnection test)
			throws Exception {
		fixture(database);
		SingleConnectionDataSource single = new SingleConnectionDataSource(database.newConnection(), true);
		try {
			test.run(new CachalotFixture(database, store, single), single);
		}
		finally {
			single.destroy();
		}
	}

	@FunctionalInterface
	private interface OneConnection {

		void run(CachalotFixture cachalot, javax.sql.DataSource single) throws Exception;

	}

	/** Reads a value twice on new borrows: from the database, then as the cache answers it. */
	private static void assertReadTwice(CachalotFixture cachalot, String value) {
		assertThat(cachalot.query(READ)).as("first read").containsExactly(List.of(value));
		assertThat(cachalot.query(READ)).as("second read").containsExactly(List.of(value));
	}

	/**
	 * A data source that hands out one physical connection to every borrower (Spring's
	 * {@code SingleConnectionDataSource}, or a thread-bound one): a nested borrow that ends does not
	 * end the transaction of the borrow around it, even where the driver does not tell.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL", "MARIADB" })
	void aNestedBorrowOfTheSameConnectionLeavesTheOuterTransactionTracked(TestDatabase database) throws Exception {
		withOneConnection(database, new CaffeineCacheStore(), (cachalot, single) -> {
			try (Connection outer = cachalot.dataSource().getConnection();
					Statement statement = outer.createStatement()) {
				outer.setAutoCommit(false);
				statement.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
				try (Connection inner = cachalot.dataSource().getConnection()) {
					assertThat(CachalotFixture.query(inner, READ)).containsExactly(List.of("uncommitted"));
				}
				assertThat(CachalotFixture.query(outer, READ)).containsExactly(List.of("uncommitted"));
				outer.rollback();
				outer.setAutoCommit(true);
			}
			assertReadTwice(cachalot, "old");
		});
	}

	/** The borrow around a nested one may end first: the transaction goes on in the nested one, which ends it. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL" })
	void aBorrowClosedBeforeTheOneNestedInItLeavesTheTransactionToIt(TestDatabase database) throws Exception {
		withOneConnection(database, new CaffeineCacheStore(), (cachalot, single) -> {
			Connection outer = cachalot.dataSource().getConnection();
			try (Connection inner = cachalot.dataSource().getConnection()) {
				outer.setAutoCommit(false);
				CachalotFixture.update(outer, "UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
				outer.close();
				assertThat(CachalotFixture.query(inner, READ)).containsExactly(List.of("uncommitted"));
				inner.rollback();
				inner.setAutoCommit(true);
			}
			assertReadTwice(cachalot, "old");
		});
	}

	/**
	 * A nested borrow that changed the search path leaves forgetting it to the last borrow to end:
	 * a pool may reset it once the connection is back.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSearchPathSetInANestedBorrowIsForgottenWhenTheLastBorrowEnds(TestDatabase database) throws Exception {
		database.execute("DROP SCHEMA IF EXISTS te_path CASCADE", "CREATE SCHEMA te_path",
				"CREATE TABLE te_path.te_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO te_path.te_items VALUES (1, 'on te_path')");
		try {
			withOneConnection(database, new CaffeineCacheStore(), (cachalot, single) -> {
				try (Connection outer = cachalot.dataSource().getConnection()) {
					try (Connection inner = cachalot.dataSource().getConnection();
							Statement statement = inner.createStatement()) {
						statement.execute("SET search_path = te_path");
					}
					assertThat(CachalotFixture.query(outer, READ)).containsExactly(List.of("on te_path"));
				}
				try (Connection pool = single.getConnection(); Statement reset = pool.createStatement()) {
					reset.execute("RESET search_path"); // what a pool does to a returned connection, unseen
				}
				assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
			});
		}
		finally {
			database.execute("DROP SCHEMA IF EXISTS te_path CASCADE");
		}
	}

	/**
	 * A driver statement reached through a nested borrow after that borrow ended writes in the
	 * transaction of the borrow that goes on: reads bypass until that one ends.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aDriverStatementOfAnEndedNestedBorrowWritesInTheTransactionThatGoesOn(TestDatabase database)
			throws Exception {
		withOneConnection(database, new CaffeineCacheStore(), (cachalot, single) -> {
			try (Connection outer = cachalot.dataSource().getConnection()) {
				outer.setAutoCommit(false);
				Statement left;
				try (Connection inner = cachalot.dataSource().getConnection()) {
					left = inner.createStatement(); // left open: closing the borrow does not close it here
				}
				((Statement) left.unwrap(org.postgresql.PGStatement.class))
					.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
				assertThat(CachalotFixture.query(outer, READ)).containsExactly(List.of("uncommitted"));
				outer.rollback();
				outer.setAutoCommit(true);
			}
			assertReadTwice(cachalot, "old");
		});
	}

	/**
	 * The last borrow of a connection aborted: what the nested ones that ended before it left (their
	 * reach into the driver's objects) ends with it, and reads of the data source are cached again.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void anAbortedLastBorrowEndsWhatTheNestedOnesLeft(TestDatabase database) throws Exception {
		fixture(database);
		try (com.zaxxer.hikari.HikariDataSource pool = database.newPool(2)) {
			CachalotFixture cachalot = new CachalotFixture(database, new CaffeineCacheStore(),
					new NestingDataSource(pool));
			Connection outer = cachalot.dataSource().getConnection();
			try (Connection inner = cachalot.dataSource().getConnection()) {
				inner.unwrap(org.postgresql.PGConnection.class);
			}
			outer.abort(Runnable::run);
			long hits = cachalot.dataSource().statistics().hits();
			assertReadTwice(cachalot, "old");
			assertThat(cachalot.dataSource().statistics().hits()).as("the second read is a hit").isEqualTo(hits + 1);
		}
	}

	/**
	 * Hands the connection it borrowed from a pool to every borrower until the last one closes it
	 * (as a thread-bound transaction's connection is), then returns it; an abort ends it at once.
	 */
	private static final class NestingDataSource extends org.springframework.jdbc.datasource.AbstractDataSource {

		private final javax.sql.DataSource pool;

		private Connection current;

		private int borrowers;

		NestingDataSource(javax.sql.DataSource pool) {
			this.pool = pool;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.current == null) {
				this.current = this.pool.getConnection();
			}
			this.borrowers++;
			Connection target = this.current;
			return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						switch (method.getName()) {
							case "close" -> {
								if (--this.borrowers == 0) {
									this.current = null;
									target.close();
								}
								return null;
							}
							case "abort" -> {
								this.borrowers = 0;
								this.current = null;
								target.abort((java.util.concurrent.Executor) arguments[0]);
								return null;
							}
							default -> {
								try {
									return method.invoke(target, arguments);
								}
								catch (java.lang.reflect.InvocationTargetException ex) {
									throw ex.getCause();
								}
							}
						}
					});
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			throw new SQLException("not supported");
		}

	}

	/**
	 * A nested borrow that wrote through the driver's own objects: the borrow around it commits
	 * that write, so what cannot be followed is invalidated when that one ends, not only when the
	 * nested one does.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aNestedBorrowsUnseenWriteIsInvalidatedWhenTheBorrowAroundItEnds(TestDatabase database) throws Exception {
		CaffeineCacheStore store = new CaffeineCacheStore();
		withOneConnection(database, store, (writer, single) -> {
			CachalotFixture reader = new CachalotFixture(database, store);
			try (Connection outer = writer.dataSource().getConnection()) {
				outer.setAutoCommit(false);
				try (Connection inner = writer.dataSource().getConnection();
						Statement unseen = ((Connection) inner.unwrap(org.postgresql.PGConnection.class))
							.createStatement()) {
					unseen.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1");
				}
				assertThat(reader.query(READ)).as("another session, before the commit").containsExactly(List.of("old"));
				outer.commit();
				outer.setAutoCommit(true);
			}
			assertThat(reader.query(READ)).as("another session, after the commit").containsExactly(List.of("new"));
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSessionChangeInsideAWriteIsFollowed(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("DROP SCHEMA IF EXISTS te_config CASCADE", "CREATE SCHEMA te_config",
				"CREATE TABLE te_config.te_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO te_config.te_items VALUES (1, 'configured')");
		database.execute("INSERT INTO te_other VALUES (1)"); // a row, so that the condition is evaluated
		try (Connection connection = cachalot.dataSource().getConnection()) {
			assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("old"));
			CachalotFixture.update(connection,
					"UPDATE public.te_other SET id = id WHERE set_config('search_path', 'te_config', false) IS NOT NULL");
			try {
				assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("configured"));
			}
			finally {
				CachalotFixture.query(connection, "SELECT set_config('search_path', 'public', false)");
			}
		}
	}

}
