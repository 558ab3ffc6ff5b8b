package io.github.cachalot.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.cachalot.result.CachedResult;
import io.github.cachalot.result.ResultCodec;

/**
 * The bytes a shared {@link CacheStore} (Redis, memcached, a disk cache) keeps for cachalot's values:
 * {@link CachedEntry} results and {@link Long} table tokens. A compact, versioned binary format
 * that never involves Java serialization: decoding reads only the value classes cachalot caches
 * and rebuilds them through their public factories. What a shared store holds may have been
 * written by anyone who can write to it, so decoding is bounded in time and memory and anything
 * that is not exactly a value this codec wrote for the same key is a miss.
 * <p>
 * Every value starts with the magic bytes {@code 0xCA 0xC4}, the format version and a type tag:
 *
 * <pre>
 * token := CA C4 version 'L' value:int64 [mac]                           (12 bytes, 44 with a mac)
 * entry := CA C4 version 'E' key:byte{16} count:varint token:int64{count} readAt:int64 result crc:int32 [mac]
 * mac   := HMAC-SHA256(signing key, keyLength:int32 keyUtf8 bytesBefore)              (32 bytes)
 * </pre>
 *
 * where {@code key} is the first 16 bytes of the SHA-256 of the UTF-8 key the entry is stored
 * under (an entry copied to another key is a miss), {@code readAt} is when its read began (epoch
 * milliseconds), {@code result} is laid out by
 * {@link ResultCodec} and {@code crc} is the CRC-32C of all the bytes before it, so that a
 * corrupted entry is a miss rather than wrong rows. The {@code mac} is there only with a signing
 * key ({@link #signed}), and then required: without the key, nobody who can write to the store can
 * make cachalot read a value, nor move one to another key. Integers are big-endian. A store that
 * finds bytes of another version (written by another release of cachalot) decodes them as
 * {@code null}, a miss: the read goes to the database and stores the value anew.
 */
public final class StoredValueCodec {

	/** The first magic byte. */
	static final byte MAGIC_0 = (byte) 0xCA;

	/** The second magic byte. */
	static final byte MAGIC_1 = (byte) 0xC4;

	/** The current format version; bumped whenever the layout or the meaning of anything changes. */
	static final byte VERSION = 3;

	static final byte TOKEN = 'L';

	static final byte ENTRY = 'E';

	/** The bytes of the key's digest an entry carries. */
	static final int KEY_DIGEST = 16;

	static final int MAC_BYTES = 32;

	/** The shortest signing key accepted: a shorter one is a configuration mistake. */
	public static final int MIN_SIGNING_KEY_BYTES = 16;

	private static final int HEADER = 4;

	private static final int CHECKSUM = 4;

