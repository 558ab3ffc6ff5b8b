package io.github.cachalot.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.UUID;

/**
 * How one driver converts values between getters. A cached result keeps what the driver returned
 * from {@code getObject} and {@code getString} (and, for temporal columns, the natural java.time
 * value); every other getter is derived here, following that driver's rules so that a replay
 * returns what the driver would have. This base class follows the standard JDBC conversions and
 * serves drivers that are not specifically known.
 */
class Dialect {

	static final Dialect GENERIC = new Dialect();

	static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

	static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

	Dialect() {
	}

	/** The dialect of the driver that produced the result set. */
	static Dialect detect(ResultSet delegate, ResultSetMetaData metaData) {
		Dialect dialect = byClassName(metaData.getClass().getName());
		if (dialect == GENERIC) {
			dialect = byClassName(delegate.getClass().getName());
		}
		if (dialect == GENERIC) {
			try {
				String product = delegate.getStatement().getConnection().getMetaData().getDatabaseProductName();
				dialect = byProductName(product);
			}
			catch (SQLException | RuntimeException ex) {
				// keep the generic rules
			}
		}
		return dialect;
	}

	private static Dialect byClassName(String name) {
		if (name.startsWith("org.postgresql.")) {
			return PostgresDialect.INSTANCE;
		}
		if (name.startsWith("org.h2.")) {
			return H2Dialect.INSTANCE;
		}
		if (name.startsWith("org.mariadb.jdbc.")) {
			return MariaDbDialect.INSTANCE;
		}
		if (name.startsWith("org.sqlite.")) {
			return SqliteDialect.INSTANCE;
		}
		return GENERIC;
	}

	private static Dialect byProductName(String product) {
		if (product == null) {
			return GENERIC;
		}
		return switch (product) {
			case "PostgreSQL" -> PostgresDialect.INSTANCE;
			case "H2" -> H2Dialect.INSTANCE;
			case "SQLite" -> SqliteDialect.INSTANCE;
			default -> GENERIC;
		};
	}

	// ---------------------------------------------------------------- capture

	/** Which natural java.time value to capture for a column ({@link Column#NOT_TEMPORAL} for none). */
	int temporalKind(Column column) {
		return switch (column.sqlType) {
			case Types.DATE -> Column.DATE;
			case Types.TIME -> Column.TIME;
			case Types.TIME_WITH_TIMEZONE -> Column.TIME_TZ;
			case Types.TIMESTAMP -> Column.TIMESTAMP;
			case Types.TIMESTAMP_WITH_TIMEZONE -> Column.TIMESTAMP_TZ;
			default -> Column.NOT_TEMPORAL;
		};
	}

	static Class<?> naturalClass(int temporal) {
		return switch (temporal) {
			case Column.DATE -> LocalDate.class;
			case Column.TIME -> LocalTime.class;
			case Column.TIME_TZ -> OffsetTime.class;
			case Column.TIMESTAMP -> LocalDateTime.class;
			default -> OffsetDateTime.class;
		};
	}

	/**
	 * Whether {@code getString} of a value of this (non-String) class is its {@code toString()} in
	 * this driver, so that it need not be captured.
	 */
	boolean textDerivable(Column column, Object value) {
		return false;
	}

	/**
	 * Per column of a live result, how the driver received its values ({@link Column#TEXT},
	 * {@link Column#BINARY}, or {@link Column#UNKNOWN} when that cannot be told), for dialects whose
	 * driver converts some values differently in the two; null when this dialect does not ask. Asked
	 * once per captured result.
	 */
	int[] transfers(ResultSet delegate, ResultSetMetaData metaData, int columnCount) {
		return null;
	}

	/**
	 * The {@code getString} form of a value when it need not, or must not, be asked of the driver
	 * (asking would change what the caller reads next, or is known to give the value's own text), or
	 * null to ask the driver.
	 * @param transfer how the column's values were received (see {@link #transfers})
	 */
	Object derivedText(Object value, int transfer) {
		return null;
	}

	/**
	 * Whether a natural temporal value is within the range where the derived conversions are exact
	 * (years 1 to 9999). A result with another value is not cached.
	 */
	boolean standard(Object natural) {
		int year;
		if (natural instanceof LocalDate date) {
			year = date.getYear();
		}
		else if (natural instanceof LocalDateTime dateTime) {
			year = dateTime.getYear();
		}
		else if (natural instanceof OffsetDateTime dateTime) {
			year = dateTime.getYear();
		}
		else {
			return true;
		}
		return year >= 1 && year <= 9999;
	}

	/**
	 * The dialect for one result set of this driver: the connection's settings may change the
	 * driver's conversions.
	 */
	Dialect forResult(ResultSet delegate) {
		return this;
	}

