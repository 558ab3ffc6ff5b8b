package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * An in-process {@link CacheStore}: cached results in a Caffeine cache bounded by their estimated
 * size, table tokens in a map of their own (a few bytes per table, never evicted by results), each
 * entry with its own timeout. Not shared between processes.
 * <p>
 * A hit costs one Caffeine look-up for the result and one map look-up per token; no clock is read
 * unless the entry has a timeout, and Caffeine's maintenance runs on the calling thread (handing it
 * to the common pool would wake a thread per write and per batch of reads, which costs a hit more
 * than the look-ups themselves). An entry past its timeout is never returned; it leaves the cache
 * when read or evicted.
 */
public final class CaffeineCacheStore implements CacheStore {

	/** The default bound on the estimated size of all cached results: 256 MiB. */
	public static final long DEFAULT_MAXIMUM_BYTES = 256L * 1024 * 1024;

	/**
	 * Past this many tokens the token map is emptied: a missing token makes the reads under it
	 * misses (a new random token is created), never stale hits. Real schemas stay far below it.
	 */
	static final int MAXIMUM_TOKENS = 100_000;

	private final Cache<String, Stored> results;

	private final ConcurrentHashMap<String, Stored> tokens = new ConcurrentHashMap<>();

	private final long maximumBytes;

	/** A store bounded by {@link #DEFAULT_MAXIMUM_BYTES}. */
	public CaffeineCacheStore() {
		this(DEFAULT_MAXIMUM_BYTES);
	}

	/** A store bounded by the given estimated size of its results. */
	public CaffeineCacheStore(long maximumBytes) {
		this.maximumBytes = maximumBytes;
		this.results = Caffeine.newBuilder()
			.maximumWeight(maximumBytes)
			.weigher((String key, Stored stored) -> stored.weight(key))
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Object[] getAll(String[] keys) {
		Object[] values = new Object[keys.length];
		for (int i = 0; i < keys.length; i++) {
			String key = keys[i];
			Stored stored = this.tokens.get(key);
			if (stored == null) {
				stored = this.results.getIfPresent(key);
			}
			if (stored != null) {
				values[i] = stored.isExpired() ? expired(key, stored) : stored.value;
			}
		}
		return values;
	}

	private Object expired(String key, Stored stored) {
		this.tokens.remove(key, stored);
		this.results.asMap().remove(key, stored);
		return null;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		Deadline deadline = deadline(timeout);
		entries.forEach((key, value) -> {
			Stored stored = new Stored(value, deadline);
			if (value instanceof CachedEntry) {
				this.tokens.remove(key);
				this.results.put(key, stored);
			}
			else {
				if (this.tokens.put(key, stored) == null && this.tokens.size() > MAXIMUM_TOKENS) {
					this.tokens.clear();
				}
				this.results.invalidate(key);
			}
		});
	}

	@Override
	public void clear() {
		this.tokens.clear();
		this.results.invalidateAll();
	}

	/** The number of entries held (results and tokens), after pending maintenance. */
	public long size() {
		this.results.cleanUp();
		return this.results.estimatedSize() + this.tokens.size();
	}

	@Override
	public String description() {
		return "in-process Caffeine cache (up to " + (this.maximumBytes / (1024 * 1024)) + " MiB, not shared)";
	}

	/** A timeout as the {@link System#nanoTime()} it ends at; {@code null} when it never ends. */
	private static Deadline deadline(Duration timeout) {
		if (timeout == null) {
			return null;
		}
		long nanos;
		try {
			nanos = timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return null; // beyond 292 years
		}
		return new Deadline(System.nanoTime() + Math.max(nanos, 0));
	}

	private record Deadline(long nanoTime) {

		boolean isPast() {
			return System.nanoTime() - this.nanoTime >= 0;
		}

	}

	/** A value with its deadline ({@code null}: no timeout, and no clock read). */
	private record Stored(Object value, Deadline deadline) {

		boolean isExpired() {
			return this.deadline != null && this.deadline.isPast();
		}

		int weight(String key) {
			long bytes = 48L + key.length() * 2L;
			if (this.value instanceof CachedEntry entry) {
				bytes += entry.result().estimatedBytes() + entry.tokens().length * 8L;
			}
			return (int) Math.min(Integer.MAX_VALUE, bytes);
		}

	}

}
