package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;

import io.github.cachalot.store.CacheStore;

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

	@Override
	public String description() {
		return this.description;
	}

}
