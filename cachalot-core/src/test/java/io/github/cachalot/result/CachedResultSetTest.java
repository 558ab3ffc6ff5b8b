package io.github.cachalot.result;

import java.io.Serializable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@link CachedResultSet} behaves like the driver's result set it was recorded from. */
class CachedResultSetTest {

	private static final String TABLE = "rt_replay";

	private static final String SELECT = "SELECT id, name FROM " + TABLE + " ORDER BY id";

	@BeforeAll
	static void createTables() {
		for (TestDatabase database : TestDatabase.values()) {
			database.dropTables(TABLE);
			database.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(20))");
			for (int id = 1; id <= 5; id++) {
				database.execute("INSERT INTO " + TABLE + " VALUES (" + id + ", 'n" + id + "')");
			}
			AllTypesTable.create(database);
		}
	}

	static CachedResult capture(TestDatabase database, String sql) throws SQLException {
		List<CachedResult> results = new ArrayList<>();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			ResultSet recording = new RecordingResultSet(statement.executeQuery(sql), statement, ResultLimits.NONE,
					results::add);
			while (recording.next()) {
				recording.getObject(1);
			}
		}
		assertThat(results).as("captured " + sql).hasSize(1);
		return results.get(0);
	}

	static CachedResultSet replay(CachedResult result, int type) {
		return new CachedResultSet(result, null, type, ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT);
	}

	private interface MetaDataGetter {

		Object get(ResultSetMetaData metaData, int column) throws SQLException;

	}

	private static final Map<String, MetaDataGetter> METADATA = new LinkedHashMap<>();

	static {
		METADATA.put("getColumnName", ResultSetMetaData::getColumnName);
		METADATA.put("getColumnLabel", ResultSetMetaData::getColumnLabel);
		METADATA.put("getColumnType", ResultSetMetaData::getColumnType);
		METADATA.put("getColumnTypeName", ResultSetMetaData::getColumnTypeName);
		METADATA.put("getColumnClassName", ResultSetMetaData::getColumnClassName);
		METADATA.put("getPrecision", ResultSetMetaData::getPrecision);
		METADATA.put("getScale", ResultSetMetaData::getScale);
		METADATA.put("isNullable", ResultSetMetaData::isNullable);
		METADATA.put("isSigned", ResultSetMetaData::isSigned);
		METADATA.put("getColumnDisplaySize", ResultSetMetaData::getColumnDisplaySize);
		METADATA.put("getTableName", ResultSetMetaData::getTableName);
		METADATA.put("getSchemaName", ResultSetMetaData::getSchemaName);
		METADATA.put("getCatalogName", ResultSetMetaData::getCatalogName);
		METADATA.put("isAutoIncrement", ResultSetMetaData::isAutoIncrement);
		METADATA.put("isCaseSensitive", ResultSetMetaData::isCaseSensitive);
		METADATA.put("isCurrency", ResultSetMetaData::isCurrency);
		METADATA.put("isSearchable", ResultSetMetaData::isSearchable);
		METADATA.put("isReadOnly", ResultSetMetaData::isReadOnly);
		METADATA.put("isWritable", ResultSetMetaData::isWritable);
		METADATA.put("isDefinitelyWritable", ResultSetMetaData::isDefinitelyWritable);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void metadataIsEverythingTheDriverReported(TestDatabase database) throws SQLException {
		// the NULL row: every column type, cacheable whatever its values
		String sql = "SELECT * FROM " + AllTypesTable.NAME + " WHERE id = "
				+ (AllTypesTable.columns(database).get(0).values().length + 1);
		List<String> problems = new ArrayList<>();
		CachedResult result = capture(database, sql);
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery(sql)) {
			ResultSetMetaData expected = driver.getMetaData();
			ResultSetMetaData actual = replay(result, ResultSet.TYPE_FORWARD_ONLY).getMetaData();
			assertThat(actual.getColumnCount()).isEqualTo(expected.getColumnCount());
			for (int column = 1; column <= expected.getColumnCount(); column++) {
				for (Map.Entry<String, MetaDataGetter> getter : METADATA.entrySet()) {
					Object want = outcome(expected, column, getter.getValue());
					Object got = outcome(actual, column, getter.getValue());
					if (!Objects.equals(want, got)) {
						problems.add(expected.getColumnLabel(column) + " " + getter.getKey() + ": " + want + " / " + got);
					}
				}
			}
		}
		assertThat(problems).isEmpty();
		assertThat(result.columnCount()).isEqualTo(AllTypesTable.columns(database).size() + 1);
	}

	private static Object outcome(ResultSetMetaData metaData, int column, MetaDataGetter getter) {
		try {
			return getter.get(metaData, column);
		}
		catch (SQLException ex) {
			return "threw " + ex.getSQLState() + " " + ex.getMessage();
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void labelsAreFoundIgnoringCaseFirstMatchWinningLikeTheDriver(TestDatabase database) throws SQLException {
		String sql = "SELECT id AS first_id, name AS \"Mixed\", id + 1 AS FIRST_ID FROM " + TABLE + " WHERE id = 2";
		CachedResult result = capture(database, sql);
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement(); ResultSet driver = statement.executeQuery(sql);
				CachedResultSet replay = replay(result, ResultSet.TYPE_FORWARD_ONLY)) {
			assertThat(driver.next()).isTrue();
			assertThat(replay.next()).isTrue();
			for (String label : List.of("first_id", "FIRST_ID", "First_Id", "mixed", "MIXED", "Mixed")) {
				assertThat(replay.findColumn(label)).as(label).isEqualTo(driver.findColumn(label));
				assertThat(replay.getString(label)).as(label).isEqualTo(driver.getString(label));
				assertThat(replay.getObject(label)).as(label).isEqualTo(driver.getObject(label));
			}
			assertThat(replay.findColumn("first_id")).isEqualTo(1);
			assertThatThrownBy(() -> driver.findColumn("missing")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> replay.findColumn("missing")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> replay.getString("missing")).isInstanceOf(SQLException.class);
		}
	}

	/** One step of a cursor walk and everything observable after it. */
	private static String step(ResultSet rs, String operation) {
		StringBuilder out = new StringBuilder(operation).append(" -> ");
		try {
			Object moved = switch (operation) {
				case "next" -> rs.next();
				case "previous" -> rs.previous();
				case "first" -> rs.first();
				case "last" -> rs.last();
				case "beforeFirst" -> {
					rs.beforeFirst();
					yield "void";
				}
				case "afterLast" -> {
					rs.afterLast();
					yield "void";
				}
				default -> {
					String[] parts = operation.split(" ");
					int n = Integer.parseInt(parts[1]);
					yield parts[0].equals("absolute") ? rs.absolute(n) : rs.relative(n);
				}
			};
			out.append(moved);
		}
		catch (SQLException ex) {
			out.append("threw");
		}
		for (String query : List.of("getRow", "isBeforeFirst", "isAfterLast", "isFirst", "isLast", "getInt")) {
			out.append(' ').append(query).append('=');
			try {
				out.append(switch (query) {
					case "getRow" -> rs.getRow();
					case "isBeforeFirst" -> rs.isBeforeFirst();
					case "isAfterLast" -> rs.isAfterLast();
					case "isFirst" -> rs.isFirst();
					case "isLast" -> rs.isLast();
					default -> rs.getInt(1);
				});
			}
			catch (SQLException ex) {
				out.append("threw");
			}
		}
		return out.toString();
	}

	private static final List<String> WALK = List.of("next", "next", "previous", "previous", "previous", "next",
			"last", "next", "next", "previous", "first", "relative 2", "relative -1", "relative 10", "previous",
			"absolute 3", "absolute -1", "absolute -5", "absolute -6", "absolute 0", "absolute 5", "absolute 6",
			"relative -2", "absolute 2", "relative 0", "relative -2", "afterLast", "isLast", "beforeFirst", "next",
			"last", "relative 1", "first", "relative -1", "absolute 1");

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL" })
	void scrollableNavigationIsTheDriversOne(TestDatabase database) throws SQLException {
		for (String sql : List.of(SELECT, "SELECT id, name FROM " + TABLE + " WHERE id < 0",
				"SELECT id, name FROM " + TABLE + " WHERE id = 1")) {
			CachedResult result = capture(database, sql);
			try (Connection connection = database.dataSource().getConnection();
					Statement statement = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
							ResultSet.CONCUR_READ_ONLY);
					ResultSet driver = statement.executeQuery(sql);
					CachedResultSet replay = replay(result, ResultSet.TYPE_SCROLL_INSENSITIVE)) {
				for (String operation : WALK) {
					if (operation.equals("isLast")) {
						continue;
					}
					assertThat(step(replay, operation)).as(sql).isEqualTo(step(driver, operation));
				}
			}
		}
	}

	@Test
	void forwardOnlyNavigationIsTheDriversOne() throws SQLException {
		TestDatabase database = TestDatabase.POSTGRESQL;
		CachedResult result = capture(database, SELECT);
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery(SELECT);
				CachedResultSet replay = replay(result, ResultSet.TYPE_FORWARD_ONLY)) {
			for (String operation : List.of("next", "first", "last", "previous", "absolute 1", "relative 1",
					"beforeFirst", "afterLast", "next", "next", "next", "next", "next", "next", "previous")) {
				assertThat(step(replay, operation)).isEqualTo(step(driver, operation));
			}
			assertThatThrownBy(() -> replay.setFetchDirection(ResultSet.FETCH_REVERSE))
				.isInstanceOf(SQLException.class);
		}
	}

	@Test
	void mutableValuesAreCopiedWhenHandedOut() throws SQLException {
		CachedResult result = capture(TestDatabase.POSTGRESQL, "SELECT '\\xdeadbeef'::bytea, "
				+ "TIMESTAMP '2024-02-29 13:45:30.123456', DATE '2024-02-29', TIME '13:45:30', ARRAY[1, 2, 3], "
				+ "'{\"a\": 1}'::jsonb, ARRAY['\\x01'::bytea]");
		try (CachedResultSet replay = replay(result, ResultSet.TYPE_FORWARD_ONLY)) {
			assertThat(replay.next()).isTrue();
			replay.getBytes(1)[0] = 0;
			((byte[]) replay.getObject(1))[1] = 0;
			assertThat(replay.getBytes(1)).containsExactly(0xde, 0xad, 0xbe, 0xef);
			replay.getTimestamp(2).setTime(0);
			((Timestamp) replay.getObject(2)).setNanos(0);
			assertThat(replay.getTimestamp(2)).isEqualTo(Timestamp.valueOf("2024-02-29 13:45:30.123456"));
			replay.getDate(3).setTime(0);
			((Date) replay.getObject(3)).setTime(0);
			assertThat(replay.getDate(3)).isEqualTo(Date.valueOf("2024-02-29"));
			replay.getTime(4).setTime(0);
			assertThat(replay.getTime(4)).isEqualTo(Time.valueOf("13:45:30"));
			Array array = replay.getArray(5);
			((Integer[]) array.getArray())[0] = 99;
			((Integer[]) replay.getArray(5).getArray())[1] = 99;
			assertThat((Integer[]) replay.getArray(5).getArray()).containsExactly(1, 2, 3);
			org.postgresql.util.PGobject json = (org.postgresql.util.PGobject) replay.getObject(6);
			json.setValue("{}");
			assertThat(((org.postgresql.util.PGobject) replay.getObject(6)).getValue()).isEqualTo("{\"a\": 1}");
			((byte[][]) replay.getArray(7).getArray())[0][0] = 9;
			assertThat(((byte[][]) replay.getArray(7).getArray())[0]).containsExactly(1);
		}
	}

	@Test
	void aClosedReplayFailsLikeADriversOne() throws SQLException {
		CachedResultSet replay = replay(capture(TestDatabase.H2, SELECT), ResultSet.TYPE_SCROLL_INSENSITIVE);
		assertThat(replay.next()).isTrue();
		assertThat(replay.isClosed()).isFalse();
		replay.close();
		replay.close();
		assertThat(replay.isClosed()).isTrue();
		assertThatThrownBy(replay::next).isInstanceOf(SQLException.class).hasMessageContaining("closed");
		assertThatThrownBy(() -> replay.getInt(1)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
		assertThatThrownBy(replay::getMetaData).isInstanceOf(SQLException.class);
		assertThatThrownBy(replay::wasNull).isInstanceOf(SQLException.class);
		assertThatThrownBy(replay::first).isInstanceOf(SQLException.class);
		assertThatThrownBy(() -> replay.findColumn("id")).isInstanceOf(SQLException.class);
	}

	@Test
	void aReplayIsReadOnlyAndReportsItsProperties() throws SQLException {
		CachedResult result = capture(TestDatabase.H2, SELECT);
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement owner = connection.createStatement();
				CachedResultSet replay = new CachedResultSet(result, owner, ResultSet.TYPE_SCROLL_INSENSITIVE,
						ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT)) {
			assertThat(replay.getStatement()).isSameAs(owner);
			assertThat(replay.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
			assertThat(replay.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
			assertThat(replay.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
			assertThat((Object) replay.getWarnings()).isNull();
			replay.clearWarnings();
			replay.setFetchSize(50);
			assertThat(replay.getFetchSize()).isEqualTo(50);
			assertThatThrownBy(() -> replay.setFetchSize(-1)).isInstanceOf(SQLException.class);
			replay.setFetchDirection(ResultSet.FETCH_REVERSE);
			assertThat(replay.getFetchDirection()).isEqualTo(ResultSet.FETCH_REVERSE);
			assertThat(replay.unwrap(CachedResultSet.class)).isSameAs(replay);
			assertThat(replay.isWrapperFor(ResultSet.class)).isTrue();
			assertThatThrownBy(() -> replay.getString(1)).isInstanceOf(SQLException.class);
			assertThat(replay.next()).isTrue();
			assertThatThrownBy(() -> replay.getString(3)).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> replay.getString(0)).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> replay.getObject(1, (Class<?>) null)).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> replay.updateInt(1, 5)).isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThatThrownBy(() -> replay.updateString("name", "x"))
				.isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThatThrownBy(replay::updateRow).isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThatThrownBy(replay::insertRow).isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThatThrownBy(replay::deleteRow).isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThatThrownBy(replay::moveToInsertRow).isInstanceOf(SQLFeatureNotSupportedException.class);
			assertThat(replay.rowUpdated()).isFalse();
			java.io.StringWriter text = new java.io.StringWriter();
			replay.getCharacterStream(2).transferTo(text);
			assertThat(text.toString()).isEqualTo("n1");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aResultIsSharedSafelyBetweenThreads() throws Exception {
		CachedResult result = capture(TestDatabase.POSTGRESQL,
				"SELECT g, 'v' || g, '\\xdead'::bytea, TIMESTAMP '2024-02-29 13:45:30' + g * INTERVAL '1 day' "
						+ "FROM generate_series(1, 200) g");
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Long>> futures = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				futures.add(executor.submit(() -> {
					long sum = 0;
					for (int round = 0; round < 50; round++) {
						try (CachedResultSet replay = replay(result, ResultSet.TYPE_FORWARD_ONLY)) {
							while (replay.next()) {
								int g = replay.getInt(1);
								assertThat(replay.getString(2)).isEqualTo("v" + g);
								byte[] bytes = replay.getBytes(3);
								assertThat(bytes).containsExactly(0xde, 0xad);
								bytes[0] = 0;
								Timestamp timestamp = replay.getTimestamp(4);
								assertThat(timestamp).isEqualTo(Timestamp
									.valueOf(java.time.LocalDateTime.of(2024, 2, 29, 13, 45, 30).plusDays(g)));
								timestamp.setTime(0);
								sum += g;
							}
						}
					}
					return sum;
				}));
			}
			for (Future<Long> future : futures) {
				assertThat(future.get()).isEqualTo(50L * 200 * 201 / 2);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aResultIsNotSerializable() {
		assertThat(Serializable.class.isAssignableFrom(CachedResult.class)).isFalse();
		assertThat(Serializable.class.isAssignableFrom(CachedResultSet.class)).isFalse();
		assertThat(Arrays.stream(CachedResult.class.getDeclaredFields()).map((f) -> f.getType().getName()))
			.noneMatch((name) -> name.startsWith("java.io.Object"));
	}

}
