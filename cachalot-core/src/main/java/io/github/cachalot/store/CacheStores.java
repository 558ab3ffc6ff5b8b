package io.github.cachalot.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The caches of one cachalot: the one its data sources were wrapped with, and every other one that
 * settings have named since (an override of {@code cacheStore}, registered at startup or at its
 * first read). Reads go to the cache the settings in force name; writes invalidate in
 * {@link #everywhere() every one of them}, since any may hold results of any data source.
 * <p>
 * A cache is registered once and kept: a write must keep invalidating in a cache that some thread
 * read through earlier, whether or not any thread still names it.
 */
public final class CacheStores {

	private final CacheStore primary;

	/** The registered caches, the primary first; replaced whole on registration. */
	private volatile Named[] registered;

	/** Whether one of the registered caches is shared. */
	private volatile boolean shared;

	private final CacheStore everywhere = new Everywhere();

	private final List<BiConsumer<String, CacheStore>> listeners = new CopyOnWriteArrayList<>();

	/** The caches of a cachalot whose data sources are wrapped with {@code primary}, named {@code name}. */
	public CacheStores(String name, CacheStore primary) {
		this.primary = Objects.requireNonNull(primary);
		this.registered = new Named[] { new Named(Objects.requireNonNull(name), primary) };
		this.shared = primary.isShared();
	}

	/** The cache the data sources were wrapped with, which reads use unless the settings name another. */
	public CacheStore primary() {
		return this.primary;
	}

	/**
	 * Registers a cache under a name (for reports and metrics), unless it is registered already;
	 * returns the name it is registered under. Register at startup every cache the application may
	 * read through, so that writes made before its first read invalidate in it too.
	 */
	public String register(String name, CacheStore store) {
		Objects.requireNonNull(name);
		Objects.requireNonNull(store);
		synchronized (this) {
			for (Named named : this.registered) {
				if (named.store == store) {
					return named.name;
				}
			}
			Named[] more = Arrays.copyOf(this.registered, this.registered.length + 1);
			more[more.length - 1] = new Named(name, store);
			this.registered = more;
			this.shared |= store.isShared();
			this.listeners.forEach((listener) -> listener.accept(name, store));
			return name;
		}
	}

	/** Calls the listener with every cache registered so far, and with each one registered later. */
	public void forEachRegistered(BiConsumer<String, CacheStore> listener) {
		synchronized (this) {
			this.listeners.add(listener);
			for (Named named : this.registered) {
				listener.accept(named.name, named.store);
			}
		}
	}

	/**
	 * The store a read goes to, registering it on its first use (under its description). Called on
	 * the read path only when the settings name another cache than the primary: a few identity
	 * checks.
	 */
	public CacheStore use(CacheStore store) {
		for (Named named : this.registered) {
			if (named.store == store) {
				return store;
			}
		}
		register(store.description(), store);
		return store;
	}

	/** The registered caches by name, the primary first. */
	public Map<String, CacheStore> all() {
		Map<String, CacheStore> all = new LinkedHashMap<>();
		for (Named named : this.registered) {
			all.put(named.name, named.store);
		}
		return all;
	}

	/** The name a cache is registered under, or {@code null}. */
	public String nameOf(CacheStore store) {
		for (Named named : this.registered) {
			if (named.store == store) {
				return named.name;
			}
		}
		return null;
	}

	/**
	 * A store that writes to every registered cache: invalidations and {@link CacheStore#clear()}
	 * reach all of them, announcements every shared one; it is shared when one of them is, and
	 * counts the losses of all. A call that fails in one cache is made in the others all the same,
	 * then throws the first failure (a retry makes it again everywhere, which at worst invalidates
	 * twice). Look-ups and puts go to the primary.
	 */
	public CacheStore everywhere() {
		return this.everywhere;
	}

	private record Named(String name, CacheStore store) {
	}

	/** One call made in each of several caches. */
	@FunctionalInterface
	private interface Call {

		void on(CacheStore store);

	}

	private final class Everywhere implements CacheStore {

		@Override
		public Object[] getAll(String[] keys) {
			return CacheStores.this.primary.getAll(keys);
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			CacheStores.this.primary.putAll(entries, timeout);
		}

		@Override
		public void clear() {
			each(false, CacheStore::clear);
		}

		@Override
		public String description() {
			Named[] all = CacheStores.this.registered;
			if (all.length == 1) {
				return all[0].store.description();
			}
			StringBuilder text = new StringBuilder();
			for (Named named : all) {
				text.append((text.length() == 0) ? "" : "; ").append("cache '").append(named.name).append("': ")
					.append(named.store.description());
			}
			return text.toString();
		}

		@Override
		public boolean isShared() {
			return CacheStores.this.shared;
		}

		@Override
		public void announce(String[] tokenKeys, long leaseId, Duration lease) {
			// a store that is not shared never loses the invalidation after the commit: no lease needed
			each(true, (store) -> store.announce(tokenKeys, leaseId, lease));
		}

		@Override
		public void invalidate(String[] tokenKeys, long leaseId) {
			Named[] all = CacheStores.this.registered;
			if (all.length == 1) {
				all[0].store.invalidate(tokenKeys, leaseId); // every write: no capture, no loop
				return;
			}
			each(false, (store) -> store.invalidate(tokenKeys, leaseId));
		}

		@Override
		public long losses() {
			long losses = 0;
			for (Named named : CacheStores.this.registered) {
				losses += named.store.losses();
			}
			return losses;
		}

		private void each(boolean sharedOnly, Call call) {
			RuntimeException failure = null;
			for (Named named : CacheStores.this.registered) {
				if (sharedOnly && !named.store.isShared()) {
					continue;
				}
				try {
					call.on(named.store);
				}
				catch (RuntimeException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
			if (failure != null) {
				throw failure;
			}
		}

	}

}
