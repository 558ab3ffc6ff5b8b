package io.github.cachalot.config;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.store.CacheStore;

/**
 * The settings cachalot consults on every statement, so that an implementation may change them at
 * runtime or per thread. Table names are unqualified and lower case.
 *
 * @see MutableCachalotSettings
 */
public interface CachalotSettings {

	/**
	 * Whether reads are served from and stored in the cache. When off, writes still invalidate
	 * (django-cachalot's {@code CACHALOT_ENABLED}).
	 */
	boolean enabled();

	/**
	 * How long a result stays cached; {@code null} for no limit, {@link Duration#ZERO} to cache
	 * nothing ({@code CACHALOT_TIMEOUT}).
	 */
	Duration timeout();

	/** Whether reads with random ordering or values are cached ({@code CACHALOT_CACHE_RANDOM}). */
	boolean cacheRandom();

	/**
	 * Whether statements whose written tables cannot be known (unparsable SQL, procedure calls,
	 * unknown functions) invalidate the whole data source ({@code CACHALOT_INVALIDATE_RAW}).
	 */
	boolean invalidateRaw();

	/** Tables whose reads are never cached; wins over {@link #onlyCachableTables()}. */
	Set<String> uncachableTables();

	/** When not empty, only reads whose every table is listed are cached. */
	Set<String> onlyCachableTables();

	/**
	 * Tables that the database changes by itself (triggers, rules) when the key table is written:
	 * each write of a key table invalidates its listed tables too.
	 */
	Map<String, Set<String>> additionalTables();

	/** Turns a read and its context into a cache key. */
	QueryKeyGenerator queryKeyGenerator();

	/** Names the cache keys of table and data source tokens. */
	TableKeyGenerator tableKeyGenerator();

	/** The largest number of rows a cached result may have. */
	int maxResultRows();

	/** The largest estimated size in bytes a cached result may have. */
	long maxResultBytes();

	/**
	 * What a write does when a shared store cannot take the announcement of its tables before it
	 * commits.
	 */
	default SharedMode sharedMode() {
		return SharedMode.STRICT;
	}

	/**
	 * How long a write announced to a shared store keeps every process off its tables at most, when
	 * the invalidation after its commit is lost. A transaction that lasts longer renews it before
	 * committing.
	 */
	default Duration lease() {
		return MutableCachalotSettings.DEFAULT_LEASE;
	}

	/**
	 * In {@link SharedMode#AVAILABLE}, how long after its read began a result from a shared store is
	 * trusted: the bound on how stale a read can be when a write could not announce itself.
	 */
	default Duration maxStaleness() {
		return MutableCachalotSettings.DEFAULT_MAX_STALENESS;
	}

	/**
	 * The cache reads go to (and are stored in), or {@code null} for the one the data source was
	 * wrapped with (django-cachalot's {@code CACHALOT_CACHE}). Writes invalidate in every cache of
	 * the cachalot, whichever this names (see {@link io.github.cachalot.store.CacheStores}).
	 */
	default CacheStore cacheStore() {
		return null;
	}

	/**
	 * The settings in force for the calling thread right now, read once per statement. Settings that
	 * vary by thread (see {@link OverridableSettings}) answer the thread's current layer; others
	 * answer themselves.
	 */
	default CachalotSettings current() {
		return this;
	}

}
