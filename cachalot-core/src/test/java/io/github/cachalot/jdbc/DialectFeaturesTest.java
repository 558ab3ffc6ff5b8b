package io.github.cachalot.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour that depends on SQL features only some databases have, each on those that have it. */
class DialectFeaturesTest {

	private static final String COUNT = "SELECT COUNT(*) FROM df_items";

	private static CachalotFixture fixture(TestDatabase database) {
		database.dropTables("df_items", "df_copy", "df_other");
		database.execute("CREATE TABLE df_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO df_items VALUES (1, 'one'), (2, 'two')", "CREATE TABLE df_other (id INT PRIMARY KEY)");
		CachalotFixture cachalot = new CachalotFixture(database);
		assertThat(cachalot.executionsOfRepeatedRead(COUNT)).isZero();
		return cachalot;
	}

	private static long count(CachalotFixture cachalot) {
		return (Long) cachalot.query(COUNT).get(0).get(0);
	}

	private static void execute(CachalotFixture cachalot, String sql) throws Exception {
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void lockingReadsAreNeverCached(TestDatabase database) {
		CachalotFixture cachalot = fixture(database);
		assertThat(cachalot.executionsOfRepeatedRead("SELECT name FROM df_items WHERE id = 1 FOR UPDATE"))
			.isEqualTo(1);
		if (database != TestDatabase.H2) {
			String share = (database == TestDatabase.MARIADB) ? "LOCK IN SHARE MODE" : "FOR SHARE";
			assertThat(cachalot.executionsOfRepeatedRead("SELECT name FROM df_items WHERE id = 1 " + share))
				.isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aMultiStatementStringInvalidatesEveryTableItWrites(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		execute(cachalot, "INSERT INTO df_other VALUES (1); DELETE FROM df_items WHERE id = 2");
		assertThat(count(cachalot)).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "SQLITE" })
	void insertReturningRunThroughExecuteQueryIsAWrite(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection connection = cachalot.dataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("INSERT INTO df_items VALUES (3, 'three') RETURNING id");
				ResultSet rs = statement.executeQuery()) {
			assertThat(CachalotFixture.rows(rs)).containsExactly(List.of(3L));
		}
		assertThat(count(cachalot)).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aDataModifyingCteIsAWrite(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("WITH gone AS (DELETE FROM df_items WHERE id = 1 RETURNING id) SELECT id FROM gone")) {
			assertThat(CachalotFixture.rows(rs)).containsExactly(List.of(1L));
		}
		assertThat(count(cachalot)).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void selectIntoWritesItsTarget(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		execute(cachalot, "SELECT * INTO df_copy FROM df_items");
		String copy = "SELECT COUNT(*) FROM df_copy";
		assertThat(cachalot.query(copy).get(0).get(0)).isEqualTo(2L);
		execute(cachalot, "DROP TABLE df_copy");
		execute(cachalot, "SELECT * INTO df_copy FROM df_items WHERE id = 1");
		assertThat(cachalot.query(copy).get(0).get(0)).isEqualTo(1L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aProcedureCallInvalidatesTheDataSource(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.execute("DROP PROCEDURE IF EXISTS df_purge");
		database.execute((database == TestDatabase.POSTGRESQL)
				? "CREATE PROCEDURE df_purge(keep INT) LANGUAGE SQL AS $$ DELETE FROM df_items WHERE id <> keep $$"
				: "CREATE PROCEDURE df_purge(keep INT) DELETE FROM df_items WHERE id <> keep");
		try (Connection connection = cachalot.dataSource().getConnection();
				CallableStatement call = connection
					.prepareCall((database == TestDatabase.POSTGRESQL) ? "CALL df_purge(?)" : "{call df_purge(?)}")) {
			call.setInt(1, 2);
			call.execute();
		}
		assertThat(count(cachalot)).isEqualTo(1);
		execute(cachalot, "CALL df_purge(0)");
		assertThat(count(cachalot)).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "SQLITE" })
	void sqlLevelTransactionControlIsFollowed(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute((database == TestDatabase.MARIADB) ? "START TRANSACTION" : "BEGIN");
			statement.executeUpdate("DELETE FROM df_items WHERE id = 1");
			assertThat(count(cachalot)).as("not yet committed").isEqualTo(2);
			statement.execute("COMMIT");
		}
		assertThat(count(cachalot)).isEqualTo(1);
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute((database == TestDatabase.MARIADB) ? "START TRANSACTION" : "BEGIN");
			statement.executeUpdate("DELETE FROM df_items WHERE id = 2");
			statement.execute("ROLLBACK");
		}
		assertThat(cachalot.executionsOfRepeatedRead(COUNT)).isZero();
		assertThat(count(cachalot)).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void readsInsideAReadCommittedTransactionPopulateTheCache(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		cachalot.dataSource().invalidateAll();
		try (Connection connection = cachalot.dataSource().getConnection()) {
			connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			connection.setAutoCommit(false);
			CachalotFixture.query(connection, COUNT);
			connection.commit();
			connection.setAutoCommit(true);
		}
		int before = cachalot.databaseExecutions();
		cachalot.query(COUNT);
		assertThat(cachalot.databaseExecutions()).isEqualTo(before);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void inARepeatableReadTransactionNothingIsAHitAndOnlyTheFirstStatementsResultIsStored(TestDatabase database)
			throws Exception {
		CachalotFixture cachalot = fixture(database);
		cachalot.query(COUNT); // cached for everyone
		try (Connection connection = cachalot.dataSource().getConnection()) {
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			connection.setAutoCommit(false);
			int before = cachalot.databaseExecutions();
			CachalotFixture.query(connection, "SELECT name FROM df_items");
			CachalotFixture.query(connection, COUNT);
			CachalotFixture.query(connection, COUNT);
			assertThat(cachalot.databaseExecutions()).as("a hit could mix another moment into the snapshot")
				.isEqualTo(before + 3);
			CachalotFixture.query(connection, "SELECT id FROM df_items");
			connection.commit();
			connection.setAutoCommit(true);
			connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		int before = cachalot.databaseExecutions();
		cachalot.query("SELECT name FROM df_items");
		assertThat(cachalot.databaseExecutions()).as("the first statement took the snapshot: stored")
			.isEqualTo(before);
		cachalot.query("SELECT id FROM df_items");
		assertThat(cachalot.databaseExecutions()).as("a later statement read an older snapshot: not stored")
			.isEqualTo(before + 1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "H2" })
	void theSessionSchemaIsPartOfTheKey(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		String defaultSchema = (database == TestDatabase.H2) ? "PUBLIC" : "public";
		String otherSchema = (database == TestDatabase.H2) ? "DF_OTHER_SCHEMA" : "df_other_schema";
		database.execute("DROP SCHEMA IF EXISTS df_other_schema CASCADE", "CREATE SCHEMA df_other_schema",
				"CREATE TABLE df_other_schema.df_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO df_other_schema.df_items VALUES (1, 'elsewhere')");
		try (Connection connection = cachalot.dataSource().getConnection()) {
			String read = "SELECT name FROM df_items WHERE id = 1";
			assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("one"));
			connection.setSchema(otherSchema);
			try {
				assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("elsewhere"));
				assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("elsewhere"));
			}
			finally {
				connection.setSchema(defaultSchema);
			}
			assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("one"));
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aSessionStatementThatChangesTheSchemaIsFollowed(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		String create = (database == TestDatabase.MARIADB) ? "DATABASE" : "SCHEMA";
		database.execute("DROP " + create + " IF EXISTS df_switch" + ((database == TestDatabase.MARIADB) ? "" : " CASCADE"),
				"CREATE " + create + " df_switch", "CREATE TABLE df_switch.df_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO df_switch.df_items VALUES (1, 'switched')");
		String use = switch (database) {
			case POSTGRESQL -> "SET search_path TO df_switch";
			case MARIADB -> "USE df_switch";
			default -> "SET SCHEMA DF_SWITCH";
		};
		String back = switch (database) {
			case POSTGRESQL -> "SET search_path TO public";
			case MARIADB -> "USE " + database.databaseName();
			default -> "SET SCHEMA PUBLIC";
		};
		try (Connection connection = cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			String read = "SELECT name FROM df_items WHERE id = 1";
			assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("one"));
			statement.execute(use);
			try {
				assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("switched"));
			}
			finally {
				statement.execute(back);
			}
			assertThat(CachalotFixture.query(connection, read)).containsExactly(List.of("one"));
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aScrollableStatementGetsAScrollableCachedResult(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		String sql = "SELECT id FROM df_items ORDER BY id";
		for (int i = 0; i < 2; i++) {
			try (Connection connection = cachalot.dataSource().getConnection();
					Statement statement = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
							ResultSet.CONCUR_READ_ONLY);
					ResultSet rs = statement.executeQuery(sql)) {
				assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
				if (i == 0) {
					// recorded while the caller walks forward
					assertThat(CachalotFixture.rows(rs)).hasSize(2);
					continue;
				}
				assertThat(rs.last()).isTrue();
				assertThat(rs.getInt(1)).isEqualTo(2);
				assertThat(rs.getRow()).isEqualTo(2);
				assertThat(rs.absolute(1)).isTrue();
				assertThat(rs.getInt(1)).isEqualTo(1);
				assertThat(rs.previous()).isFalse();
				rs.beforeFirst();
				assertThat(CachalotFixture.rows(rs)).hasSize(2);
			}
		}
		assertThat(cachalot.dataSource().statistics().hits()).isEqualTo(2);
	}

}
