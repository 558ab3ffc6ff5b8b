package io.github.cachalot.autoconfigure.endpoint;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * One wrapped data source, as the {@code cachalot} endpoint reports it.
 * @param store what backs its cache
 * @param lastInvalidations when this application last invalidated each table, {@code *} for the
 * whole data source
 * @param pendingInvalidations whether an invalidation waits for the store to take it (reads of
 * its tables bypass the cache meanwhile)
 * @param counters what cachalot did for it so far
 */
public record DataSourceDescriptor(String store, Map<String, Instant> lastInvalidations,
		boolean pendingInvalidations, CountersDescriptor counters) {

	/** Describes the given data source as it is now. */
	static DataSourceDescriptor of(CachingDataSource dataSource) {
		return new DataSourceDescriptor(dataSource.store().description(),
				new TreeMap<>(dataSource.invalidator().lastInvalidations()), dataSource.invalidator().hasPending(),
				CountersDescriptor.of(dataSource.statistics()));
	}

}
