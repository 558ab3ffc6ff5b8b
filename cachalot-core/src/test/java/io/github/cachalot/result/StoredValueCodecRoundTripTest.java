package io.github.cachalot.result;

import java.lang.reflect.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.StoredValueCodec;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A result of every column type of every test database, stored in a shared cache through
 * {@link StoredValueCodec} and read back, is the same result: the same metadata, the same columns
 * and dialect, structurally equal rows (same classes, Timestamp nanos, BigDecimal scales, -0.0,
 * NaN, captured errors), and replaying it answers every getter exactly as replaying the original.
 */
class StoredValueCodecRoundTripTest {

	private static final StoredValueCodec CODEC = StoredValueCodec.unsigned();

	private static final String KEY = "cachalot:q:test";


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

	/** Per column: its cacheable rows, with the id; then every cacheable column of every cacheable row at once. */
	private Stream<DynamicTest> columns(TestDatabase database) {
		AllTypesTable.create(database);
		List<AllTypesTable.Column> columns = AllTypesTable.columns(database);
		int rows = columns.get(0).values().length + 1;
		Stream<DynamicTest> each = columns.stream().map((column) -> {
			String ids = cacheableIds(database, column.name(), rows);
			return DynamicTest.dynamicTest(database + " " + column.name() + " " + column.type(),
					() -> assertSameAfterRoundTrip(database.dataSource(), "SELECT id, " + column.name() + " FROM "
							+ AllTypesTable.NAME + " WHERE id IN (" + ids + ") ORDER BY id"));
		});
		List<String> always = columns.stream()
			.map(AllTypesTable.Column::name)
			.filter((name) -> IntStream.rangeClosed(1, rows)
				.allMatch((id) -> CachedResultRoundTripTest.cacheable(database, name, id)))
			.toList();
		DynamicTest all = DynamicTest.dynamicTest(database + " all columns",
				() -> assertSameAfterRoundTrip(database.dataSource(),
						"SELECT id, " + String.join(", ", always) + " FROM " + AllTypesTable.NAME + " ORDER BY id"));
		return Stream.concat(each, Stream.of(all));
	}

	private static String cacheableIds(TestDatabase database, String column, int rows) {
		return IntStream.rangeClosed(1, rows)
			.filter((id) -> id == rows || CachedResultRoundTripTest.cacheable(database, column, id))
			.mapToObj(Integer::toString)
			.collect(Collectors.joining(", "));
	}

	@Test
	void aResultWithoutColumnsKeepsItsRows() throws SQLException {
		CachedResult result = record(TestDatabase.POSTGRESQL.dataSource(), "SELECT FROM generate_series(1, 3)");
		assertThat(result.columnCount()).isZero();
		CachedResult decoded = roundTrip(result);
		assertThat(decoded.columnCount()).isZero();
		assertThat(decoded.rowCount()).isEqualTo(3);
	}

	@Test
	void stringsWithUnpairedSurrogatesAreKeptExactly() throws SQLException {
		CachedResult result = record(TestDatabase.H2.dataSource(),
				"SELECT CHAR(55357) AS lone, CONCAT('a', CHAR(56375), 'b') AS low, CONCAT(CHAR(55357), CHAR(56371)) AS whale");
		assertThat(chars(result.row(0))).containsExactly("d83d", "0061 dc37 0062", "d83d dc33");
		assertThat(chars(roundTrip(result).row(0))).containsExactly("d83d", "0061 dc37 0062", "d83d dc33");
	}

	private static List<String> chars(Object[] row) {
		return Stream.of(row)
			.map((text) -> ((String) text).chars()
				.mapToObj((c) -> String.format("%04x", c))
				.collect(Collectors.joining(" ")))
			.toList();
	}

	@Test
	void aValueOfAClassTheCodecDoesNotKnowIsNotEncoded() throws SQLException {
		CachedResult result = record(TestDatabase.H2.dataSource(), "SELECT 1 AS one");
		Object[][] rows = { { new java.util.ArrayList<>(List.of(1)) } };
		CachedResult opaque = CachedResult.restore(result.metaData(), result.dialect(),
				new Column[] { result.column(0) }, rows, result.estimatedBytes());
		assertThatIllegalArgumentException().isThrownBy(() -> CODEC.encode(KEY, new CachedEntry(new long[0], opaque)))
			.withMessageContaining("java.util.ArrayList");
		Object[][] subclass = { { new java.sql.Timestamp(0) { } } };
		CachedResult odd = CachedResult.restore(result.metaData(), result.dialect(), new Column[] { result.column(0) },
				subclass, result.estimatedBytes());
		assertThatIllegalArgumentException().isThrownBy(() -> CODEC.encode(KEY, new CachedEntry(new long[0], odd)));
	}

