package io.github.cachalot.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.cachalot.invalidation.TableInvalidator;

/**
 * Where cachalot keeps results and table tokens. Values are {@link CachedEntry} results and
 * {@link Long} tokens. Fit for a network store: a hit is one {@link #getAll} call. Any method may
 * throw (store down, timeout); cachalot then falls back to the database.
 * <p>
 * Freshness requires that a read of a key returns the latest value written to it once that write
 * has returned (per-key linearizability): a store that reads from lagging replicas is not fit.
 * <p>
 * A {@linkplain #isShared() shared} store may lose or delay what it was told, so writes go through
 * a stricter protocol: a write {@linkplain #announce announces} its tables before it commits, and
 * {@linkplain #invalidate invalidates} them after. The defaults below are those of a store that
 * can do no better than plain puts; a store that can (Redis) holds leases, stores conditionally and
 * reports {@linkplain #losses() losses}.
 */
public interface CacheStore {

	/**
	 * The values under the given keys, in order, {@code null} where a key has no value (or a value
	 * that could not be read back), {@link Lease#HELD} where a token is leased by a write in
	 * progress. One round trip.
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

	/**
	 * Whether other processes may share this store, or it may lose or delay writes (a network
	 * store): writes then announce their tables before they commit. An in-process store is not.
	 */
	default boolean isShared() {
		return false;
	}

	/**
	 * Creates table tokens that a look-up found missing (or unreadable), except where a write holds
	 * a lease on them meanwhile. Replacing a token another caller wrote meanwhile is harmless: it
	 * only invalidates.
	 * @return whether every token was created; when not, nothing may be stored under them
	 */
	default boolean createTokens(Map<String, Long> tokens) {
		putAll(new HashMap<>(tokens), null);
		return true;
	}

	/**
	 * Stores a result read under the given tokens, unless one of them changed meanwhile (a store
	 * that cannot compare stores it anyway: the tokens are compared again at every hit).
	 * @param key the result's key
	 * @param entry the result and the tokens it was read under
	 * @param tokenKeys the keys of those tokens, in the order of {@link CachedEntry#tokens()}
	 * @param timeout how long it lives, or {@code null} for as long as the store keeps it
	 */
	default void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		putAll(Map.of(key, entry), timeout);
	}

	/**
	 * Before a write commits: marks the given tokens as being written, so that no process trusts or
	 * stores results read under them until {@link #invalidate} ends the lease or it runs out (when
	 * the invalidation after the commit is lost). A store without leases replaces the tokens.
	 * @param tokenKeys the keys of the tokens written
	 * @param leaseId the writer's lease, ended by the {@link #invalidate} with the same id
	 * @param lease how long the lease holds at most
	 */
	default void announce(String[] tokenKeys, long leaseId, Duration lease) {
		invalidate(tokenKeys, 0);
	}

	/**
	 * After a write (or when its outcome is unknown): replaces the given tokens with new ones, which
	 * makes every result read under them stale, and ends the writer's lease. A token still leased
	 * by another writer stays leased: that writer's own invalidation replaces it. A store may keep a
	 * token that no reader has fetched since it was written: no result is stored under it.
	 * @param tokenKeys the keys of the tokens written
	 * @param leaseId the writer's lease, or 0 when it announced none
	 */
	default void invalidate(String[] tokenKeys, long leaseId) {
		Map<String, Object> tokens = new HashMap<>();
		for (String key : tokenKeys) {
			tokens.put(key, TableInvalidator.newToken());
		}
		putAll(tokens, null);
	}

	/**
	 * How many times this store found that it may have lost what it held (it restarted, failed
	 * over, or was flushed); each data source then invalidates everything once more, before it
	 * trusts the store again. A store that cannot tell answers 0.
	 */
	default long losses() {
		return 0;
	}

}
