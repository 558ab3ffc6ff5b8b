package io.github.cachalot.trust;

import java.sql.Connection;
import java.sql.Savepoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential.Answer;
import io.github.cachalot.trust.Differential.Side;

/**
 * Session state a read depends on: the search path, temporary tables, FOUND_ROWS(), a transaction
 * begun with SQL that outlives the borrower.
 */
class TrustSessionTest {

	private static final String DROP_SCHEMAS = "DROP SCHEMA IF EXISTS tr_common, tr_tenant_a, tr_tenant_b, tr_late CASCADE";

	private static Differential tenants(TestDatabase database) {
		return Differential.on(database)
			.setUp(DROP_SCHEMAS, "CREATE SCHEMA tr_common", "CREATE SCHEMA tr_tenant_a", "CREATE SCHEMA tr_tenant_b",
					"CREATE TABLE tr_tenant_a.tr_t (v VARCHAR(20))", "INSERT INTO tr_tenant_a.tr_t VALUES ('a')",
					"CREATE TABLE tr_tenant_b.tr_t (v VARCHAR(20))", "INSERT INTO tr_tenant_b.tr_t VALUES ('b')")
			.tearDown(DROP_SCHEMAS);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void eachTenantsSearchPathReadsItsOwnTable(TestDatabase database) {
		tenants(database).check(side -> {
			Connection a = side.open();
			Connection a2 = side.open();
			Connection b = side.open();
			side.exec(a, "SET search_path = tr_common, tr_tenant_a");
			side.exec(a2, "SET search_path = tr_common, tr_tenant_a");
			side.exec(b, "SET search_path = tr_common, tr_tenant_b");
			side.readAs("tenant a", a, "SELECT v FROM tr_t");
			side.readAs("tenant a, second session", a2, "SELECT v FROM tr_t");
			Answer answer = side.readAs("tenant b", b, "SELECT v FROM tr_t");
			side.sanity("b".equals(answer.value()), "tenant b reads 'b'");
			side.readAs("tenant a again", a, "SELECT v FROM tr_t");
		});
	}

	/**
	 * A search path set in one string with a write of another table: the reads after it resolve
	 * names by the new path. The other session on the old path reads after the string ran, so that
	 * an entry under the old path exists whatever the string invalidated.
	 */
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', value = {
			"POSTGRESQL | UPDATE tr_common.tr_other SET n = n + 1; SET search_path = tr_common, tr_tenant_b",
			"POSTGRESQL | SET search_path = tr_common, tr_tenant_b; UPDATE tr_common.tr_other SET n = n + 1" })
	void aSearchPathSetInOneStringWithAWriteResolvesTheReadsAfterIt(TestDatabase database, String string) {
		tenants(database)
			.setUp("CREATE TABLE tr_common.tr_other (n INT)", "INSERT INTO tr_common.tr_other VALUES (0)")
			.check(side -> {
				Connection session = side.open();
				Connection onA = side.open();
				side.exec(session, "SET search_path = tr_common, tr_tenant_a");
				side.exec(onA, "SET search_path = tr_common, tr_tenant_a");
				side.readAs("path a", session, "SELECT v FROM tr_t");
				side.exec(session, string);
				side.readAs("path a, other session, after the string", onA, "SELECT v FROM tr_t");
				Answer after = side.readAs("after the string", session, "SELECT v FROM tr_t");
				side.sanity("b".equals(after.value()), "the string set path b");
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void eachTenantsSchemaSetThroughJdbcReadsItsOwnTable(TestDatabase database) {
		tenants(database).check(side -> {
			Connection a = side.open();
			Connection a2 = side.open();
			Connection b = side.open();
			a.setSchema("tr_tenant_a");
			a2.setSchema("tr_tenant_a");
			b.setSchema("tr_tenant_b");
			side.readAs("tenant a", a, "SELECT v FROM tr_t");
			side.readAs("tenant a, second session", a2, "SELECT v FROM tr_t");
			side.readAs("tenant b", b, "SELECT v FROM tr_t");
			side.readAs("tenant a again", a, "SELECT v FROM tr_t");
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSchemaCreatedLaterInTheSearchPathTakesOverTheName(TestDatabase database) {
		Differential.on(database)
			.setUp(DROP_SCHEMAS, "CREATE SCHEMA tr_common", "CREATE TABLE tr_common.tr_t (v VARCHAR(20))",
					"INSERT INTO tr_common.tr_t VALUES ('common')")
			.tearDown(DROP_SCHEMAS)
			.check(side -> {
				Connection session = side.open();
				Connection same = side.open();
				Connection ddl = side.open();
				side.exec(session, "SET search_path = tr_late, tr_common");
				side.exec(same, "SET search_path = tr_late, tr_common");
				side.readAs("before tr_late exists", session, "SELECT v FROM tr_t");
				side.readAs("before tr_late exists, second session", same, "SELECT v FROM tr_t");
				side.exec(ddl, "CREATE SCHEMA tr_late", "CREATE TABLE tr_late.tr_t (v VARCHAR(20))",
						"INSERT INTO tr_late.tr_t VALUES ('late')");
				Answer answer = side.readAs("after tr_late.tr_t was created", session, "SELECT v FROM tr_t");
				side.sanity("late".equals(answer.value()), "the session now reads tr_late.tr_t");
				side.readAs("after tr_late.tr_t was created, second session", same, "SELECT v FROM tr_t");
			});
	}

	@ParameterizedTest(name = "{0}, temporary table made by {1}")
	@CsvSource({ "POSTGRESQL, DO", "POSTGRESQL, FUNCTION" })
	void aTemporaryTableMadeInPlpgsqlShadowsTheSharedTableInItsSessionOnly(TestDatabase database, String how) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_tmp", "CREATE TABLE tr_tmp (v VARCHAR(20))",
					"INSERT INTO tr_tmp VALUES ('shared')",
					"CREATE OR REPLACE FUNCTION tr_make_tmp() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
							+ "CREATE TEMP TABLE tr_tmp (v VARCHAR(20)); INSERT INTO tr_tmp VALUES ('private'); END $$")
			.tearDown("DROP TABLE IF EXISTS tr_tmp", "DROP FUNCTION IF EXISTS tr_make_tmp()")
			.check(side -> {
				Connection one = side.open();
				Connection two = side.open();
				Connection three = side.open();
				side.readAs("session 2 before", two, "SELECT v FROM tr_tmp");
				side.readAs("session 3 before", three, "SELECT v FROM tr_tmp");
				if (how.equals("DO")) {
					side.exec(one, "DO $$ BEGIN CREATE TEMP TABLE tr_tmp (v VARCHAR(20)); "
							+ "INSERT INTO tr_tmp VALUES ('private'); END $$");
				}
				else {
					side.exec(one, "SELECT tr_make_tmp()");
				}
				Answer own = side.readAs("session 1 (has the temporary table)", one, "SELECT v FROM tr_tmp");
				side.sanity("private".equals(own.value()), "session 1 reads its temporary table");
				side.readAs("session 1 again", one, "SELECT v FROM tr_tmp");
				Answer other = side.readAs("session 3 after", three, "SELECT v FROM tr_tmp");
				side.sanity("shared".equals(other.value()), "session 3 reads the shared table");
				side.readAs("session 2 after", two, "SELECT v FROM tr_tmp");
				side.readAs("session 1 last", one, "SELECT v FROM tr_tmp");
			});
	}

	@ParameterizedTest(name = "{0}, rollback to savepoint by {1}")
	@CsvSource({ "POSTGRESQL, SQL", "POSTGRESQL, JDBC" })
	void rollingBackToASavepointUndoesSetSearchPath(TestDatabase database, String how) {
		String drop = "DROP SCHEMA IF EXISTS tr_sp_a, tr_sp_b CASCADE";
		Differential.on(database)
			.setUp(drop, "CREATE SCHEMA tr_sp_a", "CREATE SCHEMA tr_sp_b", "CREATE TABLE tr_sp_a.tr_spt (v VARCHAR(20))",
					"INSERT INTO tr_sp_a.tr_spt VALUES ('a')", "CREATE TABLE tr_sp_b.tr_spt (v VARCHAR(20))",
					"INSERT INTO tr_sp_b.tr_spt VALUES ('b')")
			.tearDown(drop)
			.check(side -> {
				Connection session = side.open();
				Connection onA = side.open();
				Connection onB = side.open();
				Connection onB2 = side.open();
				side.exec(session, "SET search_path = tr_sp_a, public");
				side.exec(onA, "SET search_path = tr_sp_a, public");
				side.exec(onB, "SET search_path = tr_sp_b, public");
				side.exec(onB2, "SET search_path = tr_sp_b, public");
				side.readAs("path a", session, "SELECT v FROM tr_spt");
				side.readAs("path a, other session", onA, "SELECT v FROM tr_spt");
				side.readAs("path b", onB, "SELECT v FROM tr_spt");
				side.readAs("path b, other session", onB2, "SELECT v FROM tr_spt");
				session.setAutoCommit(false);
				side.readAs("in transaction, path a", session, "SELECT v FROM tr_spt");
				Savepoint savepoint = null;
				if (how.equals("SQL")) {
					side.exec(session, "SAVEPOINT tr_before_set");
				}
				else {
					savepoint = session.setSavepoint("tr_before_set");
				}
				side.exec(session, "SET search_path = tr_sp_b, public");
				side.readAs("after SET to b", session, "SELECT v FROM tr_spt");
				if (how.equals("SQL")) {
					side.exec(session, "ROLLBACK TO SAVEPOINT tr_before_set");
				}
				else {
					session.rollback(savepoint);
				}
				Answer back = side.readAs("after rollback to savepoint", session, "SELECT v FROM tr_spt");
				side.sanity("a".equals(back.value()), "the rollback restored path a");
				session.commit();
				session.setAutoCommit(true);
				side.readAs("after commit", session, "SELECT v FROM tr_spt");
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void foundRowsAnswersForTheLastStatementOfTheSession(TestDatabase database) {
		String page = "SELECT SQL_CALC_FOUND_ROWS * FROM tr_fr ORDER BY id LIMIT 1";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_fr", "CREATE TABLE tr_fr (id INT PRIMARY KEY)",
					"INSERT INTO tr_fr VALUES (1), (2), (3), (4), (5)")
			.tearDown("DROP TABLE IF EXISTS tr_fr")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				side.readAs("a", a, "SELECT id FROM tr_fr WHERE id <= 2");
				side.readAs("a", a, "SELECT FOUND_ROWS()");
				side.readAs("a", a, page);
				side.readAs("a", a, "SELECT FOUND_ROWS()");
				side.readAs("b", b, "SELECT id FROM tr_fr WHERE id <= 2");
				int before = side.executions();
				side.readAs("b, same page", b, page);
				side.cachalotMust(side.executions() == before + 1,
						"a page read with SQL_CALC_FOUND_ROWS is never a hit (it sets what FOUND_ROWS() says)");
				Answer found = side.readAs("b", b, "SELECT FOUND_ROWS()");
				side.sanity(Long.valueOf(5).equals(found.value()), "FOUND_ROWS() after the page is 5");
				before = side.executions();
				side.readAs("a, short read again", a, "SELECT id FROM tr_fr WHERE id <= 2");
				side.cachalotMust(side.executions() == before, "the short read is a hit");
				side.readAs("a, after a hit", a, "SELECT FOUND_ROWS()");
			});
	}

	private static Differential leak(TestDatabase database) {
		return Differential.on(database)
			.poolSize(2)
			.setUp("DROP TABLE IF EXISTS tr_leak", "CREATE TABLE tr_leak (id INT PRIMARY KEY, v VARCHAR(20))",
					"INSERT INTO tr_leak VALUES (1, 'old')")
			.tearDown("DROP TABLE IF EXISTS tr_leak");
	}

	private static final String LEAK_READ = "SELECT v FROM tr_leak WHERE id = 1";

	private static Object physical(Side side, Connection connection) throws Exception {
		return (side.database() == TestDatabase.POSTGRESQL) ? connection.unwrap(org.postgresql.PGConnection.class)
				: connection.unwrap(org.mariadb.jdbc.Connection.class);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aTransactionBegunWithSqlAndLeftOpenIsWhatTheNextBorrowerSees(TestDatabase database) {
		String begin = (database == TestDatabase.POSTGRESQL) ? "BEGIN" : "START TRANSACTION";
		leak(database).check(side -> {
			try (Connection warm = side.open()) {
				side.readAs("warm", warm, LEAK_READ);
			}
			try (Connection warm = side.open()) {
				side.readAs("warm, next borrower", warm, LEAK_READ);
			}
			Object leaked;
			try (Connection first = side.open()) {
				leaked = physical(side, first);
				side.exec(first, begin, "UPDATE tr_leak SET v = 'uncommitted' WHERE id = 1");
			} // closed without commit: the physical connection stays in the transaction
			try (Connection next = side.open()) {
				side.record("next borrower has the same physical connection", physical(side, next) == leaked);
				side.sanity(physical(side, next) == leaked, "the next borrower gets the same physical connection");
				Answer own = side.readAs("next borrower", next, LEAK_READ);
				side.sanity("uncommitted".equals(own.value()), "the next borrower sees the uncommitted row");
				try (Connection other = side.open()) {
					side.record("other session has another physical connection", physical(side, other) != leaked);
					Answer committed = side.readAs("other session", other, LEAK_READ);
					side.sanity("old".equals(committed.value()), "another session sees the committed row");
					side.readAs("other session again", other, LEAK_READ);
				}
				side.readAs("next borrower again", next, LEAK_READ);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aFailedTransactionBegunWithSqlFailsTheNextBorrowersRead(TestDatabase database) {
		leak(database).check(side -> {
			try (Connection warm = side.open()) {
				side.readAs("warm", warm, LEAK_READ);
			}
			try (Connection warm = side.open()) {
				side.readAs("warm, next borrower", warm, LEAK_READ);
			}
			Object leaked;
			try (Connection first = side.open()) {
				leaked = physical(side, first);
				side.exec(first, "BEGIN", "UPDATE tr_leak SET v = 'uncommitted' WHERE id = 1");
				side.attempt("an error in the transaction", () -> side.exec(first, "SELECT 1 / 0"));
			}
			try (Connection next = side.open()) {
				side.record("next borrower has the same physical connection", physical(side, next) == leaked);
				Answer answer = side.readAs("next borrower", next, LEAK_READ);
				side.sanity("25P02".equals(answer.sqlState()), "the next borrower's read fails with 25P02");
			}
		});
	}


	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void aTemporaryTableMadeInAProcedureShadowsTheSharedTableInItsSessionOnly(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_ptmp", "DROP PROCEDURE IF EXISTS tr_make_ptmp",
					"CREATE TABLE tr_ptmp (v VARCHAR(20))", "INSERT INTO tr_ptmp VALUES ('shared')",
					"CREATE PROCEDURE tr_make_ptmp() BEGIN CREATE TEMPORARY TABLE tr_ptmp (v VARCHAR(20)); "
							+ "INSERT INTO tr_ptmp VALUES ('private'); END")
			.tearDown("DROP TABLE IF EXISTS tr_ptmp", "DROP PROCEDURE IF EXISTS tr_make_ptmp")
			.check(side -> {
				Connection one = side.open();
				Connection two = side.open();
				side.readAs("session 2 before", two, "SELECT v FROM tr_ptmp");
				side.exec(one, "CALL tr_make_ptmp()");
				Answer own = side.readAs("session 1 (has the temporary table)", one, "SELECT v FROM tr_ptmp");
				side.sanity("private".equals(own.value()), "session 1 reads its temporary table");
				side.readAs("session 1 again", one, "SELECT v FROM tr_ptmp");
				Answer other = side.readAs("session 2 after", two, "SELECT v FROM tr_ptmp");
				side.sanity("shared".equals(other.value()), "session 2 reads the shared table");
				side.readAs("session 1 once more", one, "SELECT v FROM tr_ptmp");
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2" })
	void anH2SearchPathIsNotSharedWithOtherSessions(TestDatabase database) {
		String drop = "DROP SCHEMA IF EXISTS tr_h2a CASCADE";
		String dropB = "DROP SCHEMA IF EXISTS tr_h2b CASCADE";
		Differential.on(database)
			.setUp(drop, dropB, "CREATE SCHEMA tr_h2a", "CREATE TABLE tr_h2a.tr_h2t (v VARCHAR(20))",
					"INSERT INTO tr_h2a.tr_h2t VALUES ('a')", "CREATE SCHEMA tr_h2b",
					"CREATE TABLE tr_h2b.tr_h2t (v VARCHAR(20))", "INSERT INTO tr_h2b.tr_h2t VALUES ('b')")
			.tearDown(drop, dropB)
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				side.exec(a, "SET SCHEMA_SEARCH_PATH TR_H2A");
				side.exec(b, "SET SCHEMA_SEARCH_PATH TR_H2B");
				side.readAs("search path tr_h2a", a, "SELECT v FROM tr_h2t");
				side.readAs("search path tr_h2a again", a, "SELECT v FROM tr_h2t");
				Answer answer = side.readAs("search path tr_h2b", b, "SELECT v FROM tr_h2t");
				side.sanity("b".equals(answer.value()), "the search path finds tr_h2b.tr_h2t");
				side.readAs("search path tr_h2a once more", a, "SELECT v FROM tr_h2t");
			});
	}

}
