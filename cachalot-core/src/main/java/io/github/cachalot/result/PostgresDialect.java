package io.github.cachalot.result;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversions of the PostgreSQL driver (pgjdbc 42.x): every numeric getter parses the text
 * form (money without its currency sign), fractions are truncated, failures are SQLState 22003
 * ("Bad value for type ..."); booleans accept the PostgreSQL spellings (else 42846);
 * {@code getObject(column, type)} only accepts the types matching the column's JDBC type (else
 * 22023, even for NULL; java.util.Date only from timestamp and timestamptz, as the milliseconds of
 * getTimestamp); java.time values come only from the matching temporal types (else 42821), and
 * never as Instant or ZonedDateTime (22023).
 */
final class PostgresDialect extends Dialect {

	static final PostgresDialect INSTANCE = new PostgresDialect();

	private static final BigInteger[] MIN = { null, BigInteger.valueOf(Byte.MIN_VALUE),
			BigInteger.valueOf(Short.MIN_VALUE), null, BigInteger.valueOf(Integer.MIN_VALUE), null, null, null,
			BigInteger.valueOf(Long.MIN_VALUE) };

	private static final BigInteger[] MAX = { null, BigInteger.valueOf(Byte.MAX_VALUE),
			BigInteger.valueOf(Short.MAX_VALUE), null, BigInteger.valueOf(Integer.MAX_VALUE), null, null, null,
			BigInteger.valueOf(Long.MAX_VALUE) };

	/** pgjdbc's {@code PGResultSetMetaData.getFormat(int)}, per class of the driver's metadata. */
	private static final ClassValue<Optional<MethodHandle>> FORMAT = new ClassValue<>() {

		@Override
		protected Optional<MethodHandle> computeValue(Class<?> metaDataType) {
			try {
				Class<?> api = Class.forName("org.postgresql.PGResultSetMetaData", false, metaDataType.getClassLoader());
				if (!api.isAssignableFrom(metaDataType)) {
					return Optional.empty();
				}
				return Optional.of(MethodHandles.publicLookup()
					.findVirtual(api, "getFormat", MethodType.methodType(int.class, int.class))
					.asType(MethodType.methodType(int.class, ResultSetMetaData.class, int.class)));
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				return Optional.empty();
			}
		}

	};

	private PostgresDialect() {
	}

	@Override
	int temporalKind(Column column) {
		if (column.typeName.equals("timestamptz")) {
			return Column.TIMESTAMP_TZ;
		}
		if (column.typeName.equals("timetz")) {
			return Column.TIME_TZ;
		}
		return super.temporalKind(column);
	}

	@Override
	boolean standard(Object natural) {
		// 24:00:00 reads as LocalTime.MAX but as midnight of the next day through java.sql.Time;
		// in year 9999 pgjdbc's time of day of a timestamptz depends on the zone in ways not replayed
		if (natural instanceof OffsetDateTime dateTime && dateTime.getYear() > 9998) {
			return false;
		}
		return natural != LocalTime.MAX && super.standard(natural);
	}

	@Override
	boolean textDerivable(Column column, Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof UUID;
	}

	/**
	 * From each column's format code ({@code PGResultSetMetaData.getFormat}: pgjdbc receives a
	 * column in binary once a statement is prepared on the server, for the types it can decode).
	 */
	@Override
	int[] transfers(ResultSet delegate, ResultSetMetaData metaData, int columnCount) {
		int[] transfers = new int[columnCount];
		MethodHandle format = FORMAT.get(metaData.getClass()).orElse(null);
		for (int i = 0; i < columnCount; i++) {
			try {
				transfers[i] = (format == null) ? Column.UNKNOWN
						: ((int) format.invokeExact(metaData, i + 1) == 1) ? Column.BINARY : Column.TEXT;
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) { // the driver's SQLException, or what a wrapper threw
				transfers[i] = Column.UNKNOWN;
			}
		}
		return transfers;
	}

	/**
	 * pgjdbc's getString of a binary number or boolean is its getObject's {@code toString()}
	 * (temporal types, whose text it formats, never come here): asking it would cost a calendar per
	 * result set.
	 */
	@Override
	Object derivedText(Object value, int transfer) {
		if (transfer == Column.BINARY && (value instanceof BigDecimal || value instanceof Double
				|| value instanceof Float || value instanceof Boolean)) {
			return value.toString();
		}
		return null;
	}

