package io.github.cachalot.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.Lease;

/**
 * A shared store in memory that keeps the protocol of the Redis one: leases on tokens until their
 * writer's invalidation or their deadline, tokens created only where no lease is, results stored only
 * under unchanged tokens, losses counted. Each kind of call can be made to fail, and the store can
 * be made to lose everything, as a restarted Redis does.
 */
public final class LeasingStore implements CacheStore {

	/** Results and tokens; timeouts are not kept (the tests that use this store do not need them). */
	private final Map<String, Object> values = new ConcurrentHashMap<>();

	/** Per token key: the leases held, by id, with their deadlines (epoch milliseconds). */
	private final Map<String, Map<Long, Long>> leases = new ConcurrentHashMap<>();

	private final AtomicLong losses = new AtomicLong();

	/** Every call fails. */
	public volatile boolean failing;

	/** Announcements fail. */
	public volatile boolean failAnnouncements;

	/** Invalidations fail (as when the store dies between a commit's announcement and its invalidation). */
	public volatile boolean failInvalidations;

	/** Counts announcements taken. */
	public final AtomicLong announcements = new AtomicLong();

	@Override
	public synchronized Object[] getAll(String[] keys) {
		fail(this.failing);
		Object[] found = new Object[keys.length];
		for (int i = 0; i < keys.length; i++) {
			found[i] = (i > 0 && isLeased(keys[i])) ? Lease.HELD : this.values.get(keys[i]);
		}
		return found;
	}

	@Override
	public synchronized void putAll(Map<String, Object> entries, Duration timeout) {
		fail(this.failing);
		this.values.putAll(entries);
	}

	@Override
	public synchronized void clear() {
		this.values.clear();
		this.leases.clear();
	}

	@Override
	public String description() {
		return "a leasing test store";
	}

	@Override
	public boolean isShared() {
		return true;
	}

	@Override
	public synchronized boolean createTokens(Map<String, Long> tokens) {
		fail(this.failing);
		boolean created = true;
		for (Map.Entry<String, Long> token : tokens.entrySet()) {
			if (isLeased(token.getKey())) {
				created = false;
			}
			else {
				this.values.put(token.getKey(), token.getValue());
			}
		}
		return created;
	}

	@Override
	public synchronized void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		fail(this.failing);
		for (int i = 0; i < tokenKeys.length; i++) {
			if (isLeased(tokenKeys[i]) || !(this.values.get(tokenKeys[i]) instanceof Long token)
					|| token != entry.tokens()[i]) {
				return;
			}
		}
		this.values.put(key, entry);
	}

	@Override
	public synchronized void announce(String[] tokenKeys, long leaseId, Duration lease) {
		fail(this.failing || this.failAnnouncements);
		long deadline = System.currentTimeMillis() + lease.toMillis();
		for (String key : tokenKeys) {
			this.leases.computeIfAbsent(key, (k) -> new HashMap<>()).put(leaseId, deadline);
		}
		this.announcements.incrementAndGet();
	}

	@Override
	public synchronized void invalidate(String[] tokenKeys, long leaseId) {
		fail(this.failing || this.failInvalidations);
		for (String key : tokenKeys) {
			Map<Long, Long> held = this.leases.get(key);
			if (held != null) {
				held.remove(leaseId);
			}
			this.values.put(key, TableInvalidator.newToken());
		}
	}

	@Override
	public long losses() {
		return this.losses.get();
	}

	/** What the store holds now, as a Redis snapshot on disk would keep it. */
	public synchronized Map<String, Object> snapshot() {
		return new HashMap<>(this.values);
	}

	/**
	 * Restarts from a snapshot (empty for a Redis that keeps nothing), losing every write since,
	 * and counts the loss as Redis's scripts tell it.
	 */
	public synchronized void restartFrom(Map<String, Object> snapshot) {
		this.values.clear();
		this.values.putAll(snapshot);
		this.leases.clear();
		this.losses.incrementAndGet();
	}

	/** Whether a write holds a lease on the token that has not run out. */
	public synchronized boolean isLeased(String key) {
		Map<Long, Long> held = this.leases.get(key);
		if (held == null) {
			return false;
		}
		long now = System.currentTimeMillis();
		held.values().removeIf((deadline) -> deadline <= now);
		return !held.isEmpty();
	}

	/** Whether any token is leased. */
	public synchronized boolean anyLeased() {
		return this.leases.keySet().stream().anyMatch(this::isLeased);
	}

	/** Whether the store holds a result. */
	public boolean anyResult() {
		return this.values.values().stream().anyMatch(CachedEntry.class::isInstance);
	}

	private static void fail(boolean failing) {
		if (failing) {
			throw new IllegalStateException("the test store is down");
		}
	}

}
