package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Which reads are answered from the cache, and that a hit reaches the database not at all. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ReadCachingTest {

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	@BeforeEach
	void createTables() {
		this.database.dropTables("rc_v_nested", "rc_v_books", "rc_books", "rc_authors");
		this.database.execute("CREATE TABLE rc_authors (id INT PRIMARY KEY, name VARCHAR(50))",
				"CREATE TABLE rc_books (id INT PRIMARY KEY, author_id INT, title VARCHAR(50), price DECIMAL(8,2))",
				"INSERT INTO rc_authors VALUES (1, 'Austen'), (2, 'Dickens')",
				"INSERT INTO rc_books VALUES (1, 1, 'Emma', 9.50), (2, 2, 'Hard Times', 7.00), (3, 1, 'Persuasion', 8.25)");
		this.cachalot = new CachalotFixture(this.database);
	}

	@Test
	void aRepeatedReadIsAnsweredWithoutReachingTheDatabase() {
		List<List<Object>> first = this.cachalot.query("SELECT id, title FROM rc_books ORDER BY id");
		int before = this.cachalot.databaseExecutions();
		List<List<Object>> second = this.cachalot.query("SELECT id, title FROM rc_books ORDER BY id");
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before);
		assertThat(second).isEqualTo(first).hasSize(3);
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(1);
		assertThat(this.cachalot.dataSource().statistics().misses()).isEqualTo(1);
	}

	@Test
	void plainStatementsAndExecuteAreCachedToo() throws Exception {
		for (int i = 0; i < 2; i++) {
			try (Connection connection = this.cachalot.dataSource().getConnection();
					Statement statement = connection.createStatement()) {
				assertThat(statement.execute("SELECT title FROM rc_books WHERE id = 1")).isTrue();
				try (ResultSet rs = statement.getResultSet()) {
					assertThat(rs.getStatement()).isSameAs(statement);
					assertThat(CachalotFixture.rows(rs)).containsExactly(List.of("Emma"));
				}
				assertThat(statement.getMoreResults()).isFalse();
				assertThat(statement.getUpdateCount()).isEqualTo(-1);
			}
		}
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(1);
	}

	@Test
	void readsWithDifferentParametersGetTheirOwnResults() {
		assertThat(this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 1)).containsExactly(List.of("Emma"));
		assertThat(this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 2))
			.containsExactly(List.of("Hard Times"));
		assertThat(this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 1)).containsExactly(List.of("Emma"));
		assertThat(this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 2))
			.containsExactly(List.of("Hard Times"));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(2);
	}

	@Test
	void parametersOfDifferentTypesAreDifferentKeys() {
		this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 1);
		this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", 1L);
		this.cachalot.query("SELECT title FROM rc_books WHERE id = ?", new java.math.BigDecimal("1"));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(3);
	}

	@Test
	void maxRowsIsPartOfTheKey() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection()) {
			for (int maxRows : new int[] { 0, 1, 0, 1 }) {
				try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM rc_books ORDER BY id")) {
					statement.setMaxRows(maxRows);
					try (ResultSet rs = statement.executeQuery()) {
						assertThat(CachalotFixture.rows(rs)).hasSize((maxRows == 0) ? 3 : 1);
					}
				}
			}
		}
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(2);
	}

	@Test
	void aWriteToAnyJoinedTableInvalidatesTheRead() {
		String join = "SELECT b.title, a.name FROM rc_books b JOIN rc_authors a ON a.id = b.author_id ORDER BY b.id";
		this.cachalot.query(join);
		this.cachalot.update("UPDATE rc_authors SET name = 'Jane Austen' WHERE id = 1");
		assertThat(this.cachalot.query(join).get(0)).containsExactly("Emma", "Jane Austen");
	}

	@Test
	void aWriteToATableInASubqueryInvalidatesTheRead() {
		String sql = "SELECT title FROM rc_books WHERE author_id IN (SELECT id FROM rc_authors WHERE name = 'Dickens')";
		assertThat(this.cachalot.query(sql)).containsExactly(List.of("Hard Times"));
		this.cachalot.update("UPDATE rc_authors SET name = 'Dickens' WHERE id = 1");
		assertThat(this.cachalot.query(sql)).hasSize(3);
	}

	@Test
	void aWriteInvalidatesOnlyReadsOfThatTable() {
		this.cachalot.query("SELECT name FROM rc_authors");
		this.cachalot.query("SELECT title FROM rc_books");
		this.cachalot.update("UPDATE rc_books SET price = 1 WHERE id = 1");
		int before = this.cachalot.databaseExecutions();
		this.cachalot.query("SELECT name FROM rc_authors");
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before);
		this.cachalot.query("SELECT title FROM rc_books");
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + 1);
	}

	@Test
	void schemaQualifiedAndQuotedSpellingsShareInvalidation() {
		String quote = (this.database == TestDatabase.MARIADB) ? "`" : "\"";
		String name = (this.database == TestDatabase.H2) ? "RC_BOOKS" : "rc_books";
		String read = "SELECT title FROM " + quote + name + quote + " WHERE id = 1";
		assertThat(this.cachalot.query(read)).containsExactly(List.of("Emma"));
		String schema = switch (this.database) {
			case POSTGRESQL -> "public.";
			case H2 -> "PUBLIC.";
			case MARIADB -> this.database.databaseName() + ".";
			case SQLITE -> "main.";
		};
		String table = (this.database == TestDatabase.MARIADB) ? "rc_books" : "RC_BOOKS";
		this.cachalot.update("UPDATE " + schema + table + " SET title = 'Emma!' WHERE id = 1");
		assertThat(this.cachalot.query(read)).containsExactly(List.of("Emma!"));
	}

	@Test
	void aReadOfAViewIsInvalidatedByWritesToItsBaseTables() {
		this.database.execute("CREATE VIEW rc_v_books AS SELECT b.title, a.name FROM rc_books b "
				+ "JOIN rc_authors a ON a.id = b.author_id",
				"CREATE VIEW rc_v_nested AS SELECT name FROM rc_v_books");
		String read = "SELECT name FROM rc_v_nested WHERE name = 'Dickens'";
		assertThat(this.cachalot.query(read)).hasSize(1);
		assertThat(this.cachalot.executionsOfRepeatedRead(read)).isZero();
		this.cachalot.update("INSERT INTO rc_books VALUES (4, 2, 'Bleak House', 9)");
		assertThat(this.cachalot.query(read)).hasSize(2);
		this.cachalot.update("UPDATE rc_authors SET name = 'Boz' WHERE id = 2");
		assertThat(this.cachalot.query(read)).isEmpty();
	}

	@Test
	void aReadOfAViewWithANonDeterministicDefinitionIsNotCached() {
		String now = (this.database == TestDatabase.SQLITE) ? "datetime('now')" : "CURRENT_TIMESTAMP";
		this.database.execute("CREATE VIEW rc_v_books AS SELECT title, " + now + " AS seen FROM rc_books");
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_v_books")).isEqualTo(1);
	}

	@Test
	void nonDeterministicReadsAreNeverCached() {
		String now = (this.database == TestDatabase.SQLITE) ? "datetime('now')" : "CURRENT_TIMESTAMP";
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title, " + now + " FROM rc_books")).isEqualTo(1);
	}

	@Test
	void randomReadsAreCachedOnlyWhenCacheRandomIsOn() {
		String random = switch (this.database) {
			case MARIADB -> "RAND()";
			default -> "RANDOM()";
		};
		String sql = "SELECT title FROM rc_books ORDER BY " + random;
		assertThat(this.cachalot.executionsOfRepeatedRead(sql)).isEqualTo(1);
		this.cachalot.settings().setCacheRandom(true);
		assertThat(this.cachalot.executionsOfRepeatedRead(sql)).isZero();
	}

	@Test
	void uncachableTablesAreNeverCachedAndWinOverOnlyCachableTables() {
		this.cachalot.settings().setUncachableTables(Set.of("RC_BOOKS"));
		this.cachalot.settings().setOnlyCachableTables(Set.of("rc_books", "rc_authors"));
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_books")).isEqualTo(1);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT name FROM rc_authors")).isZero();
	}

	@Test
	void onlyCachableTablesRequireEveryTableOfTheReadToBeListed() {
		this.cachalot.settings().setOnlyCachableTables(Set.of("rc_books"));
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_books")).isZero();
		assertThat(this.cachalot.executionsOfRepeatedRead(
				"SELECT b.title FROM rc_books b JOIN rc_authors a ON a.id = b.author_id")).isEqualTo(1);
	}

	@Test
	void resultsOverTheRowLimitAreNotKept() {
		this.cachalot.settings().setMaxResultRows(2);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT id FROM rc_books")).isEqualTo(1);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT id FROM rc_books WHERE id <= 2")).isZero();
	}

	@Test
	void resultsOverTheByteLimitAreNotKept() {
		this.cachalot.settings().setMaxResultBytes(16);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT id, title FROM rc_books")).isEqualTo(1);
	}

	@Test
	void aResultAbandonedHalfReadIsNotKept() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id FROM rc_books ORDER BY id")) {
			assertThat(rs.next()).isTrue();
		}
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT id FROM rc_books ORDER BY id")).isZero();
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(2);
	}

	@Test
	void whenDisabledNothingIsCachedButWritesStillInvalidate() {
		String read = "SELECT title FROM rc_books WHERE id = 1";
		this.cachalot.query(read);
		this.cachalot.settings().setEnabled(false);
		assertThat(this.cachalot.executionsOfRepeatedRead(read)).isEqualTo(1);
		this.cachalot.update("UPDATE rc_books SET title = 'Emma (disabled)' WHERE id = 1");
		this.cachalot.settings().setEnabled(true);
		assertThat(this.cachalot.query(read)).containsExactly(List.of("Emma (disabled)"));
	}

	@Test
	void aZeroTimeoutCachesNothing() {
		this.cachalot.settings().setTimeout(Duration.ZERO);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_books")).isEqualTo(1);
	}

	@Test
	void entriesExpireAfterTheTimeout() throws Exception {
		this.cachalot.settings().setTimeout(Duration.ofMillis(200));
		this.cachalot.query("SELECT title FROM rc_books");
		Thread.sleep(400);
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_books")).isZero();
		int before = this.cachalot.databaseExecutions();
		Thread.sleep(400);
		this.cachalot.query("SELECT title FROM rc_books");
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + 1);
	}

	@Test
	void settingsChangedAtRuntimeApplyToTheNextStatement() {
		String read = "SELECT title FROM rc_books";
		this.cachalot.query(read);
		this.cachalot.settings().setUncachableTables(Set.of("rc_books"));
		assertThat(this.cachalot.executionsOfRepeatedRead(read)).isEqualTo(1);
		this.cachalot.settings().setUncachableTables(Set.of());
		assertThat(this.cachalot.executionsOfRepeatedRead(read)).isZero();
	}

	@Test
	void flywayAndLiquibaseHistoryTablesAreUncachableByDefault() {
		assertThat(this.cachalot.settings().uncachableTables()).contains("flyway_schema_history",
				"databasechangelog", "databasechangeloglock");
	}

	@Test
	void anUnkeyableParameterMakesTheReadUncacheable() throws Exception {
		for (int i = 0; i < 2; i++) {
			try (Connection connection = this.cachalot.dataSource().getConnection();
					PreparedStatement statement = connection
						.prepareStatement("SELECT id FROM rc_books WHERE title = ?")) {
				statement.setCharacterStream(1, new java.io.StringReader("Emma"));
				try (ResultSet rs = statement.executeQuery()) {
					assertThat(CachalotFixture.rows(rs)).containsExactly(List.of(1L));
				}
			}
		}
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(2);
		assertThat(this.cachalot.dataSource().statistics().uncacheable()).containsKey("unkeyable parameter");
	}

	@Test
	void customKeyGeneratorsAreUsed() {
		java.util.List<String> queryKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.cachalot.settings().setQueryKeyGenerator((key) -> {
			String generated = "custom:" + io.github.cachalot.key.Sha256QueryKeyGenerator.INSTANCE.generate(key);
			queryKeys.add(generated);
			return generated;
		});
		java.util.List<String> tableKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.cachalot.settings().setTableKeyGenerator(new io.github.cachalot.key.TableKeyGenerator() {
			@Override
			public String tableKey(String dataSourceId, String table) {
				tableKeys.add(table);
				return "custom-table:" + dataSourceId + ":" + table;
			}

			@Override
			public String dataSourceKey(String dataSourceId) {
				return "custom-ds:" + dataSourceId;
			}
		});
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT title FROM rc_books")).isZero();
		assertThat(queryKeys).hasSize(2).allMatch((key) -> key.startsWith("custom:cachalot:q:"));
		assertThat(tableKeys).contains("rc_books");
		this.cachalot.update("UPDATE rc_books SET title = 'x' WHERE id = 1");
		assertThat(this.cachalot.query("SELECT title FROM rc_books WHERE id = 1")).containsExactly(List.of("x"));
	}

	@Test
	void aReadOfNoTableIsNotCached() {
		assertThat(this.cachalot.executionsOfRepeatedRead("SELECT 1")).as("a ping must reach the database").isEqualTo(1);
	}

	@Test
	void aPreparedStatementReExecutedWithNewParametersGetsEachResult() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT title FROM rc_books WHERE id = ?")) {
			for (int round = 0; round < 2; round++) {
				for (int id = 1; id <= 3; id++) {
					statement.setInt(1, id);
					try (ResultSet rs = statement.executeQuery()) {
						assertThat(rs.next()).isTrue();
						assertThat(rs.getString(1)).isEqualTo(List.of("Emma", "Hard Times", "Persuasion").get(id - 1));
						assertThat(rs.next()).isFalse();
					}
				}
			}
			statement.clearParameters();
			statement.setInt(1, 2);
			assertThat(statement.execute()).isTrue();
			assertThat(CachalotFixture.rows(statement.getResultSet())).containsExactly(List.of("Hard Times"));
		}
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(3);
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(4);
	}

	@Test
	void aSingleRowReadClosedWithoutAskingForTheEndIsKept() throws Exception {
		for (int i = 0; i < 2; i++) {
			try (Connection connection = this.cachalot.dataSource().getConnection();
					PreparedStatement statement = connection.prepareStatement("SELECT title FROM rc_books WHERE id = ?")) {
				statement.setInt(1, 1);
				ResultSet rs = statement.executeQuery();
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("Emma");
				if (i == 0) {
					rs.close();
				}
				// the second time the statement is closed without closing the result set
			}
		}
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(1);
	}

	@Test
	void closeOnCompletionIsHonouredForAnswersFromTheCache() throws Exception {
		this.cachalot.query("SELECT title FROM rc_books WHERE id = 1");
		try (Connection connection = this.cachalot.dataSource().getConnection()) {
			PreparedStatement statement = connection.prepareStatement("SELECT title FROM rc_books WHERE id = 1");
			statement.closeOnCompletion();
			assertThat(statement.isCloseOnCompletion()).isTrue();
			ResultSet rs = statement.executeQuery();
			assertThat(CachalotFixture.rows(rs)).containsExactly(List.of("Emma"));
			assertThat(statement.isClosed()).isFalse();
			rs.close();
			assertThat(statement.isClosed()).isTrue();
		}
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(1);
	}

	@Test
	void resultSetsOfReadsThatAreNotCachedStillAnswerTheProxyStatement() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement();
				PreparedStatement prepared = connection.prepareStatement("SELECT 1")) {
			try (ResultSet rs = prepared.executeQuery()) {
				assertThat(rs.getStatement()).isSameAs(prepared);
				assertThat(rs.getStatement().getConnection()).isSameAs(connection);
			}
			assertThat(statement.execute("UPDATE rc_books SET price = price WHERE id = 1")).isFalse();
			assertThat(statement.execute("SELECT 1")).isTrue();
			ResultSet rs = statement.getResultSet();
			assertThat(rs.getStatement()).isSameAs(statement);
			assertThat(statement.getResultSet()).isSameAs(rs);
			assertThat(CachalotFixture.rows(rs)).containsExactly(List.of(1L));
			assertThat(statement.getMoreResults()).isFalse();
		}
	}

	@Test
	void rowsReadThroughTheDriversOwnResultSetAreNeverTakenForTheWholeResult() throws Exception {
		String sql = "SELECT id FROM rc_books ORDER BY id";
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			assertThat(rs.next()).isTrue();
			ResultSet raw = rs.unwrap(ResultSet.class).isWrapperFor(ResultSet.class) ? rawOf(rs) : rs;
			while (raw.next()) {
				// read the rest through the driver's object
			}
		}
		assertThat(this.cachalot.query(sql)).hasSize(3);
	}

	private static ResultSet rawOf(ResultSet rs) throws java.sql.SQLException {
		for (String name : new String[] { "org.h2.jdbc.JdbcResultSet", "org.postgresql.jdbc.PgResultSet",
				"org.mariadb.jdbc.client.result.Result", "org.sqlite.jdbc4.JDBC4ResultSet" }) {
			try {
				Class<?> type = Class.forName(name);
				if (rs.isWrapperFor(type)) {
					return (ResultSet) rs.unwrap(type);
				}
			}
			catch (ClassNotFoundException ex) {
				// another driver
			}
		}
		throw new IllegalStateException("no driver result set under " + rs);
	}

	@Test
	void aStatementThatClosesOnCompletionCanBeReExecutedAfterAHit() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement warm = connection.createStatement();
				ResultSet cached = warm.executeQuery("SELECT title FROM rc_books WHERE id = 1")) {
			CachalotFixture.rows(cached); // read to the end: cached, for plain statements
		}
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.closeOnCompletion();
			ResultSet first = statement.executeQuery("SELECT title FROM rc_books WHERE id = 1");
			assertThat(first.next()).isTrue();
			// re-executing closes the previous result implicitly, which does not close the statement
			try (ResultSet second = statement.executeQuery("SELECT title FROM rc_books WHERE id = 2")) {
				assertThat(CachalotFixture.rows(second)).containsExactly(List.of("Hard Times"));
			}
		}
	}

}
