package io.github.cachalot.spring.store;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import org.springframework.cache.Cache;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.StoredValueCodec;

/**
 * A {@link CacheStore} over any Spring {@link Cache}: one {@code get} per key, so a hit costs as
 * many calls as the read has keys (its result and one token per table). Since a Spring cache has
 * no timeout per entry, values that must expire carry their deadline, checked on every read.
 * <p>
 * In-process caches that keep references get the values as they are. Every other cache (one that
 * copies or serializes values: JCache, memcached, a remote cache) gets them in cachalot's own
 * binary format as {@code byte[]}, deadline first, so that nothing read back is ever deserialized
 * with Java serialization, and a value that cannot be read back (or was written for another key or
 * deadline, or lacks a valid signature when there is a signing key) counts as missing.
 */
public final class SpringCacheStore implements CacheStore {

	private static final long FOREVER = Long.MAX_VALUE;

	private final Cache cache;

	private final boolean byReference;

	private final String description;

	private final StoredValueCodec codec;

	/**
	 * A store in the given cache, with unsigned values.
	 * @param cache the cache
	 * @param byReference whether the cache keeps the objects it is given (in-process, no copies)
	 * @param description what backs it, for logs and reports
	 */
	public SpringCacheStore(Cache cache, boolean byReference, String description) {
		this(cache, byReference, null, description);
	}

	/**
	 * A store in the given cache.
	 * @param cache the cache
	 * @param byReference whether the cache keeps the objects it is given (in-process, no copies)
	 * @param signingKey the secret encoded values are signed with ({@link StoredValueCodec#signed}),
	 * or {@code null} for unsigned values; not used by reference
	 * @param description what backs it, for logs and reports
	 */
	public SpringCacheStore(Cache cache, boolean byReference, byte[] signingKey, String description) {
		this.codec = (signingKey != null) ? StoredValueCodec.signed(signingKey) : StoredValueCodec.unsigned();
		this.cache = cache;
		this.byReference = byReference;
		this.description = description;
	}

	/** A store in an in-process cache that keeps references, described as given. */
	public SpringCacheStore(Cache cache, String description) {
		this(cache, true, description);
	}

	/** The cache written to. */
	public Cache cache() {
		return this.cache;
	}

	/** Whether values are stored as they are, rather than encoded. */
	public boolean isByReference() {
		return this.byReference;
	}

	@Override
	public Object[] getAll(String[] keys) {
		Object[] values = new Object[keys.length];
		long now = 0;
		for (int i = 0; i < keys.length; i++) {
			Cache.ValueWrapper wrapper = this.cache.get(keys[i]);
			Object value = (wrapper != null) ? wrapper.get() : null;
			if (value == null) {
				continue;
			}
			if (now == 0) {
				now = System.currentTimeMillis();
			}
			values[i] = this.byReference ? unwrap(value, now) : decode(keys[i], value, now);
		}
		return values;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		long deadline = (timeout != null) ? deadline(timeout) : FOREVER;
		entries.forEach((key, value) -> {
			Object stored = this.byReference ? wrap(value, deadline) : encode(key, value, deadline);
			if (stored != null) {
				this.cache.put(key, stored);
			}
		});
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	/** A cache that copies its values may be remote and shared, and may fail: writes announce themselves. */
	@Override
	public boolean isShared() {
		return !this.byReference;
	}


	@Override
	public String description() {
		return this.description;
	}

	private static Object wrap(Object value, long deadline) {
		return (deadline == FOREVER) ? value : new Expiring(value, deadline);
	}

	private static Object unwrap(Object value, long now) {
		if (value instanceof Expiring expiring) {
			return (now < expiring.deadlineMillis) ? expiring.value : null;
		}
		return value;
	}

	private byte[] encode(String key, Object value, long deadline) {
		byte[] encoded;
		try {
			encoded = this.codec.encode(bound(key, deadline), value);
		}
		catch (IllegalArgumentException ex) {
			// a value the format cannot hold (an opaque driver object) is simply not cached
			return null;
		}
		return ByteBuffer.allocate(8 + encoded.length).putLong(deadline).put(encoded).array();
	}

	private Object decode(String key, Object value, long now) {
		if (!(value instanceof byte[] bytes) || bytes.length < 8) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		if (now >= buffer.getLong()) {
			return null;
		}
		long deadline = buffer.getLong(0);
		byte[] encoded = new byte[bytes.length - 8];
		buffer.get(encoded);
		return this.codec.decode(bound(key, deadline), encoded);
	}

	/** What the value is bound to: its key and its deadline, which a signature then covers too. */
	private static String bound(String key, long deadline) {
		return key + '\0' + deadline;
	}

	private static long deadline(Duration timeout) {
		try {
			return Math.addExact(System.currentTimeMillis(), timeout.toMillis());
		}
		catch (ArithmeticException ex) {
			return FOREVER;
		}
	}

	/** A value and the wall-clock time (epoch milliseconds) it expires at. */
	record Expiring(Object value, long deadlineMillis) {
	}

}