	/**
	 * NaN and the infinities of a numeric column read as a Double; from binary, pgjdbc's integer
	 * getters then fail with a ClassCastException, which is not replayed.
	 */
	@Override
	boolean cacheable(Column column, Object value, Object text, int transfer) {
		return transfer == Column.TEXT || !(value instanceof Double) || column.sqlType != Types.NUMERIC;
	}

	private static SQLException badValue(String type, String text) {
		return new SQLException("Bad value for type " + type + " : " + text, "22003");
	}

	/** The text form the numeric getters parse: money loses its currency sign (pgjdbc's getFixedString). */
	private static String fixed(Object raw) throws SQLException {
		String text = text(raw);
		if (text.length() < 2) {
			return text;
		}
		char first = text.charAt(0);
		if (first > '-') {
			return text;
		}
		if (first == '(') {
			String inner = text.substring(1, text.length() - 1);
			return "-" + inner.substring(1);
		}
		if (first == '$') {
			return text.substring(1);
		}
		if (first == '-' && text.charAt(1) == '$') {
			return "-" + text.substring(2);
		}
		return text;
	}

	@Override
	boolean getBoolean(Object raw, Column column) throws SQLException {
		String text = text(raw);
		String value = text.trim();
		if (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("t")
				|| value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("y") || value.equalsIgnoreCase("on")) {
			return true;
		}
		if (value.equals("0") || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("f")
				|| value.equalsIgnoreCase("no") || value.equalsIgnoreCase("n") || value.equalsIgnoreCase("off")) {
			return false;
		}
		throw new SQLException("Cannot cast to boolean: \"" + text + "\"", "42846");
	}

