package io.github.cachalot.memo;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe memo of values that can always be computed again, bounded by count: past its
 * bound it forgets everything at once and fills anew. A look-up is one {@link ConcurrentHashMap}
 * read (no eviction bookkeeping, no clock), which is what the hit path needs; it suits memos whose
 * keys are few in practice (statements, table sets), not caches. Internal to cachalot.
 * @param <K> the key
 * @param <V> the value
 */
public final class BoundedMemo<K, V> {

	private final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();

	private final int maximumSize;

	/** A memo of up to {@code maximumSize} entries. */
	public BoundedMemo(int maximumSize) {
		this.maximumSize = maximumSize;
	}

	/** The remembered value, or {@code null}. */
	public V get(K key) {
		return this.values.get(key);
	}

	/** Remembers a value (forgetting everything first when full). */
	public void put(K key, V value) {
		if (this.values.size() >= this.maximumSize) {
			this.values.clear();
		}
		this.values.put(key, value);
	}

	/** Forgets everything. */
	public void clear() {
		this.values.clear();
	}

}
