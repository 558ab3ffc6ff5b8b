package io.github.cachalot.result;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link RecordingResultSet} hands over a captured result exactly once, when the caller read it
 * to its end within the limits, and never disturbs what the caller reads.
 */
class RecordingResultSetTest {

	private static final String TABLE = "rt_recording";

	private static final String SELECT = "SELECT id, name FROM " + TABLE + " ORDER BY id";

	@BeforeAll
	static void createTables() {
		for (TestDatabase database : TestDatabase.values()) {
			database.dropTables(TABLE);
			database.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(20))",
					"INSERT INTO " + TABLE + " VALUES (1, 'one')", "INSERT INTO " + TABLE + " VALUES (2, 'two')",
					"INSERT INTO " + TABLE + " VALUES (3, NULL)");
		}
	}

	/** Reads a query through a recording result set; returns what was handed over. */
	private static List<CachedResult> read(TestDatabase database, String sql, ResultLimits limits, int rowsToRead,
			boolean close) throws SQLException {
		List<CachedResult> results = new ArrayList<>();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			ResultSet recording = new RecordingResultSet(statement.executeQuery(sql), statement, limits, results::add);
			for (int i = 0; i < rowsToRead && recording.next(); i++) {
				recording.getObject(1);
			}
			if (close) {
				recording.close();
			}
		}
		return results;
	}

	private static List<CachedResult> readAll(TestDatabase database, String sql, ResultLimits limits)
			throws SQLException {
		return read(database, sql, limits, Integer.MAX_VALUE, true);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void handsOverTheResultOnceWhenReadToTheEnd(TestDatabase database) throws SQLException {
		List<CachedResult> results = new ArrayList<>();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			RecordingResultSet recording = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			List<String> names = new ArrayList<>();
			while (recording.next()) {
				names.add(recording.getString("name"));
				assertThat(results).isEmpty();
			}
			assertThat(names).containsExactly("one", "two", null);
			assertThat(recording.next()).isFalse();
			assertThat(recording.next()).isFalse();
			recording.close();
		}
		assertThat(results).hasSize(1);
		CachedResult result = results.get(0);
		assertThat(result.rowCount()).isEqualTo(3);
		assertThat(result.columnCount()).isEqualTo(2);
		assertThat(result.estimatedBytes()).isPositive();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void anEmptyResultIsHandedOver(TestDatabase database) throws SQLException {
		List<CachedResult> results = readAll(database, "SELECT id, name FROM " + TABLE + " WHERE id < 0",
				ResultLimits.NONE);
		assertThat(results).hasSize(1);
		assertThat(results.get(0).rowCount()).isZero();
		assertThat(results.get(0).columnCount()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aResultClosedOrAbandonedBeforeItsEndIsNotHandedOver(TestDatabase database) throws SQLException {
		assertThat(read(database, SELECT, ResultLimits.NONE, 1, true)).isEmpty();
		assertThat(read(database, SELECT, ResultLimits.NONE, 2, false)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aResultClosedAfterItsLastRowIsHandedOverWithoutTheCallerAskingForTheEnd(TestDatabase database)
			throws SQLException {
		List<CachedResult> results = read(database, SELECT, ResultLimits.NONE, 3, true);
		assertThat(results).hasSize(1);
		assertThat(results.get(0).rowCount()).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void moreRowsThanTheLimitAreNotHandedOverExactlyTheLimitIs(TestDatabase database) throws SQLException {
		assertThat(readAll(database, SELECT, new ResultLimits(2, Long.MAX_VALUE))).isEmpty();
		assertThat(readAll(database, SELECT, new ResultLimits(3, Long.MAX_VALUE))).hasSize(1);
		assertThat(readAll(database, SELECT, new ResultLimits(0, Long.MAX_VALUE))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void moreBytesThanTheLimitAreNotHandedOverExactlyTheLimitIs(TestDatabase database) throws SQLException {
		long bytes = readAll(database, SELECT, ResultLimits.NONE).get(0).estimatedBytes();
		assertThat(readAll(database, SELECT, new ResultLimits(Integer.MAX_VALUE, bytes))).hasSize(1);
		assertThat(readAll(database, SELECT, new ResultLimits(Integer.MAX_VALUE, bytes - 1))).isEmpty();
		assertThat(readAll(database, SELECT, new ResultLimits(Integer.MAX_VALUE, 10))).isEmpty();
	}

	@Test
	void aLargeResultStreamsThroughOnceOverTheLimit() throws SQLException {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			RecordingResultSet recording = new RecordingResultSet(
					statement.executeQuery("SELECT X, REPEAT('x', 100) FROM SYSTEM_RANGE(1, 10000)"), statement,
					new ResultLimits(100_000, 50_000), (result) -> {
						throw new AssertionError("must not be handed over");
					});
			int rows = 0;
			boolean stopped = false;
			while (recording.next()) {
				rows++;
				if (!recording.isRecording() && !stopped) {
					stopped = true;
					// dropped well before the end: memory stays bounded
					assertThat(rows).isLessThan(1000);
				}
			}
			assertThat(rows).isEqualTo(10000);
			assertThat(stopped).isTrue();
		}
	}

	@Test
	void estimatesGrowWithTheValues() throws SQLException {
		long small = readAll(TestDatabase.H2, "SELECT REPEAT('x', 10)", ResultLimits.NONE).get(0).estimatedBytes();
		long large = readAll(TestDatabase.H2, "SELECT REPEAT('x', 1000)", ResultLimits.NONE).get(0).estimatedBytes();
		long more = readAll(TestDatabase.H2, "SELECT REPEAT('x', 10) FROM SYSTEM_RANGE(1, 3)", ResultLimits.NONE).get(0)
			.estimatedBytes();
		assertThat(large).isGreaterThan(small);
		assertThat(more).isGreaterThan(small);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL" })
	void valuesThatCannotBeCachedStopTheRecordingWithoutDisturbingTheReader(TestDatabase database)
			throws SQLException {
		List<String> queries = (database == TestDatabase.H2)
				? List.of("SELECT CAST('text' AS CLOB)", "SELECT CAST(X'0102' AS BLOB)", "SELECT ROW(1, 'a')")
				: List.of("SELECT XMLPARSE(CONTENT '<a/>')");
		for (String sql : queries) {
			List<CachedResult> results = new ArrayList<>();
			try (Connection connection = database.dataSource().getConnection();
					Statement statement = connection.createStatement()) {
				RecordingResultSet recording = new RecordingResultSet(statement.executeQuery(sql), statement,
						ResultLimits.NONE, results::add);
				assertThat(recording.next()).isTrue();
				assertThat(recording.isRecording()).isFalse();
				assertThat(recording.getString(1)).isNotNull();
				assertThat(recording.next()).isFalse();
			}
			assertThat(results).as(sql).isEmpty();
		}
	}

	@Test
	void aFailingCaptureStopsTheRecordingButNeverTheReader() throws Exception {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			ResultSet driver = statement.executeQuery("SELECT DATE '2024-02-29'");
			// the driver fails on the natural java.time value the capture asks for
			ResultSet failing = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { ResultSet.class }, (proxy, method, args) -> {
						if (method.getName().equals("getObject") && args.length == 2 && args[1] == LocalDate.class) {
							throw new IllegalStateException("boom");
						}
						try {
							return method.invoke(driver, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			List<CachedResult> results = new ArrayList<>();
			RecordingResultSet recording = new RecordingResultSet(failing, statement, ResultLimits.NONE, results::add);
			assertThat(recording.next()).isTrue();
			assertThat(recording.isRecording()).isFalse();
			assertThat(recording.getDate(1)).isEqualTo(Date.valueOf("2024-02-29"));
			assertThat(recording.next()).isFalse();
			assertThat(results).isEmpty();
		}
	}

	@Test
	void aFailingConsumerNeverReachesTheReader() throws SQLException {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			Consumer<CachedResult> failing = (result) -> {
				throw new IllegalStateException("cache full");
			};
			RecordingResultSet recording = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, failing);
			while (recording.next()) {
				recording.getInt(1);
			}
		}
	}

	@Test
	void statementUnwrapAndWrapperReachTheOwnerAndTheDelegate() throws SQLException {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement(); Statement owner = connection.createStatement()) {
			ResultSet driver = statement.executeQuery(SELECT);
			RecordingResultSet recording = new RecordingResultSet(driver, owner, ResultLimits.NONE, (result) -> {
			});
			assertThat(recording.getStatement()).isSameAs(owner);
			assertThat(recording.unwrap(RecordingResultSet.class)).isSameAs(recording);
			assertThat(recording.isWrapperFor(org.h2.jdbc.JdbcResultSet.class)).isTrue();
			assertThat(recording.unwrap(org.h2.jdbc.JdbcResultSet.class)).isSameAs(driver.unwrap(org.h2.jdbc.JdbcResultSet.class));
			assertThat(recording.getMetaData().getColumnCount()).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL" })
	void aScrollableResultIsRecordedWhileReadStrictlyForward(TestDatabase database) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
						ResultSet.CONCUR_READ_ONLY)) {
			List<CachedResult> results = new ArrayList<>();
			RecordingResultSet forward = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			while (forward.next()) {
				forward.getInt(1);
			}
			assertThat(results).hasSize(1);
			assertThat(results.get(0).rowCount()).isEqualTo(3);

			results.clear();
			RecordingResultSet moved = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			assertThat(moved.last()).isTrue();
			assertThat(moved.getInt(1)).isEqualTo(3);
			moved.beforeFirst();
			int rows = 0;
			while (moved.next()) {
				rows++;
			}
			assertThat(rows).isEqualTo(3);
			assertThat(results).isEmpty();

			RecordingResultSet back = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			assertThat(back.next()).isTrue();
			assertThat(back.next()).isTrue();
			assertThat(back.previous()).isTrue();
			assertThat(back.getInt(1)).isEqualTo(1);
			while (back.next()) {
				back.getInt(1);
			}
			assertThat(results).isEmpty();
		}
	}

	@Test
	void cursorMovesOnAForwardOnlyResultJustDelegate() throws SQLException {
		try (Connection connection = TestDatabase.POSTGRESQL.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			List<CachedResult> results = new ArrayList<>();
			RecordingResultSet recording = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			assertThatThrownBy(recording::first).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> recording.absolute(2)).isInstanceOf(SQLException.class);
			while (recording.next()) {
				recording.getInt(1);
			}
			assertThat(results).hasSize(1);
		}
	}

	@Test
	void anUpdatableResultIsNotRecorded() throws SQLException {
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
						ResultSet.CONCUR_UPDATABLE)) {
			List<CachedResult> results = new ArrayList<>();
			RecordingResultSet recording = new RecordingResultSet(statement.executeQuery(SELECT), statement,
					ResultLimits.NONE, results::add);
			assertThat(recording.isRecording()).isFalse();
			while (recording.next()) {
				recording.getInt(1);
			}
			assertThat(results).isEmpty();
		}
	}

	@Test
	void limitsMustNotBeNegative() {
		assertThatThrownBy(() -> new ResultLimits(-1, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ResultLimits(1, -1)).isInstanceOf(IllegalArgumentException.class);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void resultsOfTheSameStatementShareOneCopyOfTheirMetadataUntilTheColumnsChange(TestDatabase database)
			throws SQLException {
		ResultShapes shapes = new ResultShapes();
		String other = "SELECT name FROM " + TABLE + " ORDER BY id";
		CachedResult first = readShaped(database, SELECT, shapes);
		CachedResult second = readShaped(database, SELECT, shapes);
		CachedResult ofOther = readShaped(database, other, shapes);
		assertThat(second.metaData()).isSameAs(first.metaData());
		assertThat(ofOther.metaData()).isNotSameAs(first.metaData());
		assertThat(ofOther.metaData().getColumnCount()).isEqualTo(1);
		assertThat(readAll(database, SELECT, ResultLimits.NONE).get(0).metaData()).as("captured anew")
			.isNotSameAs(first.metaData())
			.isEqualTo(first.metaData());
		// the same SQL text now describes other columns: captured anew
		database.dropTables("rt_shape");
		database.execute("CREATE TABLE rt_shape (id INT, name VARCHAR(20))");
		CachedResult before = readShaped(database, "SELECT * FROM rt_shape", shapes);
		database.dropTables("rt_shape");
		database.execute("CREATE TABLE rt_shape (id BIGINT, label VARCHAR(20))");
		CachedResult after = readShaped(database, "SELECT * FROM rt_shape", shapes);
		assertThat(after.metaData()).isNotSameAs(before.metaData());
		assertThat(after.metaData().getColumnLabel(2)).isEqualToIgnoringCase("label");
		assertThat(after.metaData().getColumnType(1)).isEqualTo(java.sql.Types.BIGINT);
		assertThat(readShaped(database, "SELECT * FROM rt_shape", shapes).metaData()).isSameAs(after.metaData());
		// the same labels and types, only a property beyond them changed: captured anew
		database.dropTables("rt_shape");
		database.execute("CREATE TABLE rt_shape (id BIGINT NOT NULL, label VARCHAR(20))");
		CachedResult notNull = readShaped(database, "SELECT * FROM rt_shape", shapes);
		assertThat(notNull.metaData()).isNotSameAs(after.metaData());
		assertThat(after.metaData().isNullable(1)).isEqualTo(java.sql.ResultSetMetaData.columnNullable);
		assertThat(notNull.metaData().isNullable(1)).isEqualTo(java.sql.ResultSetMetaData.columnNoNulls);
		database.dropTables("rt_shape");
	}

	private static CachedResult readShaped(TestDatabase database, String sql, ResultShapes shapes)
			throws SQLException {
		List<CachedResult> results = new ArrayList<>();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			ResultSet recording = new RecordingResultSet(statement.executeQuery(sql), statement, ResultLimits.NONE,
					shapes.of(sql, null, null), results::add);
			while (recording.next()) {
				recording.getObject(1);
			}
			recording.close();
		}
		assertThat(results).hasSize(1);
		return results.get(0);
	}

}
