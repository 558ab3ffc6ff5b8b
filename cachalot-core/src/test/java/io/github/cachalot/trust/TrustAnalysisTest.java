package io.github.cachalot.trust;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Objects;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential.Answer;
import io.github.cachalot.trust.Differential.Side;

/**
 * What a read depends on, as the analysis must see it: tables named only inside expressions,
 * functions, catalog lookups, the clock, schema changes made while an old snapshot is open, and
 * the driver's own rewriting.
 */
class TrustAnalysisTest {

	private static final TestDatabase POSTGRESQL = TestDatabase.POSTGRESQL;

	/** Warm the read on two connections, write through a third, read on both again. */
	private static void readWriteRead(Side side, String read, String... writes) throws Exception {
		Connection a = side.open();
		Connection b = side.open();
		Connection writer = side.open();
		Answer before = side.readAs("before", a, read);
		side.readAs("before, second session", b, read);
		side.exec(writer, writes);
		Answer after = side.readAs("after the write", a, read);
		side.sanity(!Objects.equals(before, after), "the write changes the answer");
		side.readAs("after the write, second session", b, read);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void doubleDashWithoutASpaceIsMinusMinusNotAComment(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_a", "DROP TABLE IF EXISTS tr_b", "CREATE TABLE tr_a (v INT)",
					"INSERT INTO tr_a VALUES (10)", "CREATE TABLE tr_b (id INT)")
			.tearDown("DROP TABLE IF EXISTS tr_a", "DROP TABLE IF EXISTS tr_b")
			.check(side -> readWriteRead(side, "SELECT v --(SELECT COUNT(*) FROM tr_b) FROM tr_a",
					"INSERT INTO tr_b VALUES (1)"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSubqueryAsTheKeyOfAJsonOperatorIsARead(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_docs", "DROP TABLE IF EXISTS tr_keys", "CREATE TABLE tr_docs (doc JSONB)",
					"INSERT INTO tr_docs VALUES ('{\"x\": 1, \"y\": 2}')", "CREATE TABLE tr_keys (k TEXT)",
					"INSERT INTO tr_keys VALUES ('x')")
			.tearDown("DROP TABLE IF EXISTS tr_docs", "DROP TABLE IF EXISTS tr_keys")
			.check(side -> readWriteRead(side, "SELECT (doc -> (SELECT k FROM tr_keys LIMIT 1)) FROM tr_docs",
					"UPDATE tr_keys SET k = 'y'"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSubqueryAsAnArraySubscriptIsARead(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_arrs", "DROP TABLE IF EXISTS tr_idx", "CREATE TABLE tr_arrs (arr INT[])",
					"INSERT INTO tr_arrs VALUES ('{10,20,30}')", "CREATE TABLE tr_idx (i INT)",
					"INSERT INTO tr_idx VALUES (1)")
			.tearDown("DROP TABLE IF EXISTS tr_arrs", "DROP TABLE IF EXISTS tr_idx")
			.check(side -> readWriteRead(side, "SELECT arr[(SELECT i FROM tr_idx LIMIT 1)] FROM tr_arrs",
					"UPDATE tr_idx SET i = 2"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "total", "json_total" })
	void aUserFunctionThatReadsATableIsNotTakenForABuiltIn(String function) {
		Differential.on(POSTGRESQL)
			.setUp("DROP FUNCTION IF EXISTS total()", "DROP FUNCTION IF EXISTS json_total()",
					"DROP TABLE IF EXISTS tr_fn_t", "CREATE TABLE tr_fn_t (n INT)", "INSERT INTO tr_fn_t VALUES (1)",
					"CREATE FUNCTION total() RETURNS BIGINT LANGUAGE sql STABLE AS "
							+ "$$ SELECT coalesce(sum(n), 0) FROM tr_fn_t $$",
					"CREATE FUNCTION json_total() RETURNS TEXT LANGUAGE sql STABLE AS "
							+ "$$ SELECT json_build_object('total', coalesce(sum(n), 0))::text FROM tr_fn_t $$")
			.tearDown("DROP FUNCTION IF EXISTS total()", "DROP FUNCTION IF EXISTS json_total()",
					"DROP TABLE IF EXISTS tr_fn_t")
			.check(side -> readWriteRead(side, "SELECT " + function + "()", "INSERT INTO tr_fn_t VALUES (41)"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void tablesampleIsNotCached(TestDatabase database) {
		String read = "SELECT count(*) FROM tr_sample TABLESAMPLE BERNOULLI (50)";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_sample", "CREATE TABLE tr_sample (id INT)",
					"INSERT INTO tr_sample SELECT g FROM generate_series(1, 1000) g")
			.tearDown("DROP TABLE IF EXISTS tr_sample")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Answer first = side.fetch(a, read);
				int before = side.executions();
				Answer second = side.fetch(b, read);
				side.record("both samples answered", !first.failed() && !second.failed());
				side.cachalotMust(side.executions() > before, "a second TABLESAMPLE read reached the database");
			});
	}

	/** Reads twice on two connections, pauses, reads again: the clock moved, so must the answer. */
	private static void clockRead(Side side, String read, Object... parameters) throws Exception {
		Connection a = side.open();
		Connection b = side.open();
		Answer first = side.fetch(a, read, parameters);
		side.fetch(b, read, parameters);
		side.pause(20);
		Answer later = side.fetch(a, read, parameters);
		Answer laterB = side.fetch(b, read, parameters);
		side.record("first answer failed", first.failed());
		side.record("a read 20 ms later differs (session 1)", !Objects.equals(first, later));
		side.record("a read 20 ms later differs (session 2)", !Objects.equals(first, laterB));
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT '   now'::timestamp", "SELECT $$now$$::timestamptz",
			"SELECT ('n'||'ow')::timestamptz" })
	void nowSpelledAsALiteralIsTheClock(String read) {
		Differential.on(POSTGRESQL).check(side -> clockRead(side, read));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void nowBoundAsAStringParameterIsTheClock(TestDatabase database) {
		Differential.on(database).check(side -> clockRead(side, "SELECT ?::timestamptz", "now"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void nowBoundAsAStringParameterComparedWithAColumnIsTheClock(TestDatabase database) {
		String read = "SELECT count(*) FROM tr_nowcmp WHERE ts < ?::timestamptz";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_nowcmp", "CREATE TABLE tr_nowcmp (ts TIMESTAMPTZ)")
			.tearDown("DROP TABLE IF EXISTS tr_nowcmp")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				side.exec(a, "INSERT INTO tr_nowcmp VALUES (now() + interval '1 second')");
				side.readAs("before", a, read, "now");
				side.readAs("before, second session", b, read, "now");
				side.pause(1300);
				Answer after = side.readAs("1.3 s later", a, read, "now");
				side.sanity(Long.valueOf(1).equals(after.value()), "the row is in the past now");
				side.readAs("1.3 s later, second session", b, read, "now");
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aRegclassLookupFollowsDropAndCreate(TestDatabase database) {
		String read = "SELECT 'tr_rc'::regclass::oid";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_rc", "CREATE TABLE tr_rc (id INT)")
			.tearDown("DROP TABLE IF EXISTS tr_rc")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Connection ddl = side.open();
				Answer before = side.fetch(a, read);
				side.fetch(b, read);
				side.exec(ddl, "DROP TABLE tr_rc", "CREATE TABLE tr_rc (id INT)");
				Answer after = side.fetch(a, read);
				Answer afterB = side.fetch(b, read);
				side.record("oid changed (session 1)", !Objects.equals(before, after));
				side.record("oid changed (session 2)", !Objects.equals(before, afterB));
				side.record("oid is the same for both sessions", Objects.equals(after, afterB));
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aCascadeAddedWhileAnOldSnapshotIsOpenIsFollowed(TestDatabase database) {
		String read = "SELECT id, parent_id FROM tr_child ORDER BY id";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_child, tr_parent, tr_mig_other CASCADE",
					"CREATE TABLE tr_parent (id INT PRIMARY KEY)", "INSERT INTO tr_parent VALUES (1), (2), (3)",
					"CREATE TABLE tr_child (id INT PRIMARY KEY, parent_id INT)",
					"INSERT INTO tr_child VALUES (10, 1), (20, 2), (30, 3)", "CREATE TABLE tr_mig_other (id INT)",
					"INSERT INTO tr_mig_other VALUES (1)")
			.tearDown("DROP TABLE IF EXISTS tr_child, tr_parent, tr_mig_other CASCADE")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Connection old = side.open();
				Connection migration = side.open();
				side.readAs("child", a, read);
				side.readAs("child, second session", b, read);
				old.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				old.setAutoCommit(false);
				side.readAs("old transaction takes its snapshot", old, "SELECT id FROM tr_mig_other");
				side.exec(migration, "ALTER TABLE tr_child ADD CONSTRAINT tr_child_parent_fk FOREIGN KEY (parent_id) "
						+ "REFERENCES tr_parent (id) ON DELETE CASCADE");
				side.exec(old, "DELETE FROM tr_parent WHERE id = 1");
				old.commit();
				old.setAutoCommit(true);
				Answer cascaded = side.readAs("child after the old transaction deleted parent 1", a, read);
				side.sanity(cascaded.rows() != null && cascaded.rows().size() == 2, "the delete cascaded");
				side.readAs("child after the old transaction deleted parent 1, second session", b, read);
				side.exec(migration, "DELETE FROM tr_parent WHERE id = 2");
				side.readAs("child after parent 2 was deleted in autocommit", a, read);
				side.readAs("child after parent 2 was deleted in autocommit, second session", b, read);
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aViewReplacedWhileAnOldSnapshotIsOpenIsFollowed(TestDatabase database) {
		String read = "SELECT v FROM tr_view";
		Differential.on(database)
			.setUp("DROP VIEW IF EXISTS tr_view", "DROP TABLE IF EXISTS tr_vbase1, tr_vbase2, tr_mig_other CASCADE",
					"CREATE TABLE tr_vbase1 (v VARCHAR(20))", "INSERT INTO tr_vbase1 VALUES ('one')",
					"CREATE TABLE tr_vbase2 (v VARCHAR(20))", "INSERT INTO tr_vbase2 VALUES ('two')",
					"CREATE VIEW tr_view AS SELECT v FROM tr_vbase1", "CREATE TABLE tr_mig_other (id INT)",
					"INSERT INTO tr_mig_other VALUES (1)")
			.tearDown("DROP VIEW IF EXISTS tr_view", "DROP TABLE IF EXISTS tr_vbase1, tr_vbase2, tr_mig_other CASCADE")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Connection old = side.open();
				Connection migration = side.open();
				side.readAs("view", a, read);
				side.readAs("view, second session", b, read);
				old.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				old.setAutoCommit(false);
				side.readAs("old transaction takes its snapshot", old, "SELECT id FROM tr_mig_other");
				side.exec(migration, "CREATE OR REPLACE VIEW tr_view AS SELECT v FROM tr_vbase2");
				side.readAs("old transaction reads the view", old, read);
				old.commit();
				old.setAutoCommit(true);
				side.readAs("view after the replacement", a, read);
				side.readAs("view after the replacement, second session", b, read);
				side.exec(migration, "UPDATE tr_vbase2 SET v = 'two updated'");
				Answer updated = side.readAs("view after its new base table was updated", a, read);
				side.sanity("two updated".equals(updated.value()), "the view reads the updated base table");
				side.readAs("view after its new base table was updated, second session", b, read);
				side.readAs("view after its new base table was updated, old session", old, read);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT {fn UCASE('a')}", "SELECT {d '2020-01-01'}" })
	void escapeProcessingOnAndOffAreDifferentStatements(String read) {
		Differential.on(POSTGRESQL).check(side -> {
			Connection a = side.open();
			Connection b = side.open();
			for (boolean[] order : new boolean[][] { { true, false }, { false, true } }) {
				for (boolean escapes : order) {
					for (Connection each : new Connection[] { a, b }) {
						Answer answer;
						try (Statement statement = each.createStatement()) {
							statement.setEscapeProcessing(escapes);
							try (java.sql.ResultSet rs = statement.executeQuery(read)) {
								answer = new Answer(io.github.cachalot.testsupport.CachalotFixture.rows(rs), null);
							}
						}
						catch (java.sql.SQLException ex) {
							answer = new Answer(null, ex.getSQLState());
						}
						side.record("escape processing " + escapes + ": " + read, answer);
						side.sanity(answer.failed() != escapes, "the read works with escape processing only");
					}
				}
			}
		});
	}

}
