package io.github.cachalot.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.github.cachalot.result.CachedResult;
import io.github.cachalot.result.ResultCodec;

/**
 * The bytes a shared {@link CacheStore} (Redis, memcached, a disk cache) keeps for cachalot's values:
 * {@link CachedEntry} results and {@link Long} table tokens. A compact, versioned binary format
 * that never involves Java serialization: decoding reads only the value classes cachalot caches
 * and rebuilds them through their public factories.
 * <p>
 * Every value starts with the magic bytes {@code 0xCA 0xC4}, the format version and a type tag:
 *
 * <pre>
 * token := CA C4 version 'L' value:int64                                   (12 bytes)
 * entry := CA C4 version 'E' count:varint token:int64{count} result crc:int32
 * </pre>
 *
 * where {@code result} is laid out by {@link ResultCodec} and {@code crc} is the CRC-32C of all the
 * bytes before it, so that a corrupted entry is a miss rather than wrong rows. Integers are
 * big-endian. A store that
 * finds bytes of another version (written by another release of cachalot) decodes them as
 * {@code null}, a miss: the read goes to the database and stores the value anew.
 */
public final class StoredValueCodec {

	/** The first magic byte. */
	static final byte MAGIC_0 = (byte) 0xCA;

	/** The second magic byte. */
	static final byte MAGIC_1 = (byte) 0xC4;

	/** The current format version; bumped whenever the layout or the meaning of anything changes. */
	static final byte VERSION = 1;

	static final byte TOKEN = 'L';

	static final byte ENTRY = 'E';

	private static final int HEADER = 4;

	private static final int CHECKSUM = 4;

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private StoredValueCodec() {
	}

	/**
	 * The bytes of a value.
	 * @param value a {@link CachedEntry} or a {@link Long}
	 * @throws IllegalArgumentException for another kind of value, or an entry that holds a value
	 * that cannot be encoded (the caller should then not store it)
	 */
	public static byte[] encode(Object value) {
		if (value instanceof Long token) {
			byte[] bytes = new byte[HEADER + 8];
			header(bytes, TOKEN);
			LONGS.set(bytes, HEADER, token.longValue());
			return bytes;
		}
		if (value instanceof CachedEntry entry) {
			long[] tokens = entry.tokens();
			CachedResult result = entry.result();
			if (tokens == null || result == null) {
				throw new IllegalArgumentException("Cannot encode an entry without tokens or result");
			}
			int prefix = HEADER + varintSize(tokens.length) + 8 * tokens.length;
			byte[] bytes = ResultCodec.encode(result, prefix, CHECKSUM);
			header(bytes, ENTRY);
			int position = HEADER;
			int count = tokens.length;
			while ((count & ~0x7F) != 0) {
				bytes[position++] = (byte) ((count & 0x7F) | 0x80);
				count >>>= 7;
			}
			bytes[position++] = (byte) count;
			for (long token : tokens) {
				LONGS.set(bytes, position, token);
				position += 8;
			}
			INTS.set(bytes, bytes.length - CHECKSUM, checksum(bytes, bytes.length - CHECKSUM));
			return bytes;
		}
		throw new IllegalArgumentException(
				"Cannot encode " + ((value != null) ? "a " + value.getClass().getName() : "null") + " for a cache store");
	}

	/**
	 * The value of the given bytes: a {@link CachedEntry} or a {@link Long}, or {@code null} when
	 * the bytes are not exactly one value of this format and version (corrupt, truncated, followed by
	 * more bytes, written by another version, or {@code null}). Never throws.
	 */
	public static Object decode(byte[] bytes) {
		try {
			if (bytes == null || bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1
					|| bytes[2] != VERSION) {
				return null;
			}
			if (bytes[3] == TOKEN) {
				return (bytes.length == HEADER + 8) ? (Long) (long) LONGS.get(bytes, HEADER) : null;
			}
			int end = bytes.length - CHECKSUM;
			if (bytes[3] != ENTRY || end < HEADER || (int) INTS.get(bytes, end) != checksum(bytes, end)) {
				return null;
			}
			int position = HEADER;
			long count = 0;
			for (int shift = 0;; shift += 7) {
				if (position >= end || shift > 28) {
					return null;
				}
				int b = bytes[position++] & 0xFF;
				count |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					break;
				}
			}
			if (count * 8 > end - position) {
				return null;
			}
			long[] tokens = new long[(int) count];
			for (int i = 0; i < tokens.length; i++) {
				tokens[i] = (long) LONGS.get(bytes, position);
				position += 8;
			}
			CachedResult result = ResultCodec.decode(bytes, position, end);
			return (result != null) ? new CachedEntry(tokens, result) : null;
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError ex) {
			return null;
		}
	}

	private static void header(byte[] bytes, byte type) {
		bytes[0] = MAGIC_0;
		bytes[1] = MAGIC_1;
		bytes[2] = VERSION;
		bytes[3] = type;
	}

	private static int checksum(byte[] bytes, int length) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, length);
		return (int) crc.getValue();
	}

	private static int varintSize(int value) {
		int size = 1;
		while ((value & ~0x7F) != 0) {
			size++;
			value >>>= 7;
		}
		return size;
	}

}
