package io.github.cachalot.trust;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential.Answer;
import io.github.cachalot.trust.Differential.Side;

/**
 * Isolation levels and snapshots: a read inside a REPEATABLE READ or SERIALIZABLE transaction must
 * answer from that transaction's snapshot, and what it answered must not outlive it for others.
 */
class TrustIsolationTest {

	private static final String READ = "SELECT v FROM tr_iso WHERE id = 1";

	private static Differential isolationTables(TestDatabase database) {
		return Differential.on(database)
			.setUp("CREATE TABLE tr_iso (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO tr_iso VALUES (1, 'old')",
					"CREATE TABLE tr_iso_other (id INT PRIMARY KEY)", "INSERT INTO tr_iso_other VALUES (1)")
			.tearDown("DROP TABLE IF EXISTS tr_iso", "DROP TABLE IF EXISTS tr_iso_other");
	}

	/** Warm the read on two connections, so that the value is cached through cachalot. */
	private static void warm(Side side, Connection a, Connection b) {
		side.read(a, READ);
		side.read(b, READ);
	}

	/** After the RR transaction ended, every session must see the committed update. */
	private static void everyoneSeesTheNewValue(Side side, Connection reader, Connection writer) throws Exception {
		Answer answer = side.readAs("reader after its transaction", reader, READ);
		side.sanity("new".equals(answer.value()), "the reader sees the update after its transaction");
		side.readAs("writer session", writer, READ);
		side.query(READ);
		side.query(READ);
	}

	private static void updateCommittedElsewhere(Side side, Connection writer) throws Exception {
		side.exec(writer, "UPDATE tr_iso SET v = 'new' WHERE id = 1");
	}

	@ParameterizedTest(name = "{0}, first read of {1}")
	@CsvSource({ "MARIADB, tr_iso", "MARIADB, tr_iso_other" })
	void setTransactionIsolationAsSqlInAutocommitAppliesToTheNextTransaction(TestDatabase database, String firstTable) {
		isolationTables(database).check(side -> {
			Connection reader = side.open();
			Connection writer = side.open();
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			warm(side, writer, reader);
			side.exec(reader, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
			reader.setAutoCommit(false);
			side.readAs("first read in RR transaction", reader, "SELECT * FROM " + firstTable);
			updateCommittedElsewhere(side, writer);
			Answer inTx = side.readAs("read in RR transaction after the other commit", reader, READ);
			side.sanity("old".equals(inTx.value()), "REPEATABLE READ keeps seeing 'old'");
			reader.commit();
			reader.setAutoCommit(true);
			everyoneSeesTheNewValue(side, reader, writer);
		});
	}

	@ParameterizedTest(name = "{0}, first read of {1}")
	@CsvSource({ "MARIADB, tr_iso", "MARIADB, tr_iso_other" })
	void setTransactionIsolationInTheMiddleOfATransactionDoesNotChangeIt(TestDatabase database, String firstTable) {
		isolationTables(database).check(side -> {
			Connection reader = side.open();
			Connection writer = side.open();
			writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			warm(side, writer, reader);
			reader.setAutoCommit(false);
			side.readAs("first read in RR transaction", reader, "SELECT * FROM " + firstTable);
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // for the next transaction
			updateCommittedElsewhere(side, writer);
			Answer inTx = side.readAs("read in RR transaction after the other commit", reader, READ);
			side.sanity("old".equals(inTx.value()), "the running transaction stays REPEATABLE READ");
			reader.commit();
			reader.setAutoCommit(true);
			everyoneSeesTheNewValue(side, reader, writer);
		});
	}

	@ParameterizedTest(name = "{0}, first read of {1}")
	@CsvSource({ "MARIADB, tr_iso", "MARIADB, tr_iso_other" })
	void setTransactionIsolationThenStartTransactionAsSql(TestDatabase database, String firstTable) {
		isolationTables(database).check(side -> {
			Connection reader = side.open();
			Connection writer = side.open();
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			warm(side, writer, reader);
			side.exec(reader, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION");
			side.readAs("first read in RR transaction", reader, "SELECT * FROM " + firstTable);
			updateCommittedElsewhere(side, writer);
			Answer inTx = side.readAs("read in RR transaction after the other commit", reader, READ);
			side.sanity("old".equals(inTx.value()), "REPEATABLE READ keeps seeing 'old'");
			side.exec(reader, "COMMIT");
			everyoneSeesTheNewValue(side, reader, writer);
		});
	}

	private static final String BALANCE = "SELECT bal FROM tr_acc WHERE id = ?";

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aRepeatableReadSnapshotIsNotMixedWithValuesCommittedAfterIt(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE tr_acc (id INT PRIMARY KEY, bal INT)", "INSERT INTO tr_acc VALUES (1, 100), (2, 100)",
					"CREATE TABLE tr_acc_other (id INT PRIMARY KEY)", "INSERT INTO tr_acc_other VALUES (1)")
			.tearDown("DROP TABLE IF EXISTS tr_acc", "DROP TABLE IF EXISTS tr_acc_other")
			.check(side -> {
				Connection reader = side.open();
				Connection transfer = side.open();
				Connection third = side.open();
				side.read(third, BALANCE, 1);
				side.read(third, BALANCE, 2);
				side.read(transfer, BALANCE, 1);
				side.read(transfer, BALANCE, 2);
				reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				reader.setAutoCommit(false);
				side.readAs("reader takes its snapshot", reader, "SELECT id FROM tr_acc_other");
				transfer.setAutoCommit(false);
				side.exec(transfer, "UPDATE tr_acc SET bal = bal - 100 WHERE id = 1",
						"UPDATE tr_acc SET bal = bal + 100 WHERE id = 2");
				transfer.commit();
				side.readAs("third session after the transfer", third, BALANCE, 1);
				Answer one = side.readAs("reader, account 1", reader, BALANCE, 1);
				Answer two = side.readAs("reader, account 2", reader, BALANCE, 2);
				long total = ((Number) one.value()).longValue() + ((Number) two.value()).longValue();
				side.record("total seen by the reader", total);
				side.sanity(total == 200, "the snapshot total is 200");
				reader.commit();
				side.readAs("reader after commit, account 1", reader, BALANCE, 1);
				side.readAs("reader after commit, account 2", reader, BALANCE, 2);
			});
	}

	private static final String ON_CALL = "SELECT count(*) FROM tr_doctors WHERE on_call";

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void serializableWriteSkewIsStillDetected(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE tr_doctors (id INT PRIMARY KEY, on_call BOOLEAN)",
					"INSERT INTO tr_doctors VALUES (1, true), (2, true)")
			.tearDown("DROP TABLE IF EXISTS tr_doctors")
			.check(side -> {
				Connection tx1 = side.open();
				Connection tx2 = side.open();
				side.read(tx1, ON_CALL);
				side.read(tx2, ON_CALL);
				for (Connection each : new Connection[] { tx1, tx2 }) {
					each.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
					each.setAutoCommit(false);
				}
				side.readAs("tx1 counts", tx1, ON_CALL);
				side.readAs("tx2 counts", tx2, ON_CALL);
				String a = side.attempt("tx1 goes off call", () -> side.exec(tx1, "UPDATE tr_doctors SET on_call = false WHERE id = 1"));
				String b = side.attempt("tx2 goes off call", () -> side.exec(tx2, "UPDATE tr_doctors SET on_call = false WHERE id = 2"));
				String c = side.attempt("tx1 commits", tx1::commit);
				String d = side.attempt("tx2 commits", tx2::commit);
				side.sanity(String.join(",", a, b, c, d).contains("40001"), "one transaction fails with 40001");
				for (Connection each : new Connection[] { tx1, tx2 }) {
					try {
						each.rollback();
					}
					catch (Exception ignored) {
						// already ended
					}
					each.setAutoCommit(true);
				}
				side.query(ON_CALL);
			});
	}


