package io.github.cachalot.autoconfigure.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * One wrapped data source, as the {@code cachalot} endpoint reports it.
 * @param store what backs its cache
 * @param caches every cache its reads may go to (the first is {@code store}), which its writes
 * invalidate, by name, each with what backs it and the reads it answered and missed there
 * @param database the database it is on, whose every data source shares its invalidations;
 * {@code null} until its first connection (unless {@code cachalot.key-scope} names it)
 * @param keyScope what prefixes its name in its result keys; {@code null} until its first
 * connection when derived
 * @param lastInvalidations when this application last invalidated each table through it, {@code *}
 * for the whole database
 * @param pendingInvalidations whether an invalidation waits for the store to take it (reads of
 * its tables bypass the cache meanwhile)
 * @param counters what cachalot did for it so far
 */
public record DataSourceDescriptor(String store, Map<String, CacheDescriptor> caches,
		@Nullable DatabaseDescriptor database, @Nullable String keyScope,
		Map<String, Instant> lastInvalidations, boolean pendingInvalidations, CountersDescriptor counters) {

	/** Describes the given data source as it is now. */
	static DataSourceDescriptor of(CachingDataSource dataSource) {
		String database = dataSource.database();
		Map<String, CacheDescriptor> caches = new LinkedHashMap<>();
		dataSource.stores().all().forEach((name, store) -> {
			CachingDataSource.CacheReads reads = dataSource.readsIn(store);
			caches.put(name, new CacheDescriptor(store.description(), reads.hits(), reads.misses()));
		});
		return new DataSourceDescriptor(dataSource.store().description(), caches,
				(database != null) ? new DatabaseDescriptor(database, dataSource.databaseDescription()) : null,
				dataSource.keyScope(), new TreeMap<>(dataSource.invalidator().lastInvalidations()),
				dataSource.invalidator().hasPending(), CountersDescriptor.of(dataSource.statistics()));
	}

	/**
	 * One cache of a data source.
	 * @param store what backs it
	 * @param hits the data source's reads answered from it
	 * @param misses the data source's reads that missed it
	 */
	public record CacheDescriptor(String store, long hits, long misses) {
	}

	/**
	 * A database as cachalot names it in its token keys.
	 * @param id what its token keys are built from
	 * @param description what the id was derived from (no credentials)
	 */
	public record DatabaseDescriptor(String id, String description) {
	}

}
