package io.github.cachalot.result;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversions of the SQLite driver (xerial): values keep their storage class whatever the
 * declared type; numeric getters follow SQLite's C API (a text's numeric prefix, wrapping narrowing
 * casts, never an error); integers read as dates are epoch milliseconds, texts must have the form
 * {@code yyyy-MM-dd HH:mm:ss[.SSS]}.
 */
final class SqliteDialect extends Dialect {

	static final SqliteDialect INSTANCE = new SqliteDialect();

	private static final Pattern DATE_TIME = Pattern
		.compile("(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))?");

	private static final Pattern REAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

	private SqliteDialect() {
	}

	@Override
	boolean textDerivable(Column column, Object value) {
		return value instanceof Integer || value instanceof Long;
	}

	@Override
	Object derivedText(Object value, int transfer) {
		// getString on a BLOB would turn the driver's value into text for the caller's later reads
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static SQLException notImplemented() {
		return new SQLFeatureNotSupportedException("not implemented by SQLite JDBC driver");
	}

	private static String textOf(Object raw) throws SQLException {
		Object value = obj(raw);
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : text(raw);
	}

	/** sqlite3_column_int64. */
	private static long int64(Object raw) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue();
		}
		if (value instanceof Double number) {
			double d = number;
			if (Double.isNaN(d)) {
				return 0;
			}
			if (d <= Long.MIN_VALUE) {
				return Long.MIN_VALUE;
			}
			if (d >= Long.MAX_VALUE) {
				return Long.MAX_VALUE;
			}
			return (long) d;
		}
		return atoi64(textOf(raw));
	}

	/** The integer prefix of a text, clamped like sqlite3Atoi64. */
	private static long atoi64(String text) {
		int i = 0;
		int n = text.length();
		while (i < n && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		boolean negative = false;
		if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
			negative = text.charAt(i) == '-';
			i++;
		}
		long value = 0;
		boolean overflow = false;
		while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
			int digit = text.charAt(i) - '0';
			if (!overflow) {
				if (value > (Long.MAX_VALUE - digit) / 10) {
					overflow = true;
				}
				else {
					value = value * 10 + digit;
				}
			}
			i++;
		}
		if (overflow) {
			return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return negative ? -value : value;
	}

	/** sqlite3_column_double. */
	private static double real(Object raw) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		String text = textOf(raw).stripLeading();
		Matcher matcher = REAL.matcher(text);
		if (matcher.lookingAt()) {
			try {
				return Double.parseDouble(matcher.group());
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}
		return 0;
	}

	@Override
	boolean getBoolean(Object raw, Column column) throws SQLException {
		return (int) int64(raw) != 0;
	}

	@Override
	long integral(Object raw, Column column, int bits) throws SQLException {
		long value = int64(raw);
		return switch (bits) {
			case 8 -> (byte) (int) value;
			case 16 -> (short) (int) value;
			case 32 -> (int) value;
			default -> value;
		};
	}

	@Override
	double getDouble(Object raw, Column column) throws SQLException {
		return real(raw);
	}

	@Override
	float getFloat(Object raw, Column column) throws SQLException {
		return (float) real(raw);
	}

	@Override
	BigDecimal getBigDecimal(Object raw, Column column) throws SQLException {
		String text = text(raw);
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw new SQLException("Bad value for type BigDecimal : " + text);
		}
	}

	@Override
	byte[] getBytes(Object raw, Column column) throws SQLException {
		Object value = obj(raw);
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		return text(raw).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	Array getArray(Object raw, Column column) throws SQLException {
		throw notImplemented();
	}

	@Override
	Object temporal(Object raw, Column column, Class<?> type) throws SQLException {
		Object natural = natural(raw);
		if (type == LocalTime.class && natural instanceof LocalDateTime dateTime) {
			// read through java.sql.Time: whole seconds
			return dateTime.toLocalTime().withNano(0);
		}
		return super.temporal(raw, column, type);
	}

	/** Epoch millis of a date read as a java.sql value, or an error of that name. */
	private static long millis(Object raw, Calendar calendar, String what) throws SQLException {
		Object value = obj(raw);
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue();
		}
		if (value instanceof String text) {
			Matcher matcher = DATE_TIME.matcher(text);
			if (matcher.matches()) {
				LocalDateTime dateTime;
				try {
					dateTime = LocalDateTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
							Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)),
							Integer.parseInt(matcher.group(5)), Integer.parseInt(matcher.group(6)),
							(matcher.group(7) != null) ? Integer.parseInt(matcher.group(7)) * 1_000_000 : 0);
				}
				catch (java.time.DateTimeException ex) {
					// a month 13 in text: SQLite checks nothing
					throw new SQLException("Error parsing " + what, ex);
				}
				return millis(dateTime, zone(calendar));
			}
		}
		throw new SQLException("Error parsing " + what);
	}

	@Override
	Date getDate(Object raw, Column column, Calendar calendar) throws SQLException {
		return new Date(millis(raw, calendar, "date"));
	}

	@Override
	Time getTime(Object raw, Column column, Calendar calendar) throws SQLException {
		return new Time(millis(raw, calendar, "time"));
	}

	@Override
	Timestamp getTimestamp(Object raw, Column column, Calendar calendar) throws SQLException {
		return new Timestamp(millis(raw, calendar, "time stamp"));
	}

	@Override
	Object getObject(Object raw, Column column, Class<?> type) throws SQLException {
		if (type == Integer.class || type == Long.class || type == Double.class || type == Float.class) {
			Object value = (raw != null) ? obj(raw) : null;
			if (!(value instanceof Integer || value instanceof Long || value instanceof Double)) {
				throw new SQLException("Bad value for type " + type.getSimpleName());
			}
			return convert(raw, column, type);
		}
		if (type == Boolean.class) {
			return raw != null && getBoolean(raw, column);
		}
		if (type == String.class || type == BigDecimal.class || type == byte[].class || type == Date.class
				|| type == Time.class || type == Timestamp.class) {
			return (raw != null) ? convert(raw, column, type) : null;
		}
		if (type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class) {
			if (raw == null) {
				return null;
			}
			Object natural = natural(raw);
			if (natural != null && type == LocalDateTime.class) {
				// the driver: getTimestamp's local date-time, else the text parsed as ISO (which may throw
				// a DateTimeParseException)
				try {
					return getTimestamp(raw, column, null).toLocalDateTime();
				}
				catch (SQLException ex) {
					return LocalDateTime.parse(getString(raw, column));
				}
			}
			if (natural != null) {
				return temporal(raw, column, type);
			}
			throw new SQLException("Conversion of a value without a declared temporal type to " + type.getName()
					+ " is not replayed");
		}
		throw notImplemented();
	}

}
