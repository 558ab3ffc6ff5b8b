package io.github.cachalot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what cachalot did for one data source: hits, misses, reads it did not cache (by
 * reason), invalidated tables and store failures. Thread-safe and cheap to update.
 */
public final class CachalotStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	private final LongAdder storeFailures = new LongAdder();

	private final ConcurrentHashMap<String, LongAdder> uncacheable = new ConcurrentHashMap<>();

	/** Counts one. */
	public void recordHit() {
		this.hits.increment();
	}

	/** Counts one. */
	public void recordMiss() {
		this.misses.increment();
	}

	/** Counts one. */
	public void recordUncacheable(String reason) {
		this.uncacheable.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	/** Counts one. */
	public void recordInvalidations(int tables) {
		this.invalidations.add(tables);
	}

	/** Counts one. */
	public void recordStoreFailure() {
		this.storeFailures.increment();
	}

	/** Reads answered from the cache. */
	public long hits() {
		return this.hits.sum();
	}

	/** Cacheable reads that went to the database. */
	public long misses() {
		return this.misses.sum();
	}

	/** Table invalidations that took effect (a data source counts as one). */
	public long invalidations() {
		return this.invalidations.sum();
	}

	/** Failed calls to the cache store. */
	public long storeFailures() {
		return this.storeFailures.sum();
	}

	/** Reads that were not cacheable, by reason. */
	public Map<String, Long> uncacheable() {
		Map<String, Long> counts = new TreeMap<>();
		this.uncacheable.forEach((reason, count) -> counts.put(reason, count.sum()));
		return counts;
	}

	/** The total of {@link #uncacheable()}. */
	public long uncacheableTotal() {
		return this.uncacheable.values().stream().mapToLong(LongAdder::sum).sum();
	}

	@Override
	public String toString() {
		return "hits=" + hits() + ", misses=" + misses() + ", uncacheable=" + uncacheable() + ", invalidations="
				+ invalidations() + ", storeFailures=" + storeFailures();
	}

}
