package io.github.cachalot.invalidation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What DatabaseCatalog learns from the real catalogs: triggers and rules (write effects), sequences
 * (never cacheable), user functions shadowing built-ins, the session's temporary tables, and that
 * its look-ups are bounded.
 */
class DatabaseCatalogTest {

	private static final String[] TABLES = { "cat_seq_view", "cat_items", "cat_audit", "cat_audit_log", "cat_counts",
			"cat_auto" };

	private final DatabaseCatalog catalog = new DatabaseCatalog(new SqlAnalyzer());

	private TestDatabase database;

	private Connection connection;

	@AfterEach
	void cleanUp() throws SQLException {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.database == null) {
			return;
		}
		switch (this.database) {
			case POSTGRESQL -> quietly("DROP FUNCTION IF EXISTS cat_audit_fn() CASCADE",
					"DROP FUNCTION IF EXISTS cat_log_fn() CASCADE", "DROP FUNCTION IF EXISTS cat_helper() CASCADE",
					"DROP FUNCTION IF EXISTS cat_dynamic_fn() CASCADE", "DROP FUNCTION IF EXISTS cat_calling_fn() CASCADE",
					"DROP FUNCTION IF EXISTS cat_total(integer)", "DROP FUNCTION IF EXISTS json_x(text)",
					"DROP FUNCTION IF EXISTS public.lower(integer)", "DROP FUNCTION IF EXISTS cat_make_temp()",
					"DROP SEQUENCE IF EXISTS cat_seq CASCADE");
			case MARIADB -> quietly("DROP PROCEDURE IF EXISTS cat_touch", "DROP PROCEDURE IF EXISTS cat_make_temp",
					"DROP PROCEDURE IF EXISTS cat_plain", "DROP PROCEDURE IF EXISTS cat_calls_other",
					"DROP FUNCTION IF EXISTS cat_total", "DROP SEQUENCE IF EXISTS cat_seq");
			case H2 -> quietly("DROP ALIAS IF EXISTS cat_total", "DROP SEQUENCE IF EXISTS cat_seq");
			default -> {
			}
		}
		this.database.dropTables(TABLES);
	}

	private Connection open(TestDatabase database) throws SQLException {
		this.database = database;
		database.dropTables(TABLES);
		this.connection = database.dataSource().getConnection();
		return this.connection;
	}

	private void execute(String... sql) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

	private void quietly(String... sql) {
		for (String each : sql) {
			try {
				this.database.execute(each);
			}
			catch (IllegalStateException ignored) {
				// not there
			}
		}
	}

	private Optional<Set<String>> writeEffects(String... tables) {
		return this.catalog.writeEffects(this.connection, Set.of(tables), false, () -> {
		});
	}

	private Optional<Set<String>> readDependencies(String... tables) {
		return this.catalog.readDependencies(this.connection, Set.of(tables), false, () -> {
		});
	}

	private void createItemsAndAudit() throws SQLException {
		execute("CREATE TABLE cat_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"CREATE TABLE cat_audit (item_id INT, action VARCHAR(10))", "CREATE TABLE cat_audit_log (item_id INT)",
				"CREATE TABLE cat_counts (n INT)");
	}

	// triggers

	@Test
	void aPostgresTriggerWritesItsTablesTransitively() throws SQLException {
		open(TestDatabase.POSTGRESQL);
		createItemsAndAudit();
		execute("""
				CREATE FUNCTION cat_audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					-- built-ins are fine: they write no table
					IF TG_OP = 'DELETE' THEN
						INSERT INTO public.cat_audit (item_id, action) VALUES (OLD.id, lower('DELETE'));
						RETURN OLD;
					END IF;
					INSERT INTO cat_audit (item_id, action) VALUES (NEW.id, 'upsert');
					RETURN NEW;
				END $$""", """
				CREATE FUNCTION cat_log_fn() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					UPDATE cat_counts SET n = n + 1 WHERE now() IS NOT NULL;
					INSERT INTO "CAT_AUDIT_LOG" (item_id) SELECT NEW.item_id ON CONFLICT DO NOTHING;
					RETURN NEW;
				END $$""",
				"CREATE TRIGGER cat_items_audit AFTER INSERT OR UPDATE OR DELETE ON cat_items "
						+ "FOR EACH ROW EXECUTE FUNCTION cat_audit_fn()",
				"CREATE TRIGGER cat_audit_log AFTER INSERT ON cat_audit FOR EACH ROW "
						+ "WHEN (NEW.item_id > abs(0)) EXECUTE FUNCTION cat_log_fn()");
		// the audit trigger's insert fires the log trigger: both count
		assertThat(writeEffects("cat_items")).contains(Set.of("cat_items", "cat_audit", "cat_counts", "cat_audit_log"));
		assertThat(writeEffects("cat_counts")).contains(Set.of("cat_counts"));
	}

	@Test
	void aPostgresTriggerWithDynamicSqlOrUserCallsHasUnknownEffects() throws SQLException {
		open(TestDatabase.POSTGRESQL);
		createItemsAndAudit();
		execute("CREATE FUNCTION cat_helper() RETURNS void LANGUAGE sql AS 'DELETE FROM cat_counts'", """
				CREATE FUNCTION cat_dynamic_fn() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					EXECUTE format('INSERT INTO %I VALUES ($1)', TG_ARGV[0]) USING NEW.id;
					RETURN NEW;
				END $$""", """
				CREATE FUNCTION cat_calling_fn() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					PERFORM cat_helper();
					RETURN NEW;
				END $$""",
				"CREATE TRIGGER cat_dynamic AFTER INSERT ON cat_audit FOR EACH ROW EXECUTE FUNCTION cat_dynamic_fn('cat_counts')",
				"CREATE TRIGGER cat_calling AFTER INSERT ON cat_audit_log FOR EACH ROW EXECUTE FUNCTION cat_calling_fn()");
		assertThat(writeEffects("cat_audit")).isEmpty();
		assertThat(writeEffects("cat_audit_log")).isEmpty();
		assertThat(writeEffects("cat_items")).contains(Set.of("cat_items"));
	}

	@Test
	void aPostgresRuleHasUnknownEffects() throws SQLException {
		open(TestDatabase.POSTGRESQL);
		createItemsAndAudit();
		execute("CREATE RULE cat_rule AS ON INSERT TO cat_items DO ALSO INSERT INTO cat_audit VALUES (NEW.id, 'rule')");
		assertThat(writeEffects("cat_items")).isEmpty();
	}

	@Test
	void mariaDbTriggerBodiesAreAnalysedStatementByStatement() throws SQLException {
		open(TestDatabase.MARIADB);
		createItemsAndAudit();
		execute("CREATE TRIGGER cat_items_audit AFTER INSERT ON cat_items FOR EACH ROW "
				+ "INSERT INTO cat_audit (item_id, action) VALUES (NEW.id, 'insert')", """
				CREATE TRIGGER cat_items_counts AFTER DELETE ON cat_items FOR EACH ROW BEGIN
					UPDATE cat_counts SET n = n - 1; # a comment; with a semicolon
					DELETE FROM cat_audit_log WHERE item_id = OLD.id AND 'x;y' <> '';
				END""",
				"CREATE PROCEDURE cat_touch() MODIFIES SQL DATA DELETE FROM cat_counts",
				"CREATE TRIGGER cat_audit_call AFTER INSERT ON cat_audit FOR EACH ROW CALL cat_touch()");
		assertThat(writeEffects("cat_items")).isEmpty(); // cat_audit's trigger calls a procedure
		execute("DROP TRIGGER cat_audit_call");
		this.catalog.clear();
		assertThat(writeEffects("cat_items")).contains(Set.of("cat_items", "cat_audit", "cat_counts", "cat_audit_log"));
	}

	@Test
	void mariaDbTriggerControlFlowHasUnknownEffects() throws SQLException {
		open(TestDatabase.MARIADB);
		createItemsAndAudit();
		execute("""
				CREATE TRIGGER cat_items_check BEFORE INSERT ON cat_items FOR EACH ROW BEGIN
					IF NEW.id < 0 THEN
						INSERT INTO cat_audit (item_id) VALUES (NEW.id);
					END IF;
				END""");
		assertThat(writeEffects("cat_items")).isEmpty();
	}

	@Test
	void sqliteTriggerBodiesAreAnalysed() throws SQLException {
		open(TestDatabase.SQLITE);
		createItemsAndAudit();
		execute("""
				CREATE TRIGGER cat_items_audit AFTER UPDATE OF name ON cat_items FOR EACH ROW WHEN NEW.name <> 'end'
				BEGIN
					INSERT INTO cat_audit (item_id, action) VALUES (NEW.id, 'begin; end');
					UPDATE cat_counts SET n = n + 1;
				END""");
		assertThat(writeEffects("cat_items")).contains(Set.of("cat_items", "cat_audit", "cat_counts"));
	}

	@Test
	void h2JavaTriggersHaveUnknownEffects() throws SQLException {
		open(TestDatabase.H2);
		createItemsAndAudit();
		assertThat(writeEffects("cat_items")).contains(Set.of("cat_items"));
		execute("CREATE TRIGGER cat_items_java AFTER INSERT ON cat_items FOR EACH ROW CALL \""
				+ NoOpTrigger.class.getName() + "\"");
		this.catalog.clear();
		assertThat(writeEffects("cat_items")).isEmpty();
	}

	/** An H2 trigger: Java code, whatever it writes cannot be read from the catalog. */
	public static class NoOpTrigger implements org.h2.api.Trigger {

		@Override
		public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
		}

	}

	// sequences

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void readsOfSequencesAreNeverCacheable(TestDatabase database) throws SQLException {
		open(database);
		execute("CREATE TABLE cat_items (id INT PRIMARY KEY)", "CREATE SEQUENCE cat_seq");
		assertThat(readDependencies("cat_items")).contains(Set.of("cat_items"));
		assertThat(readDependencies("cat_items", "cat_seq")).isEmpty();
		assertThat(readDependencies("cat_seq")).isEmpty(); // remembered
		if (database == TestDatabase.POSTGRESQL) {
			execute("CREATE VIEW cat_seq_view AS SELECT last_value FROM cat_seq");
			assertThat(readDependencies("cat_seq_view")).isEmpty();
		}
	}

	@Test
	void sqliteSequenceIsNeverCacheable() throws SQLException {
		open(TestDatabase.SQLITE);
		execute("CREATE TABLE cat_auto (id INTEGER PRIMARY KEY AUTOINCREMENT)", "INSERT INTO cat_auto DEFAULT VALUES");
		assertThat(readDependencies("cat_auto")).contains(Set.of("cat_auto"));
		assertThat(readDependencies("sqlite_sequence")).isEmpty();
	}

	// functions

	@Test
	void postgresFunctionsMustBeImmutableBuiltInsWithoutShadows() throws SQLException {
		open(TestDatabase.POSTGRESQL);
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower", "abs", "coalesce"))).isTrue();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("pg_catalog.lower"))).isTrue();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of())).isTrue();
		// stable (depends on the session's time zone or settings), volatile, unknown, other schemas
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("to_char"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("current_setting"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower", "random"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("cat_no_such_function"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("public.lower"))).isFalse();
		execute("CREATE FUNCTION cat_total(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
				"CREATE FUNCTION json_x(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
				"CREATE FUNCTION public.lower(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1'");
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("cat_total"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("json_x"))).isFalse();
		// remembered until DDL clears the catalog
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower"))).isTrue();
		this.catalog.clear();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower"))).isFalse();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("pg_catalog.lower"))).isTrue();
	}

	@Test
	void mariaDbFunctionsMustNotBeStoredRoutines() throws SQLException {
		open(TestDatabase.MARIADB);
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower", "abs"))).isTrue();
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("test.lower"))).isFalse();
		execute("CREATE FUNCTION cat_total(x INT) RETURNS INT DETERMINISTIC RETURN x");
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower", "cat_total"))).isFalse();
	}

	@Test
	void h2FunctionsMustNotBeAliases() throws SQLException {
		open(TestDatabase.H2);
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower"))).isTrue();
		execute("CREATE ALIAS cat_total FOR \"java.lang.Math.abs(int)\"");
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("cat_total"))).isFalse();
	}

	// temporary tables

	@Test
	void postgresTemporaryTablesOfTheSessionAreSeen() throws SQLException {
		open(TestDatabase.POSTGRESQL);
		execute("DISCARD TEMP");
		assertThat(this.catalog.hasTemporaryTables(this.connection)).isFalse();
		try {
			// created where the statement text does not say so
			execute("DO $$ BEGIN CREATE TEMP TABLE cat_tmp (id int); END $$");
			assertThat(this.catalog.hasTemporaryTables(this.connection)).isTrue();
			try (Connection other = this.database.dataSource().getConnection()) {
				assertThat(this.catalog.hasTemporaryTables(other)).isFalse(); // per session
			}
			execute("DROP TABLE cat_tmp");
			assertThat(this.catalog.hasTemporaryTables(this.connection)).isFalse();
			execute("CREATE FUNCTION cat_make_temp() RETURNS int LANGUAGE plpgsql AS $$ "
					+ "BEGIN CREATE TEMP TABLE cat_tmp2 (id int); RETURN 1; END $$", "SELECT cat_make_temp()");
			assertThat(this.catalog.hasTemporaryTables(this.connection)).isTrue();
		}
		finally {
			execute("DISCARD TEMP");
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "SQLITE" })
	void temporaryTablesOfTheSessionAreSeen(TestDatabase database) throws SQLException {
		open(database);
		assertThat(this.catalog.hasTemporaryTables(this.connection)).isFalse();
		String create = (database == TestDatabase.H2) ? "CREATE LOCAL TEMPORARY TABLE cat_tmp (id INT)"
				: "CREATE TEMP TABLE cat_tmp (id INT)";
		execute(create);
		try {
			assertThat(this.catalog.hasTemporaryTables(this.connection)).isTrue();
		}
		finally {
			execute("DROP TABLE cat_tmp");
		}
		assertThat(this.catalog.hasTemporaryTables(this.connection)).isFalse();
	}

	@Test
	void mariaDbProceduresThatMayCreateTemporaryTablesAreTold() throws SQLException {
		open(TestDatabase.MARIADB);
		execute("CREATE TABLE cat_items (id INT PRIMARY KEY)",
				"CREATE PROCEDURE cat_make_temp() BEGIN CREATE TEMPORARY TABLE cat_tmp (id INT); END",
				"CREATE PROCEDURE cat_plain() BEGIN INSERT INTO cat_items VALUES (1); /* temporary? no */ END",
				"CREATE PROCEDURE cat_calls_other() BEGIN CALL cat_plain(); END");
		assertThat(this.catalog.mayCreateTemporaryTables(this.connection, "cat_make_temp")).isTrue();
		assertThat(this.catalog.mayCreateTemporaryTables(this.connection, "cat_plain")).isFalse();
		assertThat(this.catalog.mayCreateTemporaryTables(this.connection, this.connection.getCatalog() + ".cat_plain"))
			.isFalse();
		assertThat(this.catalog.mayCreateTemporaryTables(this.connection, "cat_calls_other")).isTrue();
		assertThat(this.catalog.mayCreateTemporaryTables(this.connection, "cat_no_such_procedure")).isTrue();
	}

	// bounded look-ups

	@Test
	void everyCatalogQueryHasATimeout() throws SQLException {
		open(TestDatabase.H2);
		createItemsAndAudit();
		execute("CREATE SEQUENCE cat_seq");
		List<Integer> timeouts = new ArrayList<>();
		Connection recording = recordingTimeouts(this.connection, timeouts);
		this.catalog.readDependencies(recording, Set.of("cat_items", "cat_seq"), false, () -> {
		});
		this.catalog.writeEffects(recording, Set.of("cat_items"), false, () -> {
		});
		this.catalog.areCacheableFunctions(recording, Set.of("lower"));
		this.catalog.hasTemporaryTables(recording);
		assertThat(timeouts).isNotEmpty().allSatisfy((timeout) -> assertThat(timeout).isEqualTo(5));
	}

	@Test
	void aFailedLookUpAnswersUnknown() throws SQLException {
		open(TestDatabase.H2);
		Connection closed = TestDatabase.H2.dataSource().getConnection();
		closed.close();
		assertThat(this.catalog.writeEffects(closed, Set.of("cat_items"), false, () -> {
		})).isEmpty();
		assertThat(this.catalog.areCacheableFunctions(closed, Set.of("lower"))).isFalse();
		assertThat(this.catalog.hasTemporaryTables(closed)).isTrue();
		// nothing remembered from the failure
		assertThat(this.catalog.areCacheableFunctions(this.connection, Set.of("lower"))).isTrue();
	}

	/**
	 * A connection that records, for every statement prepared on it, the query timeout set on it (0
	 * when none was), so that a statement without one shows up.
	 */
	private static Connection recordingTimeouts(Connection connection, List<Integer> timeouts) {
		InvocationHandler connectionHandler = (proxy, method, args) -> {
			Object result = invoke(method, connection, args);
			if (result instanceof PreparedStatement statement) {
				int index = timeouts.size();
				timeouts.add(0);
				return Proxy.newProxyInstance(DatabaseCatalogTest.class.getClassLoader(),
						new Class<?>[] { PreparedStatement.class }, (p, m, a) -> {
							if (m.getName().equals("setQueryTimeout")) {
								timeouts.set(index, (Integer) a[0]);
							}
							return invoke(m, statement, a);
						});
			}
			return result;
		};
		return (Connection) Proxy.newProxyInstance(DatabaseCatalogTest.class.getClassLoader(),
				new Class<?>[] { Connection.class }, connectionHandler);
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
