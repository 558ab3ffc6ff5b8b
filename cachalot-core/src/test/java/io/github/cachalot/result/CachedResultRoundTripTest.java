package io.github.cachalot.result;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.github.cachalot.result.AllTypesTable.Column;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every column type of every test database, captured through a {@link RecordingResultSet} over the
 * driver's result set and replayed through a {@link CachedResultSet}: each getter frameworks use on
 * that type replays exactly what the driver returned (equal value of the same class, same wasNull,
 * or an exception of the same java.sql class and SQLState); every other getter never replays a
 * different value (it may throw where the driver converts). Values that cannot be cached must stop
 * the recording: no result is handed over.
 */
class CachedResultRoundTripTest {

	/** Per database: "column" (every row) or "column#id" (that row) that must not be cached. */
	private static final Map<TestDatabase, Set<String>> UNCACHEABLE = Map.of(
			TestDatabase.H2, Set.of("c_clob", "c_blob", "c_row", "c_java_object", "c_decfloat#3"),
			TestDatabase.POSTGRESQL, Set.of("c_xml", "c_money#2", "c_money#3", "c_date#2", "c_date#3",
					"c_timestamp#2", "c_timestamp#3", "c_timestamptz#2", "c_timestamptz2#3", "c_numeric_array#3", "c_time#3"),
			TestDatabase.MARIADB, Set.of("c_date0#2", "c_datetime6#2", "c_time#2", "c_time#3"),
			TestDatabase.SQLITE, Set.of("c_timestamp#4"));

	/**
	 * Per database, what else must not be cached when read through the binary protocol, where the
	 * driver converts these values unlike from text: PostgreSQL's numeric NaN and infinities (its
	 * integer getters throw a ClassCastException), MariaDB's FLOAT, DOUBLE and BIT(n) (casts from the
	 * binary value, bits as a number).
	 */
	private static final Map<TestDatabase, Set<String>> UNCACHEABLE_IN_BINARY = Map.of(TestDatabase.POSTGRESQL,
			Set.of("c_numeric_any#2", "c_numeric_any#3"), TestDatabase.MARIADB,
			Set.of("c_float", "c_double", "c_bit8", "c_bit64"));

	@TestFactory
	Stream<DynamicTest> h2() {
		return columns(TestDatabase.H2);
	}

	@TestFactory
	Stream<DynamicTest> postgresql() {
		return columns(TestDatabase.POSTGRESQL);
	}

	@TestFactory
	Stream<DynamicTest> mariadb() {
		return columns(TestDatabase.MARIADB);
	}

	@TestFactory
	Stream<DynamicTest> sqlite() {
		return columns(TestDatabase.SQLITE);
	}

	/** PostgreSQL with every value in binary from the first execution (as after a few executions). */
	@TestFactory
	Stream<DynamicTest> postgresqlBinary() {
		return binaryColumns(TestDatabase.POSTGRESQL, "prepareThreshold=-1");
	}

	/** MariaDB's binary protocol (server-side prepared statements). */
	@TestFactory
	Stream<DynamicTest> mariadbBinary() {
		return binaryColumns(TestDatabase.MARIADB, "useServerPrepStmts=true");
	}

	private Stream<DynamicTest> binaryColumns(TestDatabase database, String urlParameters) {
		AllTypesTable.create(database);
		List<Column> columns = AllTypesTable.columns(database);
		int rows = columns.get(0).values().length + 1;
		HikariDataSource pool = database.newPool(1, urlParameters);
		return columns.stream()
			.map((column) -> DynamicTest.dynamicTest(database + " binary " + column.name() + " " + column.type(), () -> {
				List<String> problems = new ArrayList<>();
				for (int id = 1; id <= rows; id++) {
					Set<String> binary = UNCACHEABLE_IN_BINARY.get(database);
					boolean cacheable = id == rows || cacheable(database, column.name(), id)
							&& !binary.contains(column.name()) && !binary.contains(column.name() + "#" + id);
					roundTrip(pool, "SELECT " + column.name() + " FROM " + AllTypesTable.NAME + " WHERE id = " + id, true,
							cacheable, "binary row " + id, problems);
				}
				if (!problems.isEmpty()) {
					fail(problems.size() + " differences in " + database + " binary " + column.name() + ":\n"
							+ String.join("\n", problems));
				}
			}))
			.onClose(pool::close);
	}