	/**
	 * The natural value to keep for a temporal cell, or null when its conversions could not be
	 * replayed (the result is then not cached). The live result set, on the captured row, may be
	 * asked for more.
	 * @param text the captured getString, or a {@link CapturedError}
	 * @param natural the captured natural value, or a {@link CapturedError}
	 */
	Object keptNatural(ResultSet resultSet, int index, Column column, Object text, Object natural) {
		return natural;
	}

	/**
	 * Whether a captured value can be cached: a dialect refuses values whose conversions it cannot
	 * reproduce.
	 * @param text the captured getString, or a {@link CapturedError}
	 * @param transfer how the column's values were received (see {@link #transfers})
	 */
	boolean cacheable(Column column, Object value, Object text, int transfer) {
		return true;
	}

	/**
	 * Whether a decoded non-null cell holds what this dialect's getters assume of a captured one: a
	 * value read from a shared store may be forged, and a getter that derives its value from the
	 * text must then throw an {@link SQLException}, as the driver would, not a parser's exception.
	 * Called once per cell when decoding, so it tries only the conversions that parse, and only on
	 * the values they parse.
	 */
	boolean replayable(Object raw, Column column) {
		return true;
	}

	/** A conversion tried by {@link #replayable}. */
	interface Conversion {

		Object apply() throws SQLException;

	}

	/** Whether the conversions return or throw an SQLException, and nothing else. */
	static boolean onlySqlExceptions(Conversion... conversions) {
		for (Conversion conversion : conversions) {
			try {
				conversion.apply();
			}
			catch (SQLException ex) {
				// what the driver throws too
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return true;
	}

	// ---------------------------------------------------------------- access to a captured value

	/** The {@code getObject} form of a non-null raw cell. */
	static Object obj(Object raw) {
		return (raw instanceof Cell cell) ? cell.value : raw;
	}

	/** The {@code getString} form of a non-null raw cell. */
	static String text(Object raw) throws SQLException {
		if (raw instanceof Cell cell) {
			if (cell.text instanceof CapturedError error) {
				throw error.exception();
			}
			return (String) cell.text;
		}
		return (raw instanceof String text) ? text : raw.toString();
	}

	/** The natural java.time form of a non-null raw cell, or null when none was captured. */
	static Object natural(Object raw) throws SQLException {
		if (raw instanceof Cell cell) {
			if (cell.natural instanceof CapturedError error) {
				throw error.exception();
			}
			return cell.natural;
		}
		return null;
	}

	// ---------------------------------------------------------------- errors

	static SQLException outOfRange(Object value, String type) {
		return new SQLDataException("Value out of range for " + type + ": " + value, "22003");
	}

	static SQLException cannotConvert(Object value, String type) {
		return new SQLDataException("Cannot convert " + value + " to " + type, "22018");
	}

	static SQLException notSupported(Class<?> type, Column column) {
		return new SQLFeatureNotSupportedException(
				"Conversion of " + column.typeName + " to " + type.getName() + " is not supported", "0A000");
	}

	// ---------------------------------------------------------------- getters

	String getString(Object raw, Column column) throws SQLException {
		return text(raw);
	}

	/** The bytes behind getBinaryStream. */
	byte[] stream(Object raw, Column column) throws SQLException {
		return getBytes(raw, column);
	}

	/** The text behind getCharacterStream and getAsciiStream. */
	String characters(Object raw, Column column) throws SQLException {
		return text(raw);
	}

	boolean getBoolean(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Number) {
			return decimal(value, column).signum() != 0;
		}
		String text = text(raw).trim();
		if (text.equals("1") || text.equalsIgnoreCase("true")) {
			return true;
		}
		if (text.equals("0") || text.equalsIgnoreCase("false")) {
			return false;
		}
		throw cannotConvert(text, "boolean");
	}

	/**
	 * An integral value for getByte/getShort/getInt/getLong.
	 * @param bits 8, 16, 32 or 64: the size of the requested type
	 */
	long integral(Object raw, Column column, int bits) throws SQLException {
		Object value = obj(raw);
		long result;
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			result = ((Number) value).longValue();
		}
		else if (value instanceof Boolean bool) {
			result = bool ? 1 : 0;
		}
		else {
			BigDecimal decimal = decimal(value, column);
			if (decimal == null) {
				decimal = parseDecimal(text(raw), bits);
			}
			BigInteger integer = decimal.toBigInteger();
			if (integer.bitLength() > 63) {
				throw outOfRange(text(raw), typeName(bits));
			}
			result = integer.longValue();
		}
		return checkRange(result, bits, raw);
	}

