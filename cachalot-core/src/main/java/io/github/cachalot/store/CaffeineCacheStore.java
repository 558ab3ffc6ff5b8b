package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * An in-process {@link CacheStore} on Caffeine, bounded by the estimated size of the results it
 * holds, with a timeout per entry. Not shared between processes.
 */
public final class CaffeineCacheStore implements CacheStore {

	/** The default bound on the estimated size of all cached results: 256 MiB. */
	public static final long DEFAULT_MAXIMUM_BYTES = 256L * 1024 * 1024;

	private final Cache<String, Stored> cache;

	private final long maximumBytes;

	/** A store bounded by {@link #DEFAULT_MAXIMUM_BYTES}. */
	public CaffeineCacheStore() {
		this(DEFAULT_MAXIMUM_BYTES);
	}

	/** A store bounded by the given estimated size of its values. */
	public CaffeineCacheStore(long maximumBytes) {
		this.maximumBytes = maximumBytes;
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maximumBytes)
			.weigher((String key, Stored stored) -> stored.weight(key))
			.expireAfter(new PerEntryExpiry())
			.build();
	}

	@Override
	public Object[] getAll(String[] keys) {
		Object[] values = new Object[keys.length];
		for (int i = 0; i < keys.length; i++) {
			Stored stored = this.cache.getIfPresent(keys[i]);
			values[i] = (stored != null) ? stored.value : null;
		}
		return values;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		long nanos = (timeout != null) ? saturatedNanos(timeout) : Long.MAX_VALUE;
		entries.forEach((key, value) -> this.cache.put(key, new Stored(value, nanos)));
	}

	@Override
	public void clear() {
		this.cache.invalidateAll();
	}

	/** The number of entries held (results and tokens), after pending maintenance. */
	public long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	@Override
	public String description() {
		return "in-process Caffeine cache (up to " + (this.maximumBytes / (1024 * 1024)) + " MiB, not shared)";
	}

	private static long saturatedNanos(Duration timeout) {
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private record Stored(Object value, long timeoutNanos) {

		int weight(String key) {
			long bytes = 48L + key.length() * 2L;
			if (this.value instanceof CachedEntry entry) {
				bytes += entry.result().estimatedBytes() + entry.tokens().length * 8L;
			}
			return (int) Math.min(Integer.MAX_VALUE, bytes);
		}

	}

	private static final class PerEntryExpiry implements Expiry<String, Stored> {

		@Override
		public long expireAfterCreate(String key, Stored stored, long currentTime) {
			return stored.timeoutNanos;
		}

		@Override
		public long expireAfterUpdate(String key, Stored stored, long currentTime, long currentDuration) {
			return stored.timeoutNanos;
		}

		@Override
		public long expireAfterRead(String key, Stored stored, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