	private static final String HMAC = "HmacSHA256";

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	});

	private static final StoredValueCodec UNSIGNED = new StoredValueCodec(null);

	/** The HMAC of signed values, one per thread; null when values are not signed. */
	private final ThreadLocal<Mac> macs;

	private StoredValueCodec(SecretKeySpec signingKey) {
		this.macs = (signingKey != null) ? ThreadLocal.withInitial(() -> mac(signingKey)) : null;
	}

	/** The codec of values without a MAC (any MAC-carrying value is then a miss). */
	public static StoredValueCodec unsigned() {
		return UNSIGNED;
	}

	/**
	 * The codec of values carrying an HMAC-SHA256 under the given key: a value without a valid one
	 * is a miss. Every application sharing the store must use the same key.
	 * @param signingKey the secret, at least {@link #MIN_SIGNING_KEY_BYTES} bytes (copied)
	 * @throws IllegalArgumentException if the key is shorter
	 */
	public static StoredValueCodec signed(byte[] signingKey) {
		if (signingKey == null || signingKey.length < MIN_SIGNING_KEY_BYTES) {
			throw new IllegalArgumentException(
					"A signing key must have at least " + MIN_SIGNING_KEY_BYTES + " bytes (a long random secret)");
		}
		SecretKeySpec key = new SecretKeySpec(signingKey.clone(), HMAC);
		mac(key);
		return new StoredValueCodec(key);
	}

	/** Whether values carry a MAC. */
	public boolean isSigned() {
		return this.macs != null;
	}

	/**
	 * The bytes of a value stored under a key.
	 * @param key the key the value is stored under (the same must be given to {@link #decode})
	 * @param value a {@link CachedEntry} or a {@link Long}
	 * @throws IllegalArgumentException for another kind of value, or an entry that holds a value
	 * that cannot be encoded (the caller should then not store it)
	 */
	public byte[] encode(String key, Object value) {
		int mac = (this.macs != null) ? MAC_BYTES : 0;
		byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
		byte[] bytes;
		if (value instanceof Long token) {
			bytes = new byte[HEADER + 8 + mac];
			header(bytes, TOKEN);
			LONGS.set(bytes, HEADER, token.longValue());
		}
		else if (value instanceof CachedEntry entry) {
			long[] tokens = entry.tokens();
			CachedResult result = entry.result();
			if (tokens == null || result == null) {
				throw new IllegalArgumentException("Cannot encode an entry without tokens or result");
			}
			int prefix = HEADER + KEY_DIGEST + varintSize(tokens.length) + 8 * tokens.length + 8;
			bytes = ResultCodec.encode(result, prefix, CHECKSUM + mac);
			header(bytes, ENTRY);
			System.arraycopy(digest(keyBytes), 0, bytes, HEADER, KEY_DIGEST);
			int position = HEADER + KEY_DIGEST;
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
			LONGS.set(bytes, position, entry.readAtMillis());
			int end = bytes.length - mac - CHECKSUM;
			INTS.set(bytes, end, checksum(bytes, end));
		}
		else {
			throw new IllegalArgumentException("Cannot encode "
					+ ((value != null) ? "a " + value.getClass().getName() : "null") + " for a cache store");
		}
		if (mac != 0) {
			byte[] code = mac(keyBytes, bytes, bytes.length - MAC_BYTES);
			System.arraycopy(code, 0, bytes, bytes.length - MAC_BYTES, MAC_BYTES);
		}
		return bytes;
	}

	/**
	 * The value of the given bytes read under a key: a {@link CachedEntry} or a {@link Long}, or
	 * {@code null} when the bytes are not exactly one value of this format and version written for
	 * this key (corrupt, truncated, followed by more bytes, written by another version or for another
	 * key, without a valid MAC when signed, or {@code null}). Never throws.
	 */
	public Object decode(String key, byte[] bytes) {
		try {
			if (bytes == null || key == null || bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1
					|| bytes[2] != VERSION) {
				return null;
			}
			byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
			int length = bytes.length;
			if (this.macs != null) {
				length -= MAC_BYTES;
				// in constant time: how much of a forged MAC is right must not show
				if (length < HEADER || !MessageDigest.isEqual(mac(keyBytes, bytes, length),
						Arrays.copyOfRange(bytes, length, bytes.length))) {
					return null;
				}
			}
			if (bytes[3] == TOKEN) {
				return (length == HEADER + 8) ? (Long) (long) LONGS.get(bytes, HEADER) : null;
			}
			int end = length - CHECKSUM;
			if (bytes[3] != ENTRY || end < HEADER + KEY_DIGEST || (int) INTS.get(bytes, end) != checksum(bytes, end)
					|| !Arrays.equals(bytes, HEADER, HEADER + KEY_DIGEST, digest(keyBytes), 0, KEY_DIGEST)) {
				return null;
			}
			int position = HEADER + KEY_DIGEST;
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
			if (count > (end - position) / 8 - 1) {
				return null;
			}
			long[] tokens = new long[(int) count];
			for (int i = 0; i < tokens.length; i++) {
				tokens[i] = (long) LONGS.get(bytes, position);
				position += 8;
			}
			long readAt = (long) LONGS.get(bytes, position);
			position += 8;
			CachedResult result = ResultCodec.decode(bytes, position, end);
			return (result != null) ? new CachedEntry(tokens, result, readAt) : null;
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

	private static byte[] digest(byte[] key) {
		MessageDigest sha = SHA_256.get();
		sha.reset();
		return sha.digest(key);
	}

	/** The MAC of the key and the first {@code length} bytes: the key's length first, so that no split is ambiguous. */
	private byte[] mac(byte[] key, byte[] bytes, int length) {
		Mac mac = this.macs.get();
		mac.reset();
		mac.update((byte) (key.length >>> 24));
		mac.update((byte) (key.length >>> 16));
		mac.update((byte) (key.length >>> 8));
		mac.update((byte) key.length);
		mac.update(key);
		mac.update(bytes, 0, length);
		return mac.doFinal();
	}

	private static Mac mac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(HMAC + " is missing from this JVM", ex);
		}
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
