package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain statement's result is read in the driver's text protocol and a prepared statement's may
 * be read in its binary protocol, where the same values have other texts: the two never answer
 * each other from the cache.
 */
class ProtocolSeparationTest {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aPreparedReaderNeverGetsTheTextsOfAPlainStatementsResult(TestDatabase database) throws SQLException {
		String sql = sqlFor(database);
		try (HikariDataSource pool = binaryPool(database)) {
			List<String> plainTexts = plain(pool, sql);
			List<String> preparedTexts = preparedInBinary(pool, sql);
			CachalotFixture cachalot = new CachalotFixture(database, new CaffeineCacheStore(), pool);
			for (int round = 0; round < 3; round++) {
				int executions = cachalot.databaseExecutions();
				assertThat(plain(cachalot.dataSource(), sql)).as("plain read %d", round).isEqualTo(plainTexts);
				if (round > 0) {
					assertThat(cachalot.databaseExecutions()).as("plain read %d is a hit", round).isEqualTo(executions);
				}
				assertThat(prepared(cachalot.dataSource(), sql)).as("prepared read %d", round).isEqualTo(preparedTexts);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aPlainReaderNeverGetsTheTextsOfAPreparedStatementsResult(TestDatabase database) throws SQLException {
		String sql = sqlFor(database);
		try (HikariDataSource pool = binaryPool(database)) {
			List<String> plainTexts = plain(pool, sql);
			List<String> preparedTexts = preparedInBinary(pool, sql);
			CachalotFixture cachalot = new CachalotFixture(database, new CaffeineCacheStore(), pool);
			for (int round = 0; round < 3; round++) {
				assertThat(prepared(cachalot.dataSource(), sql)).as("prepared read %d", round).isEqualTo(preparedTexts);
				assertThat(plain(cachalot.dataSource(), sql)).as("plain read %d", round).isEqualTo(plainTexts);
			}
		}
	}

	/** A table of values whose texts differ between the driver's protocols, and the read of it. */
	private static String sqlFor(TestDatabase database) throws SQLException {
		String columns = (database == TestDatabase.POSTGRESQL) ? "d FLOAT8, n NUMERIC(20, 10), b BOOLEAN"
				: "d DOUBLE, f FLOAT";
		String values = (database == TestDatabase.POSTGRESQL) ? "1e10, 1e-7, true" : "1e10, 0.1";
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS protocol_values");
			statement.execute("CREATE TABLE protocol_values (" + columns + ")");
			statement.execute("INSERT INTO protocol_values VALUES (" + values + ")");
		}
		return "SELECT * FROM protocol_values";
	}

	/**
	 * One connection, so that pgjdbc's count of a statement's executions (it switches to binary
	 * after {@code prepareThreshold} of them, five by default) carries from one read to the next.
	 */
	private static HikariDataSource binaryPool(TestDatabase database) {
		return (database == TestDatabase.POSTGRESQL) ? database.newPool(1, "prepareThreshold=5")
				: database.newPool(1, "useServerPrepStmts=true");
	}

	/** The texts of a prepared read once the driver reads it in binary (and that they are not the text protocol's). */
	private static List<String> preparedInBinary(DataSource dataSource, String sql) throws SQLException {
		List<String> texts = prepared(dataSource, sql);
		for (int i = 0; i < 5; i++) {
			texts = prepared(dataSource, sql);
		}
		assertThat(texts).as("the driver's texts in binary").isNotEqualTo(plain(dataSource, sql));
		return texts;
	}

	private static List<String> plain(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			return texts(resultSet);
		}
	}

	private static List<String> prepared(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet resultSet = statement.executeQuery()) {
			return texts(resultSet);
		}
	}

	private static List<String> texts(ResultSet resultSet) throws SQLException {
		assertThat(resultSet.next()).isTrue();
		List<String> texts = new ArrayList<>();
		for (int i = 1; i <= resultSet.getMetaData().getColumnCount(); i++) {
			texts.add(resultSet.getString(i));
		}
		assertThat(resultSet.next()).isFalse();
		return texts;
	}

}
