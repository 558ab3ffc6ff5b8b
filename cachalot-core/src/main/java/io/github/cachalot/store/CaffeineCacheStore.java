package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * An in-process {@link CacheStore}: cached results in a Caffeine cache bounded by their estimated
 * size, table tokens in one of their own bounded by count (a few bytes per table, never evicted to
 * make room for results), each entry with its own timeout. Not shared between processes.
 * <p>
 * No clock is read on a look-up unless the entry has a timeout (Caffeine's own expiry would read
 * it for every key), and Caffeine's maintenance runs on the calling thread (handing it to the
 * common pool would wake a thread per write and per batch of reads, which costs a hit more than the
 * look-ups themselves). An entry past its timeout is never returned; it leaves the cache when read
 * or evicted. An evicted token makes the reads under it misses, never stale hits.
 */
public final class CaffeineCacheStore implements CacheStore {

	/** The default bound on the estimated size of all cached results: 256 MiB. */
	public static final long DEFAULT_MAXIMUM_BYTES = 256L * 1024 * 1024;

	/** The bound on table and data source tokens (about 200 bytes each). */
	static final int MAXIMUM_TOKENS = 100_000;

	private final Cache<String, Stored> results;

	private final Cache<String, Stored> tokens = Caffeine.newBuilder()
		.maximumSize(MAXIMUM_TOKENS)
		.executor(Runnable::run)
		.build();

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
			// cachalot asks for a result first, then its tokens: look where each most likely is
			Cache<String, Stored> likely = (i == 0) ? this.results : this.tokens;
			Stored stored = likely.getIfPresent(key);
			if (stored == null) {
				stored = ((i == 0) ? this.tokens : this.results).getIfPresent(key);
			}
			if (stored != null) {
				values[i] = stored.isExpired() ? expired(key, stored) : stored.value;
			}
		}
		return values;
	}

	private Object expired(String key, Stored stored) {
		this.tokens.asMap().remove(key, stored);
		this.results.asMap().remove(key, stored);
		return null;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		Deadline deadline = deadline(timeout);
		entries.forEach((key, value) -> {
			Stored stored = new Stored(value, deadline);
			if (value instanceof CachedEntry) {
				this.results.put(key, stored);
			}
			else {
				this.tokens.put(key, stored);
			}
		});
	}

	@Override
	public void clear() {
		this.tokens.invalidateAll();
		this.results.invalidateAll();
	}

	/** The number of entries held (results and tokens), after pending maintenance. */
	public long size() {
		this.results.cleanUp();
		this.tokens.cleanUp();
		return this.results.estimatedSize() + this.tokens.estimatedSize();
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
