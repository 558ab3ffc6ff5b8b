package io.github.cachalot.result;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The binary form of a {@link CachedResult}: the body of the entries {@code StoredValueCodec}
 * writes to shared caches (which adds the magic, the format version and the tokens in front).
 * Internal: use {@code io.github.cachalot.store.StoredValueCodec}.
 * <p>
 * Layout (varints are unsigned LEB128, "zigzag" ones signed; every count is checked against the
 * bytes left before anything is allocated):
 *
 * <pre>
 * result   := columnCount:varint dialect:byte estimatedBytes:varlong column* rowCount:varint row*
 * column   := property{20}:value temporal:byte transfer:byte
 * row      := value{columnCount}            (a zero-column row is a single 0 byte)
 * value    := tag:byte payload              (see the TAG constants)
 * string   := header:varint [bytes]         header 0: null; else header-1 = length&lt;&lt;1 | utf16
 * </pre>
 *
 * Values are written by exact class: a class that is not known here (an opaque driver object, or a
 * subclass of a known one) cannot be encoded and the result is not stored. Driver value classes are
 * limited to a fixed list (PostgreSQL's {@code PGobject} family and H2's {@code Interval}), loaded by
 * name and rebuilt through their public API, never by Java serialization.
 */
public final class ResultCodec {

	// ---------------------------------------------------------------- value tags (stable: part of the format)

	static final int NULL = 0;

	static final int TRUE = 1;

	static final int FALSE = 2;

	static final int STRING = 3;

	static final int INTEGER = 4;

	static final int LONG = 5;

	static final int SHORT = 6;

	static final int BYTE = 7;

	static final int DOUBLE = 8;

	static final int FLOAT = 9;

	static final int CHARACTER = 10;

	static final int DECIMAL = 11;

	static final int BIG_DECIMAL = 12;

	static final int INTEGER_SMALL = 13;

	static final int INTEGER_BIG = 14;

	static final int BYTES = 15;

	static final int SQL_DATE = 16;

	static final int SQL_TIME = 17;

	static final int SQL_TIMESTAMP = 18;

	static final int LOCAL_DATE = 19;

	static final int LOCAL_TIME = 20;

	static final int LOCAL_DATE_TIME = 21;

	static final int OFFSET_DATE_TIME = 22;

	static final int OFFSET_TIME = 23;

	static final int INSTANT = 24;

	static final int ZONED_DATE_TIME = 25;

	static final int DURATION = 26;

	static final int PERIOD = 27;

	static final int UUID_TAG = 28;

	static final int CELL = 29;

	static final int ERROR = 30;

	static final int ARRAY = 31;

	static final int OBJECT_ARRAY = 32;

	static final int INT_ARRAY = 33;

	static final int LONG_ARRAY = 34;

	static final int DOUBLE_ARRAY = 35;

	static final int FLOAT_ARRAY = 36;

	static final int SHORT_ARRAY = 37;

	static final int BOOLEAN_ARRAY = 38;

	static final int CHAR_ARRAY = 39;

	static final int DRIVER_OBJECT = 40;

	/** A cell whose text is its value's {@code toString()} (see {@link #textOfValue}): only the value and natural. */
	static final int CELL_VALUE_TEXT = 41;

	// ---------------------------------------------------------------- dialect ids (stable)

	private static final Dialect[] DIALECTS = { Dialect.GENERIC, H2Dialect.INSTANCE, PostgresDialect.INSTANCE,
			MariaDbDialect.INSTANCE, MariaDbDialect.PRESERVING_INSTANTS, SqliteDialect.INSTANCE };

	/** How deep values may nest (arrays in cells in arrays...): deeper is refused, both ways. */
	private static final int MAX_DEPTH = 32;

	/** The most dimensions an array class may have. */
	private static final int MAX_DIMENSIONS = 32;

	/** What each metadata property holds: a String (or null), an Integer, or a Boolean. */
	private static final int[] PROPERTY_KIND = new int[CachedResultSetMetaData.PROPERTIES];

	private static final int TEXT = 0;

	private static final int NUMBER = 1;

	private static final int FLAG = 2;

	static {
		for (int property : new int[] { CachedResultSetMetaData.TYPE, CachedResultSetMetaData.PRECISION,
				CachedResultSetMetaData.SCALE, CachedResultSetMetaData.NULLABLE, CachedResultSetMetaData.DISPLAY_SIZE }) {
			PROPERTY_KIND[property] = NUMBER;
		}
		for (int property : new int[] { CachedResultSetMetaData.SIGNED, CachedResultSetMetaData.AUTO_INCREMENT,
				CachedResultSetMetaData.CASE_SENSITIVE, CachedResultSetMetaData.CURRENCY,
				CachedResultSetMetaData.SEARCHABLE, CachedResultSetMetaData.READ_ONLY, CachedResultSetMetaData.WRITABLE,
				CachedResultSetMetaData.DEFINITELY_WRITABLE }) {
			PROPERTY_KIND[property] = FLAG;
		}
	}

	/**
	 * The component classes an {@code Object[]} (of any dimensions) may have, by stable id. Ids from
	 * {@link #DRIVER_COMPONENTS} on are driver classes, by {@link DriverType} id.
	 */
	private static final Class<?>[] COMPONENTS = { Object.class, String.class, Integer.class, Long.class, Short.class,
			Byte.class, Boolean.class, Double.class, Float.class, Character.class, BigDecimal.class, BigInteger.class,
			Date.class, Time.class, Timestamp.class, UUID.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
			OffsetDateTime.class, OffsetTime.class, Instant.class, ZonedDateTime.class, Duration.class, Period.class,
			Number.class, java.util.Date.class, java.sql.Array.class, byte.class, int.class, long.class, double.class,
			float.class, short.class, boolean.class, char.class };

