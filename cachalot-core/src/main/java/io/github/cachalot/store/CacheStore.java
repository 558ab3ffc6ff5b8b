package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;

/**
 * Where cachalot keeps results and table tokens. Values are {@link CachedEntry} results and
 * {@link Long} tokens. Fit for a network store: a hit is one {@link #getAll} call. Any method may
 * throw (store down, timeout); cachalot then falls back to the database.
 * <p>
 * Freshness requires that a read of a key returns the latest value written to it once that write
 * has returned (per-key linearizability): a store that reads from lagging replicas is not fit.
 */
public interface CacheStore {

	/**
	 * The values under the given keys, in order, {@code null} where a key has no value (or a value
	 * that could not be read back). One round trip.
	 */
	Object[] getAll(String[] keys);

	/**
	 * Stores the given values.
	 * @param entries the values by key
	 * @param timeout how long they live, or {@code null} for as long as the store keeps them
	 */
	void putAll(Map<String, Object> entries, Duration timeout);

	/** Removes everything this store holds for cachalot. */
	void clear();

	/** What backs this store, for logs and reports. */
	String description();

}