	static long checkRange(long value, int bits, Object raw) throws SQLException {
		if (bits < 64) {
			long max = (1L << (bits - 1)) - 1;
			if (value > max || value < -max - 1) {
				throw outOfRange(text(raw), typeName(bits));
			}
		}
		return value;
	}

	static String typeName(int bits) {
		return switch (bits) {
			case 8 -> "byte";
			case 16 -> "short";
			case 32 -> "int";
			default -> "long";
		};
	}

	private static BigDecimal parseDecimal(String text, int bits) throws SQLException {
		try {
			return new BigDecimal(text.trim());
		}
		catch (NumberFormatException ex) {
			throw cannotConvert(text, typeName(bits));
		}
	}

	/** A numeric value as a BigDecimal, or null when it is not a number. */
	BigDecimal decimal(Object value, Column column) throws SQLException {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		if (value instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				throw cannotConvert(value, "BigDecimal");
			}
			return new BigDecimal(value.toString());
		}
		if (value instanceof Boolean bool) {
			return bool ? BigDecimal.ONE : BigDecimal.ZERO;
		}
		return null;
	}

	double getDouble(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		try {
			return Double.parseDouble(text(raw).trim());
		}
		catch (NumberFormatException ex) {
			throw cannotConvert(text(raw), "double");
		}
	}

	float getFloat(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Number number) {
			return number.floatValue();
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		try {
			return Float.parseFloat(text(raw).trim());
		}
		catch (NumberFormatException ex) {
			throw cannotConvert(text(raw), "float");
		}
	}

	BigDecimal getBigDecimal(Object raw, Column column) throws SQLException {
		BigDecimal decimal = decimal(obj(raw), column);
		return (decimal != null) ? decimal : parseDecimal(text(raw), 0);
	}

	BigInteger getBigInteger(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof BigInteger integer) {
			return integer;
		}
		return BigInteger.valueOf(integral(raw, column, 64));
	}

	byte[] getBytes(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		throw cannotConvert(column.typeName, "byte[]");
	}

	/** getArray; {@code raw} is null for SQL NULL. */
	Array getArray(Object raw, Column column) throws SQLException {
		if (raw == null) {
			return null;
		}
		Object value = obj(raw);
		if (value instanceof Array array) {
			return array;
		}
		throw cannotConvert(column.typeName, "java.sql.Array");
	}

	Object getObject(Object raw, Column column) throws SQLException {
		return Values.copy(obj(raw));
	}

	// ---------------------------------------------------------------- temporal getters

	Date getDate(Object raw, Column column, Calendar calendar) throws SQLException {
		Object value = obj(raw);
		if (calendar == null && value instanceof Date date) {
			return (Date) Values.copy(date);
		}
		Object natural = natural(raw);
		TimeZone zone = zone(calendar);
		if (natural instanceof LocalDate date) {
			return date(date, zone);
		}
		if (natural instanceof LocalDateTime dateTime) {
			return date(dateTime.toLocalDate(), zone);
		}
		if (natural instanceof OffsetDateTime dateTime) {
			return date(LocalDate.ofInstant(dateTime.toInstant(), zone.toZoneId()), zone);
		}
		throw cannotConvert(column.typeName, "java.sql.Date");
	}

	Time getTime(Object raw, Column column, Calendar calendar) throws SQLException {
		Object value = obj(raw);
		if (calendar == null && value instanceof Time time) {
			return (Time) Values.copy(time);
		}
		Object natural = natural(raw);
		TimeZone zone = zone(calendar);
		if (natural instanceof LocalTime time) {
			return time(time, zone);
		}
		if (natural instanceof LocalDateTime dateTime) {
			return time(dateTime.toLocalTime(), zone);
		}
		if (natural instanceof OffsetDateTime dateTime) {
			return time(LocalTime.ofInstant(dateTime.toInstant(), zone.toZoneId()), zone);
		}
		if (natural instanceof OffsetTime time) {
			return new Time(time.atDate(LocalDate.EPOCH).toInstant().toEpochMilli());
		}
		throw cannotConvert(column.typeName, "java.sql.Time");
	}

	Timestamp getTimestamp(Object raw, Column column, Calendar calendar) throws SQLException {
		Object value = obj(raw);
		if (calendar == null && value instanceof Timestamp timestamp) {
			return (Timestamp) Values.copy(timestamp);
		}
		Object natural = natural(raw);
		TimeZone zone = zone(calendar);
		if (natural instanceof LocalDateTime dateTime) {
			return timestamp(dateTime, zone);
		}
		if (natural instanceof LocalDate date) {
			return timestamp(date.atStartOfDay(), zone);
		}
		if (natural instanceof OffsetDateTime dateTime) {
			// an instant: the calendar does not matter
			return (value instanceof Timestamp timestamp) ? (Timestamp) Values.copy(timestamp)
					: Timestamp.from(dateTime.toInstant());
		}
		if (natural instanceof LocalTime time) {
			return timestamp(time.atDate(LocalDate.EPOCH), zone);
		}
		throw cannotConvert(column.typeName, "java.sql.Timestamp");
	}

	static TimeZone zone(Calendar calendar) {
		return (calendar != null) ? calendar.getTimeZone() : TimeZone.getDefault();
	}

	/** Epoch millis of a local date-time in a zone, through the hybrid Julian/Gregorian calendar like java.sql does. */
	static long millis(LocalDateTime dateTime, TimeZone zone) {
		GregorianCalendar calendar = new GregorianCalendar(zone);
		calendar.clear();
		calendar.set(dateTime.getYear(), dateTime.getMonthValue() - 1, dateTime.getDayOfMonth(), dateTime.getHour(),
				dateTime.getMinute(), dateTime.getSecond());
		calendar.set(Calendar.MILLISECOND, dateTime.getNano() / 1_000_000);
		return calendar.getTimeInMillis();
	}

	static Date date(LocalDate date, TimeZone zone) {
		if (zone.equals(TimeZone.getDefault())) {
			return Date.valueOf(date);
		}
		return new Date(millis(date.atStartOfDay(), zone));
	}

	static Time time(LocalTime time, TimeZone zone) {
		return new Time(millis(time.atDate(LocalDate.EPOCH), zone));
	}

	static Timestamp timestamp(LocalDateTime dateTime, TimeZone zone) {
		if (zone.equals(TimeZone.getDefault())) {
			return Timestamp.valueOf(dateTime);
		}
		Timestamp timestamp = new Timestamp(millis(dateTime, zone));
		timestamp.setNanos(dateTime.getNano());
		return timestamp;
	}

	/** A natural temporal value converted to the requested java.time class. */
	Object temporal(Object raw, Column column, Class<?> type) throws SQLException {
		Object natural = natural(raw);
		if (natural == null) {
			natural = obj(raw);
		}
		if (type.isInstance(natural)) {
			return natural;
		}
		if (type == LocalDate.class && natural instanceof LocalDateTime dateTime) {
			return dateTime.toLocalDate();
		}
		if (type == LocalTime.class && natural instanceof LocalDateTime dateTime) {
			return dateTime.toLocalTime();
		}
		if (natural instanceof OffsetDateTime dateTime) {
			if (type == Instant.class) {
				return dateTime.toInstant();
			}
			if (type == ZonedDateTime.class) {
				return dateTime.toZonedDateTime();
			}
		}
		throw notSupported(type, column);
	}

	/** getObject(column, type); {@code raw} is null for SQL NULL. */
	Object getObject(Object raw, Column column, Class<?> type) throws SQLException {
		if (raw == null) {
			return null;
		}
		return convert(raw, column, type);
	}

	/** The conversion of a non-null value behind {@link #getObject(Object, Column, Class)}. */
	Object convert(Object raw, Column column, Class<?> type) throws SQLException {
		Object value = obj(raw);
		if (type == String.class) {
			return getString(raw, column);
		}
		if (type == Integer.class) {
			return (int) integral(raw, column, 32);
		}
		if (type == Long.class) {
			return integral(raw, column, 64);
		}
		if (type == Short.class) {
			return (short) integral(raw, column, 16);
		}
		if (type == Byte.class) {
			return (byte) integral(raw, column, 8);
		}
		if (type == Double.class) {
			return getDouble(raw, column);
		}
		if (type == Float.class) {
			return getFloat(raw, column);
		}
		if (type == BigDecimal.class) {
			return getBigDecimal(raw, column);
		}
		if (type == BigInteger.class) {
			return getBigInteger(raw, column);
		}
		if (type == Boolean.class) {
			return getBoolean(raw, column);
		}
		if (type == byte[].class) {
			return getBytes(raw, column);
		}
		if (type == Date.class) {
			return getDate(raw, column, null);
		}
		if (type == Time.class) {
			return getTime(raw, column, null);
		}
		if (type == Timestamp.class) {
			return getTimestamp(raw, column, null);
		}
		if (type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class
				|| type == OffsetDateTime.class || type == OffsetTime.class || type == Instant.class
				|| type == ZonedDateTime.class) {
			return temporal(raw, column, type);
		}
		if (type == UUID.class && value instanceof String text) {
			try {
				return UUID.fromString(text);
			}
			catch (IllegalArgumentException ex) {
				throw cannotConvert(text, "UUID");
			}
		}
		if (type == Array.class) {
			return getArray(raw, column);
		}
		if (type.isInstance(value)) {
			return Values.copy(value);
		}
		throw notSupported(type, column);
	}

}