	private static final int DRIVER_COMPONENTS = 64;

	private static final Map<Class<?>, Integer> COMPONENT_IDS = new IdentityHashMap<>();

	static {
		for (int i = 0; i < COMPONENTS.length; i++) {
			COMPONENT_IDS.put(COMPONENTS[i], i);
		}
	}

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private ResultCodec() {
	}

	// ================================================================ public entry points

	/**
	 * The encoded result, after {@code reserved} bytes and before {@code trailing} bytes left for the
	 * caller.
	 * @throws IllegalArgumentException if the result holds a value that cannot be encoded
	 */
	public static byte[] encode(CachedResult result, int reserved, int trailing) {
		long hint = Math.min(Math.max(result.estimatedBytes() / 2, 64), 1 << 20);
		Writer out = new Writer(reserved + (int) hint);
		out.position = reserved;
		int columns = result.columnCount();
		out.varint(columns);
		out.dialect(result.dialect());
		out.varlong(result.estimatedBytes());
		CachedResultSetMetaData metaData = result.metaData();
		for (int i = 0; i < columns; i++) {
			for (int property = 0; property < CachedResultSetMetaData.PROPERTIES; property++) {
				out.value(metaData.raw(i, property), 0);
			}
			Column column = result.column(i);
			out.ensure(2);
			out.buffer[out.position++] = (byte) column.temporal;
			out.buffer[out.position++] = (byte) column.transfer;
		}
		int rows = result.rowCount();
		out.varint(rows);
		for (int r = 0; r < rows; r++) {
			Object[] row = result.row(r);
			if (columns == 0) {
				out.ensure(1);
				out.buffer[out.position++] = 0;
			}
			for (int i = 0; i < columns; i++) {
				out.value(row[i], 0);
			}
		}
		out.ensure(trailing);
		out.position += trailing;
		return out.toByteArray();
	}

