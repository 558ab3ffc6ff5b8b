package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link CacheStore} that stops calling a failing store for a while, so that an unreachable or
 * slow network store costs one timeout, not one per statement. While open, every call fails at once
 * (reads go to the database, invalidations stay pending in cachalot and are retried); after the
 * pause one call is let through to probe the store, and its success closes the breaker.
 */
public final class CircuitBreakingCacheStore implements CacheStore {

	private final CacheStore delegate;

	private final long pauseNanos;

	private final LongSupplier clock;

	private volatile long openUntil;

	private volatile boolean open;

	private final AtomicBoolean probing = new AtomicBoolean();

	/** Guards the store; after a failure it is not called again for {@code pause}. */
	public CircuitBreakingCacheStore(CacheStore delegate, Duration pause) {
		this(delegate, pause, System::nanoTime);
	}

	CircuitBreakingCacheStore(CacheStore delegate, Duration pause, LongSupplier clock) {
		this.delegate = delegate;
		this.pauseNanos = pause.toNanos();
		this.clock = clock;
	}

	/** The guarded store. */
	public CacheStore delegate() {
		return this.delegate;
	}

	/** Whether calls currently fail fast. */
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public Object[] getAll(String[] keys) {
		return guarded(() -> this.delegate.getAll(keys));
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		guarded(() -> {
			this.delegate.putAll(entries, timeout);
			return null;
		});
	}

	@Override
	public void clear() {
		guarded(() -> {
			this.delegate.clear();
			return null;
		});
	}

	@Override
	public boolean isShared() {
		return this.delegate.isShared();
	}

	@Override
	public boolean createTokens(Map<String, Long> tokens) {
		return guarded(() -> this.delegate.createTokens(tokens));
	}

	@Override
	public void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		guarded(() -> {
			this.delegate.putEntry(key, entry, tokenKeys, timeout);
			return null;
		});
	}

	@Override
	public void announce(String[] tokenKeys, long leaseId, Duration lease) {
		guarded(() -> {
			this.delegate.announce(tokenKeys, leaseId, lease);
			return null;
		});
	}

	@Override
	public void invalidate(String[] tokenKeys, long leaseId) {
		guarded(() -> {
			this.delegate.invalidate(tokenKeys, leaseId);
			return null;
		});
	}

	@Override
	public long losses() {
		return this.delegate.losses();
	}

	/** Calls the store unless the breaker is open; a failure opens it, the probe's success closes it. */
	private <T> T guarded(Supplier<T> call) {
		boolean probe = enter();
		try {
			T result = call.get();
			succeeded(probe);
			return result;
		}
		catch (RuntimeException | Error ex) {
			failed(probe);
			throw ex;
		}
	}

	@Override
	public String description() {
		return this.delegate.description();
	}

	/** Returns whether this call is the probe of an open breaker; throws when it must fail fast. */
	private boolean enter() {
		if (!this.open) {
			return false;
		}
		if (this.clock.getAsLong() - this.openUntil >= 0 && this.probing.compareAndSet(false, true)) {
			return true;
		}
		throw new StoreUnavailableException(this.delegate.description() + " failed recently; not called until "
				+ "a probe succeeds");
	}

	private void succeeded(boolean probe) {
		// only the probe closes the breaker: a call that started before it opened proves nothing
		if (probe) {
			this.open = false;
			this.probing.set(false);
		}
	}

	private void failed(boolean probe) {
		this.openUntil = this.clock.getAsLong() + this.pauseNanos;
		this.open = true;
		if (probe) {
			this.probing.set(false);
		}
	}

	/** Thrown instead of calling a store that failed recently. */
	public static final class StoreUnavailableException extends IllegalStateException {

		StoreUnavailableException(String message) {
			super(message);
		}

	}

}
