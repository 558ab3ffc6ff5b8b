package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One invalidation domain per database (issue 16): data sources of different names on one
 * database (routing targets, a migration data source, a second pool) share their table tokens, so
 * that a write through any of them invalidates what the others cached, while each keeps its own
 * results; DDL through one makes the others look the catalog up again.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class InvalidationDomainTest {

	private static final String READ = "SELECT price FROM id_item WHERE id = 1";

	@Parameter
	TestDatabase database;

	final CaffeineCacheStore store = new CaffeineCacheStore();

	HikariDataSource primaryPool;

	HikariDataSource replicaPool;

	@BeforeEach
	void createTables() {
		this.primaryPool = this.database.newPoolOnSibling("a", 2);
		this.replicaPool = this.database.newPoolOnSibling("a", 2);
		run(this.primaryPool, "DROP VIEW IF EXISTS id_cheap", "DROP TABLE IF EXISTS id_item",
				"DROP TABLE IF EXISTS id_other", "CREATE TABLE id_item (id INT PRIMARY KEY, price INT)",
				"CREATE TABLE id_other (id INT PRIMARY KEY, price INT)", "INSERT INTO id_item VALUES (1, 100)",
				"INSERT INTO id_other VALUES (1, 7)", "CREATE VIEW id_cheap AS SELECT price FROM id_item");
	}

	@AfterEach
	void closePools() {
		this.primaryPool.close();
		this.replicaPool.close();
	}

	@Test
	void aWriteThroughOneDataSourceInvalidatesWhatAnotherOnTheSameDatabaseCached() {
		CachingDataSource primary = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.primaryPool, "primary");
		CachingDataSource replica = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.replicaPool, "replica");
		assertThat(query(replica, READ)).isEqualTo(100);
		assertThat(query(replica, READ)).isEqualTo(100);
		assertThat(replica.statistics().hits()).as("cached").isEqualTo(1);

		assertThat(query(primary, READ)).isEqualTo(100);
		assertThat(primary.statistics().hits()).as("each keeps its own results").isZero();

		update(primary, "UPDATE id_item SET price = 200 WHERE id = 1");
		assertThat(query(replica, READ)).as("invalidated through the other data source").isEqualTo(200);
		assertThat(replica.database()).isEqualTo(primary.database()).matches("[0-9a-f]{16}");
		assertThat(replica.databaseDescription()).doesNotContain("user").doesNotContain("replica");
	}

	@Test
	void invalidatingOneDataSourceInvalidatesTheOthersOnTheDatabase() {
		CachingDataSource primary = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.primaryPool, "primary");
		CachingDataSource replica = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.replicaPool, "replica");
		query(replica, READ);
		run(this.primaryPool, "UPDATE id_item SET price = 300 WHERE id = 1"); // behind cachalot
		assertThat(query(replica, READ)).as("an external write is not seen").isEqualTo(100);
		assertThat(primary.invalidateAll()).isTrue();
		assertThat(query(replica, READ)).isEqualTo(300);
	}

	@Test
	void cachalotInvalidatesADatabaseByItsIdForWritesItDoesNotSee() throws SQLException {
		Cachalot cachalot = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build();
		CachingDataSource replica = cachalot.wrap(this.replicaPool, "replica");
		query(replica, READ);
		run(this.primaryPool, "UPDATE id_item SET price = 400 WHERE id = 1");
		String id;
		try (Connection connection = this.primaryPool.getConnection()) {
			id = cachalot.databaseOf(connection).id();
		}
		assertThat(id).isEqualTo(replica.database());
		assertThat(cachalot.invalidateDatabase(id)).isTrue();
		assertThat(query(replica, READ)).isEqualTo(400);
	}

	/**
	 * A view redefined through one data source reads other tables: the other data sources on the
	 * database must look its dependencies up again, or writes to its new tables would not
	 * invalidate their reads of it.
	 */
	@Test
	void ddlThroughOneDataSourceMakesTheOthersLookTheCatalogUpAgain() {
		CachingDataSource primary = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.primaryPool, "primary");
		CachingDataSource replica = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.replicaPool, "replica");
		String readView = "SELECT price FROM id_cheap";
		assertThat(query(replica, readView)).isEqualTo(100);
		update(primary, "CREATE OR REPLACE VIEW id_cheap AS SELECT price FROM id_other");
		assertThat(query(replica, readView)).isEqualTo(7);
		update(primary, "UPDATE id_other SET price = 8 WHERE id = 1");
		assertThat(query(replica, readView)).as("the view's new base table invalidates it").isEqualTo(8);
	}

	/**
	 * On MariaDB a connection writes every database of its server by qualified names, and table
	 * names are compared unqualified: the server is the invalidation domain. On PostgreSQL a
	 * connection reaches only its own database: each database of a cluster is a domain of its own.
	 */
	@Test
	void theDomainIsTheServerOnMariaDbAndTheDatabaseOnPostgreSql() {
		try (HikariDataSource other = this.database.newPoolOnSibling("b", 2)) {
			run(other, "DROP TABLE IF EXISTS id_item", "CREATE TABLE id_item (id INT PRIMARY KEY, price INT)",
					"INSERT INTO id_item VALUES (1, 5)");
			CachingDataSource writer = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(this.primaryPool, "a");
			CachingDataSource reader = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(other, "b");
			assertThat(query(reader, READ)).isEqualTo(5);
			assertThat(query(writer, READ)).isEqualTo(100);
			if (this.database == TestDatabase.POSTGRESQL) {
				assertThat(reader.database()).isNotEqualTo(writer.database());
				return;
			}
			assertThat(reader.database()).isEqualTo(writer.database());
			update(writer, "UPDATE " + catalogOf(other) + ".id_item SET price = 6 WHERE id = 1");
			assertThat(query(reader, READ)).isEqualTo(6);
		}
	}

	private static String catalogOf(HikariDataSource pool) {
		try (Connection connection = pool.getConnection()) {
			return connection.getCatalog();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int query(javax.sql.DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection()) {
			List<List<Object>> rows = CachalotFixture.query(connection, sql);
			return ((Number) rows.get(0).get(0)).intValue();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void update(javax.sql.DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection()) {
			CachalotFixture.update(connection, sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void run(javax.sql.DataSource dataSource, String... statements) {
		try (Connection connection = dataSource.getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