	@Test
	void aTemporalCellWithErrorsRoundTrips() throws SQLException {
		CachedResult result = record(TestDatabase.H2.dataSource(), "SELECT TIMESTAMP '2024-02-29 13:45:30' AS t");
		Object[][] rows = { { new Cell(java.sql.Timestamp.valueOf("2024-02-29 13:45:30"),
				CapturedError.of(new java.sql.SQLTimeoutException("late", "HYT00", 7)), CapturedError.data("bad", "22007")) } };
		CachedResult errors = CachedResult.restore(result.metaData(), result.dialect(), new Column[] { result.column(0) },
				rows, result.estimatedBytes());
		List<String> problems = new ArrayList<>();
		sameStructure("cell", rows[0][0], roundTrip(errors).row(0)[0], problems);
		assertThat(problems).isEmpty();
	}

	/** Cells a column of another kind cannot hold are refused: the getters assume them. */
	@Test
	void aCellThatDoesNotFitItsColumnIsNotDecoded() throws SQLException {
		CachedResult timestamps = record(TestDatabase.H2.dataSource(), "SELECT TIMESTAMP '2024-02-29 13:45:30' AS t");
		CachedResult integers = record(TestDatabase.H2.dataSource(), "SELECT 1 AS one");
		java.sql.Timestamp at = java.sql.Timestamp.valueOf("2024-02-29 13:45:30");
		Object[][] cells = { { at }, { new Cell(at, "2024-02-29 13:45:30", null) },
				{ new Cell(at, "2024-02-29 13:45:30", java.time.LocalDate.of(2024, 2, 29)) } };
		for (Object[] row : cells) {
			CachedResult bad = CachedResult.restore(timestamps.metaData(), timestamps.dialect(),
					new Column[] { timestamps.column(0) }, new Object[][] { row }, 100);
			assertThat(CODEC.decode(KEY, CODEC.encode(KEY, new CachedEntry(new long[0], bad)))).as("%s", row[0]).isNull();
		}
		CachedResult natural = CachedResult.restore(integers.metaData(), integers.dialect(),
				new Column[] { integers.column(0) },
				new Object[][] { { new Cell(1, "1", java.time.LocalDate.of(2024, 2, 29)) } }, 100);
		assertThat(CODEC.decode(KEY, CODEC.encode(KEY, new CachedEntry(new long[0], natural)))).isNull();
		CachedResult mariaDb = CachedResult.restore(integers.metaData(), MariaDbDialect.INSTANCE,
				new Column[] { integers.column(0) }, new Object[][] { { new Cell(true, "yes", null) } }, 100);
		assertThat(CODEC.decode(KEY, CODEC.encode(KEY, new CachedEntry(new long[0], mariaDb))))
			.as("a boolean whose text the MariaDB getters parse as a number")
			.isNull();
	}

