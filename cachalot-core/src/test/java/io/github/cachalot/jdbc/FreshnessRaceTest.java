package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The races django-cachalot has, played out step by step: a result read from a snapshot older
 * than a commit is never served after that commit returned.
 */
class FreshnessRaceTest {

	private static CachalotFixture fixture(TestDatabase database) {
		database.dropTables("fr_items");
		database.execute("CREATE TABLE fr_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO fr_items VALUES (1, 'old')");
		return new CachalotFixture(database);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aResultStoredAfterAnInvalidationIsNotServedIfItsSnapshotPredatesTheCommit(TestDatabase database)
			throws Exception {
		CachalotFixture cachalot = fixture(database);
		String read = "SELECT name FROM fr_items WHERE id = 1";
		try (Connection reader = cachalot.dataSource().getConnection();
				Statement statement = reader.createStatement();
				ResultSet slow = statement.executeQuery(read)) {
			// the slow reader's snapshot is taken; a write commits and invalidates meanwhile
			assertThat(cachalot.update("UPDATE fr_items SET name = 'new' WHERE id = 1")).isEqualTo(1);
			// the slow reader finishes and stores its (old) result
			assertThat(CachalotFixture.rows(slow)).containsExactly(List.of("old"));
		}
		assertThat(cachalot.query(read)).containsExactly(List.of("new"));
		assertThat(cachalot.executionsOfRepeatedRead(read)).isZero();
		assertThat(cachalot.query(read)).containsExactly(List.of("new"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aReadBetweenAWriteAndItsCommitIsNotServedAfterTheCommit(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		String read = "SELECT name FROM fr_items WHERE id = 1";
		try (Connection writer = cachalot.dataSource().getConnection()) {
			writer.setAutoCommit(false);
			CachalotFixture.update(writer, "UPDATE fr_items SET name = 'new' WHERE id = 1");
			// another connection reads (and caches) the committed state while the write is pending
			assertThat(cachalot.query(read)).containsExactly(List.of("old"));
			assertThat(cachalot.executionsOfRepeatedRead(read)).isZero();
			writer.commit();
			writer.setAutoCommit(true);
		}
		assertThat(cachalot.query(read)).containsExactly(List.of("new"));
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2", "SQLITE" })
	void twoWritesInQuickSuccessionEachInvalidate(TestDatabase database) {
		CachalotFixture cachalot = fixture(database);
		String read = "SELECT name FROM fr_items WHERE id = 1";
		for (int i = 0; i < 50; i++) {
			cachalot.query(read);
			cachalot.update("UPDATE fr_items SET name = ? WHERE id = 1", "v" + i);
			assertThat(cachalot.query(read)).containsExactly(List.of("v" + i));
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" }) // H2's REPEATABLE READ keeps no snapshot
	void aRepeatableReadSnapshotOlderThanACommitIsNeverStored(TestDatabase database) throws Exception {
		CachalotFixture cachalot = fixture(database);
		database.dropTables("fr_other");
		database.execute("CREATE TABLE fr_other (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO fr_other VALUES (1, 'old')");
		String read = "SELECT name FROM fr_other WHERE id = 1";
		try (Connection reader = cachalot.dataSource().getConnection()) {
			reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			reader.setAutoCommit(false);
			// the first statement takes the transaction's snapshot
			assertThat(CachalotFixture.query(reader, "SELECT name FROM fr_items WHERE id = 1"))
				.containsExactly(List.of("old"));
			// a write commits meanwhile
			cachalot.update("UPDATE fr_other SET name = 'new' WHERE id = 1");
			// the snapshot still shows the old row; it must not be stored for others
			assertThat(CachalotFixture.query(reader, read)).containsExactly(List.of("old"));
			reader.commit();
			reader.setAutoCommit(true);
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		assertThat(cachalot.query(read)).containsExactly(List.of("new"));
	}

}