	/**
	 * The result encoded in {@code bytes} from {@code offset} to {@code end}, or {@code null} when
	 * those bytes are not exactly one valid encoded result. Never throws.
	 */
	public static CachedResult decode(byte[] bytes, int offset, int end) {
		if (bytes == null || offset < 0 || end > bytes.length || offset > end) {
			return null;
		}
		try {
			Reader in = new Reader(bytes, offset, end);
			CachedResult result = in.result();
			return (in.position == end) ? result : null;
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Whether the text of a value of this class may be derived from its {@code toString()}, which
	 * must then be the same in every JVM: not for doubles and floats (whose {@code toString()}
	 * changed in Java 19) nor java.sql dates (whose depends on the default time zone). Nor for
	 * numbers of more than 63 bits, whose {@code toString()} takes more than linear time: decoding
	 * would spend it on bytes it was given.
	 */
	static boolean textOfValue(Object value) {
		Class<?> type = value.getClass();
		if (type == BigDecimal.class) {
			return ((BigDecimal) value).unscaledValue().bitLength() <= 63;
		}
		if (type == BigInteger.class) {
			return ((BigInteger) value).bitLength() <= 63;
		}
		return type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
				|| type == Boolean.class || type == UUID.class || type == LocalDate.class || type == LocalTime.class
				|| type == LocalDateTime.class || type == OffsetDateTime.class || type == OffsetTime.class;
	}

	// ================================================================ writing

	private static final class Writer {

		byte[] buffer;

		int position;

		Writer(int capacity) {
			this.buffer = new byte[capacity];
		}

		void ensure(int more) {
			if (this.buffer.length - this.position < more) {
				long wanted = Math.max((long) this.buffer.length * 2, (long) this.position + more);
				if (wanted > Integer.MAX_VALUE - 16) {
					if ((long) this.position + more > Integer.MAX_VALUE - 16) {
						throw new IllegalArgumentException("Result too large to encode");
					}
					wanted = Integer.MAX_VALUE - 16;
				}
				this.buffer = java.util.Arrays.copyOf(this.buffer, (int) wanted);
			}
		}

		byte[] toByteArray() {
			return (this.position == this.buffer.length) ? this.buffer
					: java.util.Arrays.copyOf(this.buffer, this.position);
		}

		void tag(int tag) {
			ensure(1);
			this.buffer[this.position++] = (byte) tag;
		}

		void varint(int value) {
			varlong(value & 0xFFFFFFFFL);
		}

		void varlong(long value) {
			ensure(10);
			byte[] buffer = this.buffer;
			int position = this.position;
			while ((value & ~0x7FL) != 0) {
				buffer[position++] = (byte) ((value & 0x7F) | 0x80);
				value >>>= 7;
			}
			buffer[position++] = (byte) value;
			this.position = position;
		}

		void zigzag(long value) {
			varlong((value << 1) ^ (value >> 63));
		}

		void fixed64(long value) {
			ensure(8);
			LONGS.set(this.buffer, this.position, value);
			this.position += 8;
		}

		void fixed32(int value) {
			ensure(4);
			INTS.set(this.buffer, this.position, value);
			this.position += 4;
		}

		void raw(byte[] bytes) {
			varint(bytes.length);
			ensure(bytes.length);
			System.arraycopy(bytes, 0, this.buffer, this.position, bytes.length);
			this.position += bytes.length;
		}

		void dialect(Dialect dialect) {
			for (int i = 0; i < DIALECTS.length; i++) {
				if (DIALECTS[i] == dialect) {
					tag(i);
					return;
				}
			}
			throw new IllegalArgumentException("Unknown dialect " + dialect.getClass().getName());
		}

		/** A string, or null: UTF-8, or UTF-16 for the rare string with unpaired surrogates. */
		void string(String text) {
			if (text == null) {
				tag(0);
				return;
			}
			int length = text.length();
			long utf8 = 0;
			boolean wellFormed = true;
			for (int i = 0; i < length; i++) {
				char c = text.charAt(i);
				if (c < 0x80) {
					utf8++;
				}
				else if (c < 0x800) {
					utf8 += 2;
				}
				else if (Character.isSurrogate(c)) {
					if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
						utf8 += 4;
						i++;
					}
					else {
						wellFormed = false;
						break;
					}
				}
				else {
					utf8 += 3;
				}
			}
			if (!wellFormed) {
				varlong(((long) length << 1 | 1) + 1);
				ensure(2 * length);
				for (int i = 0; i < length; i++) {
					char c = text.charAt(i);
					this.buffer[this.position++] = (byte) (c >>> 8);
					this.buffer[this.position++] = (byte) c;
				}
				return;
			}
			if (utf8 > Integer.MAX_VALUE - 16) {
				throw new IllegalArgumentException("String too long to encode");
			}
			varlong((utf8 << 1) + 1);
			ensure((int) utf8);
			byte[] buffer = this.buffer;
			int position = this.position;
			for (int i = 0; i < length; i++) {
				char c = text.charAt(i);
				if (c < 0x80) {
					buffer[position++] = (byte) c;
				}
				else if (c < 0x800) {
					buffer[position++] = (byte) (0xC0 | c >> 6);
					buffer[position++] = (byte) (0x80 | c & 0x3F);
				}
				else if (Character.isHighSurrogate(c)) {
					int code = Character.toCodePoint(c, text.charAt(++i));
					buffer[position++] = (byte) (0xF0 | code >> 18);
					buffer[position++] = (byte) (0x80 | code >> 12 & 0x3F);
					buffer[position++] = (byte) (0x80 | code >> 6 & 0x3F);
					buffer[position++] = (byte) (0x80 | code & 0x3F);
				}
				else {
					buffer[position++] = (byte) (0xE0 | c >> 12);
					buffer[position++] = (byte) (0x80 | c >> 6 & 0x3F);
					buffer[position++] = (byte) (0x80 | c & 0x3F);
				}
			}
			this.position = position;
		}

		void localDateTime(LocalDateTime value) {
			zigzag(value.toLocalDate().toEpochDay());
			varlong(value.toLocalTime().toNanoOfDay());
		}

		void unscaled(BigInteger value, int smallTag, int bigTag) {
			if (value.bitLength() <= 63) {
				tag(smallTag);
				zigzag(value.longValue());
			}
			else {
				tag(bigTag);
				raw(value.toByteArray());
			}
		}

		void value(Object value, int depth) {
			if (value == null) {
				tag(NULL);
				return;
			}
			if (depth > MAX_DEPTH) {
				throw new IllegalArgumentException("Values nested too deeply to encode");
			}
			Class<?> type = value.getClass();
			if (type == String.class) {
				tag(STRING);
				string((String) value);
			}
			else if (type == Integer.class) {
				tag(INTEGER);
				zigzag((Integer) value);
			}
			else if (type == Long.class) {
				tag(LONG);
				zigzag((Long) value);
			}
			else if (type == Boolean.class) {
				tag(((Boolean) value) ? TRUE : FALSE);
			}
			else if (type == Cell.class) {
				Cell cell = (Cell) value;
				if (cell.text instanceof String text && textOfValue(cell.value) && text.equals(cell.value.toString())) {
					tag(CELL_VALUE_TEXT);
					value(cell.value, depth + 1);
				}
				else {
					tag(CELL);
					value(cell.value, depth + 1);
					value(cell.text, depth + 1);
				}
				value(cell.natural, depth + 1);
			}
			else if (type == BigDecimal.class) {
				BigDecimal decimal = (BigDecimal) value;
				// the scale first: the tag of the unscaled value follows
				tag(DECIMAL);
				zigzag(decimal.scale());
				unscaled(decimal.unscaledValue(), INTEGER_SMALL, INTEGER_BIG);
			}
			else if (type == Double.class) {
				tag(DOUBLE);
				fixed64(Double.doubleToRawLongBits((Double) value));
			}
			else if (type == Float.class) {
				tag(FLOAT);
				fixed32(Float.floatToRawIntBits((Float) value));
			}
			else if (type == Short.class) {
				tag(SHORT);
				zigzag((Short) value);
			}
			else if (type == Byte.class) {
				tag(BYTE);
				tag((Byte) value);
			}
			else if (type == byte[].class) {
				tag(BYTES);
				raw((byte[]) value);
			}
			else if (type == BigInteger.class) {
				unscaled((BigInteger) value, INTEGER_SMALL, INTEGER_BIG);
			}
			else if (type == Timestamp.class) {
				Timestamp timestamp = (Timestamp) value;
				tag(SQL_TIMESTAMP);
				zigzag(timestamp.getTime());
				varint(timestamp.getNanos());
			}
			else if (type == Date.class) {
				tag(SQL_DATE);
				zigzag(((Date) value).getTime());
			}
			else if (type == Time.class) {
				tag(SQL_TIME);
				zigzag(((Time) value).getTime());
			}
			else if (type == LocalDate.class) {
				tag(LOCAL_DATE);
				zigzag(((LocalDate) value).toEpochDay());
			}
			else if (type == LocalTime.class) {
				tag(LOCAL_TIME);
				varlong(((LocalTime) value).toNanoOfDay());
			}
			else if (type == LocalDateTime.class) {
				tag(LOCAL_DATE_TIME);
				localDateTime((LocalDateTime) value);
			}
			else if (type == OffsetDateTime.class) {
				OffsetDateTime dateTime = (OffsetDateTime) value;
				tag(OFFSET_DATE_TIME);
				localDateTime(dateTime.toLocalDateTime());
				zigzag(dateTime.getOffset().getTotalSeconds());
			}
			else if (type == OffsetTime.class) {
				OffsetTime time = (OffsetTime) value;
				tag(OFFSET_TIME);
				varlong(time.toLocalTime().toNanoOfDay());
				zigzag(time.getOffset().getTotalSeconds());
			}
			else if (type == Instant.class) {
				Instant instant = (Instant) value;
				tag(INSTANT);
				zigzag(instant.getEpochSecond());
				varint(instant.getNano());
			}
			else if (type == ZonedDateTime.class) {
				ZonedDateTime dateTime = (ZonedDateTime) value;
				tag(ZONED_DATE_TIME);
				localDateTime(dateTime.toLocalDateTime());
				zigzag(dateTime.getOffset().getTotalSeconds());
				// null: the zone is that offset
				string(dateTime.getZone().equals(dateTime.getOffset()) ? null : dateTime.getZone().getId());
			}
			else if (type == Duration.class) {
				Duration duration = (Duration) value;
				tag(DURATION);
				zigzag(duration.getSeconds());
				varint(duration.getNano());
			}
			else if (type == Period.class) {
				Period period = (Period) value;
				tag(PERIOD);
				zigzag(period.getYears());
				zigzag(period.getMonths());
				zigzag(period.getDays());
			}
			else if (type == UUID.class) {
				UUID uuid = (UUID) value;
				tag(UUID_TAG);
				fixed64(uuid.getMostSignificantBits());
				fixed64(uuid.getLeastSignificantBits());
			}
			else if (type == Character.class) {
				tag(CHARACTER);
				varint((Character) value);
			}
			else if (type == CapturedError.class) {
				CapturedError error = (CapturedError) value;
				tag(ERROR);
				tag(error.kind());
				string(error.message());
				string(error.sqlState());
				zigzag(error.vendorCode());
			}
			else if (type == CachedArray.class) {
				CachedArray array = (CachedArray) value;
				tag(ARRAY);
				value(array.elements(), depth + 1);
				value(array.baseType(), depth + 1);
				value(array.baseTypeName(), depth + 1);
				string(array.toString());
			}
			else if (value instanceof Object[] array) {
				objectArray(array, depth);
			}
			else if (type.isArray()) {
				primitiveArray(value);
			}
			else {
				DriverType driver = DriverType.of(type);
				if (driver == null) {
					throw new IllegalArgumentException("Cannot encode a value of " + type.getName());
				}
				tag(DRIVER_OBJECT);
				tag(driver.id);
				driver.write(this, value);
			}
		}

		private void objectArray(Object[] array, int depth) {
			Class<?> base = array.getClass();
			int dimensions = 0;
			while (base.isArray()) {
				base = base.getComponentType();
				dimensions++;
			}
			Integer id = COMPONENT_IDS.get(base);
			if (id == null) {
				DriverType driver = DriverType.of(base);
				if (driver == null) {
					throw new IllegalArgumentException("Cannot encode an array of " + base.getName());
				}
				driver.forEncoding(base);
				id = DRIVER_COMPONENTS + driver.id;
			}
			if (dimensions > MAX_DIMENSIONS) {
				throw new IllegalArgumentException("Cannot encode an array of " + dimensions + " dimensions");
			}
			tag(OBJECT_ARRAY);
			tag(id);
			tag(dimensions);
			varint(array.length);
			for (Object element : array) {
				value(element, depth + 1);
			}
		}

		private void primitiveArray(Object value) {
			if (value instanceof int[] a) {
				tag(INT_ARRAY);
				varint(a.length);
				for (int each : a) {
					fixed32(each);
				}
			}
			else if (value instanceof long[] a) {
				tag(LONG_ARRAY);
				varint(a.length);
				for (long each : a) {
					fixed64(each);
				}
			}
			else if (value instanceof double[] a) {
				tag(DOUBLE_ARRAY);
				varint(a.length);
				for (double each : a) {
					fixed64(Double.doubleToRawLongBits(each));
				}
			}
			else if (value instanceof float[] a) {
				tag(FLOAT_ARRAY);
				varint(a.length);
				for (float each : a) {
					fixed32(Float.floatToRawIntBits(each));
				}
			}
			else if (value instanceof short[] a) {
				tag(SHORT_ARRAY);
				varint(a.length);
				ensure(2 * a.length);
				for (short each : a) {
					this.buffer[this.position++] = (byte) (each >>> 8);
					this.buffer[this.position++] = (byte) each;
				}
			}
			else if (value instanceof boolean[] a) {
				tag(BOOLEAN_ARRAY);
				varint(a.length);
				ensure(a.length);
				for (boolean each : a) {
					this.buffer[this.position++] = (byte) (each ? 1 : 0);
				}
			}
			else if (value instanceof char[] a) {
				tag(CHAR_ARRAY);
				varint(a.length);
				ensure(2 * a.length);
				for (char each : a) {
					this.buffer[this.position++] = (byte) (each >>> 8);
					this.buffer[this.position++] = (byte) each;
				}
			}
			else {
				throw new IllegalArgumentException("Cannot encode a value of " + value.getClass().getName());
			}
		}

	}

	// ================================================================ reading

	/** Thrown (without a stack trace) wherever the bytes are not a valid encoding. */
	private static final class Invalid extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final Invalid INSTANCE = new Invalid();

		private Invalid() {
			super("invalid encoded result", null, false, false);
		}

	}