	@Test
	void everyValueClassACachedResultMayHoldRoundTrips() throws SQLException {
		CachedResult result = record(TestDatabase.H2.dataSource(), "SELECT 1 AS one");
		java.sql.Timestamp timestamp = java.sql.Timestamp.valueOf("1969-12-31 23:59:59.123456789");
		Object[] values = { "", "text", 0, Integer.MIN_VALUE, Long.MAX_VALUE, (short) -7, (byte) -128, -0.0d, Double.NaN,
				Double.longBitsToDouble(0x7ff8000000000123L), -0.0f, Float.NaN, 'x', new java.math.BigDecimal("1.500"),
				new java.math.BigDecimal("-1E+300"), new java.math.BigDecimal("12345678901234567890123.4567890"),
				new java.math.BigInteger("-123456789012345678901234567890"), java.math.BigInteger.valueOf(Long.MIN_VALUE),
				new byte[0], new byte[] { 1, -1 }, new java.sql.Date(-86_400_001L), new java.sql.Time(45_296_789L),
				timestamp, java.time.LocalDate.of(-5, 1, 1), java.time.LocalTime.MAX, java.time.LocalDateTime.MIN,
				java.time.OffsetDateTime.MAX, java.time.OffsetTime.MIN, java.time.Instant.ofEpochSecond(-1, 999_999_999),
				java.time.ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 1, java.time.ZoneId.of("Europe/Paris"))
					.withLaterOffsetAtOverlap(),
				java.time.ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.ofHours(-3)),
				java.time.Duration.ofSeconds(-5, 7), java.time.Period.of(1, -2, 3), java.util.UUID.randomUUID(),
				new Integer[] { 1, null }, new Integer[][] { { 1 }, {} }, new byte[][] { { 1 }, null },
				new Object[] { "a", 1, null }, new int[] { 1, -1 }, new long[] { Long.MIN_VALUE },
				new double[] { -0.0, Double.NaN }, new float[] { 1.5f }, new short[] { -1 }, new boolean[] { true, false },
				new char[] { 'a', '\uD800' },
				new Cell(timestamp, CapturedError.of(new java.sql.SQLTimeoutException("late", "HYT00", 7)), null),
				new Cell(new byte[] { 2 }, "02", null),
				CachedArray.restore(new java.sql.Date[] { new java.sql.Date(0) }, 91, "DATE", "{1970-01-01}"),
				CachedArray.restore(new Object[] { CachedArray.restore(new Object[0], 4, null, null) },
						CapturedError.plain("no", null), CapturedError.of(new java.sql.SQLException()), "{{}}"),
				new org.h2.api.Interval(org.h2.api.IntervalQualifier.DAY_TO_SECOND, true, 1, 2_000_000_000L) };
		Object[][] rows = new Object[values.length][];
		for (int i = 0; i < values.length; i++) {
			rows[i] = new Object[] { values[i] };
		}
		CachedResult all = CachedResult.restore(result.metaData(), result.dialect(), new Column[] { result.column(0) },
				rows, result.estimatedBytes());
		CachedResult decoded = roundTrip(all);
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < values.length; i++) {
			sameStructure("value " + i + " " + Outcome.describe(values[i]), values[i], decoded.row(i)[0], problems);
		}
		assertThat(problems).isEmpty();
	}

	// ---------------------------------------------------------------- the comparison

	static CachedResult record(DataSource dataSource, String sql) throws SQLException {
		AtomicReference<CachedResult> captured = new AtomicReference<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery(sql)) {
			RecordingResultSet recording = new RecordingResultSet(driver, statement, ResultLimits.NONE, captured::set);
			while (recording.next()) {
				// record every row
			}
		}
		assertThat(captured.get()).as("recorded result of " + sql).isNotNull();
		return captured.get();
	}

	/** Through the codec and back; encoding the decoded result again gives the same bytes. */
	static CachedResult roundTrip(CachedResult result) {
		long[] tokens = { 42, -1, Long.MIN_VALUE };
		byte[] bytes = CODEC.encode(KEY, new CachedEntry(tokens, result));
		Object decoded = CODEC.decode(KEY, bytes);
		assertThat(decoded).isInstanceOf(CachedEntry.class);
		CachedEntry entry = (CachedEntry) decoded;
		assertThat(entry.tokens()).containsExactly(tokens);
		assertThat(CODEC.encode(KEY, entry)).as("re-encoded").isEqualTo(bytes);
		return entry.result();
	}

	private static void assertSameAfterRoundTrip(DataSource dataSource, String sql) throws SQLException {
		CachedResult original = record(dataSource, sql);
		CachedResult decoded = roundTrip(original);
		List<String> problems = new ArrayList<>();
		if (decoded.dialect() != original.dialect()) {
			problems.add("dialect " + decoded.dialect() + " instead of " + original.dialect());
		}
		if (decoded.estimatedBytes() != original.estimatedBytes()) {
			problems.add("estimated " + decoded.estimatedBytes() + " bytes instead of " + original.estimatedBytes());
		}
		if (decoded.rowCount() != original.rowCount() || decoded.columnCount() != original.columnCount()) {
			fail(decoded.rowCount() + "x" + decoded.columnCount() + " instead of " + original.rowCount() + "x"
					+ original.columnCount());
		}
		sameMetaData(original.metaData(), decoded.metaData(), problems);
		for (int c = 0; c < original.columnCount(); c++) {
			Column a = original.column(c);
			Column b = decoded.column(c);
			if (a.sqlType != b.sqlType || !a.typeName.equals(b.typeName) || a.signed != b.signed
					|| a.temporal != b.temporal || a.uncacheable != b.uncacheable || a.transfer != b.transfer) {
				problems.add("column " + (c + 1) + " differs");
			}
			for (int r = 0; r < original.rowCount(); r++) {
				sameStructure("row " + (r + 1) + " column " + (c + 1), original.row(r)[c], decoded.row(r)[c], problems);
			}
		}
		sameReplay(original, decoded, problems);
		if (!problems.isEmpty()) {
			fail(problems.size() + " differences in " + sql + ":\n" + String.join("\n", problems));
		}
	}

	private static final Map<String, MetaGetter> META_DATA = new java.util.LinkedHashMap<>();

	static {
		META_DATA.put("getColumnName", (m, i) -> m.getColumnName(i));
		META_DATA.put("getColumnLabel", (m, i) -> m.getColumnLabel(i));
		META_DATA.put("getColumnType", (m, i) -> m.getColumnType(i));
		META_DATA.put("getColumnTypeName", (m, i) -> m.getColumnTypeName(i));
		META_DATA.put("getColumnClassName", (m, i) -> m.getColumnClassName(i));
		META_DATA.put("getPrecision", (m, i) -> m.getPrecision(i));
		META_DATA.put("getScale", (m, i) -> m.getScale(i));
		META_DATA.put("isNullable", (m, i) -> m.isNullable(i));
		META_DATA.put("isSigned", (m, i) -> m.isSigned(i));
		META_DATA.put("getColumnDisplaySize", (m, i) -> m.getColumnDisplaySize(i));
		META_DATA.put("getTableName", (m, i) -> m.getTableName(i));
		META_DATA.put("getSchemaName", (m, i) -> m.getSchemaName(i));
		META_DATA.put("getCatalogName", (m, i) -> m.getCatalogName(i));
		META_DATA.put("isAutoIncrement", (m, i) -> m.isAutoIncrement(i));
		META_DATA.put("isCaseSensitive", (m, i) -> m.isCaseSensitive(i));
		META_DATA.put("isCurrency", (m, i) -> m.isCurrency(i));
		META_DATA.put("isSearchable", (m, i) -> m.isSearchable(i));
		META_DATA.put("isReadOnly", (m, i) -> m.isReadOnly(i));
		META_DATA.put("isWritable", (m, i) -> m.isWritable(i));
		META_DATA.put("isDefinitelyWritable", (m, i) -> m.isDefinitelyWritable(i));
	}

	/** Every metadata getter, on every column and just outside them, answers the same (value or exception). */
	private static void sameMetaData(CachedResultSetMetaData a, CachedResultSetMetaData b, List<String> problems) {
		if (a.getColumnCount() != b.getColumnCount()) {
			problems.add("column count " + b.getColumnCount() + " instead of " + a.getColumnCount());
			return;
		}
		for (int column = 0; column <= a.getColumnCount() + 1; column++) {
			for (Map.Entry<String, MetaGetter> getter : META_DATA.entrySet()) {
				Outcome expected = metaOutcome(a, column, getter.getValue());
				Outcome actual = metaOutcome(b, column, getter.getValue());
				if (!sameOutcome(expected, actual)) {
					problems.add("metadata " + getter.getKey() + "(" + column + "): " + expected + " / decoded " + actual);
				}
			}
		}
	}

	private static Outcome metaOutcome(ResultSetMetaData metaData, int column, MetaGetter getter) {
		try {
			return new Outcome(getter.get(metaData, column), false, null);
		}
		catch (Throwable ex) {
			return new Outcome(null, false, ex);
		}
	}

	private interface MetaGetter {

		Object get(ResultSetMetaData metaData, int column) throws Exception;

	}

	/** Both answered the same value, or both threw the same class of exception with the same message and state. */
	private static boolean sameOutcome(Outcome a, Outcome b) {
		if (a.failed() || b.failed()) {
			return a.failed() && b.failed() && a.error().getClass() == b.error().getClass()
					&& Objects.equals(a.error().getMessage(), b.error().getMessage())
					&& (!(a.error() instanceof SQLException x) || Objects.equals(x.getSQLState(),
							((SQLException) b.error()).getSQLState())
							&& x.getErrorCode() == ((SQLException) b.error()).getErrorCode());
		}
		return a.wasNull() == b.wasNull() && Outcome.sameValue(a.value(), b.value());
	}

	/** Both results replayed side by side: every getter on every row and column answers the same. */
	private static void sameReplay(CachedResult original, CachedResult decoded, List<String> problems)
			throws SQLException {
		try (CachedResultSet a = replay(original); CachedResultSet b = replay(decoded)) {
			int row = 0;
			while (a.next()) {
				row++;
				if (!b.next()) {
					problems.add("decoded replay ended at row " + row);
					return;
				}
				for (int column = 1; column <= original.columnCount(); column++) {
					for (Map.Entry<String, Outcome.Getter> getter : Getters.ALL.entrySet()) {
						Outcome expected = Outcome.of(a, column, getter.getValue());
						Outcome actual = Outcome.of(b, column, getter.getValue());
						if (!sameOutcome(expected, actual)) {
							problems.add("row " + row + " column " + column + " " + getter.getKey() + ": original "
									+ expected + " / decoded " + actual);
						}
					}
				}
			}
			if (b.next()) {
				problems.add("decoded replay has more than " + row + " rows");
			}
		}
	}

	private static CachedResultSet replay(CachedResult result) {
		return new CachedResultSet(result, null, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
				ResultSet.HOLD_CURSORS_OVER_COMMIT);
	}

	/** The same value as kept in a result: same classes all the way down, equal leaves. */
	static void sameStructure(String where, Object a, Object b, List<String> problems) {
		if (a == null || b == null) {
			if (a != b) {
				problems.add(where + ": " + Outcome.describe(a) + " / decoded " + Outcome.describe(b));
			}
			return;
		}
		if (a.getClass() != b.getClass()) {
			problems.add(where + ": " + a.getClass().getName() + " / decoded " + b.getClass().getName());
			return;
		}
		if (a instanceof Cell x) {
			Cell y = (Cell) b;
			sameStructure(where + " value", x.value, y.value, problems);
			sameStructure(where + " text", x.text, y.text, problems);
			sameStructure(where + " natural", x.natural, y.natural, problems);
		}
		else if (a instanceof CachedArray x) {
			CachedArray y = (CachedArray) b;
			sameStructure(where + " elements", x.elements(), y.elements(), problems);
			sameStructure(where + " base type", x.baseType(), y.baseType(), problems);
			sameStructure(where + " base type name", x.baseTypeName(), y.baseTypeName(), problems);
			sameStructure(where + " text", x.toString(), y.toString(), problems);
		}
		else if (a instanceof CapturedError x) {
			CapturedError y = (CapturedError) b;
			if (x.kind() != y.kind() || !Objects.equals(x.message(), y.message())
					|| !Objects.equals(x.sqlState(), y.sqlState()) || x.vendorCode() != y.vendorCode()) {
				problems.add(where + ": error " + x.exception() + " / decoded " + y.exception());
			}
		}
		else if (a.getClass().isArray()) {
			int length = Array.getLength(a);
			if (length != Array.getLength(b)) {
				problems.add(where + ": " + length + " elements / decoded " + Array.getLength(b));
				return;
			}
			for (int i = 0; i < length; i++) {
				sameStructure(where + "[" + i + "]", Array.get(a, i), Array.get(b, i), problems);
			}
		}
		else if (a instanceof Double x) {
			if (Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits((Double) b)) {
				problems.add(where + ": " + x + " / decoded " + b);
			}
		}
		else if (a instanceof Float x) {
			if (Float.floatToRawIntBits(x) != Float.floatToRawIntBits((Float) b)) {
				problems.add(where + ": " + x + " / decoded " + b);
			}
		}
		else if (a instanceof java.sql.Timestamp x) {
			if (!x.equals(b) || x.getNanos() != ((java.sql.Timestamp) b).getNanos()) {
				problems.add(where + ": " + x + " / decoded " + b);
			}
		}
		else if (a instanceof java.math.BigDecimal x) {
			if (!x.equals(b)) {
				// equals compares the scale too
				problems.add(where + ": " + x + " / decoded " + b);
			}
		}
		else if (a instanceof java.time.ZonedDateTime x) {
			if (!x.equals(b) || !x.getOffset().equals(((java.time.ZonedDateTime) b).getOffset())) {
				problems.add(where + ": " + x + " / decoded " + b);
			}
		}
		else if (!a.equals(b)) {
			problems.add(where + ": " + Outcome.describe(a) + " / decoded " + Outcome.describe(b));
		}
	}

}
