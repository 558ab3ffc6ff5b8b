package io.github.cachalot.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.UUID;

/**
 * The conversions of the H2 driver (2.x): numbers round half up when narrowed, out of range is
 * SQLState 22003, impossible conversions 22018; java.sql dates use the proleptic Gregorian calendar;
 * a time without a date becomes a date-time on the current day (not replayed: such getters throw).
 */
final class H2Dialect extends Dialect {

	static final H2Dialect INSTANCE = new H2Dialect();

	private H2Dialect() {
	}

	@Override
	boolean textDerivable(Column column, Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
				|| value instanceof UUID;
	}

	private static SQLException conversion(Column column, String target) {
		return new SQLDataException("Data conversion error converting \"" + column.typeName.toUpperCase() + " to "
				+ target + "\"", "22018");
	}

	private static SQLException range(Object value) {
		return new SQLDataException("Numeric value out of range: \"" + value + "\"", "22003");
	}

	@Override
	boolean getBoolean(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Double || value instanceof Float) {
			return ((Number) value).doubleValue() != 0;
		}
		if (value instanceof Number) {
			BigDecimal decimal = decimal(value, column);
			return decimal.signum() != 0;
		}
		throw conversion(column, "BOOLEAN");
	}

	@Override
	long integral(Object raw, Column column, int bits) throws SQLException {
		Object value = obj(raw);
		long result;
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			result = ((Number) value).longValue();
		}
		else if (value instanceof Boolean bool) {
			result = bool ? 1 : 0;
		}
		else if (value instanceof BigDecimal || value instanceof BigInteger) {
			BigDecimal rounded = decimal(value, column).setScale(0, RoundingMode.HALF_UP);
			if (rounded.compareTo(LONG_MIN) < 0 || rounded.compareTo(LONG_MAX) > 0) {
				throw range(rounded.toPlainString());
			}
			result = rounded.longValue();
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (!(number >= Long.MIN_VALUE && number <= Long.MAX_VALUE)) {
				throw range(text(raw));
			}
			result = Math.round(number);
		}
		else if (value instanceof String text) {
			try {
				result = Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				throw new SQLDataException("Data conversion error converting \"" + text + "\"", "22018");
			}
		}
		else {
			throw conversion(column, typeName(bits).toUpperCase());
		}
		if (bits < 64) {
			long max = (1L << (bits - 1)) - 1;
			if (result > max || result < -max - 1) {
				throw range(result);
			}
		}
		return result;
	}

	@Override
	double getDouble(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Number || value instanceof Boolean) {
			return super.getDouble(raw, column);
		}
		throw conversion(column, "DOUBLE PRECISION");
	}

	@Override
	float getFloat(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Number || value instanceof Boolean) {
			return super.getFloat(raw, column);
		}
		throw conversion(column, "REAL");
	}

	@Override
	BigDecimal getBigDecimal(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Double || value instanceof Float) {
			try {
				return new BigDecimal(text(raw));
			}
			catch (NumberFormatException ex) {
				// NaN and the infinities have no decimal form
				throw cannotConvert(text(raw), "BigDecimal");
			}
		}
		if (value instanceof Number || value instanceof Boolean) {
			return decimal(value, column);
		}
		throw conversion(column, "NUMERIC");
	}

	@Override
	BigInteger getBigInteger(Object raw, Column column) throws SQLException {
		return getBigDecimal(raw, column).toBigInteger();
	}

	@Override
	byte[] getBytes(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof UUID uuid) {
			return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
				.putLong(uuid.getLeastSignificantBits())
				.array();
		}
		if (value instanceof String text && isText(column)) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		throw conversion(column, "BINARY VARYING");
	}

	private static boolean isText(Column column) {
		return column.sqlType == Types.CHAR || column.sqlType == Types.VARCHAR || column.sqlType == Types.LONGVARCHAR
				|| column.sqlType == Types.NCHAR || column.sqlType == Types.NVARCHAR;
	}

	// ---------------------------------------------------------------- temporal: proleptic calendar

	private static ZoneId zoneId(Calendar calendar) {
		return zone(calendar).toZoneId();
	}

	private static long epochMillis(LocalDateTime dateTime, ZoneId zone) {
		return dateTime.atZone(zone).toInstant().toEpochMilli();
	}

	/** A TIMESTAMP WITH TIME ZONE as a local date-time in the session (default) zone. */
	private static LocalDateTime local(OffsetDateTime dateTime) {
		return LocalDateTime.ofInstant(dateTime.toInstant(), ZoneId.systemDefault());
	}

	/** The local date-time of a DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE value, or null. */
	private static LocalDateTime dateTime(Object natural) {
		if (natural instanceof LocalDateTime dateTime) {
			return dateTime;
		}
		if (natural instanceof LocalDate date) {
			return date.atStartOfDay();
		}
		if (natural instanceof OffsetDateTime dateTime) {
			return local(dateTime);
		}
		return null;
	}

	@Override
	Date getDate(Object raw, Column column, Calendar calendar) throws SQLException {
		LocalDateTime dateTime = dateTime(natural(raw));
		if (dateTime == null) {
			throw conversion(column, "DATE");
		}
		return new Date(epochMillis(dateTime.toLocalDate().atStartOfDay(), zoneId(calendar)));
	}

	@Override
	Time getTime(Object raw, Column column, Calendar calendar) throws SQLException {
		Object natural = natural(raw);
		LocalTime time;
		if (natural instanceof LocalTime local) {
			time = local;
		}
		else if (natural instanceof OffsetTime offset) {
			// H2 moves the time to the session zone with that zone's offset of the moment of the read
			time = offset.withOffsetSameInstant(ZoneId.systemDefault().getRules().getOffset(Instant.now()))
				.toLocalTime();
		}
		else if (natural instanceof LocalDateTime || natural instanceof OffsetDateTime) {
			time = dateTime(natural).toLocalTime();
		}
		else {
			throw conversion(column, "TIME");
		}
		return new Time(epochMillis(time.atDate(LocalDate.EPOCH), zoneId(calendar)));
	}

	@Override
	Timestamp getTimestamp(Object raw, Column column, Calendar calendar) throws SQLException {
		Object natural = natural(raw);
		if (natural instanceof OffsetDateTime dateTime) {
			return Timestamp.from(dateTime.toInstant());
		}
		LocalDateTime dateTime = dateTime(natural);
		if (dateTime == null) {
			// a time: H2 puts it on the current date, which a replay cannot reproduce
			throw conversion(column, "TIMESTAMP");
		}
		Timestamp timestamp = new Timestamp(epochMillis(dateTime, zoneId(calendar)));
		timestamp.setNanos(dateTime.getNano());
		return timestamp;
	}

	@Override
	Object temporal(Object raw, Column column, Class<?> type) throws SQLException {
		Object natural = natural(raw);
		if (type.isInstance(natural)) {
			return natural;
		}
		LocalDateTime dateTime = dateTime(natural);
		if (dateTime != null) {
			if (type == LocalDate.class) {
				return dateTime.toLocalDate();
			}
			if (type == LocalTime.class && !(natural instanceof LocalDate)) {
				return dateTime.toLocalTime();
			}
			if (type == LocalDateTime.class) {
				return dateTime;
			}
			// H2 keeps the local date-time with the zone's offset there: in a gap, the offset after it
			OffsetDateTime offset = (natural instanceof OffsetDateTime odt) ? odt
					: OffsetDateTime.of(dateTime, dateTime.atZone(ZoneId.systemDefault()).getOffset());
			if (type == OffsetDateTime.class) {
				return offset;
			}
			if (type == Instant.class) {
				return offset.toInstant();
			}
			if (type == ZonedDateTime.class) {
				return offset.toZonedDateTime();
			}
			if (type == OffsetTime.class && natural instanceof OffsetDateTime) {
				return offset.toOffsetTime();
			}
		}
		throw conversion(column, type.getSimpleName());
	}

	@Override
	Object convert(Object raw, Column column, Class<?> type) throws SQLException {
		if (type == java.util.Date.class) {
			// H2's legacy conversion: the milliseconds of getTimestamp
			return new java.util.Date(getTimestamp(raw, column, null).getTime());
		}
		if (type == Object.class) {
			throw conversion(column, "JAVA_OBJECT");
		}
		if (type == UUID.class) {
			Object value = obj(raw);
			if (value instanceof UUID) {
				return value;
			}
			throw conversion(column, "UUID");
		}
		return super.convert(raw, column, type);
	}

}
