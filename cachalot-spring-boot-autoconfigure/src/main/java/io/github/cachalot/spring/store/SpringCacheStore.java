package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;

import org.springframework.cache.Cache;

import io.github.cachalot.store.CacheStore;

/**
 * A {@link CacheStore} over any Spring {@link Cache}: one {@code get} per key, so a hit costs as
 * many calls as the read has keys (its result and one token per table). Values that must expire
 * are stored with their deadline, which is checked on every read, since a Spring cache has no
 * timeout per entry.
 */
public final class SpringCacheStore implements CacheStore {

	private final Cache cache;

	private final String description;

	/** A store in the given cache, described as given in logs and reports. */
	public SpringCacheStore(Cache cache, String description) {
		this.cache = cache;
		this.description = description;
	}

	/** The cache written to. */
	public Cache cache() {
		return this.cache;
	}

	@Override
	public Object[] getAll(String[] keys) {
		Object[] values = new Object[keys.length];
		long now = 0;
		for (int i = 0; i < keys.length; i++) {
			Cache.ValueWrapper wrapper = this.cache.get(keys[i]);
			Object value = (wrapper != null) ? wrapper.get() : null;
			if (value instanceof Expiring expiring) {
				if (now == 0) {
					now = System.currentTimeMillis();
				}
				value = (now < expiring.deadlineMillis) ? expiring.value : null;
			}
			values[i] = value;
		}
		return values;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		if (timeout == null) {
			entries.forEach(this.cache::put);
			return;
		}
		long deadline = deadline(timeout);
		entries.forEach((key, value) -> this.cache.put(key, new Expiring(value, deadline)));
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	@Override
	public String description() {
		return this.description;
	}

	private static long deadline(Duration timeout) {
		try {
			return Math.addExact(System.currentTimeMillis(), timeout.toMillis());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/** A value and the wall-clock time (epoch milliseconds) it expires at. */
	record Expiring(Object value, long deadlineMillis) {
	}

}