	@Override
	long integral(Object raw, Column column, int bits) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			return checkRange(((Number) value).longValue(), bits, raw, typeName(bits));
		}
		// getByte parses the plain text, the others the text without a currency sign
		String text = ((bits == 8) ? text(raw) : fixed(raw)).trim();
		try {
			return checkRange(Long.parseLong(text), bits, raw, typeName(bits));
		}
		catch (NumberFormatException ex) {
			try {
				BigInteger integer = new BigDecimal(text).toBigInteger();
				if (integer.compareTo(MIN[bits / 8]) < 0 || integer.compareTo(MAX[bits / 8]) > 0) {
					throw badValue(typeName(bits), text);
				}
				return integer.longValue();
			}
			catch (NumberFormatException notNumber) {
				throw badValue(typeName(bits), text);
			}
		}
	}

	private static long checkRange(long value, int bits, Object raw, String type) throws SQLException {
		if (bits < 64) {
			long max = (1L << (bits - 1)) - 1;
			if (value > max || value < -max - 1) {
				throw badValue(type, ((bits == 8) ? text(raw) : fixed(raw)).trim());
			}
		}
		return value;
	}

	@Override
	double getDouble(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Double number) {
			return number;
		}
		String text = fixed(raw).trim();
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			throw badValue("double", text);
		}
	}

	@Override
	float getFloat(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Float number) {
			return number;
		}
		String text = fixed(raw).trim();
		try {
			return Float.parseFloat(text);
		}
		catch (NumberFormatException ex) {
			throw badValue("float", text);
		}
	}

	@Override
	BigDecimal getBigDecimal(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		String text = fixed(raw).trim();
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw badValue("BigDecimal", text);
		}
	}

	/** The types pgjdbc receives in binary (by default) from statements prepared on the server. */
	private static final Set<String> BINARY_TRANSFERRED = Set.of("int2", "int4", "int8", "serial", "bigserial",
			"smallserial", "float4", "float8", "numeric", "time", "date", "timetz", "timestamp", "timestamptz", "uuid",
			"point", "box", "_bytea", "_int2", "_int4", "_int8", "_oid", "_float4", "_float8", "_varchar", "_text");

	@Override
	byte[] getBytes(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (BINARY_TRANSFERRED.contains(column.typeName)) {
			// the bytes of the text, or of the binary form when the value came in binary: not replayed
			throw cannotConvert(column.typeName, "byte[]");
		}
		return text(raw).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	Array getArray(Object raw, Column column) throws SQLException {
		if (raw == null) {
			return null;
		}
		Object value = obj(raw);
		if (value instanceof Array array) {
			return array;
		}
		throw new SQLException("No results were returned by the query.", "02000");
	}

	@Override
	Date getDate(Object raw, Column column, java.util.Calendar calendar) throws SQLException {
		if (column.temporal == Column.NOT_TEMPORAL || column.temporal == Column.TIME
				|| column.temporal == Column.TIME_TZ) {
			throw cannotConvert(column.typeName, "java.sql.Date");
		}
		return super.getDate(raw, column, calendar);
	}

	/** The offset at the end of a timestamptz's text ("+10", "-03:00", "-04:42:46", then maybe " BC"). */
	private static final Pattern TEXT_OFFSET = Pattern.compile("([+-])(\\d{2})(?::(\\d{2}))?(?::(\\d{2}))?(?: BC)?$");

	private static final long DAY = 86_400_000L;

	/**
	 * getTime of a timestamptz sent as text: the time of day of the text, at the text's offset (the
	 * session zone's), on 1970-01-01, in whole milliseconds; null when the text has no offset.
	 */
	private static Long textTime(OffsetDateTime dateTime, String text) {
		Matcher matcher = TEXT_OFFSET.matcher(text);
		if (!matcher.find()) {
			return null;
		}
		int seconds = Integer.parseInt(matcher.group(2)) * 3600
				+ ((matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) * 60 : 0)
				+ ((matcher.group(4) != null) ? Integer.parseInt(matcher.group(4)) : 0);
		ZoneOffset offset = ZoneOffset.ofTotalSeconds(matcher.group(1).equals("-") ? -seconds : seconds);
		LocalTime time = dateTime.withOffsetSameInstant(offset).toLocalTime();
		return (time.toSecondOfDay() - offset.getTotalSeconds()) * 1000L + time.getNano() / 1_000_000;
	}

	/** getTime of a timestamptz sent as binary: its epoch milliseconds modulo a day (negative before 1970). */
	private static long binaryTime(OffsetDateTime dateTime) {
		return dateTime.toInstant().toEpochMilli() % DAY;
	}

	/**
	 * getTime of a timestamptz differs between the text and the binary protocol (which pgjdbc uses
	 * for a statement prepared on the server) where the text's time of day is not on the day of the
	 * UTC one: on the first such value the driver's getTime tells which the column went through.
	 */
	@Override
	Object keptNatural(ResultSet resultSet, int index, Column column, Object text, Object natural) {
		if (column.temporal != Column.TIMESTAMP_TZ || !(natural instanceof OffsetDateTime dateTime)) {
			return natural;
		}
		Long textTime = (text instanceof String string) ? textTime(dateTime, string) : null;
		if (textTime == null) {
			return null;
		}
		long binaryTime = binaryTime(dateTime);
		if (textTime != binaryTime) {
			long driver;
			try {
				driver = resultSet.getTime(index).getTime();
			}
			catch (SQLException | RuntimeException ex) {
				return null;
			}
			int transfer = (driver == textTime) ? Column.TEXT : (driver == binaryTime) ? Column.BINARY : -1;
			if (transfer < 0 || column.transfer != Column.UNKNOWN && column.transfer != transfer) {
				return null;
			}
			column.transfer = transfer;
		}
		return natural;
	}

	@Override
	Time getTime(Object raw, Column column, java.util.Calendar calendar) throws SQLException {
		if (column.temporal == Column.NOT_TEMPORAL || column.temporal == Column.DATE) {
			throw cannotConvert(column.typeName, "java.sql.Time");
		}
		if (calendar != null && (column.temporal == Column.TIME_TZ || column.temporal == Column.TIMESTAMP_TZ)) {
			throw cannotConvert(column.typeName, "java.sql.Time");
		}
		Object natural = natural(raw);
		if (natural instanceof OffsetDateTime dateTime) {
			Long textTime = (column.transfer == Column.BINARY) ? null : textTime(dateTime, text(raw));
			return new Time((textTime != null) ? textTime : binaryTime(dateTime));
		}
		if (natural instanceof LocalDateTime dateTime) {
			// pgjdbc: the timestamp in the calendar's zone (a time in a gap moves past it), then its time
			// of day in that zone on 1970-01-01
			TimeZone zone = zone(calendar);
			long millis = millis(dateTime, zone);
			if (dateTime.getYear() == 1970) {
				return new Time(millis);
			}
			String id = zone.getID();
			if (id.startsWith("GMT") || id.startsWith("UTC")) {
				int offset = zone.getRawOffset();
				return new Time(Math.floorMod(millis + offset, DAY) - offset);
			}
			GregorianCalendar day = new GregorianCalendar(zone);
			day.setTimeInMillis(millis);
			day.set(java.util.Calendar.ERA, GregorianCalendar.AD);
			day.set(java.util.Calendar.YEAR, 1970);
			day.set(java.util.Calendar.MONTH, java.util.Calendar.JANUARY);
			day.set(java.util.Calendar.DAY_OF_MONTH, 1);
			return new Time(day.getTimeInMillis());
		}
		return super.getTime(raw, column, calendar);
	}

	@Override
	Timestamp getTimestamp(Object raw, Column column, java.util.Calendar calendar) throws SQLException {
		if (column.temporal == Column.NOT_TEMPORAL || column.temporal == Column.TIME_TZ) {
			throw cannotConvert(column.typeName, "java.sql.Timestamp");
		}
		return super.getTimestamp(raw, column, calendar);
	}

	private static SQLException unsupported(Class<?> type, Column column) {
		return new SQLException("conversion to " + type + " from " + column.typeName + " not supported", "22023");
	}

	private static SQLException mismatch(Column column, Class<?> type) {
		return new SQLException("Cannot convert the column of type " + column.typeName.toUpperCase(Locale.ROOT)
				+ " to requested type " + type.getName() + ".", "42821");
	}

	@Override
	Object getObject(Object raw, Column column, Class<?> type) throws SQLException {
		int sqlType = column.sqlType;
		if (type == String.class) {
			return require(sqlType == Types.CHAR || sqlType == Types.VARCHAR, type, column, raw);
		}
		if (type == BigDecimal.class) {
			return require(sqlType == Types.NUMERIC || sqlType == Types.DECIMAL, type, column, raw);
		}
		if (type == Boolean.class) {
			return require(sqlType == Types.BOOLEAN || sqlType == Types.BIT, type, column, raw);
		}
		if (type == Short.class) {
			return require(sqlType == Types.SMALLINT, type, column, raw);
		}
		if (type == Integer.class) {
			return require(sqlType == Types.SMALLINT || sqlType == Types.INTEGER, type, column, raw);
		}
		if (type == Long.class || type == BigInteger.class) {
			return require(sqlType == Types.BIGINT, type, column, raw);
		}
		if (type == Float.class) {
			return require(sqlType == Types.REAL, type, column, raw);
		}
		if (type == Double.class) {
			return require(sqlType == Types.FLOAT || sqlType == Types.DOUBLE, type, column, raw);
		}
		if (type == Date.class) {
			return require(sqlType == Types.DATE, type, column, raw);
		}
		if (type == Time.class) {
			return require(sqlType == Types.TIME, type, column, raw);
		}
		if (type == Timestamp.class) {
			return require(sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE, type, column, raw);
		}
		if (type == java.util.Date.class) {
			// pgjdbc: the milliseconds of getTimestamp, for timestamp and timestamptz (both JDBC TIMESTAMP) only
			if (sqlType != Types.TIMESTAMP) {
				throw unsupported(type, column);
			}
			return (raw == null) ? null : new java.util.Date(getTimestamp(raw, column, null).getTime());
		}
		if (type == byte[].class) {
			return require(sqlType == Types.BINARY || sqlType == Types.VARBINARY || sqlType == Types.LONGVARBINARY,
					type, column, raw);
		}
		if (type == Array.class) {
			return require(sqlType == Types.ARRAY, type, column, raw);
		}
		if (type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class
				|| type == OffsetDateTime.class || type == OffsetTime.class) {
			return (raw == null) ? null : javaTime(raw, column, type);
		}
		if (raw != null && type != Object.class && type.isInstance(obj(raw))) {
			return Values.copy(obj(raw));
		}
		if (raw == null && type == UUID.class) {
			return null;
		}
		throw unsupported(type, column);
	}

	private Object require(boolean supported, Class<?> type, Column column, Object raw) throws SQLException {
		if (!supported) {
			throw unsupported(type, column);
		}
		return (raw == null) ? null : convert(raw, column, type);
	}

	private Object javaTime(Object raw, Column column, Class<?> type) throws SQLException {
		Object natural = natural(raw);
		switch (column.temporal) {
			case Column.DATE:
				if (type == LocalDate.class) {
					return natural;
				}
				break;
			case Column.TIME:
				if (type == LocalTime.class) {
					return natural;
				}
				break;
			case Column.TIME_TZ:
				if (type == OffsetTime.class) {
					return natural;
				}
				break;
			case Column.TIMESTAMP:
				LocalDateTime dateTime = (LocalDateTime) natural;
				if (type == LocalDateTime.class) {
					return dateTime;
				}
				if (type == LocalDate.class) {
					return dateTime.toLocalDate();
				}
				if (type == OffsetDateTime.class) {
					return dateTime.atOffset(ZoneOffset.UTC);
				}
				break;
			case Column.TIMESTAMP_TZ:
				if (type == OffsetDateTime.class) {
					return natural;
				}
				break;
			default:
				break;
		}
		throw mismatch(column, type);
	}

}
