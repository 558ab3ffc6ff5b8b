package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static io.github.cachalot.jdbc.TransactionEdgeCasesTest.READ;
import static io.github.cachalot.jdbc.TransactionEdgeCasesTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Autocommit as cachalot knows it during a borrow (asked once, then again after anything that may
 * change it): every way SQL or JDBC turns it off or on is seen before the next statement, so that a
 * transaction's uncommitted reads are never stored for others, nor its committed writes missed.
 */
class AutoCommitTrackingTest {

	private static String off(TestDatabase database) {
		return (database == TestDatabase.H2) ? "SET AUTOCOMMIT FALSE" : "SET autocommit = 0";
	}

	private static String on(TestDatabase database) {
		return (database == TestDatabase.H2) ? "SET AUTOCOMMIT TRUE" : "SET autocommit = 1";
	}

	/** SET autocommit alone, after a read of the borrow saw it on. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "H2" })
	void autocommitTurnedOffWithSql(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database, (statement) -> statement.execute(off(database)), true);
	}

	/** A write and SET autocommit in one string: the session statement counts. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "H2" })
	void autocommitTurnedOffAfterAWriteInOneString(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database,
				(statement) -> statement.execute("UPDATE te_items SET name = 'old' WHERE id = 1; " + off(database)),
				true);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "H2" })
	void autocommitTurnedOffBeforeAWriteInOneString(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database, (statement) -> statement
			.execute(off(database) + "; UPDATE te_items SET name = 'uncommitted' WHERE id = 1"), false);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "H2" })
	void autocommitTurnedOffInABatch(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database, (statement) -> {
			statement.addBatch("UPDATE te_items SET name = 'old' WHERE id = 1");
			statement.addBatch(off(database));
			statement.executeBatch();
		}, true);
	}

	/** Through the driver's connection behind the metadata (H2's driver tells nothing of its transaction). */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2" })
	void autocommitTurnedOffOnTheDriversConnectionBehindTheMetadata(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database, (statement) -> statement.getConnection()
			.getMetaData()
			.unwrap(DatabaseMetaData.class)
			.getConnection()
			.setAutoCommit(false), true);
	}

	/** Through the driver's connection behind a result set. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2" })
	void autocommitTurnedOffOnTheDriversConnectionBehindAResultSet(TestDatabase database) throws Exception {
		assertTheTransactionStaysPrivate(database, (statement) -> {
			try (ResultSet miss = statement.executeQuery("SELECT name FROM te_items WHERE id = 2")) {
				miss.unwrap(org.h2.jdbc.JdbcResultSet.class).getStatement().getConnection().setAutoCommit(false);
			}
		}, true);
	}

	/**
	 * Reads once with autocommit on, turns it off as given, writes 'uncommitted' (unless done),
	 * reads it back on the writer: another connection must still read 'old', before and after the
	 * rollback.
	 */
	private static void assertTheTransactionStaysPrivate(TestDatabase database, SqlStep turnOff, boolean thenWrite)
			throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("old")); // autocommit seen on
			turnOff.run(statement);
			if (thenWrite) {
				statement.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
			}
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("uncommitted"));
			List<List<Object>> other = cachalot.query(READ);
			statement.execute("ROLLBACK");
			statement.execute(on(database));
			assertThat(other).as("another connection, while the write is uncommitted").containsExactly(List.of("old"));
		}
		assertThat(cachalot.query(READ)).as("after the rollback").containsExactly(List.of("old"));
	}

	@FunctionalInterface
	private interface SqlStep {

		void run(Statement statement) throws Exception;

	}

	/** H2: SQL BEGIN turns the driver's autocommit off until the transaction ends, also by JDBC commit() or rollback(). */
	@ParameterizedTest(name = "commit: {0}")
	@ValueSource(booleans = { true, false })
	void aJdbcEndOfATransactionBegunAsSqlTurnsAutocommitBackOn(boolean commit) throws Exception {
		CachalotFixture cachalot = fixture(TestDatabase.H2);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			statement.execute("BEGIN");
			assertThat(writer.getAutoCommit()).isFalse();
			if (commit) {
				writer.commit();
			}
			else {
				writer.rollback();
			}
			assertThat(writer.getAutoCommit()).as("H2 turned it back on").isTrue();
			statement.executeUpdate("UPDATE te_items SET name = 'new' WHERE id = 1"); // commits at once
			assertThat(cachalot.query(READ)).as("another connection after the committed write")
				.containsExactly(List.of("new"));
		}
	}

	/** Generated keys answer the statement that made them, whose connection is cachalot's. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "MARIADB" })
	void autocommitTurnedOffThroughTheStatementOfGeneratedKeys(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection writer = cachalot.dataSource().getConnection(); Statement statement = writer.createStatement()) {
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("old"));
			statement.executeUpdate("UPDATE te_items SET name = 'old' WHERE id = 1", Statement.RETURN_GENERATED_KEYS);
			Statement behind = statement.getGeneratedKeys().getStatement();
			assertThat(behind).isSameAs(statement);
			behind.getConnection().setAutoCommit(false);
			statement.executeUpdate("UPDATE te_items SET name = 'uncommitted' WHERE id = 1");
			assertThat(CachalotFixture.query(writer, READ)).containsExactly(List.of("uncommitted"));
			List<List<Object>> other = cachalot.query(READ);
			writer.rollback();
			writer.setAutoCommit(true);
			assertThat(other).as("another connection, while the write is uncommitted").containsExactly(List.of("old"));
		}
		assertThat(cachalot.query(READ)).containsExactly(List.of("old"));
	}
}
