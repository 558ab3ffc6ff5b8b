package io.github.cachalot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

	private final LongAdder lookups = new LongAdder();

	private final LongAdder lookupNanos = new LongAdder();

	private final ConcurrentHashMap<String, LongAdder> uncacheable = new ConcurrentHashMap<>();

	private final CopyOnWriteArrayList<Consumer<String>> reasonListeners = new CopyOnWriteArrayList<>();

	/** Counts one. */
	public void recordHit() {
		this.hits.increment();
	}

	/** Counts one. */
	public void recordMiss() {
		this.misses.increment();
	}

	/** Counts one; the first time a reason is seen, the reason listeners are told. */
	public void recordUncacheable(String reason) {
		LongAdder count = this.uncacheable.get(reason);
		if (count == null) {
			LongAdder created = new LongAdder();
			count = this.uncacheable.putIfAbsent(reason, created);
			if (count == null) {
				count = created;
				for (Consumer<String> listener : this.reasonListeners) {
					listener.accept(reason);
				}
			}
		}
		count.increment();
	}

	/**
	 * Counts one look-up of the cache (key, one store round trip, freshness check) and adds its
	 * time: what a sample of look-ups took, scaled to all of them (0 for one not timed).
	 */
	public void recordLookup(long nanos) {
		this.lookups.increment();
		this.lookupNanos.add(nanos);
	}

	/**
	 * Calls the listener with each reason already counted and, from now on, with each reason the
	 * first time it is counted (for meters per reason).
	 */
	public void addReasonListener(Consumer<String> listener) {
		this.reasonListeners.add(listener);
		this.uncacheable.keySet().forEach(listener);
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

	/** Look-ups of the cache, whose total time is {@link #lookupNanos()}. */
	public long lookups() {
		return this.lookups.sum();
	}

	/**
	 * The total time spent in look-ups of the cache, estimated from a random sample of them (one in
	 * eight is timed: reading the clock costs a hit more than the sample's error).
	 */
	public long lookupNanos() {
		return this.lookupNanos.sum();
	}

	/** The number of reads that were not cacheable for the given reason. */
	public long uncacheable(String reason) {
		LongAdder count = this.uncacheable.get(reason);
		return (count != null) ? count.sum() : 0;
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
