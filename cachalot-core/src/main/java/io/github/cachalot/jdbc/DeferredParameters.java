package io.github.cachalot.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;

/**
 * The parameters bound to a prepared read whose driver statement is not created yet, replayed onto
 * it, by the same setters, when the database is needed. Only setters of values that cannot change
 * after the call are recorded (mutable values are copied); any other setter has the statement
 * created first and goes straight to the driver.
 */
final class DeferredParameters {

	/** The setter a parameter was bound with. */
	enum Setter {

		NULL, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, BIG_DECIMAL, STRING, BYTES, DATE, TIME,
		TIMESTAMP, OBJECT, OBJECT_WITH_TYPE

	}

	private Setter[] setters = new Setter[8];

	private Object[] values = new Object[8];

	private int[] sqlTypes = new int[8];

	private int count;

	/** Records a binding at a 1-based index (at least 1), replacing what was bound there. */
	void record(int index, Setter setter, Object value, int sqlType) {
		if (index > this.setters.length) {
			int size = Math.max(index, this.setters.length * 2);
			this.setters = Arrays.copyOf(this.setters, size);
			this.values = Arrays.copyOf(this.values, size);
			this.sqlTypes = Arrays.copyOf(this.sqlTypes, size);
		}
		this.setters[index - 1] = setter;
		this.values[index - 1] = value;
		this.sqlTypes[index - 1] = sqlType;
		this.count = Math.max(this.count, index);
	}

	/** Forgets every binding ({@code clearParameters}). */
	void clear() {
		Arrays.fill(this.setters, 0, this.count, null);
		Arrays.fill(this.values, 0, this.count, null);
		this.count = 0;
	}

	/** Binds everything recorded on the driver's statement, in index order. */
	void replayOnto(PreparedStatement statement) throws SQLException {
		for (int i = 0; i < this.count; i++) {
			Setter setter = this.setters[i];
			if (setter != null) {
				replay(statement, i + 1, setter, this.values[i], this.sqlTypes[i]);
			}
		}
	}

	private static void replay(PreparedStatement statement, int index, Setter setter, Object value, int sqlType)
			throws SQLException {
		switch (setter) {
			case NULL -> statement.setNull(index, sqlType);
			case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
			case BYTE -> statement.setByte(index, (Byte) value);
			case SHORT -> statement.setShort(index, (Short) value);
			case INT -> statement.setInt(index, (Integer) value);
			case LONG -> statement.setLong(index, (Long) value);
			case FLOAT -> statement.setFloat(index, (Float) value);
			case DOUBLE -> statement.setDouble(index, (Double) value);
			case BIG_DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
			case STRING -> statement.setString(index, (String) value);
			case BYTES -> statement.setBytes(index, (byte[]) value);
			case DATE -> statement.setDate(index, (Date) value);
			case TIME -> statement.setTime(index, (Time) value);
			case TIMESTAMP -> statement.setTimestamp(index, (Timestamp) value);
			case OBJECT -> statement.setObject(index, value);
			case OBJECT_WITH_TYPE -> statement.setObject(index, value, sqlType);
		}
	}

	/**
	 * Whether a value bound by {@code setObject} can be replayed later as it is: {@code null} and
	 * immutable values (strings, boxed numbers, {@code java.time} values, UUIDs).
	 */
	static boolean isImmutable(Object value) {
		return value == null || value instanceof String || value instanceof Long || value instanceof Integer
				|| value instanceof Short || value instanceof Byte || value instanceof Boolean
				|| value instanceof Character || value instanceof Double || value instanceof Float
				|| value.getClass() == BigDecimal.class || value.getClass() == java.math.BigInteger.class
				|| value instanceof java.util.UUID || value instanceof java.time.temporal.TemporalAccessor
						&& value.getClass().getName().startsWith("java.time.");
	}

}
