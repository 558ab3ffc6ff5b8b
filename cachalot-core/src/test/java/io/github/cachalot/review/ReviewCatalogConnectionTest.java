package io.github.cachalot.review;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;
import io.github.cachalot.trust.Differential.Answer;

/**
 * The catalog look-up made on "another connection" while the caller is in a transaction borrows
 * whatever the pool has idle, which may be a session with a transaction left open by an earlier
 * borrower (a transaction begun as SQL outlives its borrow, as cachalot itself documents): the
 * look-up then answers from that transaction's old snapshot, and the answer is remembered for all.
 */
class ReviewCatalogConnectionTest {

	/** Control: the same without the transaction left open passes. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void controlWithoutTheTransactionLeftOpen(TestDatabase database) {
		run(database, false);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL" })
	void aViewLookedUpOnASessionWithAnOldSnapshotStillDependsOnItsBaseTable(TestDatabase database) {
		run(database, true);
	}

	private static void run(TestDatabase database, boolean leaveOpen) {
		Differential.on(database).poolSize(2)
			.setUp("DROP VIEW IF EXISTS rv_v", "DROP TABLE IF EXISTS rv_base",
					"CREATE TABLE rv_base (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_base VALUES (1, 'old')")
			.tearDown("DROP VIEW IF EXISTS rv_v", "DROP TABLE IF EXISTS rv_base")
			.check(side -> {
				Connection leftOpen = side.open();
				Connection reader = side.open();
				if (leaveOpen) {
					side.exec(leftOpen, "BEGIN ISOLATION LEVEL REPEATABLE READ", "SELECT 1");
				}
				leftOpen.close(); // the transaction stays open on the pooled session
				side.database().execute("CREATE VIEW rv_v AS SELECT id, v FROM rv_base");
				reader.setAutoCommit(false);
				side.readAs("in a transaction", reader, "SELECT v FROM rv_v WHERE id = 1");
				reader.commit();
				reader.setAutoCommit(true);
				side.readAs("autocommit", reader, "SELECT v FROM rv_v WHERE id = 1");
				side.exec(reader, "UPDATE rv_base SET v = 'new' WHERE id = 1");
				Answer after = side.readAs("after the base table was updated", reader, "SELECT v FROM rv_v WHERE id = 1");
				side.sanity("new".equals(after.value()), "the view shows the update");
			});
	}

}
