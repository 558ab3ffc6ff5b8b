package io.github.cachalot.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.UUID;

/**
 * The conversions of the MariaDB driver (3.x): fractions are truncated, overflows and impossible
 * conversions throw {@link SQLDataException} without SQLState; TINYINT(1) reads as a Boolean but
 * converts from its number, BIT(n) as big-endian bytes; a DATETIME read as a java.sql.Date or Time
 * keeps its time of day. TIME values outside 00:00:00..23:59:59 are not cached.
 */
final class MariaDbDialect extends Dialect {

	static final MariaDbDialect INSTANCE = new MariaDbDialect();

	private MariaDbDialect() {
	}

	@Override
	boolean textDerivable(Column column, Object value) {
		// ZEROFILL pads the text of unsigned columns only
		return column.signed && (value instanceof Integer || value instanceof Long || value instanceof Short
				|| value instanceof Byte) || value instanceof UUID;
	}

	@Override
	boolean cacheable(Column column, Object value, Object text) {
		if (column.temporal == Column.TIME && text instanceof String time) {
			// negative or longer than a day: java.sql.Time wraps it
			return !time.startsWith("-") && time.indexOf(':') == 2 && time.compareTo("24") < 0;
		}
		return true;
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
			throw error("Data type " + column.typeName + " cannot be decoded as Timestamp");
		}
		return super.getTimestamp(raw, column, calendar);
	}

	@Override
	Object convert(Object raw, Column column, Class<?> type) throws SQLException {
		if (type == String.class && isGeometry(column)) {
			throw new SQLException("Type class " + type.getName() + " not supported type for GEOMETRY type");
		}
		if ((type == Float.class || type == Double.class) && isBit(column)) {
			throw new SQLException("Type class " + type.getName() + " not supported type for BIT type");
		}
		return super.convert(raw, column, type);
	}

}
