package io.github.cachalot.store;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.key.Sha256QueryKeyGenerator;

/**
 * An in-process {@link CacheStore}: cached results in a Caffeine cache bounded by their estimated
 * size, table tokens in a map of their own bounded by count (a few bytes per table, never evicted
 * to make room for results), each entry with its own timeout. Not shared between processes.
 * <p>
 * No clock is read on a look-up unless the entry has a timeout (Caffeine's own expiry would read
 * it for every key), and Caffeine's maintenance runs on the calling thread (handing it to the
 * common pool would wake a thread per write and per batch of reads, which costs a hit more than the
 * look-ups themselves). An entry past its timeout is never returned; it leaves the cache when read
 * or evicted. An evicted or dropped token makes the reads under it misses, never stale hits.
 */
public final class CaffeineCacheStore implements CacheStore {

	/** The default bound on the estimated size of all cached results: 256 MiB. */
	public static final long DEFAULT_MAXIMUM_BYTES = 256L * 1024 * 1024;

	/** The bound on table and data source tokens (about 200 bytes each). */
	static final int MAXIMUM_TOKENS = 100_000;

	private final Cache<ResultKey, Stored> results;

	/**
	 * Tokens in a plain map, read without the bookkeeping of a cache (two or more are read on every
	 * hit); past {@link #MAXIMUM_TOKENS}, arbitrary ones are dropped.
	 */
	private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

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
			.weigher((ResultKey key, Stored stored) -> stored.weight(key.key))
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Object[] getAll(String[] keys) {
		Object[] values = new Object[keys.length];
		for (int i = 0; i < keys.length; i++) {
			String key = keys[i];
			// cachalot asks for a result first, then its tokens: look where each most likely is
			Stored stored;
			if (i == 0) {
				stored = this.results.getIfPresent(new ResultKey(key));
				if (stored == null) {
					stored = token(key);
				}
			}
			else {
				stored = token(key);
				if (stored == null) {
					stored = this.results.getIfPresent(new ResultKey(key));
				}
			}
			if (stored != null) {
				if (stored.isExpired()) {
					values[i] = expired(key, stored);
				}
				else {
					stored.observe(); // before the reader reads the database, whose result it may store
					values[i] = stored.value;
				}
			}
		}
		return values;
	}

	/** A token's value as it is, without counting as fetched by a reader (for tests). */
	Object peekToken(String key) {
		Stored stored = token(key);
		return (stored != null) ? stored.value : null;
	}

	private Stored token(String key) {
		Token token = this.tokens.get(key);
		return (token != null) ? token.stored : null;
	}

	private Object expired(String key, Stored stored) {
		Token token = this.tokens.get(key);
		if (token != null && token.stored == stored) {
			this.tokens.remove(key, token); // if replaced just now, its reads become misses
		}
		this.results.asMap().remove(new ResultKey(key), stored);
		return null;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		Deadline deadline = deadline(timeout);
		entries.forEach((key, value) -> {
			// a token put here is one a reader created to store its result under
			Stored stored = new Stored(value, deadline, true);
			if (value instanceof CachedEntry) {
				this.results.put(new ResultKey(key), stored);
			}
			else {
				putToken(key, stored);
			}
		});
	}

	/**
	 * Replaces the tokens that a reader has fetched since they were written; keeps the others. A
	 * reader marks a token before it reads the database, and a write invalidates after its commit:
	 * a token the write finds unmarked was fetched by no reader before the commit, so no result
	 * read before the commit is stored under it (tables written more often than read then cost no
	 * write to a map every writer shares). Without the map of {@link #putAll}: this runs on every
	 * write.
	 */
	@Override
	public void invalidate(String[] tokenKeys, long leaseId) {
		for (String key : tokenKeys) {
			Token token = this.tokens.get(key);
			Stored current = (token != null) ? token.stored : null;
			if (current == null || current.observed || current.isExpired()) {
				putToken(key, token, new Stored(TableInvalidator.newToken(), null, false));
			}
		}
	}

	private void putToken(String key, Stored stored) {
		putToken(key, this.tokens.get(key), stored);
	}

	/** Puts a token in the cell found for its key ({@code null}: none was). */
	private void putToken(String key, Token token, Stored stored) {
		if (token == null) {
			token = this.tokens.putIfAbsent(key, new Token(stored));
			if (token == null) {
				if (this.tokens.mappingCount() > MAXIMUM_TOKENS) {
					dropTokens();
				}
				return;
			}
		}
		token.stored = stored;
	}

	/**
	 * A table's token, replaced in place: writers of one table never wait on the map's lock for it
	 * (a put of an existing key takes it), nor park when several write at once.
	 */
	private static final class Token {

		volatile Stored stored;

		Token(Stored stored) {
			this.stored = stored;
		}

	}

	/** Drops arbitrary tokens down to 90% of the bound: the reads under them become misses. */
	private void dropTokens() {
		long excess = this.tokens.mappingCount() - MAXIMUM_TOKENS * 9L / 10;
		Iterator<String> keys = this.tokens.keySet().iterator();
		while (excess-- > 0 && keys.hasNext()) {
			keys.next();
			keys.remove();
		}
	}

	@Override
	public void clear() {
		this.tokens.clear();
		this.results.invalidateAll();
	}

	/** The number of entries held (results and tokens), after pending maintenance. */
	public long size() {
		this.results.cleanUp();
		return this.results.estimatedSize() + this.tokens.mappingCount();
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
	private static final class Stored {

		final Object value;

		final Deadline deadline;

		/** A token a reader has fetched (written once, then only read by the readers that follow). */
		volatile boolean observed;

		Stored(Object value, Deadline deadline, boolean observed) {
			this.value = value;
			this.deadline = deadline;
			this.observed = observed;
		}

		void observe() {
			if (!this.observed) {
				this.observed = true;
			}
		}

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

	/**
	 * A result's key, with a hash that costs little for the keys of {@link Sha256QueryKeyGenerator}:
	 * they end in a digest, whose last characters hash as well as all of them, while
	 * {@code String.hashCode} reads every character (a tenth of a hit's time). Other keys hash as
	 * strings.
	 */
	private static final class ResultKey {

		private static final int DIGEST_CHARACTERS_HASHED = 6;

		final String key;

		private final int hash;

		ResultKey(String key) {
			this.key = key;
			this.hash = hashOf(key);
		}

		private static int hashOf(String key) {
			int length = key.length();
			if (length != Sha256QueryKeyGenerator.KEY_LENGTH || !key.startsWith(Sha256QueryKeyGenerator.KEY_PREFIX)) {
				return key.hashCode();
			}
			int hash = 0;
			for (int i = length - DIGEST_CHARACTERS_HASHED; i < length; i++) {
				hash = (hash << 6) ^ key.charAt(i); // base64: 6 bits a character
			}
			return hash;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof ResultKey that && that.hash == this.hash && that.key.equals(this.key);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public String toString() {
			return this.key;
		}

	}

}
