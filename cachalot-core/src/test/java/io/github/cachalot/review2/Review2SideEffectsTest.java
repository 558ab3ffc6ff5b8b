package io.github.cachalot.review2;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;
import io.github.cachalot.trust.Differential.Answer;

/**
 * Second review: what a hit skips on MariaDB besides FOUND_ROWS(), and the FOUND_ROWS() emulation
 * on the paths it does not cover.
 */
class Review2SideEffectsTest {

	private static final String READ = "SELECT v FROM r2_t WHERE id = 1";

	private static Differential tables(TestDatabase database) {
		return Differential.on(database)
			.setUp("CREATE TABLE r2_t (id INT PRIMARY KEY, v VARCHAR(20))",
					"INSERT INTO r2_t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
					"CREATE TABLE r2_o (id INT PRIMARY KEY, n INT)", "INSERT INTO r2_o VALUES (1, 0), (2, 0)")
			.tearDown("DROP TABLE IF EXISTS r2_t", "DROP TABLE IF EXISTS r2_o");
	}

	/** ROW_COUNT() after a SELECT is -1; after a hit the database still describes the UPDATE before it. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void rowCountAfterAHit(TestDatabase database) {
		tables(database).check(side -> {
			Connection c = side.open();
			side.read(c, READ); // stored
			side.exec(c, "UPDATE r2_o SET n = n + 1"); // 2 rows, another table
			int before = side.executions();
			side.read(c, READ); // a hit through cachalot
			side.cachalotMust(side.executions() == before, "the read is a hit");
			side.readStatement(c, "SELECT ROW_COUNT()");
		});
	}

	/** A SELECT that uses a table clears the diagnostics area; a hit leaves the INSERT's warning. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void warningsAfterAHit(TestDatabase database) {
		tables(database).check(side -> {
			Connection c = side.open();
			side.read(c, READ);
			side.exec(c, "INSERT IGNORE INTO r2_o VALUES (1, 5)"); // duplicate key: a warning
			int before = side.executions();
			side.read(c, READ);
			side.cachalotMust(side.executions() == before, "the read is a hit");
			side.readStatement(c, "SHOW COUNT(*) WARNINGS");
		});
	}

	/** FOUND_ROWS() read by a statement that is not a read (SET, INSERT … SELECT) after a hit. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void foundRowsReadByASetAfterAHit(TestDatabase database) {
		tables(database).check(side -> {
			Connection c = side.open();
			side.read(c, "SELECT v FROM r2_t WHERE id > 0"); // 3 rows, stored
			side.readStatement(c, "SELECT n FROM r2_o"); // 2 rows
			int before = side.executions();
			side.read(c, "SELECT v FROM r2_t WHERE id > 0"); // 3 rows, a hit
			side.cachalotMust(side.executions() == before, "the read is a hit");
			side.exec(c, "SET @found = FOUND_ROWS()");
			side.readStatement(c, "SELECT @found");
		});
	}

	/** FOUND_ROWS() from a prepared statement executed through a CallableStatement-free path is covered; a CALL is not. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void foundRowsReadByAProcedureAfterAHit(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE r2_t (id INT PRIMARY KEY, v VARCHAR(20))",
					"INSERT INTO r2_t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
					"CREATE TABLE r2_o (id INT PRIMARY KEY, n INT)", "INSERT INTO r2_o VALUES (1, 0), (2, 0)",
					"CREATE PROCEDURE r2_found() SELECT FOUND_ROWS()")
			.tearDown("DROP TABLE IF EXISTS r2_t", "DROP TABLE IF EXISTS r2_o", "DROP PROCEDURE IF EXISTS r2_found")
			.check(side -> {
				Connection c = side.open();
				side.read(c, "SELECT v FROM r2_t WHERE id > 0");
				side.readStatement(c, "SELECT n FROM r2_o");
				int before = side.executions();
				side.read(c, "SELECT v FROM r2_t WHERE id > 0");
				side.cachalotMust(side.executions() == before, "the read is a hit");
				Answer called = side.readStatement(c, "CALL r2_found()");
				side.sanity(called.rows() != null, "the call answers");
			});
	}

}
