package io.github.cachalot.key;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

/**
 * The parameters bound to a prepared statement, as far as they take part in a cache key. A value
 * of a type that cannot be represented faithfully (streams, LOBs, driver objects, ...) makes the
 * parameters {@linkplain #isKeyable() unkeyable}, so the read is not cached rather than wrongly
 * keyed.
 */
public final class BoundParameters {

	/** Marks a parameter bound without an explicit SQL type. */
	public static final int NO_SQL_TYPE = Integer.MIN_VALUE;

	/**
	 * Parameters that no key is made of (those of a write): binding records nothing, so a write
	 * pays neither the copies nor, for an {@link java.sql.Array}, the driver's reading of it.
	 */
	public static final BoundParameters NONE = new BoundParameters(0);

	private final boolean recording;

	private Object[] values;

	private int[] sqlTypes;

	private String[] zones;

	private int count;

	private int unkeyable;

	/** Parameters that record what is bound, for a key. */
	public BoundParameters() {
		this(8);
	}

	private BoundParameters(int capacity) {
		this.recording = capacity > 0;
		this.values = new Object[capacity];
		this.sqlTypes = new int[capacity];
		this.zones = new String[capacity];
	}

	/** Binds a value without explicit SQL type. */
	public void set(int index, Object value) {
		set(index, value, NO_SQL_TYPE, null);
	}

	/** Binds a value with an explicit SQL type ({@code setObject(i, x, type)}, {@code setNull}). */
	public void set(int index, Object value, int sqlType) {
		set(index, value, sqlType, null);
	}

	/** Binds a date/time value read in the time zone of the given calendar. */
	public void set(int index, Object value, int sqlType, Calendar calendar) {
		if (!this.recording) {
			return;
		}
		int slot = slot(index);
		boolean wasUnkeyable = this.values[slot] == Unkeyable.VALUE;
		boolean keyable = isSupported(value) && !isClockWord(value);
		this.values[slot] = keyable ? copy(value) : Unkeyable.VALUE;
		this.sqlTypes[slot] = sqlType;
		this.zones[slot] = (calendar != null) ? calendar.getTimeZone().getID() : null;
		this.unkeyable += (keyable ? 0 : 1) - (wasUnkeyable ? 1 : 0);
	}

	/**
	 * Whether a bound string is one PostgreSQL turns into the current time where the query casts it
	 * to a date or time ({@code 'now'}, {@code ' Today '}): the same key would then stand for a
	 * different answer every moment.
	 */
	private static boolean isClockWord(Object value) {
		if (!(value instanceof String text) || text.length() > 32) {
			return false;
		}
		String word = text.strip().toLowerCase(java.util.Locale.ROOT);
		return word.equals("now") || word.equals("today") || word.equals("tomorrow") || word.equals("yesterday");
	}

	/** Binds something that cannot be part of a key (a stream, a LOB, a driver object). */
	public void setUnkeyable(int index) {
		if (!this.recording) {
			return;
		}
		int slot = slot(index);
		if (this.values[slot] != Unkeyable.VALUE) {
			this.values[slot] = Unkeyable.VALUE;
			this.unkeyable++;
		}
	}

	/** Forgets every bound value ({@code clearParameters}). */
	public void clear() {
		if (!this.recording) {
			return;
		}
		Arrays.fill(this.values, 0, this.count, null);
		this.count = 0;
		this.unkeyable = 0;
	}

	/** Whether every bound value can take part in a key. */
	public boolean isKeyable() {
		return this.unkeyable == 0;
	}

	/** The number of parameter slots bound so far (the highest index bound). */
	public int count() {
		return this.count;
	}

	/** The value bound at a 1-based index, or {@code null}. */
	public Object value(int index) {
		return (index >= 1 && index <= this.count) ? this.values[index - 1] : null;
	}

