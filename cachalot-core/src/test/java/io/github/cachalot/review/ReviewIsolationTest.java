package io.github.cachalot.review;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;
import io.github.cachalot.trust.Differential.Answer;

class ReviewIsolationTest {

	private static final String READ = "SELECT v FROM rv_iso WHERE id = 1";

	private static Differential tables(TestDatabase database) {
		return Differential.on(database)
			.setUp("CREATE TABLE rv_iso (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_iso VALUES (1, 'old')",
					"CREATE TABLE rv_other (id INT PRIMARY KEY)", "INSERT INTO rv_other VALUES (1)")
			.tearDown("DROP TABLE IF EXISTS rv_iso", "DROP TABLE IF EXISTS rv_other");
	}

	/**
	 * The session's level is changed as SQL after it was set through JDBC; the second transaction
	 * after it runs at the SQL level, whatever the driver remembers of the JDBC one.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB", "POSTGRESQL" })
	void aSessionLevelSetAsSqlHoldsForEveryLaterTransaction(TestDatabase database) {
		tables(database).check(side -> {
			Connection reader = side.open();
			Connection writer = side.open();
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			side.read(writer, READ);
			side.read(reader, READ);
			side.exec(reader, (database == TestDatabase.POSTGRESQL)
					? "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ"
					: "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
			side.record("driver's level", reader.getTransactionIsolation());
			reader.setAutoCommit(false);
			side.readAs("first transaction", reader, READ);
			reader.commit();
			side.readAs("second transaction, first read", reader, "SELECT id FROM rv_other");
			side.exec(writer, "UPDATE rv_iso SET v = 'new' WHERE id = 1");
			Answer inTx = side.readAs("second transaction after the other commit", reader, READ);
			side.sanity("old".equals(inTx.value()), "REPEATABLE READ keeps 'old'");
			reader.commit();
			reader.setAutoCommit(true);
			side.readAs("writer after", writer, READ);
			side.query(READ);
		});
	}


	/**
	 * MariaDB: {@code SET TRANSACTION} (one shot) is not spent by an autocommit statement that reads
	 * no table ({@code SELECT 1}), yet cachalot forgets it after any statement that ran in autocommit.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void setTransactionIsStillPendingAfterAStatementThatReadsNoTable(TestDatabase database) {
		tables(database).check(side -> {
			Connection reader = side.open();
			Connection writer = side.open();
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			side.read(writer, READ);
			side.read(reader, READ);
			side.exec(reader, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
			side.readStatement(reader, "SELECT 1");
			reader.setAutoCommit(false);
			side.readAs("first read in the transaction", reader, READ);
			side.exec(writer, "UPDATE rv_iso SET v = 'new' WHERE id = 1");
			Answer inTx = side.readAs("after the other commit", reader, READ);
			side.sanity("old".equals(inTx.value()), "the transaction is REPEATABLE READ");
			reader.commit();
			reader.setAutoCommit(true);
			side.readAs("writer after", writer, READ);
			side.query(READ);
		});
	}

}