	private static final class Reader {

		final byte[] buffer;

		final int end;

		int position;

		Reader(byte[] buffer, int position, int end) {
			this.buffer = buffer;
			this.position = position;
			this.end = end;
		}

		int remaining() {
			return this.end - this.position;
		}

		int u8() {
			if (this.position >= this.end) {
				throw Invalid.INSTANCE;
			}
			return this.buffer[this.position++] & 0xFF;
		}

		long varlong() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				int b = u8();
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					if (shift == 63 && b > 1) {
						throw Invalid.INSTANCE;
					}
					return value;
				}
			}
			throw Invalid.INSTANCE;
		}

		int varint() {
			long value = varlong();
			if ((value & 0xFFFFFFFF00000000L) != 0) {
				throw Invalid.INSTANCE;
			}
			return (int) value;
		}

		/**
		 * A count of items that take at least {@code size} bytes each, checked against the bytes left
		 * (by division: a product could overflow and let a huge count through).
		 */
		int count(int size) {
			long count = varlong();
			if (count < 0 || count > remaining() / size) {
				throw Invalid.INSTANCE;
			}
			return (int) count;
		}

		long zigzag() {
			long value = varlong();
			return (value >>> 1) ^ -(value & 1);
		}

		int zigzagInt() {
			long value = zigzag();
			if (value != (int) value) {
				throw Invalid.INSTANCE;
			}
			return (int) value;
		}

		long fixed64() {
			if (remaining() < 8) {
				throw Invalid.INSTANCE;
			}
			long value = (long) LONGS.get(this.buffer, this.position);
			this.position += 8;
			return value;
		}

		int fixed32() {
			if (remaining() < 4) {
				throw Invalid.INSTANCE;
			}
			int value = (int) INTS.get(this.buffer, this.position);
			this.position += 4;
			return value;
		}

		byte[] raw() {
			int length = count(1);
			byte[] bytes = new byte[length];
			System.arraycopy(this.buffer, this.position, bytes, 0, length);
			this.position += length;
			return bytes;
		}

		String string() {
			long header = varlong();
			if (header == 0) {
				return null;
			}
			header--;
			long length = header >>> 1;
			if ((header & 1) == 0) {
				if (length > remaining()) {
					throw Invalid.INSTANCE;
				}
				String text = new String(this.buffer, this.position, (int) length, StandardCharsets.UTF_8);
				this.position += (int) length;
				return text;
			}
			if (length > remaining() / 2) {
				throw Invalid.INSTANCE;
			}
			char[] chars = new char[(int) length];
			for (int i = 0; i < chars.length; i++) {
				chars[i] = (char) (u8() << 8 | u8());
			}
			return new String(chars);
		}

		String requiredString() {
			String text = string();
			if (text == null) {
				throw Invalid.INSTANCE;
			}
			return text;
		}

		LocalDateTime localDateTime() {
			LocalDate date = LocalDate.ofEpochDay(zigzag());
			return LocalDateTime.of(date, LocalTime.ofNanoOfDay(varlong()));
		}

		CachedResult result() {
			int columnCount = count(CachedResultSetMetaData.PROPERTIES + 2);
			int dialectId = u8();
			if (dialectId >= DIALECTS.length) {
				throw Invalid.INSTANCE;
			}
			Dialect dialect = DIALECTS[dialectId];
			long estimatedBytes = varlong();
			if (estimatedBytes < 0) {
				throw Invalid.INSTANCE;
			}
			Object[][] properties = new Object[columnCount][];
			int[] temporal = new int[columnCount];
			int[] transfer = new int[columnCount];
			for (int i = 0; i < columnCount; i++) {
				Object[] values = new Object[CachedResultSetMetaData.PROPERTIES];
				for (int property = 0; property < values.length; property++) {
					Object value = value(0);
					if (!(value instanceof CapturedError) && !fits(PROPERTY_KIND[property], value)) {
						throw Invalid.INSTANCE;
					}
					values[property] = value;
				}
				properties[i] = values;
				temporal[i] = u8();
				transfer[i] = u8();
				if (transfer[i] > Column.BINARY) {
					throw Invalid.INSTANCE;
				}
			}
			CachedResultSetMetaData metaData = CachedResultSetMetaData.restore(properties);
			Column[] columns = new Column[columnCount];
			for (int i = 0; i < columnCount; i++) {
				Column column = new Column(dialect, metaData, i);
				if (column.temporal != temporal[i]) {
					// written by code that saw this column differently
					throw Invalid.INSTANCE;
				}
				column.transfer = transfer[i];
				columns[i] = column;
			}
			int rowCount = count(Math.max(columnCount, 1));
			Object[][] rows = new Object[rowCount][];
			for (int r = 0; r < rowCount; r++) {
				Object[] row = new Object[columnCount];
				if (columnCount == 0 && u8() != 0) {
					throw Invalid.INSTANCE;
				}
				for (int i = 0; i < columnCount; i++) {
					Object value = value(0);
					if (value instanceof CapturedError
							|| value != null && (!fitsColumn(value, columns[i]) || !dialect.replayable(value, columns[i]))) {
						throw Invalid.INSTANCE;
					}
					row[i] = value;
				}
				rows[r] = row;
			}
			return CachedResult.restore(metaData, dialect, columns, rows, estimatedBytes);
		}

		/**
		 * Whether a non-null cell is what the capture makes for its column, as the getters assume: in a
		 * temporal column, a cell with the natural value of that column's class (or the error reading
		 * it threw); elsewhere, no natural value.
		 */
		private static boolean fitsColumn(Object value, Column column) {
			if (column.temporal == Column.NOT_TEMPORAL) {
				return !(value instanceof Cell cell) || cell.natural == null;
			}
			return value instanceof Cell cell && (cell.natural instanceof CapturedError
					|| Dialect.naturalClass(column.temporal).isInstance(cell.natural));
		}

		private static boolean fits(int kind, Object value) {
			return switch (kind) {
				case TEXT -> value == null || value instanceof String;
				case NUMBER -> value instanceof Integer;
				default -> value instanceof Boolean;
			};
		}

		Object value(int depth) {
			if (depth > MAX_DEPTH) {
				throw Invalid.INSTANCE;
			}
			int tag = u8();
			switch (tag) {
				case NULL:
					return null;
				case TRUE:
					return Boolean.TRUE;
				case FALSE:
					return Boolean.FALSE;
				case STRING:
					return requiredString();
				case INTEGER:
					return zigzagInt();
				case LONG:
					return zigzag();
				case SHORT: {
					int value = zigzagInt();
					if (value != (short) value) {
						throw Invalid.INSTANCE;
					}
					return (short) value;
				}
				case BYTE:
					return (byte) u8();
				case DOUBLE:
					return Double.longBitsToDouble(fixed64());
				case FLOAT:
					return Float.intBitsToFloat(fixed32());
				case CHARACTER: {
					int value = varint();
					if (value > Character.MAX_VALUE) {
						throw Invalid.INSTANCE;
					}
					return (char) value;
				}
				case DECIMAL: {
					int scale = zigzagInt();
					int unscaled = u8();
					if (unscaled == INTEGER_SMALL) {
						return BigDecimal.valueOf(zigzag(), scale);
					}
					if (unscaled == INTEGER_BIG) {
						return new BigDecimal(bigInteger(), scale);
					}
					throw Invalid.INSTANCE;
				}
				case INTEGER_SMALL:
					return BigInteger.valueOf(zigzag());
				case INTEGER_BIG:
					return bigInteger();
				case BYTES:
					return raw();
				case SQL_DATE:
					return new Date(zigzag());
				case SQL_TIME:
					return new Time(zigzag());
				case SQL_TIMESTAMP: {
					Timestamp timestamp = new Timestamp(zigzag());
					timestamp.setNanos(varint());
					return timestamp;
				}
				case LOCAL_DATE:
					return LocalDate.ofEpochDay(zigzag());
				case LOCAL_TIME:
					return LocalTime.ofNanoOfDay(varlong());
				case LOCAL_DATE_TIME:
					return localDateTime();
				case OFFSET_DATE_TIME:
					return OffsetDateTime.of(localDateTime(), ZoneOffset.ofTotalSeconds(zigzagInt()));
				case OFFSET_TIME:
					return OffsetTime.of(LocalTime.ofNanoOfDay(varlong()), ZoneOffset.ofTotalSeconds(zigzagInt()));
				case INSTANT:
					return Instant.ofEpochSecond(zigzag(), varint());
				case ZONED_DATE_TIME: {
					LocalDateTime dateTime = localDateTime();
					ZoneOffset offset = ZoneOffset.ofTotalSeconds(zigzagInt());
					String zone = string();
					return (zone == null) ? ZonedDateTime.ofStrict(dateTime, offset, offset)
							: ZonedDateTime.ofStrict(dateTime, offset, ZoneId.of(zone));
				}
				case DURATION:
					return Duration.ofSeconds(zigzag(), varint());
				case PERIOD:
					return Period.of(zigzagInt(), zigzagInt(), zigzagInt());
				case UUID_TAG:
					return new UUID(fixed64(), fixed64());
				case CELL:
					return cell(depth, false);
				case CELL_VALUE_TEXT:
					return cell(depth, true);
				case ERROR: {
					int kind = u8();
					String message = string();
					String sqlState = string();
					return CapturedError.restore(kind, message, sqlState, zigzagInt());
				}
				case ARRAY: {
					Object elements = value(depth + 1);
					Object baseType = value(depth + 1);
					Object baseTypeName = value(depth + 1);
					if (!(baseType instanceof Integer || baseType instanceof CapturedError)
							|| !(baseTypeName == null || baseTypeName instanceof String
									|| baseTypeName instanceof CapturedError)
							|| elements instanceof Cell || elements instanceof CapturedError) {
						throw Invalid.INSTANCE;
					}
					return CachedArray.restore(elements, baseType, baseTypeName, string());
				}
				case OBJECT_ARRAY:
					return objectArray(depth);
				case INT_ARRAY: {
					int[] a = new int[count(4)];
					for (int i = 0; i < a.length; i++) {
						a[i] = fixed32();
					}
					return a;
				}
				case LONG_ARRAY: {
					long[] a = new long[count(8)];
					for (int i = 0; i < a.length; i++) {
						a[i] = fixed64();
					}
					return a;
				}
				case DOUBLE_ARRAY: {
					double[] a = new double[count(8)];
					for (int i = 0; i < a.length; i++) {
						a[i] = Double.longBitsToDouble(fixed64());
					}
					return a;
				}
				case FLOAT_ARRAY: {
					float[] a = new float[count(4)];
					for (int i = 0; i < a.length; i++) {
						a[i] = Float.intBitsToFloat(fixed32());
					}
					return a;
				}
				case SHORT_ARRAY: {
					short[] a = new short[count(2)];
					for (int i = 0; i < a.length; i++) {
						a[i] = (short) (u8() << 8 | u8());
					}
					return a;
				}
				case BOOLEAN_ARRAY: {
					boolean[] a = new boolean[count(1)];
					for (int i = 0; i < a.length; i++) {
						int b = u8();
						if (b > 1) {
							throw Invalid.INSTANCE;
						}
						a[i] = b == 1;
					}
					return a;
				}
				case CHAR_ARRAY: {
					char[] a = new char[count(2)];
					for (int i = 0; i < a.length; i++) {
						a[i] = (char) (u8() << 8 | u8());
					}
					return a;
				}
				case DRIVER_OBJECT: {
					DriverType driver = DriverType.byId(u8());
					if (driver == null) {
						throw Invalid.INSTANCE;
					}
					return driver.read(this);
				}
				default:
					throw Invalid.INSTANCE;
			}
		}

		private BigInteger bigInteger() {
			byte[] bytes = raw();
			if (bytes.length == 0) {
				throw Invalid.INSTANCE;
			}
			return new BigInteger(bytes);
		}

		private Cell cell(int depth, boolean textOfValue) {
			Object value = value(depth + 1);
			Object text;
			if (textOfValue) {
				if (value == null || !textOfValue(value)) {
					throw Invalid.INSTANCE;
				}
				text = value.toString();
			}
			else {
				text = value(depth + 1);
			}
			Object natural = value(depth + 1);
			if (value == null || value instanceof Cell || value instanceof CapturedError
					|| !(text instanceof String || text instanceof CapturedError) || natural instanceof Cell) {
				throw Invalid.INSTANCE;
			}
			return new Cell(value, text, natural);
		}

		private Object[] objectArray(int depth) {
			int id = u8();
			int dimensions = u8();
			Class<?> base;
			if (id < COMPONENTS.length) {
				base = COMPONENTS[id];
			}
			else {
				DriverType driver = DriverType.byId(id - DRIVER_COMPONENTS);
				base = (driver != null) ? driver.forDecoding().type : null;
			}
			if (base == null || dimensions < 1 || dimensions > MAX_DIMENSIONS
					|| dimensions == 1 && base.isPrimitive()) {
				throw Invalid.INSTANCE;
			}
			Class<?> component = base;
			for (int i = 1; i < dimensions; i++) {
				component = component.arrayType();
			}
			int length = count(1);
			Object[] array = (Object[]) java.lang.reflect.Array.newInstance(component, length);
			for (int i = 0; i < length; i++) {
				Object element = value(depth + 1);
				if (element instanceof Cell || element instanceof CapturedError) {
					throw Invalid.INSTANCE;
				}
				// a mismatched element throws ArrayStoreException: invalid
				array[i] = element;
			}
			return array;
		}

	}

	// ================================================================ driver value classes

	/**
	 * A driver's value class the codec knows how to rebuild through its public API. The class is
	 * looked up by name once (from the class of the first value encoded, or else through the context
	 * class loader when decoding), so that the driver need not be on the compile path.
	 */
	private abstract static class DriverType {

		private static final DriverType[] ALL = { new PgObject(0, "org.postgresql.util.PGobject"),
				new PgObject(1, "org.postgresql.util.PGInterval"), new PgObject(2, "org.postgresql.util.PGmoney"),
				new PgObject(3, "org.postgresql.geometric.PGbox"), new PgObject(4, "org.postgresql.geometric.PGcircle"),
				new PgObject(5, "org.postgresql.geometric.PGline"), new PgObject(6, "org.postgresql.geometric.PGlseg"),
				new PgObject(7, "org.postgresql.geometric.PGpath"), new PgObject(8, "org.postgresql.geometric.PGpoint"),
				new PgObject(9, "org.postgresql.geometric.PGpolygon"), new H2Interval(10) };

		final int id;

		final String name;

		private volatile Handles handles;

		private volatile boolean unavailable;

		DriverType(int id, String name) {
			this.id = id;
			this.name = name;
		}

		static DriverType of(Class<?> type) {
			String name = type.getName();
			for (DriverType each : ALL) {
				if (each.name.equals(name)) {
					return each;
				}
			}
			return null;
		}

		static DriverType byId(int id) {
			return (id >= 0 && id < ALL.length) ? ALL[id] : null;
		}

		/** The handles for values of exactly this class. */
		Handles forEncoding(Class<?> type) {
			Handles handles = this.handles;
			if (handles == null) {
				try {
					handles = resolve(type);
				}
				catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
					throw new IllegalArgumentException("Cannot encode a value of " + type.getName(), ex);
				}
				this.handles = handles;
			}
			if (handles.type != type) {
				throw new IllegalArgumentException(
						"Cannot encode a value of " + type.getName() + " from another class loader");
			}
			return handles;
		}

		Handles forDecoding() {
			Handles handles = this.handles;
			if (handles == null) {
				if (this.unavailable) {
					throw Invalid.INSTANCE;
				}
				try {
					handles = resolve(load());
				}
				catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
					this.unavailable = true;
					throw Invalid.INSTANCE;
				}
				this.handles = handles;
			}
			return handles;
		}

		private Class<?> load() throws ClassNotFoundException {
			ClassLoader context = Thread.currentThread().getContextClassLoader();
			if (context != null) {
				try {
					return Class.forName(this.name, false, context);
				}
				catch (ClassNotFoundException ex) {
					// try ours
				}
			}
			return Class.forName(this.name, false, ResultCodec.class.getClassLoader());
		}

		abstract Handles resolve(Class<?> type) throws ReflectiveOperationException;

		/** Writes a value of exactly this class (checked to rebuild equal). */
		abstract void write(Writer out, Object value);

		abstract Object read(Reader in);

		static MethodHandle virtual(Class<?> type, String name, Class<?> returned, Class<?>... parameters)
				throws ReflectiveOperationException {
			MethodHandle handle = MethodHandles.publicLookup()
				.findVirtual(type, name, MethodType.methodType(returned, parameters));
			// the receiver as Object; String and primitive results kept, others as Object
			return handle.asType(handle.type().changeParameterType(0, Object.class).changeReturnType(
					(returned.isPrimitive() || returned == String.class) ? returned : Object.class));
		}

	}

	/** What a driver type needs: the class, its no-argument or full constructor, and its accessors. */
	private record Handles(Class<?> type, MethodHandle create, MethodHandle[] accessors) {
	}

	/** PostgreSQL's PGobject and its subclasses: the type name and the value text, through setValue. */
	private static final class PgObject extends DriverType {

		PgObject(int id, String name) {
			super(id, name);
		}

		@Override
		Handles resolve(Class<?> type) throws ReflectiveOperationException {
			MethodHandle create = MethodHandles.publicLookup()
				.findConstructor(type, MethodType.methodType(void.class))
				.asType(MethodType.methodType(Object.class));
			return new Handles(type, create,
					new MethodHandle[] { virtual(type, "getType", String.class), virtual(type, "getValue", String.class),
							virtual(type, "setType", void.class, String.class),
							virtual(type, "setValue", void.class, String.class) });
		}

		@Override
		void write(Writer out, Object value) {
			Handles handles = forEncoding(value.getClass());
			String type;
			String text;
			Object copy;
			try {
				type = (String) handles.accessors[0].invokeExact(value);
				text = (String) handles.accessors[1].invokeExact(value);
				copy = create(handles, type, text);
			}
			catch (Throwable ex) {
				throw new IllegalArgumentException("Cannot encode a value of " + value.getClass().getName(), ex);
			}
			if (!value.equals(copy)) {
				throw new IllegalArgumentException("A value of " + value.getClass().getName() + " does not rebuild");
			}
			out.string(type);
			out.string(text);
		}

		@Override
		Object read(Reader in) {
			Handles handles = forDecoding();
			String type = in.string();
			String text = in.string();
			try {
				Object object = create(handles, type, text);
				// what the driver object makes of the text must read back as itself, as write() requires
				Object copy = create(handles, (String) handles.accessors[0].invokeExact(object),
						(String) handles.accessors[1].invokeExact(object));
				if (!object.equals(copy)) {
					throw Invalid.INSTANCE;
				}
				return object;
			}
			catch (Throwable ex) {
				throw Invalid.INSTANCE;
			}
		}

		private static Object create(Handles handles, String type, String text) throws Throwable {
			Object object = (Object) handles.create.invokeExact();
			handles.accessors[2].invokeExact(object, type);
			if (text != null) {
				handles.accessors[3].invokeExact(object, text);
			}
			return object;
		}

	}

	/** H2's Interval: its qualifier (by name), sign, leading and remaining fields. */
	private static final class H2Interval extends DriverType {

		H2Interval(int id) {
			super(id, "org.h2.api.Interval");
		}

		@Override
		Handles resolve(Class<?> type) throws ReflectiveOperationException {
			Class<?> qualifier = Class.forName("org.h2.api.IntervalQualifier", false, type.getClassLoader());
			MethodHandle create = MethodHandles.publicLookup()
				.findConstructor(type,
						MethodType.methodType(void.class, qualifier, boolean.class, long.class, long.class))
				.asType(MethodType.methodType(Object.class, Object.class, boolean.class, long.class, long.class));
			MethodHandle qualifierOf = MethodHandles.publicLookup()
				.findStatic(qualifier, "valueOf", MethodType.methodType(qualifier, String.class))
				.asType(MethodType.methodType(Object.class, String.class));
			return new Handles(type, create,
					new MethodHandle[] { virtual(type, "getQualifier", qualifier), virtual(type, "isNegative", boolean.class),
							virtual(type, "getLeading", long.class), virtual(type, "getRemaining", long.class),
							qualifierOf });
		}

		@Override
		void write(Writer out, Object value) {
			Handles handles = forEncoding(value.getClass());
			String qualifier;
			boolean negative;
			long leading;
			long remaining;
			try {
				qualifier = ((Enum<?>) (Object) handles.accessors[0].invokeExact(value)).name();
				negative = (boolean) handles.accessors[1].invokeExact(value);
				leading = (long) handles.accessors[2].invokeExact(value);
				remaining = (long) handles.accessors[3].invokeExact(value);
			}
			catch (Throwable ex) {
				throw new IllegalArgumentException("Cannot encode a value of " + value.getClass().getName(), ex);
			}
			out.string(qualifier);
			out.tag(negative ? 1 : 0);
			out.zigzag(leading);
			out.zigzag(remaining);
		}

		@Override
		Object read(Reader in) {
			Handles handles = forDecoding();
			String qualifier = in.requiredString();
			int negative = in.u8();
			if (negative > 1) {
				throw Invalid.INSTANCE;
			}
			long leading = in.zigzag();
			long remaining = in.zigzag();
			try {
				Object kind = (Object) handles.accessors[4].invokeExact(qualifier);
				return (Object) handles.create.invokeExact(kind, negative == 1, leading, remaining);
			}
			catch (Throwable ex) {
				throw Invalid.INSTANCE;
			}
		}

	}

}
