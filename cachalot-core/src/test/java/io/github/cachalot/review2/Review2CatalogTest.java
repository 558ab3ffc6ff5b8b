package io.github.cachalot.review2;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;

/** Second review: functions in view bodies, catalog queries as side effects, SET and hits. */
class Review2CatalogTest {

	/**
	 * A view calls {@code upper(v)} on an integer column: no built-in takes an integer, so it resolves
	 * to a user function that reads another table. A direct read of {@code upper(v)} is checked in the
	 * catalog and bypasses; the view's body is not checked, and its result goes stale.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aViewCallingAUserOverloadOfABuiltInGoesStale(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_vt (id INT PRIMARY KEY, v INT)", "INSERT INTO r2_vt VALUES (1, 10)",
					"CREATE TABLE r2_secret (x INT)", "INSERT INTO r2_secret VALUES (1)",
					"CREATE FUNCTION public.upper(integer) RETURNS text LANGUAGE sql STABLE AS "
							+ "'select max(x)::text from r2_secret'",
					"CREATE VIEW r2_view AS SELECT id, upper(v) AS u FROM r2_vt")
			.tearDown("DROP VIEW IF EXISTS r2_view", "DROP FUNCTION IF EXISTS public.upper(integer)",
					"DROP TABLE IF EXISTS r2_vt", "DROP TABLE IF EXISTS r2_secret")
			.check(side -> {
				Connection c = side.open();
				side.read(c, "SELECT u FROM r2_view WHERE id = 1");
				side.read(c, "SELECT u FROM r2_view WHERE id = 1");
				side.exec(c, "UPDATE r2_secret SET x = 2");
				side.read(c, "SELECT u FROM r2_view WHERE id = 1");
			});
	}

	/**
	 * MariaDB: the first write to a table looks up its triggers on the caller's own session, just
	 * before the write: FOUND_ROWS() then describes cachalot's catalog query, not the application's
	 * SQL_CALC_FOUND_ROWS read (which cachalot never caches).
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void catalogLookUpOnTheCallersSessionChangesFoundRows(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_p (id INT PRIMARY KEY)", "INSERT INTO r2_p VALUES (1), (2), (3), (4), (5)",
					"CREATE TABLE r2_audit (total INT)")
			.tearDown("DROP TABLE IF EXISTS r2_p", "DROP TABLE IF EXISTS r2_audit")
			.check(side -> {
				Connection c = side.open();
				side.readStatement(c, "SELECT SQL_CALC_FOUND_ROWS id FROM r2_p ORDER BY id LIMIT 2");
				side.exec(c, "INSERT INTO r2_audit (total) VALUES (FOUND_ROWS())");
				side.readStatement(c, "SELECT total FROM r2_audit");
			});
	}

	/** Same, with ROW_COUNT(): UPDATE, then the first INSERT into another table records how many rows changed. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void catalogLookUpOnTheCallersSessionChangesRowCount(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_p (id INT PRIMARY KEY, n INT)",
					"INSERT INTO r2_p VALUES (1, 0), (2, 0), (3, 0)", "CREATE TABLE r2_audit (changed INT)")
			.tearDown("DROP TABLE IF EXISTS r2_p", "DROP TABLE IF EXISTS r2_audit")
			.check(side -> {
				Connection c = side.open();
				side.exec(c, "UPDATE r2_p SET n = 1 WHERE id = 1");
				side.exec(c, "UPDATE r2_p SET n = n + 1");
				side.exec(c, "INSERT INTO r2_audit (changed) VALUES (ROW_COUNT())");
				side.readStatement(c, "SELECT changed FROM r2_audit");
			});
	}

	/**
	 * PostgreSQL ignores SET TRANSACTION outside a transaction block, yet any SET in autocommit
	 * ({@code SET search_path}, {@code SET application_name}) makes every later autocommit read of
	 * that session bypass, across borrows, until a JDBC transaction begins.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aSetInAutocommitStopsHitsOnTheSessionForGood(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_h (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO r2_h VALUES (1, 'a')")
			.tearDown("DROP TABLE IF EXISTS r2_h")
			.poolSize(1)
			.check(side -> {
				try (Connection c = side.open()) {
					side.exec(c, (database == TestDatabase.POSTGRESQL) ? "SET application_name = 'r2'"
							: "SET @tenant = 1");
					side.read(c, "SELECT v FROM r2_h WHERE id = 1");
					side.read(c, "SELECT v FROM r2_h WHERE id = 1");
				}
				for (int borrow = 0; borrow < 3; borrow++) {
					try (Connection c = side.open()) {
						int before = side.executions();
						side.read(c, "SELECT v FROM r2_h WHERE id = 1");
						side.cachalotMust(side.executions() == before,
								"borrow " + borrow + " after the SET: the autocommit read is a hit");
					}
				}
			});
	}

	/** Control for the test above: without the SET, later borrows are hits (passes). */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void withoutTheSetLaterBorrowsAreHits(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_h (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO r2_h VALUES (1, 'a')")
			.tearDown("DROP TABLE IF EXISTS r2_h")
			.poolSize(1)
			.check(side -> {
				try (Connection c = side.open()) {
					side.read(c, "SELECT v FROM r2_h WHERE id = 1");
					side.read(c, "SELECT v FROM r2_h WHERE id = 1");
				}
				for (int borrow = 0; borrow < 3; borrow++) {
					try (Connection c = side.open()) {
						int before = side.executions();
						side.read(c, "SELECT v FROM r2_h WHERE id = 1");
						side.cachalotMust(side.executions() == before, "borrow " + borrow + ": a hit");
					}
				}
			});
	}

}
