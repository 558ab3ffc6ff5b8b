package io.github.cachalot.review;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;
import io.github.cachalot.trust.Differential.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewEscapesAndPoolsTest {

	private static final String READ = "SELECT v FROM rv_esc WHERE id = 1";

	/**
	 * DatabaseMetaData.getConnection() hands out the pool's connection, not cachalot's: a write
	 * through it invalidates nothing, and no escape is counted.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
	void aWriteThroughTheMetadatasConnectionInvalidates(TestDatabase database) {
		Differential.on(database)
			.setUp("CREATE TABLE rv_esc (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_esc VALUES (1, 'old')")
			.tearDown("DROP TABLE IF EXISTS rv_esc")
			.check(side -> {
				Connection a = side.open();
				Connection b = side.open();
				side.readAs("b warms", b, READ);
				side.readAs("b again", b, READ);
				Connection raw = a.getMetaData().getConnection();
				try (Statement statement = raw.createStatement()) {
					statement.executeUpdate("UPDATE rv_esc SET v = 'new' WHERE id = 1");
				}
				Answer after = side.readAs("b after the write through getMetaData().getConnection()", b, READ);
				side.sanity("new".equals(after.value()), "the write is committed");
				a.close();
				side.readAs("b after a closed", b, READ);
			});
	}

	/**
	 * Statement.unwrap counts an escape before anything else, even after the statement's connection
	 * closed: the count is never taken back, and the cache is off for the data source for good.
	 */
	@Test
	void unwrappingAStatementAfterItsConnectionClosedDoesNotTurnTheCacheOffForever() throws Exception {
		TestDatabase database = TestDatabase.POSTGRESQL;
		database.execute("DROP TABLE IF EXISTS rv_esc", "CREATE TABLE rv_esc (id INT PRIMARY KEY, v VARCHAR(20))",
				"INSERT INTO rv_esc VALUES (1, 'old')");
		try {
			CachalotFixture fixture = new CachalotFixture(database);
			assertThat(fixture.executionsOfRepeatedRead(READ)).as("a hit before").isZero();
			Connection connection = fixture.dataSource().getConnection();
			Statement statement = connection.createStatement();
			connection.close();
			try {
				statement.unwrap(org.postgresql.PGStatement.class);
			}
			catch (Exception expected) {
				// the statement is closed
			}
			assertThat(fixture.executionsOfRepeatedRead(READ)).as("a hit after").isZero();
		}
		finally {
			database.execute("DROP TABLE IF EXISTS rv_esc");
		}
	}

	/**
	 * Pool of one, a read in a transaction of a table the catalog has not looked up yet: the
	 * look-up borrows a second connection from the exhausted pool and waits for its timeout.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aReadInATransactionDoesNotWaitForASecondConnectionOfAPoolOfOne(TestDatabase database) throws Exception {
		database.execute("DROP TABLE IF EXISTS rv_esc", "CREATE TABLE rv_esc (id INT PRIMARY KEY, v VARCHAR(20))",
				"INSERT INTO rv_esc VALUES (1, 'old')");
		try (HikariDataSource pool = database.newPool(1)) {
			pool.setConnectionTimeout(3000);
			CachalotFixture fixture = new CachalotFixture(database, new CaffeineCacheStore(), pool);
			try (Connection connection = fixture.dataSource().getConnection()) {
				connection.setAutoCommit(false);
				long start = System.nanoTime();
				assertThat(CachalotFixture.query(connection, READ)).containsExactly(List.of("old"));
				long readMillis = (System.nanoTime() - start) / 1_000_000;
				start = System.nanoTime();
				CachalotFixture.update(connection, "UPDATE rv_esc SET v = 'new' WHERE id = 1");
				long writeMillis = (System.nanoTime() - start) / 1_000_000;
				connection.commit();
				assertThat(List.of(readMillis, writeMillis)).as("read, write in the transaction (ms)")
					.allMatch((ms) -> ms < 1000);
			}
		}
		finally {
			database.execute("DROP TABLE IF EXISTS rv_esc");
		}
	}

}
