package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of write invalidates the cached reads of the tables it changes. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class WriteInvalidationTest {

	private static final String COUNT = "SELECT COUNT(*) FROM wi_items";

	private static final String NAMES = "SELECT name FROM wi_items ORDER BY id";

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	@BeforeEach
	void createTables() {
		this.database.dropTables("wi_children", "wi_items", "wi_log", "wi_copy", "wi_new", "wi_renamed");
		this.database.execute("CREATE TABLE wi_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO wi_items VALUES (1, 'one'), (2, 'two')",
				"CREATE TABLE wi_log (id INT PRIMARY KEY, item_id INT)");
		this.cachalot = new CachalotFixture(this.database);
		primeCache();
	}

	private void primeCache() {
		this.cachalot.query(COUNT);
		this.cachalot.query(NAMES);
		assertThat(this.cachalot.executionsOfRepeatedRead(COUNT)).isZero();
	}

	private long count() {
		return (Long) this.cachalot.query(COUNT).get(0).get(0);
	}

	private void execute(String sql) throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Test
	void insert() {
		this.cachalot.update("INSERT INTO wi_items VALUES (3, 'three')");
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void insertFromASelectInvalidatesTheTarget() {
		this.cachalot.update("INSERT INTO wi_items SELECT id + 10, 'copy' FROM wi_log");
		this.cachalot.update("INSERT INTO wi_log VALUES (1, 1)");
		this.cachalot.update("INSERT INTO wi_items SELECT id + 10, 'copy' FROM wi_log");
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void update() {
		this.cachalot.update("UPDATE wi_items SET name = 'uno' WHERE id = 1");
		assertThat(this.cachalot.query(NAMES).get(0)).containsExactly("uno");
	}

	@Test
	void delete() {
		this.cachalot.update("DELETE FROM wi_items WHERE id = 1");
		assertThat(count()).isEqualTo(1);
	}

	@Test
	void upsert() throws Exception {
		String upsert = switch (this.database) {
			case POSTGRESQL, SQLITE -> "INSERT INTO wi_items VALUES (1, 'upserted') ON CONFLICT (id) DO UPDATE SET name = excluded.name";
			case MARIADB -> "INSERT INTO wi_items VALUES (1, 'upserted') ON DUPLICATE KEY UPDATE name = VALUES(name)";
			case H2 -> "MERGE INTO wi_items KEY (id) VALUES (1, 'upserted')";
		};
		execute(upsert);
		assertThat(this.cachalot.query(NAMES).get(0)).containsExactly("upserted");
	}

	@Test
	void replaceOrMerge() throws Exception {
		String sql = switch (this.database) {
			case POSTGRESQL, H2 -> "MERGE INTO wi_items t USING (SELECT 2 AS id, 'merged' AS name) s ON t.id = s.id "
					+ "WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.name)";
			case MARIADB, SQLITE -> "REPLACE INTO wi_items VALUES (2, 'merged')";
		};
		execute(sql);
		assertThat(this.cachalot.query(NAMES).get(1)).containsExactly("merged");
	}

	@Test
	void truncate() throws Exception {
		execute((this.database == TestDatabase.SQLITE) ? "DELETE FROM wi_items" : "TRUNCATE TABLE wi_items");
		assertThat(count()).isZero();
	}

	@Test
	void dropAndRecreate() throws Exception {
		execute("DROP TABLE wi_items");
		execute("CREATE TABLE wi_items (id INT PRIMARY KEY, name VARCHAR(50))");
		assertThat(count()).isZero();
	}

	@Test
	void alterTable() throws Exception {
		execute("ALTER TABLE wi_items ADD COLUMN extra INT");
		assertThat(this.cachalot.query("SELECT * FROM wi_items ORDER BY id").get(0)).hasSize(3);
		execute("ALTER TABLE wi_items DROP COLUMN extra");
		assertThat(this.cachalot.query("SELECT * FROM wi_items ORDER BY id").get(0)).hasSize(2);
	}

	@Test
	void renameTable() throws Exception {
		this.cachalot.query("SELECT COUNT(*) FROM wi_renamed WHERE 1 = 0".replace("wi_renamed", "wi_items"));
		execute("ALTER TABLE wi_items RENAME TO wi_renamed");
		execute("CREATE TABLE wi_items (id INT PRIMARY KEY, name VARCHAR(50))");
		assertThat(count()).isZero();
	}

	@Test
	void batchOfDifferentStatements() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.addBatch("INSERT INTO wi_log VALUES (1, 1)");
			statement.addBatch("DELETE FROM wi_items WHERE id = 1");
			statement.executeBatch();
		}
		assertThat(count()).isEqualTo(1);
	}

	@Test
	void preparedBatch() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("INSERT INTO wi_items VALUES (?, ?)")) {
			for (int id = 10; id < 13; id++) {
				statement.setInt(1, id);
				statement.setString(2, "batch");
				statement.addBatch();
			}
			statement.executeBatch();
		}
		assertThat(count()).isEqualTo(5);
	}

	@Test
	void cascadingForeignKeysInvalidateTheChildTables() throws Exception {
		if (this.database == TestDatabase.SQLITE) {
			execute("PRAGMA foreign_keys = ON");
		}
		execute("CREATE TABLE wi_children (id INT PRIMARY KEY, item_id INT, "
				+ "FOREIGN KEY (item_id) REFERENCES wi_items (id) ON DELETE CASCADE)");
		this.cachalot.update("INSERT INTO wi_children VALUES (1, 1), (2, 2)");
		String children = "SELECT COUNT(*) FROM wi_children";
		assertThat(this.cachalot.query(children).get(0).get(0)).isEqualTo(2L);
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			if (this.database == TestDatabase.SQLITE) {
				statement.execute("PRAGMA foreign_keys = ON");
			}
			statement.executeUpdate("DELETE FROM wi_items WHERE id = 1");
		}
		assertThat(this.cachalot.query(children).get(0).get(0)).isEqualTo(1L);
	}

	@Test
	void setNullForeignKeysInvalidateTheChildTables() throws Exception {
		execute("CREATE TABLE wi_children (id INT PRIMARY KEY, item_id INT, "
				+ "FOREIGN KEY (item_id) REFERENCES wi_items (id) ON DELETE SET NULL)");
		this.cachalot.update("INSERT INTO wi_children VALUES (1, 1), (2, 2)");
		String orphans = "SELECT COUNT(*) FROM wi_children WHERE item_id IS NULL";
		assertThat(this.cachalot.query(orphans).get(0).get(0)).isEqualTo(0L);
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			if (this.database == TestDatabase.SQLITE) {
				statement.execute("PRAGMA foreign_keys = ON");
			}
			statement.executeUpdate("DELETE FROM wi_items WHERE id = 1");
		}
		assertThat(this.cachalot.query(orphans).get(0).get(0)).isEqualTo(1L);
	}

	@Test
	void additionalTablesAreInvalidatedWithTheirKeyTable() {
		this.cachalot.query("SELECT COUNT(*) FROM wi_log");
		this.cachalot.settings().setAdditionalTables(Map.of("wi_items", Set.of("wi_log")));
		this.database.execute("INSERT INTO wi_log VALUES (9, 9)"); // as a trigger would
		this.cachalot.update("UPDATE wi_items SET name = 'x' WHERE id = 1");
		assertThat(this.cachalot.query("SELECT COUNT(*) FROM wi_log").get(0).get(0)).isEqualTo(1L);
	}

	/** A write whose tables the analyzer cannot fully know, on each database. */
	private String unparsableDelete() {
		String sql = switch (this.database) {
			case POSTGRESQL -> "DO $$ BEGIN DELETE FROM wi_items WHERE id = 1; END $$";
			case MARIADB -> "DELETE FROM wi_items WHERE id = 1 # a comment the parser does not know";
			// calling a function no list knows: its tokens cannot prove that it writes wi_items only
			case H2 -> "DELETE FROM wi_items WHERE id = ROUNDMAGIC(1) FETCH FIRST 1 ROWS ONLY";
			case SQLITE -> "DELETE FROM wi_items INDEXED BY sqlite_autoindex_wi_items_1 WHERE id = likely(1)";
		};
		assertThat(new io.github.cachalot.sql.SqlAnalyzer().analyze(sql).writesUnknownTables()).as(sql).isTrue();
		return sql;
	}

	@Test
	void anUnparsableWriteInvalidatesTheWholeDataSourceWhenInvalidateRawIsOn() throws Exception {
		String otherTable = "SELECT COUNT(*) FROM wi_log";
		this.cachalot.query(otherTable);
		execute(unparsableDelete());
		assertThat(count()).isEqualTo(1);
		int before = this.cachalot.databaseExecutions();
		this.cachalot.query(otherTable);
		assertThat(this.cachalot.databaseExecutions()).as("every table was invalidated").isEqualTo(before + 1);
	}

	@Test
	void withInvalidateRawOffAnUnparsableWriteInvalidatesOnlyWhatItNames() throws Exception {
		this.cachalot.settings().setInvalidateRaw(false);
		String otherTable = "SELECT COUNT(*) FROM wi_log";
		this.cachalot.query(otherTable);
		execute(unparsableDelete());
		int before = this.cachalot.databaseExecutions();
		this.cachalot.query(otherTable);
		assertThat(this.cachalot.databaseExecutions()).as("the user took responsibility for raw writes")
			.isEqualTo(before);
	}

	@Test
	void aWriteThatFailsStillInvalidates() throws Exception {
		try (Connection connection = this.cachalot.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO wi_items VALUES (1, 'duplicate')");
		}
		catch (java.sql.SQLException expected) {
			// duplicate key
		}
		int before = this.cachalot.databaseExecutions();
		count();
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before + 1);
	}

	@Test
	void anExternalWriteIsInvisibleUntilInvalidatedByHand() {
		this.database.execute("DELETE FROM wi_items WHERE id = 2");
		assertThat(count()).isEqualTo(2);
		this.cachalot.dataSource().invalidateTables(Set.of("WI_ITEMS"));
		assertThat(count()).isEqualTo(1);
		this.database.execute("DELETE FROM wi_items WHERE id = 1");
		this.cachalot.dataSource().invalidateAll();
		assertThat(count()).isZero();
	}

}
