package io.github.cachalot.review;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;

class ReviewDdlInTransactionTest {

	/** The classic table swap inside a transaction: reads of the name must see the new table. */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "H2" })
	void aTableSwappedByRenameInATransactionIsReadAsTheNewTable(TestDatabase database) {
		Differential.on(database)
			.setUp("DROP TABLE IF EXISTS rv_t", "DROP TABLE IF EXISTS rv_t_new", "DROP TABLE IF EXISTS rv_t_old",
					"CREATE TABLE rv_t (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_t VALUES (1, 'old')",
					"CREATE TABLE rv_t_new (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_t_new VALUES (1, 'new')")
			.tearDown("DROP TABLE IF EXISTS rv_t", "DROP TABLE IF EXISTS rv_t_new", "DROP TABLE IF EXISTS rv_t_old")
			.check(side -> {
				Connection c = side.open();
				Connection other = side.open();
				side.read(c, "SELECT v FROM rv_t WHERE id = 1");
				side.read(other, "SELECT v FROM rv_t WHERE id = 1");
				c.setAutoCommit(false);
				side.exec(c, "ALTER TABLE rv_t RENAME TO rv_t_old", "ALTER TABLE rv_t_new RENAME TO rv_t");
				side.readAs("in the swapping transaction", c, "SELECT v FROM rv_t WHERE id = 1");
				c.commit();
				side.readAs("other after commit", other, "SELECT v FROM rv_t WHERE id = 1");
				side.readAs("swapper after commit", c, "SELECT v FROM rv_t WHERE id = 1");
			});
	}

}
