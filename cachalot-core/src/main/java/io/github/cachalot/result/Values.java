package io.github.cachalot.result;

import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Freezing driver values into immutable private copies when captured, and copying the mutable ones
 * again when handed out.
 */
final class Values {

	/** Driver classes known to be immutable value objects. */
	private static final Set<String> IMMUTABLE = Set.of("org.h2.api.Interval", "org.h2.api.TimestampWithTimeZone");

	/** A public {@code clone()} per class, or null when the class has none. Looked up once per class. */
	private static final ClassValue<MethodHandle> CLONE = new ClassValue<>() {
		@Override
		protected MethodHandle computeValue(Class<?> type) {
			if (!Cloneable.class.isAssignableFrom(type)) {
				return null;
			}
			try {
				return MethodHandles.publicLookup()
					.findVirtual(type, "clone", MethodType.methodType(Object.class))
					.asType(MethodType.methodType(Object.class, Object.class));
			}
			catch (ReflectiveOperationException | IllegalArgumentException ex) {
				return null;
			}
		}
	};

	private Values() {
	}

	/** Whether a value of this class is immutable and needs no copy. */
	static boolean isImmutable(Object value) {
		return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean
				|| value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
				|| value.getClass() == BigDecimal.class || value.getClass() == BigInteger.class || value instanceof UUID
				|| value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime
				|| value instanceof OffsetDateTime || value instanceof OffsetTime || value instanceof Instant
				|| value instanceof ZonedDateTime || value instanceof Duration || value instanceof Period
				|| value instanceof Character || value instanceof CachedArray;
	}

	/**
	 * A private copy of a value read from a driver, to keep in a cached result.
	 * @throws Uncacheable if the value is connection-bound or of an unknown mutable class
	 * @throws SQLException if reading an array's contents fails
	 */
	static Object freeze(Object value) throws Uncacheable, SQLException {
		if (value == null || isImmutable(value)) {
			return value;
		}
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof Timestamp || value instanceof Date || value instanceof Time) {
			return copyTemporal((java.util.Date) value);
		}
		if (value instanceof Object[] array) {
			Object[] copy = array.clone();
			for (int i = 0; i < copy.length; i++) {
				copy[i] = freeze(copy[i]);
			}
			return copy;
		}
		if (value instanceof Array array) {
			return CachedArray.capture(array);
		}
		if (value instanceof Blob || value instanceof Clob || value instanceof SQLXML || value instanceof Ref
				|| value instanceof Struct || value instanceof RowId || value instanceof InputStream
				|| value instanceof Reader || value instanceof ResultSet) {
			throw Uncacheable.INSTANCE;
		}
		if (value.getClass().isArray()) {
			// a primitive array
			return cloneOrFail(value);
		}
		if (IMMUTABLE.contains(value.getClass().getName())) {
			return value;
		}
		return cloneOrFail(value);
	}

	private static Object cloneOrFail(Object value) throws Uncacheable {
		Object copy = cloneOf(value);
		if (copy == null) {
			throw Uncacheable.INSTANCE;
		}
		return copy;
	}

	private static Object cloneOf(Object value) {
		Class<?> type = value.getClass();
		if (type.isArray()) {
			if (value instanceof int[] a) {
				return a.clone();
			}
			if (value instanceof long[] a) {
				return a.clone();
			}
			if (value instanceof double[] a) {
				return a.clone();
			}
			if (value instanceof float[] a) {
				return a.clone();
			}
			if (value instanceof short[] a) {
				return a.clone();
			}
			if (value instanceof boolean[] a) {
				return a.clone();
			}
			if (value instanceof char[] a) {
				return a.clone();
			}
			return null;
		}
		MethodHandle clone = CLONE.get(type);
		if (clone == null) {
			return null;
		}
		try {
			return clone.invokeExact(value);
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private static java.util.Date copyTemporal(java.util.Date value) {
		if (value instanceof Timestamp timestamp) {
			Timestamp copy = new Timestamp(timestamp.getTime());
			copy.setNanos(timestamp.getNanos());
			return copy;
		}
		if (value instanceof Date) {
			return new Date(value.getTime());
		}
		return new Time(value.getTime());
	}

	/** A value to hand to a caller: mutable values are copied, immutable ones shared. */
	static Object copy(Object value) {
		if (value == null || isImmutable(value)) {
			return value;
		}
		if (value instanceof byte[] bytes) {
			return bytes.clone();
		}
		if (value instanceof java.util.Date date && (value instanceof Timestamp || value instanceof Date
				|| value instanceof Time)) {
			return copyTemporal(date);
		}
		if (value instanceof Object[] array) {
			Object[] copy = array.clone();
			for (int i = 0; i < copy.length; i++) {
				copy[i] = copy(copy[i]);
			}
			return copy;
		}
		if (IMMUTABLE.contains(value.getClass().getName())) {
			return value;
		}
		Object copy = cloneOf(value);
		return (copy != null) ? copy : value;
	}

	/** A rough, monotone estimate of the memory a frozen value takes. */
	static long estimate(Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof String text) {
			return 48 + text.length();
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof Boolean
				|| value instanceof Float || value instanceof Character) {
			return 16;
		}
		if (value instanceof Long || value instanceof Double) {
			return 24;
		}
		if (value instanceof byte[] bytes) {
			return 16 + bytes.length;
		}
		if (value instanceof BigDecimal decimal) {
			return 64 + decimal.unscaledValue().bitLength() / 8;
		}
		if (value instanceof BigInteger integer) {
			return 48 + integer.bitLength() / 8;
		}
		if (value instanceof Object[] array) {
			long bytes = 16 + 4L * array.length;
			for (Object each : array) {
				bytes += estimate(each);
			}
			return bytes;
		}
		if (value instanceof Cell cell) {
			return cell.estimatedBytes();
		}
		if (value instanceof CachedArray array) {
			return array.estimatedBytes();
		}
		if (value instanceof CapturedError error) {
			return error.estimatedBytes();
		}
		if (value instanceof LocalDate || value instanceof LocalTime || value instanceof UUID) {
			return 32;
		}
		if (value instanceof int[] a) {
			return 16 + 4L * a.length;
		}
		if (value instanceof long[] a) {
			return 16 + 8L * a.length;
		}
		if (value instanceof double[] a) {
			return 16 + 8L * a.length;
		}
		return 64;
	}

}
