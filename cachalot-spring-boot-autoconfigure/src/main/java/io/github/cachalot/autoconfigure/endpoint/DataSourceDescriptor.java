package io.github.cachalot.autoconfigure.endpoint;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * One wrapped data source, as the {@code cachalot} endpoint reports it.
 * @param store what backs its cache
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
public record DataSourceDescriptor(String store, @Nullable DatabaseDescriptor database, @Nullable String keyScope,
		Map<String, Instant> lastInvalidations, boolean pendingInvalidations, CountersDescriptor counters) {

	/** Describes the given data source as it is now. */
	static DataSourceDescriptor of(CachingDataSource dataSource) {
		String database = dataSource.database();
		return new DataSourceDescriptor(dataSource.store().description(),
				(database != null) ? new DatabaseDescriptor(database, dataSource.databaseDescription()) : null,
				dataSource.keyScope(), new TreeMap<>(dataSource.invalidator().lastInvalidations()),
				dataSource.invalidator().hasPending(), CountersDescriptor.of(dataSource.statistics()));
	}

	/**
	 * A database as cachalot names it in its token keys.
	 * @param id what its token keys are built from
	 * @param description what the id was derived from (no credentials)
	 */
	public record DatabaseDescriptor(String id, String description) {
	}

}
