package io.github.cachalot.result;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dialects tell, through the pool's proxies, whether the driver received a result's values as
 * text or in binary: what decides which values are cached and which texts are derived rather than
 * asked of the driver.
 */
class TransferDetectionTest {

	private static final String SQL = "SELECT CAST(1.5 AS DECIMAL(10, 2)), 'x'";

	@Test
	void postgresqlColumnsAreBinaryOnceTheStatementIsPreparedOnTheServer() throws SQLException {
		try (HikariDataSource binary = TestDatabase.POSTGRESQL.newPool(1, "prepareThreshold=-1");
				Connection connection = binary.getConnection();
				PreparedStatement statement = connection.prepareStatement(SQL);
				ResultSet resultSet = statement.executeQuery()) {
			// the number in binary, the text as text (pgjdbc receives unknown-typed literals as text)
			assertThat(transfers(resultSet)).containsExactly(Column.BINARY, Column.TEXT);
		}
		try (Connection connection = TestDatabase.POSTGRESQL.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(SQL)) {
			assertThat(transfers(resultSet)).containsExactly(Column.TEXT, Column.TEXT);
		}
	}

	@Test
	void mariadbResultsAreBinaryFromServerPreparedStatementsOnly() throws SQLException {
		try (HikariDataSource binary = TestDatabase.MARIADB.newPool(1, "useServerPrepStmts=true");
				Connection connection = binary.getConnection();
				PreparedStatement statement = connection.prepareStatement(SQL);
				ResultSet resultSet = statement.executeQuery()) {
			assertThat(transfers(resultSet)).containsExactly(Column.BINARY, Column.BINARY);
		}
		try (Connection connection = TestDatabase.MARIADB.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(SQL);
				ResultSet resultSet = statement.executeQuery()) {
			assertThat(transfers(resultSet)).containsExactly(Column.TEXT, Column.TEXT);
		}
	}

	@Test
	void metadataWithoutPostgresqlFormatCodesIsUnknownNotText() throws SQLException {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(SQL)) {
			assertThat(PostgresDialect.INSTANCE.transfers(resultSet, resultSet.getMetaData(), 2))
				.containsExactly(Column.UNKNOWN, Column.UNKNOWN);
		}
	}

	@Test
	void postgresqlBinaryNumbersAreRecordedWithoutAskingTheDriverForTheirText() throws SQLException {
		// (pgjdbc receives booleans as text unless told otherwise: their text is asked)
		String sql = "SELECT CAST(1.50 AS NUMERIC(10, 2)), CAST(2.5 AS FLOAT8), CAST(0.25 AS FLOAT4)";
		try (HikariDataSource binary = TestDatabase.POSTGRESQL.newPool(1, "prepareThreshold=-1");
				Connection connection = binary.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			AtomicInteger getStrings = new AtomicInteger();
			List<CachedResult> results = new ArrayList<>();
			try (ResultSet driver = statement.executeQuery();
					ResultSet recording = new RecordingResultSet(countingGetString(driver, getStrings), statement,
							ResultLimits.NONE, results::add)) {
				assertThat(recording.next()).isTrue();
				assertThat(recording.next()).isFalse();
			}
			assertThat(getStrings).as("getString calls on the driver").hasValue(0);
			assertThat(results).hasSize(1);
			try (CachedResultSet replay = new CachedResultSet(results.get(0), null, ResultSet.TYPE_FORWARD_ONLY,
					ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
				assertThat(replay.next()).isTrue();
				// pgjdbc's own texts of these binary values
				assertThat(replay.getString(1)).isEqualTo("1.50");
				assertThat(replay.getString(2)).isEqualTo("2.5");
				assertThat(replay.getString(3)).isEqualTo("0.25");
			}
		}
	}

	private static ResultSet countingGetString(ResultSet driver, AtomicInteger getStrings) {
		return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] { ResultSet.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getString")) {
						getStrings.incrementAndGet();
					}
					try {
						return method.invoke(driver, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static int[] transfers(ResultSet resultSet) throws SQLException {
		Dialect dialect = Dialect.detect(resultSet, resultSet.getMetaData()).forResult(resultSet);
		return dialect.transfers(resultSet, resultSet.getMetaData(), resultSet.getMetaData().getColumnCount());
	}

}
