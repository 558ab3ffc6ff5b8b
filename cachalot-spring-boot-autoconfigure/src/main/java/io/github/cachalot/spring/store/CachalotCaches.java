package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.StringUtils;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CacheStores;

/**
 * The caches {@code cache-alias} and {@code cache-name} name, each resolved once (as at startup,
 * with the same errors) and then remembered: the one configured at startup, which the data sources
 * are wrapped with, and every other one an override, a setter or {@code cachalot.invalidate-caches}
 * names. Once {@linkplain #attach attached} to the cachalot, each is registered in its
 * {@link CacheStores}, which every write invalidates.
 */
public final class CachalotCaches {

	private final CacheStoreResolver resolver;

	private final long inProcessMaxBytes;

	private final Duration backoff;

	private final byte[] signingKey;

	/** The configured cache-alias and cache-name, live. */
	private final Supplier<String> configuredAlias;

	private final Supplier<String> configuredName;

	private final Map<Key, CacheStore> resolved = new ConcurrentHashMap<>();

	private volatile CacheStores stores;

	/**
	 * Caches resolved in the given factory, with the configuration of the store made when a name is
	 * not found (see {@link CacheStoreResolver#resolve}).
	 * @param configuredAlias the configured cache-alias, read when an override does not name one
	 * @param configuredName the configured cache-name, read when an override or an entry of
	 * {@code invalidate-caches} does not name one
	 */
	public CachalotCaches(ListableBeanFactory beanFactory, Supplier<String> configuredAlias,
			Supplier<String> configuredName, long inProcessMaxBytes, Duration backoff, byte[] signingKey) {
		this.resolver = new CacheStoreResolver(beanFactory);
		this.configuredAlias = configuredAlias;
		this.configuredName = configuredName;
		this.inProcessMaxBytes = inProcessMaxBytes;
		this.backoff = backoff;
		this.signingKey = signingKey;
	}

	/**
	 * The store of a cache: {@code cacheAlias} names the CacheManager bean ({@code null} or blank for
	 * the default one), {@code cacheName} the cache in it. Resolved once; fails as startup does when
	 * the CacheManager or the cache does not exist.
	 */
	public CacheStore store(String cacheAlias, String cacheName) {
		Key key = new Key(StringUtils.hasText(cacheAlias) ? cacheAlias : null, cacheName);
		CacheStore store = this.resolved.get(key);
		if (store == null) {
			synchronized (this.resolved) {
				store = this.resolved.computeIfAbsent(key, (k) -> this.resolver.resolve(k.alias, k.name,
						this.inProcessMaxBytes, this.backoff, this.signingKey));
			}
			CacheStores attached = this.stores;
			if (attached != null) {
				attached.register(key.toString(), store);
			}
		}
		return store;
	}

	/**
	 * The store of an entry of {@code cachalot.invalidate-caches}: a CacheManager bean name, with
	 * {@code /cache-name} when the cache is not the configured {@code cache-name}.
	 */
	public CacheStore store(String entry) {
		int slash = entry.indexOf('/');
		return (slash < 0) ? store(entry.trim(), this.configuredName.get())
				: store(entry.substring(0, slash).trim(), entry.substring(slash + 1).trim());
	}

	/**
	 * The store of the cache an override names: the half it does not give ({@code null}) is the
	 * configured one.
	 */
	public CacheStore overriding(String cacheAlias, String cacheName) {
		return store((cacheAlias != null) ? cacheAlias : this.configuredAlias.get(),
				(cacheName != null) ? cacheName : this.configuredName.get());
	}

	/** The name reports give the cache of this alias and name: {@code alias/name}, or the name alone. */
	public static String nameOf(String cacheAlias, String cacheName) {
		return new Key(StringUtils.hasText(cacheAlias) ? cacheAlias : null, cacheName).toString();
	}

	/** Registers every cache resolved so far in the cachalot's caches, and those resolved later. */
	public void attach(CacheStores stores) {
		synchronized (this.resolved) {
			this.stores = stores;
			this.resolved.forEach((key, store) -> stores.register(key.toString(), store));
		}
	}

	private record Key(String alias, String name) {

		@Override
		public String toString() {
			return (this.alias != null) ? this.alias + "/" + this.name : this.name;
		}

	}

}
