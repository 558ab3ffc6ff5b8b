package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CachedEntry;

/** A store described otherwise than it describes itself: with the reason it was chosen. */
final class DescribedCacheStore implements CacheStore {

	private final CacheStore store;

	private final String description;

	DescribedCacheStore(CacheStore store, String description) {
		this.store = store;
		this.description = description;
	}

	/** The store that does the work. */
	CacheStore store() {
		return this.store;
	}

	@Override
	public Object[] getAll(String[] keys) {
		return this.store.getAll(keys);
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		this.store.putAll(entries, timeout);
	}

	@Override
	public void clear() {
		this.store.clear();
	}

	// what follows has defaults in CacheStore: forwarded, so that the store's own ways apply

	@Override
	public boolean isShared() {
		return this.store.isShared();
	}

	@Override
	public boolean createTokens(Map<String, Long> tokens) {
		return this.store.createTokens(tokens);
	}

	@Override
	public void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		this.store.putEntry(key, entry, tokenKeys, timeout);
	}

	@Override
	public void announce(String[] tokenKeys, long leaseId, Duration lease) {
		this.store.announce(tokenKeys, leaseId, lease);
	}

	@Override
	public void invalidate(String[] tokenKeys, long leaseId) {
		this.store.invalidate(tokenKeys, leaseId);
	}

	@Override
	public long losses() {
		return this.store.losses();
	}

	@Override
	public String description() {
		return this.description;
	}

}
