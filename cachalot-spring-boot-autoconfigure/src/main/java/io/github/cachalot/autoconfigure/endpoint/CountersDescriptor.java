package io.github.cachalot.autoconfigure.endpoint;

import java.util.Map;

import io.github.cachalot.CachalotStatistics;

/**
 * The counters of one wrapped data source, as the {@code cachalot} endpoint reports them.
 * @param hits reads answered from the cache
 * @param misses cacheable reads that went to the database
 * @param uncacheable reads that were not cacheable, by reason
 * @param invalidations table invalidations that took effect (a whole data source counts as one)
 * @param storeFailures failed calls to the cache store
 */
public record CountersDescriptor(long hits, long misses, Map<String, Long> uncacheable, long invalidations,
		long storeFailures) {

	/** A snapshot of the given statistics. */
	static CountersDescriptor of(CachalotStatistics statistics) {
		return new CountersDescriptor(statistics.hits(), statistics.misses(), statistics.uncacheable(),
				statistics.invalidations(), statistics.storeFailures());
	}

}
