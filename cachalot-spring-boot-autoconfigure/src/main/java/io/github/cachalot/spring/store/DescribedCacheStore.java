package io.github.cachalot.spring.store;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.ForwardingCacheStore;

/** A store described otherwise than it describes itself: with the reason it was chosen. */
final class DescribedCacheStore extends ForwardingCacheStore {

	private final String description;

	DescribedCacheStore(CacheStore store, String description) {
		super(store);
		this.description = description;
	}

	@Override
	public String description() {
		return this.description;
	}

}
