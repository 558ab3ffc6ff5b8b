package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A store that hands every call to another. Extend it and override only what a store adds to
 * another (a description, a fault, a hook): every other call, the defaults of {@link CacheStore}
 * included, still reaches the store that does the work, with its own ways (a token kept, a lease).
 */
public abstract class ForwardingCacheStore implements CacheStore {

	private final CacheStore delegate;

	protected ForwardingCacheStore(CacheStore delegate) {
		this.delegate = Objects.requireNonNull(delegate);
	}

	/** The store the calls are handed to. */
	protected final CacheStore delegate() {
		return this.delegate;
	}

	@Override
	public Object[] getAll(String[] keys) {
		return this.delegate.getAll(keys);
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		this.delegate.putAll(entries, timeout);
	}

	@Override
	public void clear() {
		this.delegate.clear();
	}

	@Override
	public String description() {
		return this.delegate.description();
	}

	@Override
	public boolean isShared() {
		return this.delegate.isShared();
	}

	@Override
	public boolean createTokens(Map<String, Long> tokens) {
		return this.delegate.createTokens(tokens);
	}

	@Override
	public void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		this.delegate.putEntry(key, entry, tokenKeys, timeout);
	}

	@Override
	public void announce(String[] tokenKeys, long leaseId, Duration lease) {
		this.delegate.announce(tokenKeys, leaseId, lease);
	}

	@Override
	public void invalidate(String[] tokenKeys, long leaseId) {
		this.delegate.invalidate(tokenKeys, leaseId);
	}

	@Override
	public long losses() {
		return this.delegate.losses();
	}

}