	private Stream<DynamicTest> columns(TestDatabase database) {
		AllTypesTable.create(database);
		List<Column> columns = AllTypesTable.columns(database);
		int rows = columns.get(0).values().length + 1;
		return columns.stream()
			.map((column) -> DynamicTest.dynamicTest(database + " " + column.name() + " " + column.type(),
					() -> roundTrip(database, column.name(), rows)));
	}

	private void roundTrip(TestDatabase database, String column, int rows) throws SQLException {
		List<String> problems = new ArrayList<>();
		for (int id = 1; id <= rows; id++) {
			boolean cacheable = id == rows || cacheable(database, column, id);
			roundTrip(database.dataSource(), "SELECT " + column + " FROM " + AllTypesTable.NAME + " WHERE id = " + id,
					cacheable, "row " + id, problems);
		}
		if (!problems.isEmpty()) {
			fail(problems.size() + " differences in " + database + " " + column + ":\n" + String.join("\n", problems));
		}
	}

	static boolean cacheable(TestDatabase database, String column, int id) {
		return !UNCACHEABLE.get(database).contains(column) && !UNCACHEABLE.get(database).contains(column + "#" + id);
	}

	static void roundTrip(DataSource dataSource, String sql, boolean cacheable, String what, List<String> problems)
			throws SQLException {
		roundTrip(dataSource, sql, false, cacheable, what, problems);
	}

	/**
	 * @param prepared whether to run the query as a prepared statement (the binary protocol, with
	 * drivers configured for it) rather than a plain statement
	 */
	static void roundTrip(DataSource dataSource, String sql, boolean prepared, boolean cacheable, String what,
			List<String> problems) throws SQLException {
		AtomicReference<CachedResult> captured = new AtomicReference<>();
		AtomicInteger calls = new AtomicInteger();
		Map<String, Outcome> direct = new LinkedHashMap<>();
		int sqlType;
		String typeName;
		try (Connection connection = dataSource.getConnection();
				Statement statement = prepared ? connection.prepareStatement(sql) : connection.createStatement();
				ResultSet driver = prepared ? ((java.sql.PreparedStatement) statement).executeQuery()
						: statement.executeQuery(sql)) {
			ResultSetMetaData metaData = driver.getMetaData();
			sqlType = metaData.getColumnType(1);
			typeName = metaData.getColumnTypeName(1);
			RecordingResultSet recording = new RecordingResultSet(driver, statement, ResultLimits.NONE, (result) -> {
				calls.incrementAndGet();
				captured.set(result);
			});
			assertThat(recording.next()).isTrue();
			for (Map.Entry<String, Outcome.Getter> getter : Getters.ALL.entrySet()) {
				direct.put(getter.getKey(), Outcome.of(recording, 1, getter.getValue()));
			}
			assertThat(recording.next()).isFalse();
			assertThat(recording.next()).isFalse();
		}
		if (!cacheable) {
			if (calls.get() != 0) {
				problems.add(what + ": was cached but must not be (" + direct.get("getObject") + ")");
			}
			return;
		}
		if (calls.get() != 1) {
			problems.add(what + ": was not cached (" + direct.get("getObject") + ")");
			return;
		}
		CachedResult result = captured.get();
		assertThat(result.rowCount()).isEqualTo(1);
		assertThat(result.columnCount()).isEqualTo(1);
		Object sample = direct.get("getObject").value();
		try (CachedResultSet replay = new CachedResultSet(result, null, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
			assertThat(replay.next()).isTrue();
			for (Map.Entry<String, Outcome.Getter> getter : Getters.ALL.entrySet()) {
				String name = getter.getKey();
				Outcome expected = direct.get(name);
				Outcome actual = Outcome.of(replay, 1, getter.getValue());
				boolean strict = Getters.strict(name, sqlType, typeName, sample);
				boolean ok = strict ? Outcome.same(expected, actual) : actual.failed() || Outcome.same(expected, actual);
				if (!ok) {
					problems.add(what + " " + name + (strict ? "" : " (lenient)") + ": driver " + expected + " / replay "
							+ actual);
				}
			}
			assertThat(replay.next()).isFalse();
		}
	}

}
