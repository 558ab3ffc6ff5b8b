package io.github.cachalot.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A prepared read gets its driver statement only when the database is needed: a hit prepares
 * nothing on the driver (and nothing on a server that prepares statements), a miss binds on the
 * driver what the caller bound, as it was when bound, and whatever only the driver can answer or
 * reject is still the driver's answer or error.
 */
class DeferredPrepareTest {

	private static final String TABLE = "deferred_prepare";

	private static final String EVERY_TYPE = "SELECT count(*) FROM " + TABLE + " WHERE c_bigint = ? AND c_int = ?"
			+ " AND c_smallint = ? AND c_tiny = ? AND c_text = ? AND c_decimal = ? AND c_double = ? AND c_real = ?"
			+ " AND c_bool = ? AND c_date = ? AND c_time = ? AND c_timestamp = ? AND c_bytes = ? AND c_null IS NULL"
			+ " AND c_text = ? AND c_bigint = ? AND c_date = ? AND c_int = ? AND (? IS NULL OR c_null = ?)";

	private static final String BY_ID = "SELECT c_text FROM " + TABLE + " WHERE c_bigint = ?";

	private static void createTable(TestDatabase database) {
		database.dropTables(TABLE);
		boolean postgres = database == TestDatabase.POSTGRESQL;
		database.execute("CREATE TABLE " + TABLE + " (c_bigint BIGINT, c_int INT, c_smallint SMALLINT,"
				+ " c_tiny SMALLINT, c_text VARCHAR(40), c_decimal DECIMAL(10, 2), c_double DOUBLE PRECISION,"
				+ " c_real REAL, c_bool BOOLEAN, c_date DATE, c_time TIME, c_timestamp "
				+ (postgres ? "TIMESTAMP" : "DATETIME(3)") + ", c_bytes " + (postgres ? "BYTEA" : "VARBINARY(16)")
				+ ", c_null INT)",
				"INSERT INTO " + TABLE + " VALUES (7, 42, 3, 1, 'seven', 12.50, 0.5, 0.25, TRUE, DATE '2024-02-29',"
						+ " TIME '13:45:30', TIMESTAMP '2024-02-29 13:45:30.125', "
						+ (postgres ? "'\\xCAFE'::bytea" : "X'CAFE'") + ", NULL)");
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aHitPreparesNothingOnTheDriver(TestDatabase database) {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		assertThat(cachalot.query(BY_ID, 7L)).containsExactly(List.of("seven"));
		assertThat(cachalot.counting().prepared()).containsExactly(BY_ID);
		for (int i = 0; i < 5; i++) {
			assertThat(cachalot.query(BY_ID, 7L)).containsExactly(List.of("seven"));
		}
		assertThat(cachalot.counting().prepared()).as("hits prepare nothing").containsExactly(BY_ID);
		assertThat(cachalot.databaseExecutions()).isEqualTo(1);
	}

	@Test
	void aHitSendsNothingToAServerThatPreparesStatements() throws SQLException {
		TestDatabase database = TestDatabase.MARIADB;
		createTable(database);
		try (HikariDataSource pool = database.newPool(1, "useServerPrepStmts=true&cachePrepStmts=false")) {
			DataSource cached = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(new CaffeineCacheStore()).build().wrap(pool, "server-prepare");
			readText(cached, 7L); // the miss prepares on the server once
			long before = serverPrepares(pool);
			for (int i = 0; i < 10; i++) {
				assertThat(readText(cached, 7L)).isEqualTo("seven");
			}
			assertThat(serverPrepares(pool) - before).as("COM_STMT_PREPARE sent for 10 hits").isZero();
			readText(pool, 7L);
			assertThat(serverPrepares(pool) - before).as("the same read without cachalot").isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aMissBindsOnTheDriverWhatEverySetterBound(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		assertThat(countEveryType(database.dataSource())).as("without cachalot").isEqualTo(1);
		assertThat(countEveryType(cachalot.dataSource())).as("a miss").isEqualTo(1);
		assertThat(countEveryType(cachalot.dataSource())).as("a hit").isEqualTo(1);
		assertThat(cachalot.databaseExecutions()).isEqualTo(1);
	}

	private static long countEveryType(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(EVERY_TYPE)) {
			statement.setLong(1, 7L);
			statement.setInt(2, 42);
			statement.setShort(3, (short) 3);
			statement.setByte(4, (byte) 1);
			statement.setString(5, "seven");
			statement.setBigDecimal(6, new BigDecimal("12.50"));
			statement.setDouble(7, 0.5);
			statement.setFloat(8, 0.25f);
			statement.setBoolean(9, true);
			statement.setDate(10, Date.valueOf("2024-02-29"));
			statement.setTime(11, Time.valueOf("13:45:30"));
			statement.setTimestamp(12, Timestamp.valueOf("2024-02-29 13:45:30.125"));
			statement.setBytes(13, new byte[] { (byte) 0xCA, (byte) 0xFE });
			statement.setObject(14, "seven");
			statement.setObject(15, 7L);
			statement.setObject(16, LocalDate.of(2024, 2, 29));
			statement.setObject(17, "42", Types.INTEGER);
			statement.setNull(18, Types.INTEGER);
			statement.setNull(19, Types.INTEGER);
			statement.setInt(2, 41); // rebinding replaces
			statement.setInt(2, 42);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getLong(1);
			}
		}
	}

	/**
	 * The read runs with the values as they were bound, as PostgreSQL's driver does (MariaDB's keeps
	 * the caller's array and timestamp, and would run with the changed values under a key made of the
	 * bound ones).
	 */
	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void whatTheCallerChangesAfterBindingDoesNotChangeTheRead(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		String sql = "SELECT count(*) FROM " + TABLE + " WHERE c_bytes = ? AND c_timestamp = ?";
		List<DataSource> dataSources = (database == TestDatabase.POSTGRESQL)
				? List.of(database.dataSource(), cachalot.dataSource()) : List.of(cachalot.dataSource());
		for (DataSource dataSource : dataSources) {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(sql)) {
				byte[] bytes = { (byte) 0xCA, (byte) 0xFE };
				Timestamp at = Timestamp.valueOf("2024-02-29 13:45:30.125");
				statement.setBytes(1, bytes);
				statement.setTimestamp(2, at);
				bytes[0] = 0;
				at.setTime(0);
				try (ResultSet resultSet = statement.executeQuery()) {
					resultSet.next();
					assertThat(resultSet.getLong(1)).as(dataSource.toString()).isEqualTo(1);
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aParameterIndexOutOfRangeGetsTheDriversOwnError(TestDatabase database) {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		for (int index : new int[] { 0, 2 }) {
			SQLException direct = badIndex(database.dataSource(), index);
			SQLException proxied = badIndex(cachalot.dataSource(), index);
			if (direct == null) {
				assertThat((Object) proxied).as("MariaDB's driver ignores index " + index).isNull();
				continue;
			}
			assertThat((Object) proxied).as("refused as the driver refuses index " + index).isNotNull();
			assertThat(proxied.getClass()).isEqualTo(direct.getClass());
			assertThat(proxied.getSQLState()).isEqualTo(direct.getSQLState());
			assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
		}
	}

	/** Binds at the index, then executes: the driver may refuse either. */
	private static SQLException badIndex(DataSource dataSource, int index) {
		return catchThrowableOfType(SQLException.class, () -> {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(BY_ID)) {
				statement.setLong(1, 7L);
				statement.setLong(index, 7L);
				statement.executeQuery().close();
			}
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aClosedStatementIsNeverAnsweredFromTheCache(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		cachalot.query(BY_ID, 7L); // cached
		SQLException direct = null;
		SQLException proxied = null;
		for (DataSource dataSource : new DataSource[] { database.dataSource(), cachalot.dataSource() }) {
			try (Connection connection = dataSource.getConnection()) {
				PreparedStatement statement = connection.prepareStatement(BY_ID);
				statement.setLong(1, 7L);
				statement.close();
				assertThat(statement.isClosed()).isTrue();
				SQLException error = catchThrowableOfType(SQLException.class, statement::executeQuery);
				if (dataSource == database.dataSource()) {
					direct = error;
				}
				else {
					proxied = error;
				}
			}
		}
		assertThat((Object) proxied).isNotNull();
		assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
		assertThat(proxied.getSQLState()).isEqualTo(direct.getSQLState());
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aStatementOfAClosedConnectionIsClosedAndNeverAnsweredFromTheCache(TestDatabase database)
			throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		cachalot.query(BY_ID, 7L); // cached
		Connection connection = cachalot.dataSource().getConnection();
		PreparedStatement statement = connection.prepareStatement(BY_ID);
		statement.setLong(1, 7L);
		connection.close();
		assertThat(statement.isClosed()).isTrue();
		assertThat((Object) catchThrowableOfType(SQLException.class, statement::executeQuery)).isNotNull();
		assertThat((Object) catchThrowableOfType(SQLException.class, () -> statement.setMaxRows(1))).isNotNull();
		assertThat((Object) catchThrowableOfType(SQLException.class, () -> statement.setLong(1, 8L))).isNotNull();
		assertThat(cachalot.databaseExecutions()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void metadataBeforeExecutionAndWarningsComeFromTheDriver(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		try (Connection connection = cachalot.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(BY_ID)) {
			assertThat((Object) statement.getWarnings()).isNull();
			statement.clearWarnings();
			assertThat(cachalot.counting().prepared()).as("warnings of nothing that ran").isEmpty();
			assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(1);
			assertThat(statement.getMetaData().getColumnCount()).isEqualTo(1);
			assertThat(cachalot.counting().prepared()).containsExactly(BY_ID);
			statement.setLong(1, 7L);
			try (ResultSet resultSet = statement.executeQuery()) {
				assertThat(resultSet.next()).isTrue();
				assertThat(resultSet.getString(1)).isEqualTo("seven");
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void closeOnCompletionClosesAStatementAnsweredFromTheCache(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		cachalot.query(BY_ID, 7L); // cached
		try (Connection connection = cachalot.dataSource().getConnection()) {
			PreparedStatement statement = connection.prepareStatement(BY_ID);
			statement.closeOnCompletion();
			assertThat(statement.isCloseOnCompletion()).isTrue();
			statement.setLong(1, 7L);
			ResultSet resultSet = statement.executeQuery();
			assertThat(statement.isClosed()).isFalse();
			resultSet.close();
			assertThat(statement.isClosed()).isTrue();
		}
		assertThat(cachalot.databaseExecutions()).as("answered from the cache").isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void settingsMadeBeforeTheFirstExecutionReachTheDriverOnAMiss(TestDatabase database) throws SQLException {
		createTable(database);
		database.execute("INSERT INTO " + TABLE + " (c_bigint, c_text) VALUES (8, 'eight')");
		CachalotFixture cachalot = new CachalotFixture(database);
		String sql = "SELECT c_text FROM " + TABLE + " ORDER BY c_bigint";
		for (int round = 0; round < 2; round++) { // a miss, then a hit
			try (Connection connection = cachalot.dataSource().getConnection();
					PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setMaxRows(1);
				statement.setQueryTimeout(30);
				statement.setFetchSize(10);
				assertThat(statement.getMaxRows()).isEqualTo(1);
				assertThat(statement.getQueryTimeout()).isEqualTo(30);
				assertThat(statement.getFetchSize()).isEqualTo(10);
				try (ResultSet resultSet = statement.executeQuery()) {
					assertThat(resultSet.next()).isTrue();
					assertThat(resultSet.getString(1)).isEqualTo("seven");
					assertThat(resultSet.next()).as("max rows 1").isFalse();
				}
			}
		}
		assertThat(cachalot.databaseExecutions()).isEqualTo(1);
	}

	/** Hibernate reads max rows and query timeout back before closing every statement. */
	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void readingSettingsBackOnAHitCreatesNoDriverStatement(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		cachalot.query(BY_ID, 7L); // cached, and the driver's defaults learned
		int[] plainDefaults;
		try (Connection connection = database.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(BY_ID)) {
			plainDefaults = new int[] { statement.getMaxRows(), statement.getQueryTimeout(), statement.getFetchSize() };
		}
		try (Connection connection = cachalot.dataSource().getConnection()) {
			PreparedStatement statement = connection.prepareStatement(BY_ID);
			statement.setLong(1, 7L);
			try (ResultSet resultSet = statement.executeQuery()) {
				assertThat(resultSet.next()).isTrue();
			}
			assertThat(new int[] { statement.getMaxRows(), statement.getQueryTimeout(), statement.getFetchSize() })
				.containsExactly(plainDefaults);
			statement.close();
		}
		assertThat(cachalot.counting().prepared()).as("only the first read's").containsExactly(BY_ID);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void negativeSettingsGetTheDriversOwnError(TestDatabase database) {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		for (String setting : new String[] { "maxRows", "queryTimeout", "fetchSize" }) {
			SQLException direct = badSetting(database.dataSource(), setting);
			SQLException proxied = badSetting(cachalot.dataSource(), setting);
			assertThat((Object) direct).as(setting).isNotNull();
			assertThat((Object) proxied).as(setting).isNotNull();
			assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
		}
	}

	private static SQLException badSetting(DataSource dataSource, String setting) {
		return catchThrowableOfType(SQLException.class, () -> {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(BY_ID)) {
				switch (setting) {
					case "maxRows" -> statement.setMaxRows(-1);
					case "queryTimeout" -> statement.setQueryTimeout(-1);
					default -> statement.setFetchSize(-1);
				}
			}
		});
	}

	@Test
	void aBindingTheDriverRefusesFailsAsItWouldHaveAndLeavesNoStatementOpen() throws SQLException {
		TestDatabase database = TestDatabase.POSTGRESQL;
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		SQLException direct = catchThrowableOfType(SQLException.class, () -> {
			try (Connection connection = database.dataSource().getConnection();
					PreparedStatement statement = connection.prepareStatement(BY_ID)) {
				statement.setObject(1, "not a number", Types.BIGINT);
			}
		});
		assertThat((Object) direct).as("pgjdbc refuses it when bound").isNotNull();
		try (Connection connection = cachalot.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(BY_ID)) {
			statement.setObject(1, "not a number", Types.BIGINT);
			SQLException proxied = catchThrowableOfType(SQLException.class, statement::executeQuery);
			assertThat((Object) proxied).as("refused when the driver statement is created").isNotNull();
			assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
			assertThat(proxied.getSQLState()).isEqualTo(direct.getSQLState());
			assertThat(cachalot.counting().openStatements()).as("the refused driver statement was closed").isZero();
			statement.setLong(1, 7L);
			try (ResultSet resultSet = statement.executeQuery()) {
				assertThat(resultSet.next()).isTrue();
				assertThat(resultSet.getString(1)).isEqualTo("seven");
			}
		}
		assertThat(cachalot.counting().openStatements()).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void bindingOnAClosedStatementGetsTheDriversOwnError(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		SQLException direct = bindAfterClose(database.dataSource());
		SQLException proxied = bindAfterClose(cachalot.dataSource());
		if (direct == null) {
			assertThat((Object) proxied).as("MariaDB's driver takes it").isNull();
		}
		else {
			assertThat((Object) proxied).isNotNull();
			assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
		}
		assertThat(cachalot.counting().openStatements()).isZero();
	}

	private static SQLException bindAfterClose(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			PreparedStatement statement = connection.prepareStatement(BY_ID);
			statement.close();
			return catchThrowableOfType(SQLException.class, () -> statement.setLong(1, 7L));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void beforeAnyExecutionTheDriverAnswersForResults(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		for (DataSource dataSource : new DataSource[] { database.dataSource(), cachalot.dataSource() }) {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(BY_ID)) {
				assertThat(statement.getUpdateCount()).as(dataSource.toString()).isEqualTo(-1);
				assertThat(statement.getResultSet()).isNull();
			}
		}
		assertThat(cachalot.counting().openStatements()).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aMissCreatesOneDriverStatementThatClosesOnCompletion(TestDatabase database) throws SQLException {
		createTable(database);
		CachalotFixture cachalot = new CachalotFixture(database);
		try (Connection connection = cachalot.dataSource().getConnection()) {
			PreparedStatement statement = connection.prepareStatement(BY_ID);
			statement.closeOnCompletion();
			statement.setLong(1, 7L);
			ResultSet resultSet = statement.executeQuery();
			assertThat(cachalot.counting().openStatements()).isEqualTo(1);
			while (resultSet.next()) {
				resultSet.getString(1);
			}
			resultSet.close();
			assertThat(statement.isClosed()).as("closed on completion, by the driver").isTrue();
		}
		assertThat(cachalot.query(BY_ID, 7L)).containsExactly(List.of("seven"));
		assertThat(cachalot.databaseExecutions()).as("the miss was cached").isEqualTo(1);
	}

	/**
	 * H2 refuses a fetch size above max rows when the fetch size is set, so the order of the calls
	 * matters: JdbcTemplate sets the fetch size, then max rows.
	 */
	@Test
	void settingsReachTheDriverInTheOrderTheyWereMade() throws SQLException {
		TestDatabase database = TestDatabase.H2;
		database.dropTables("deferred_h2");
		database.execute("CREATE TABLE deferred_h2 (id BIGINT, name VARCHAR(20))",
				"INSERT INTO deferred_h2 VALUES (7, 'seven')");
		CachalotFixture cachalot = new CachalotFixture(database);
		String sql = "SELECT name FROM deferred_h2 WHERE id = ?";
		for (DataSource dataSource : new DataSource[] { database.dataSource(), cachalot.dataSource() }) {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setFetchSize(100);
				statement.setMaxRows(10);
				statement.setLong(1, 7L);
				try (ResultSet resultSet = statement.executeQuery()) {
					assertThat(resultSet.next()).as(dataSource.toString()).isTrue();
					assertThat(resultSet.getString(1)).isEqualTo("seven");
				}
			}
		}
		assertThat(cachalot.databaseExecutions()).isEqualTo(1);
	}

	private static String readText(DataSource dataSource, long id) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(BY_ID)) {
			statement.setLong(1, id);
			try (ResultSet resultSet = statement.executeQuery()) {
				return resultSet.next() ? resultSet.getString(1) : null;
			}
		}
	}

	private static long serverPrepares(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'")) {
			resultSet.next();
			return resultSet.getLong(2);
		}
	}

}
