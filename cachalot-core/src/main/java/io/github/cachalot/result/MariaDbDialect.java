package io.github.cachalot.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The conversions of the MariaDB driver (3.x): fractions are truncated, overflows and impossible
 * conversions throw {@link SQLDataException} without SQLState; TINYINT(1) reads as a Boolean but
 * converts from its number, BIT(n) as big-endian bytes; a DATETIME read as a java.sql.Date or Time
 * keeps its time of day. TIME values outside 00:00:00..23:59:59 are not cached.
 * <p>
 * {@code getObject(column, type)} asks the first of the driver's codecs that accepts the column
 * type and a class assignable to {@code type}: java.util.Date is read as a java.sql.Date (a TIME
 * as a Timestamp, which is not replayed); a ZonedDateTime is the value's local date-time (a DATE at midnight, a TIME on
 * 1970-01-01) in the JVM's default zone at the moment of the read, whatever the session's
 * time_zone; an OffsetDateTime is that ZonedDateTime's (DATETIME and TIMESTAMP only), a
 * LocalDateTime its local date-time, an Instant that local date-time in the default zone again.
 */
final class MariaDbDialect extends Dialect {

	static final MariaDbDialect INSTANCE = new MariaDbDialect(false);

	/** The driver's server-side prepared statement class, per class of the driver's metadata (its class loader). */
	/** The driver's statement classes, from the class loader of its metadata; empty without the driver. */
	private static final ClassValue<Optional<StatementClasses>> STATEMENT_CLASSES = new ClassValue<>() {

		@Override
		protected Optional<StatementClasses> computeValue(Class<?> metaDataType) {
			try {
				ClassLoader loader = metaDataType.getClassLoader();
				return Optional.of(new StatementClasses(Class.forName("org.mariadb.jdbc.Statement", false, loader),
						Class.forName("org.mariadb.jdbc.ServerPreparedStatement", false, loader)));
			}
			catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
				return Optional.empty();
			}
		}

	};

	static final MariaDbDialect PRESERVING_INSTANTS = new MariaDbDialect(true);

	private MariaDbDialect(boolean preservingInstants) {
		this.preservingInstants = preservingInstants;
	}

	@Override
	boolean textDerivable(Column column, Object value) {
		// ZEROFILL pads the text of unsigned columns only
		return column.signed && (value instanceof Integer || value instanceof Long || value instanceof Short
				|| value instanceof Byte) || value instanceof UUID;
	}

	@Override
	boolean cacheable(Column column, Object value, Object text, int transfer) {
		if (column.temporal == Column.TIME && text instanceof String time) {
			// negative or longer than a day: java.sql.Time wraps it
			return !time.startsWith("-") && time.indexOf(':') == 2 && time.compareTo("24") < 0;
		}
		if (transfer != Column.TEXT && (value instanceof Float || value instanceof Double
				|| value instanceof byte[] && column.typeName.equals("bit"))) {
			// the binary protocol's numeric conversions of these (casts from the float, bits as a
			// number) are not the text protocol's that are replayed
			return false;
		}
		return true;
	}

	/**
	 * Server-side prepared statements ({@code useServerPrepStmts}) read their results through the
	 * binary protocol, every other statement through the text protocol.
	 */
	@Override
	int[] transfers(ResultSet delegate, ResultSetMetaData metaData, int columnCount) {
		int transfer;
		try {
			Statement statement = delegate.getStatement();
			StatementClasses classes = STATEMENT_CLASSES.get(metaData.getClass()).orElse(null);
			if (statement == null || classes == null) {
				transfer = Column.UNKNOWN;
			}
			else if (statement.isWrapperFor(classes.serverPrepared())) {
				transfer = Column.BINARY;
			}
			else {
				// text only when the statement is known to be the driver's (wrappers may not say)
				transfer = statement.isWrapperFor(classes.any()) ? Column.TEXT : Column.UNKNOWN;
			}
		}
		catch (SQLException | RuntimeException ex) {
			transfer = Column.UNKNOWN;
		}
		int[] transfers = new int[columnCount];
		Arrays.fill(transfers, transfer);
		return transfers;
	}

	/**
	 * The conversions of a connection with {@code preserveInstants}: a DATETIME or TIMESTAMP is then
	 * an instant of the connection's zone, and the java.sql getters without a calendar, the
	 * java.time ones and those with a calendar each treat it differently (a time, for one, through
	 * that zone's offset on 1970-01-01). None of that is replayed: such values are not cached.
	 */
	private final boolean preservingInstants;

	@Override
	Dialect forResult(ResultSet delegate) {
		try {
			Statement statement = delegate.getStatement();
			if (statement != null) {
				// the driver's URL lists every option that is not at its default, wherever it was set
				String url = statement.getConnection().getMetaData().getURL();
				if (url != null && url.toLowerCase(Locale.ROOT).contains("preserveinstants=true")) {
					return PRESERVING_INSTANTS;
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			// the default conversions
		}
		return this;
	}

	/**
	 * A DATETIME or TIMESTAMP keeps the local date-time it has on the wire. The driver's
	 * getObject(LocalDateTime) (and its getString) have it in the default zone, moved out of a gap of
	 * that zone, but its other getters start from the wire value: in the hour after a gap, where the
	 * two may differ, the driver's LocalTime tells which it was. Where the default zone repeats the
	 * hour, the driver's offset must be the earlier one the replay gives. Values that do not fit are
	 * not cached, nor are any with {@code preserveInstants}.
	 */
	@Override
	Object keptNatural(ResultSet resultSet, int index, Column column, Object text, Object natural) {
		if (column.temporal != Column.TIMESTAMP || !(natural instanceof LocalDateTime dateTime)) {
			return natural;
		}
		if (this.preservingInstants) {
			return null;
		}
		ZoneId zone = ZoneId.systemDefault();
		ZoneRules rules = zone.getRules();
		if (rules.isFixedOffset()) {
			return natural;
		}
		LocalDateTime local = dateTime;
		try {
			ZoneOffsetTransition transition = rules
				.previousTransition(dateTime.atZone(zone).toInstant().plusNanos(1));
			if (transition != null && transition.isGap() && !dateTime.isBefore(transition.getDateTimeAfter())
					&& dateTime.isBefore(transition.getDateTimeAfter().plus(transition.getDuration()))) {
				LocalTime time = resultSet.getObject(index, LocalTime.class);
				if (!time.equals(dateTime.toLocalTime())) {
					// the wire value was in the gap
					local = dateTime.minus(transition.getDuration());
					if (!local.toLocalTime().equals(time) || !local.atZone(zone).toLocalDateTime().equals(dateTime)) {
						return null;
					}
				}
			}
			if (rules.getValidOffsets(local).size() > 1 && !local.atZone(zone)
				.toOffsetDateTime()
				.equals(resultSet.getObject(index, OffsetDateTime.class))) {
				return null;
			}
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
		return local;
	}

	private static SQLException error(String message) {
		return new SQLDataException(message, (String) null);
	}

	private static boolean isBit(Column column) {
		return column.typeName.equals("bit");
	}

	private static long bits(byte[] bytes) {
		long value = 0;
		for (byte each : bytes) {
			value = (value << 8) | (each & 0xff);
		}
		return value;
	}

	@Override
	boolean replayable(Object raw, Column column) {
		Object value = obj(raw);
		if (column.typeName.equals("year") && !(value instanceof Date)) {
			return false; // getDate returns the captured date itself
		}
		// the numeric getters parse the text of booleans and floating-point values
		return !(value instanceof Boolean || value instanceof Double || value instanceof Float)
				|| onlySqlExceptions(() -> integral(raw, column, 64), () -> getBoolean(raw, column),
						() -> getDouble(raw, column), () -> getBigDecimal(raw, column));
	}

	@Override
	boolean getBoolean(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Boolean bool) {
			return (isBit(column)) ? bool : new BigDecimal(text(raw)).signum() != 0;
		}
		if (value instanceof byte[] bytes && isBit(column)) {
			return bits(bytes) != 0;
		}
		if (value instanceof Double || value instanceof Float) {
			return ((Number) value).doubleValue() != 0;
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.intValue() != 0;
		}
		if (value instanceof Number) {
			return !text(raw).equals("0");
		}
		throw error("Data type " + column.typeName + " cannot be decoded as Boolean");
	}

	@Override
	long integral(Object raw, Column column, int bits) throws SQLException {
		Object value = obj(raw);
		long result;
		if (value instanceof byte[] bytes && isBit(column)) {
			if (bits == 8) {
				return (bytes.length == 0) ? 0 : bytes[0];
			}
			result = bits(bytes);
			if (bits < 64 && result < 0) {
				throw error(typeName(bits) + " overflow");
			}
		}
		else if (value instanceof Boolean bool) {
			if (isBit(column)) {
				return bool ? 1 : 0;
			}
			result = Long.parseLong(text(raw));
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			result = ((Number) value).longValue();
		}
		else if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double
				|| value instanceof Float) {
			BigDecimal decimal = (value instanceof Double || value instanceof Float) ? new BigDecimal(text(raw))
					: decimal(value, column);
			BigInteger integer = decimal.toBigInteger();
			if (integer.bitLength() > 63) {
				throw error("value '" + text(raw) + "' cannot be decoded as " + typeName(bits));
			}
			result = integer.longValue();
		}
		else {
			throw error("Data type " + column.typeName + " cannot be decoded as " + typeName(bits));
		}
		if (bits < 64) {
			long max = (1L << (bits - 1)) - 1;
			if (result > max || result < -max - 1) {
				throw error(typeName(bits) + " overflow");
			}
		}
		return result;
	}

	@Override
	double getDouble(Object raw, Column column) throws SQLException {
		Number number = number(raw, column);
		// a FLOAT widens from its text, not from the float
		return (number instanceof Float) ? Double.parseDouble(text(raw)) : number.doubleValue();
	}

	@Override
	float getFloat(Object raw, Column column) throws SQLException {
		return number(raw, column).floatValue();
	}

	private Number number(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (isBit(column) || !(value instanceof Number || value instanceof Boolean)) {
			throw error("Data type " + column.typeName + " cannot be decoded as a floating point number");
		}
		if (value instanceof Boolean) {
			return new BigDecimal(text(raw));
		}
		return (Number) value;
	}

	@Override
	BigDecimal getBigDecimal(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes && isBit(column)) {
			return BigDecimal.valueOf(bits(bytes));
		}
		if (value instanceof Boolean bool) {
			return isBit(column) ? (bool ? BigDecimal.ONE : BigDecimal.ZERO) : new BigDecimal(text(raw));
		}
		if (value instanceof Double || value instanceof Float) {
			return new BigDecimal(text(raw));
		}
		if (value instanceof Number) {
			return decimal(value, column);
		}
		throw error("Data type " + column.typeName + " cannot be decoded as BigDecimal");
	}

	@Override
	BigInteger getBigInteger(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof BigInteger integer) {
			return integer;
		}
		if (value instanceof byte[] bytes && isBit(column)) {
			return BigInteger.valueOf(bits(bytes));
		}
		return getBigDecimal(raw, column).toBigInteger();
	}

	@Override
	byte[] getBytes(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof Boolean bool && isBit(column)) {
			return new byte[] { (byte) (bool ? 1 : 0) };
		}
		throw error("Data type " + column.typeName + " cannot be decoded as byte[]");
	}

	private static boolean isGeometry(Column column) {
		return switch (column.typeName) {
			case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
					"geometrycollection" ->
				true;
			default -> false;
		};
	}

	@Override
	byte[] stream(Object raw, Column column) throws SQLException {
		if (isBit(column) || isGeometry(column)) {
			throw error("Data type " + column.typeName + " cannot be decoded as Stream");
		}
		return getBytes(raw, column);
	}

	@Override
	String characters(Object raw, Column column) throws SQLException {
		if (obj(raw) instanceof String text) {
			return text;
		}
		throw error("Data type " + column.typeName + " cannot be decoded as Reader");
	}

	@Override
	Date getDate(Object raw, Column column, Calendar calendar) throws SQLException {
		Object natural = natural(raw);
		if (column.typeName.equals("year")) {
			return (Date) Values.copy(obj(raw));
		}
		if (natural instanceof LocalDateTime dateTime) {
			return new Date(millis(dateTime, zone(calendar)));
		}
		if (column.temporal != Column.DATE) {
			throw error("Data type " + column.typeName + " cannot be decoded as Date");
		}
		return super.getDate(raw, column, calendar);
	}

	@Override
	Time getTime(Object raw, Column column, Calendar calendar) throws SQLException {
		Object natural = natural(raw);
		if (natural instanceof LocalDateTime dateTime) {
			return time(dateTime.toLocalTime(), zone(calendar));
		}
		if (column.temporal != Column.TIME) {
			throw error("Data type " + column.typeName + " cannot be decoded as Time");
		}
		return super.getTime(raw, column, calendar);
	}

	@Override
	Timestamp getTimestamp(Object raw, Column column, Calendar calendar) throws SQLException {
		if (column.temporal != Column.DATE && column.temporal != Column.TIMESTAMP) {
			// a TIME converts, but differently through the text and the binary protocol (which keeps
			// milliseconds only, and fails on midnight): not replayed
			throw error("Data type " + column.typeName + " cannot be decoded as Timestamp");
		}
		return super.getTimestamp(raw, column, calendar);
	}

	/**
	 * A temporal value the way the driver's ZonedDateTimeCodec reads it: its local date-time in the
	 * JVM's default zone of the moment, or null when the column is not temporal.
	 */
	private static ZonedDateTime zoned(Object natural) {
		ZoneId zone = ZoneId.systemDefault();
		if (natural instanceof LocalDateTime dateTime) {
			return dateTime.atZone(zone);
		}
		if (natural instanceof LocalDate date) {
			return date.atStartOfDay().atZone(zone);
		}
		if (natural instanceof LocalTime time) {
			return time.atDate(LocalDate.EPOCH).atZone(zone);
		}
		return null;
	}

	@Override
	Object temporal(Object raw, Column column, Class<?> type) throws SQLException {
		if (type != ZonedDateTime.class && type != OffsetDateTime.class && type != LocalDateTime.class
				&& type != Instant.class) {
			return super.temporal(raw, column, type);
		}
		Object natural = natural(raw);
		ZonedDateTime zoned = zoned(natural);
		if (zoned == null) {
			return super.temporal(raw, column, type);
		}
		if (type == ZonedDateTime.class) {
			return zoned;
		}
		if (type == OffsetDateTime.class) {
			if (column.temporal != Column.TIMESTAMP) {
				throw error("value of type " + column.typeName.toUpperCase(Locale.ROOT)
						+ " cannot be decoded as OffsetDateTime");
			}
			return zoned.toOffsetDateTime();
		}
		LocalDateTime dateTime = zoned.toLocalDateTime();
		if (type == LocalDateTime.class) {
			return dateTime;
		}
		// InstantCodec: the LocalDateTimeCodec's value in the default zone once more
		return dateTime.atZone(ZoneId.systemDefault()).toInstant();
	}

	private static boolean isTextOrBinary(Column column) {
		return switch (column.sqlType) {
			case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
					Types.CLOB, Types.NCLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
				true;
			default -> false;
		};
	}

	@Override
	Object convert(Object raw, Column column, Class<?> type) throws SQLException {
		if (type == String.class && isGeometry(column)) {
			throw new SQLException("Type class " + type.getName() + " not supported type for GEOMETRY type");
		}
		if ((type == Float.class || type == Double.class) && isBit(column)) {
			throw new SQLException("Type class " + type.getName() + " not supported type for BIT type");
		}
		if (type == java.util.Date.class) {
			// the first codec for a class assignable to java.util.Date: DateCodec, else TimestampCodec (a
			// TIME, read as getTimestamp)
			if (column.temporal == Column.TIME) {
				return getTimestamp(raw, column, null);
			}
			if (column.temporal == Column.DATE || column.temporal == Column.TIMESTAMP || isTextOrBinary(column)) {
				return getDate(raw, column, null);
			}
			throw new SQLException("Type class " + type.getName() + " not supported type for "
					+ column.typeName.toUpperCase(Locale.ROOT) + " type");
		}
		return super.convert(raw, column, type);
	}

	/** The driver's base statement class and its server-prepared one. */
	private record StatementClasses(Class<?> any, Class<?> serverPrepared) {
	}

}