	/**
	 * pgjdbc begins a transaction with its first statement and refuses to change its level or
	 * read-only property after that; a transaction whose reads were all hits must be refused the same.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aTransactionWhoseReadsWereHitsCannotChangeItsCharacteristicsEither(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS tr_chr", "CREATE TABLE tr_chr (id INT PRIMARY KEY, v INT)",
					"INSERT INTO tr_chr VALUES (1, 10)")
			.tearDown("DROP TABLE IF EXISTS tr_chr")
			.check(side -> {
				Connection warm = side.open();
				side.readAs("warm", warm, "SELECT v FROM tr_chr WHERE id = 1");
				Connection c = side.open();
				c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
				c.setAutoCommit(false);
				int before = side.executions();
				side.readAs("in the transaction", c, "SELECT v FROM tr_chr WHERE id = 1");
				side.cachalotMust(side.executions() == before, "the read in the transaction is a hit");
				try {
					c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
					side.record("change the level", "accepted");
				}
				catch (java.sql.SQLException ex) {
					side.record("change the level", ex.getSQLState());
				}
				try {
					c.setReadOnly(true);
					side.record("change read-only", "accepted");
				}
				catch (java.sql.SQLException ex) {
					side.record("change read-only", ex.getSQLState());
				}
				c.rollback();
				before = side.executions();
				side.readAs("in the next transaction", c, "SELECT v FROM tr_chr WHERE id = 1");
				side.cachalotMust(side.executions() == before, "the read in the next transaction is a hit");
				try (java.sql.Statement statement = c.createStatement()) {
					statement.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
					side.record("SET TRANSACTION after a query", "accepted");
				}
				catch (java.sql.SQLException ex) {
					side.record("SET TRANSACTION after a query", ex.getSQLState());
				}
				c.rollback();
				c.setAutoCommit(true);
			});
	}

}