	void writeTo(KeyBuffer buffer) {
		buffer.putInt(this.count);
		String defaultZone = null;
		for (int i = 0; i < this.count; i++) {
			Object value = this.values[i];
			buffer.putInt(this.sqlTypes[i]);
			String zone = this.zones[i];
			if (zone == null && isLegacyTemporal(value)) {
				if (defaultZone == null) {
					defaultZone = TimeZone.getDefault().getID();
				}
				zone = defaultZone;
			}
			buffer.putString(zone);
			ParameterEncoding.write(value, buffer);
		}
	}

	private int slot(int index) {
		if (index < 1) {
			throw new IllegalArgumentException("parameter index must be at least 1: " + index);
		}
		if (index > this.values.length) {
			int size = Math.max(index, this.values.length * 2);
			this.values = Arrays.copyOf(this.values, size);
			this.sqlTypes = Arrays.copyOf(this.sqlTypes, size);
			this.zones = Arrays.copyOf(this.zones, size);
		}
		if (index > this.count) {
			for (int i = this.count; i < index - 1; i++) {
				this.values[i] = null;
				this.sqlTypes[i] = NO_SQL_TYPE;
				this.zones[i] = null;
			}
			this.count = index;
		}
		return index - 1;
	}

	private static boolean isLegacyTemporal(Object value) {
		return value instanceof java.util.Date || value instanceof Calendar;
	}

	private static Object copy(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof Object[] array) {
			Object[] copy = array.clone();
			for (int i = 0; i < copy.length; i++) {
				copy[i] = copy(copy[i]);
			}
			return copy;
		}
		if (value != null && value.getClass().isArray()) {
			int length = java.lang.reflect.Array.getLength(value);
			Object copy = java.lang.reflect.Array.newInstance(value.getClass().getComponentType(), length);
			System.arraycopy(value, 0, copy, 0, length);
			return copy;
		}
		if (value instanceof java.util.Date date) {
			return date.clone();
		}
		return value;
	}

	/**
	 * Binds a {@link java.sql.Array} by its base type name and elements, or as unkeyable when they
	 * cannot be read or represented.
	 */
	public void setArray(int index, java.sql.Array array) {
		if (!this.recording) {
			return;
		}
		if (array == null) {
			set(index, null, java.sql.Types.ARRAY);
			return;
		}
		try {
			Object elements = array.getArray();
			if (elements instanceof Object[] objects && isSupported(objects)) {
				set(index, new SqlArray(array.getBaseTypeName(), objects.clone()), java.sql.Types.ARRAY);
				return;
			}
		}
		catch (java.sql.SQLException | RuntimeException ex) {
			// fall through: not keyable
		}
		setUnkeyable(index);
	}

	/** Whether a value's type has a faithful encoding in {@link ParameterEncoding}. */
	static boolean isSupported(Object value) {
		if (value instanceof Object[] array) {
			for (Object element : array) {
				if (!isSupported(element)) {
					return false;
				}
			}
			return true;
		}
		if (value != null && value.getClass().isArray()) {
			return value.getClass().getComponentType().isPrimitive();
		}
		return value == null || value instanceof SqlArray || value instanceof String || value instanceof Integer || value instanceof Long
				|| value instanceof Boolean || value instanceof BigDecimal || value instanceof Short
				|| value instanceof Byte || value instanceof Double || value instanceof Float
				|| value instanceof BigInteger || value instanceof byte[] || value instanceof Character
				|| value instanceof java.sql.Timestamp || value instanceof java.sql.Date
				|| value instanceof java.sql.Time || value instanceof LocalDate || value instanceof LocalDateTime
				|| value instanceof LocalTime || value instanceof OffsetDateTime || value instanceof OffsetTime
				|| value instanceof Instant || value instanceof ZonedDateTime || value instanceof UUID
				|| (value != null && value.getClass() == java.util.Date.class);
	}

	/** The contents of a bound {@link java.sql.Array}. */
	record SqlArray(String baseTypeName, Object[] elements) {
	}

	/** Stands for a bound value that cannot be part of a key. */
	private enum Unkeyable {

		VALUE

	}

}
