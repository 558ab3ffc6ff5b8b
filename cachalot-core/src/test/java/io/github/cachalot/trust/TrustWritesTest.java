package io.github.cachalot.trust;

import java.io.StringReader;
import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential.Answer;

/**
 * Writes the invalidation must see: sequences advanced by inserts, rows written by triggers,
 * COPY; and reads that must not be taken for writes.
 */
class TrustWritesTest {

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aSequencesLastValueFollowsInsertsThatCallNextval(TestDatabase database) {
		String read = "SELECT last_value, is_called FROM tr_seq_t_id_seq";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_seq_t", "CREATE TABLE tr_seq_t (id SERIAL PRIMARY KEY, v VARCHAR(20))")
			.tearDown("DROP TABLE IF EXISTS tr_seq_t")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				side.readAs("before", a, read);
				side.readAs("before, second session", b, read);
				side.exec(b, "INSERT INTO tr_seq_t (v) VALUES ('x')", "INSERT INTO tr_seq_t (v) VALUES ('y')");
				side.readAs("after two inserts", a, read);
				side.readAs("after two inserts, second session", b, read);
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void rowsWrittenByATriggerAreSeen(TestDatabase database) {
		String read = "SELECT id FROM tr_trg_audit ORDER BY id";
		Differential differential = Differential.on(database).tearDown("DROP TABLE IF EXISTS tr_trg_t",
				"DROP TABLE IF EXISTS tr_trg_audit");
		if (database == TestDatabase.POSTGRESQL) {
			differential.setUp("DROP TABLE IF EXISTS tr_trg_t", "DROP TABLE IF EXISTS tr_trg_audit",
					"CREATE TABLE tr_trg_t (id INT)", "CREATE TABLE tr_trg_audit (id INT)",
					"CREATE OR REPLACE FUNCTION tr_trg_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
							+ "INSERT INTO tr_trg_audit VALUES (NEW.id); RETURN NEW; END $$",
					"CREATE TRIGGER tr_trg AFTER INSERT ON tr_trg_t FOR EACH ROW EXECUTE FUNCTION tr_trg_fn()")
				.tearDown("DROP FUNCTION IF EXISTS tr_trg_fn()");
		}
		else {
			differential.setUp("DROP TABLE IF EXISTS tr_trg_t", "DROP TABLE IF EXISTS tr_trg_audit",
					"CREATE TABLE tr_trg_t (id INT)", "CREATE TABLE tr_trg_audit (id INT)",
					"CREATE TRIGGER tr_trg AFTER INSERT ON tr_trg_t FOR EACH ROW INSERT INTO tr_trg_audit VALUES (NEW.id)");
		}
		differential.check(side -> {
			Connection a = side.open();
			Connection b = side.open();
			Connection writer = side.open();
			side.readAs("audit", a, read);
			side.readAs("audit, second session", b, read);
			side.exec(writer, "INSERT INTO tr_trg_t VALUES (7)");
			Answer after = side.readAs("audit after an insert into the audited table", a, read);
			side.sanity(after.rows() != null && after.rows().size() == 1, "the trigger wrote the audit row");
			side.readAs("audit after an insert into the audited table, second session", b, read);
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void rowsCopiedInAreSeen(TestDatabase database) {
		String read = "SELECT id, v FROM tr_copy ORDER BY id";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_copy", "CREATE TABLE tr_copy (id INT, v VARCHAR(20))")
			.tearDown("DROP TABLE IF EXISTS tr_copy")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Connection writer = side.open();
				side.readAs("before", a, read);
				side.readAs("before, second session", b, read);
				long copied = writer.unwrap(org.postgresql.PGConnection.class)
					.getCopyAPI()
					.copyIn("COPY tr_copy FROM STDIN", new StringReader("1\tone\n2\ttwo\n"));
				side.record("rows copied", copied);
				side.readAs("after COPY", a, read);
				side.readAs("after COPY, second session", b, read);
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void aReadEndingInAHashCommentIsAReadThatInvalidatesNothing(TestDatabase database) {
		String read = "SELECT id FROM tr_hash ORDER BY id # comment";
		String other = "SELECT id FROM tr_hash_other ORDER BY id";
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_hash", "DROP TABLE IF EXISTS tr_hash_other", "CREATE TABLE tr_hash (id INT)",
					"INSERT INTO tr_hash VALUES (1)", "CREATE TABLE tr_hash_other (id INT)",
					"INSERT INTO tr_hash_other VALUES (2)")
			.tearDown("DROP TABLE IF EXISTS tr_hash", "DROP TABLE IF EXISTS tr_hash_other")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				Connection writer = side.open();
				side.readAs("other table", a, other);
				int before = side.executions();
				side.readAs("other table, second session", b, other);
				side.cachalotMust(side.executions() == before, "(baseline) the other table's read is a hit");
				side.readAs("with # comment", a, read);
				before = side.executions();
				side.readAs("with # comment, second session", b, read);
				// '#' is a comment in MariaDB and an operator in PostgreSQL: the analysis, which does not know
				// the database, reads it both ways and does not cache what it cannot read both ways
				side.cachalotMust(side.executions() == before + 1,
						"the read with a # comment reaches the database (ambiguous), and only once");
				before = side.executions();
				side.readAs("other table after the # comment reads", a, other);
				side.cachalotMust(side.executions() == before,
						"the read with a # comment did not invalidate another table");
				side.exec(writer, "INSERT INTO tr_hash VALUES (3)");
				side.readAs("with # comment after an insert", a, read);
				side.readAs("with # comment after an insert, second session", b, read);
			});
	}

}
