package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Transactions: uncommitted writes stay private, commits invalidate before they return. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class TransactionTest {

	private static final String READ = "SELECT name FROM tx_items WHERE id = 1";

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	Connection writer;

	@BeforeEach
	void createTable() throws Exception {
		this.database.dropTables("tx_items", "tx_other");
		this.database.execute("CREATE TABLE tx_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO tx_items VALUES (1, 'before')", "CREATE TABLE tx_other (id INT PRIMARY KEY)");
		this.cachalot = new CachalotFixture(this.database);
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		this.writer = this.cachalot.dataSource().getConnection();
		if (this.database != TestDatabase.SQLITE) {
			// the level under which a transaction's reads may be hits (SQLite's are always SERIALIZABLE)
			this.writer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		this.writer.setAutoCommit(false);
	}

	/** What a read of tables the transaction did not write costs it: nothing, or one execution on SQLite. */
	private int readCost() {
		return (this.database == TestDatabase.SQLITE) ? 1 : 0;
	}

	@AfterEach
	void closeWriter() throws Exception {
		if (!this.writer.isClosed()) {
			if (!this.writer.getAutoCommit()) {
				this.writer.rollback();
			}
			this.writer.setAutoCommit(true);
			this.writer.close();
		}
	}

	private void write(String name) throws Exception {
		CachalotFixture.update(this.writer, "UPDATE tx_items SET name = ? WHERE id = 1", name);
	}

	@Test
	void anUncommittedWriteIsInvisibleToOtherConnections() throws Exception {
		write("uncommitted");
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		if (this.database != TestDatabase.SQLITE) {
			this.cachalot.dataSource().invalidateAll();
			assertThat(this.cachalot.query(READ)).as("from the database").containsExactly(List.of("before"));
		}
	}

	@Test
	void aTransactionReadsItsOwnWritesFromTheDatabaseAndDoesNotShareThem() throws Exception {
		write("mine");
		int before = this.cachalot.databaseExecutions();
		assertThat(CachalotFixture.query(this.writer, READ)).containsExactly(List.of("mine"));
		assertThat(CachalotFixture.query(this.writer, READ)).containsExactly(List.of("mine"));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + 2);
		this.writer.rollback();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
	}

	@Test
	void readsOfTablesTheTransactionDidNotWriteAreStillAnsweredFromTheCache() throws Exception {
		CachalotFixture.update(this.writer, "INSERT INTO tx_other VALUES (1)");
		int before = this.cachalot.databaseExecutions();
		assertThat(CachalotFixture.query(this.writer, READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + readCost());
	}

	@Test
	void commitInvalidatesBeforeItReturns() throws Exception {
		write("committed");
		this.writer.commit();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("committed"));
	}

	@Test
	void writeThenReadThenCommitLeavesNoInTransactionReadAsFresh() throws Exception {
		write("first");
		CachalotFixture.query(this.writer, READ);
		this.writer.commit();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("first"));
		write("second");
		CachalotFixture.query(this.writer, READ);
		this.writer.commit();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("second"));
	}

	@Test
	void rollbackLeavesTheCacheAsIfTheTransactionHadNotRun() throws Exception {
		write("rolled back");
		this.writer.rollback();
		int before = this.cachalot.databaseExecutions();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.databaseExecutions()).as("still a hit").isEqualTo(before);
	}

	@Test
	void rollbackToASavepointForgetsOnlyTheWritesAfterIt() throws Exception {
		CachalotFixture.update(this.writer, "INSERT INTO tx_other VALUES (1)");
		Savepoint savepoint = this.writer.setSavepoint();
		write("after savepoint");
		this.writer.rollback(savepoint);
		int before = this.cachalot.databaseExecutions();
		assertThat(CachalotFixture.query(this.writer, READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.databaseExecutions()).as("tx_items is clean again: a hit")
			.isEqualTo(before + readCost());
		this.writer.commit();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("before"));
		assertThat(this.cachalot.query("SELECT COUNT(*) FROM tx_other").get(0).get(0)).isEqualTo(1L);
	}

	@Test
	void turningAutocommitOnCommitsAndInvalidates() throws Exception {
		write("autocommitted");
		this.writer.setAutoCommit(true);
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("autocommitted"));
	}

	@Test
	void closingWithAnOpenTransactionNeverLeavesAStaleRead() throws Exception {
		write("closed");
		this.writer.commit();
		write("closed without commit");
		this.writer.close();
		assertThat(this.cachalot.query(READ)).containsExactly(List.of("closed"));
	}

}
