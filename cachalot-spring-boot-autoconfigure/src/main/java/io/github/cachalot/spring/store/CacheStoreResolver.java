package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.store.CircuitBreakingCacheStore;

/**
 * Finds what backs cachalot's cache: the {@link CacheManager} bean named by the alias, else the
 * application's only or primary one, else a new in-process Caffeine store. Without an alias, the
 * application's manager is used only where it can give cachalot a cache of its own that has a
 * bound: a manager with fixed caches and none of that name, or one that would create an unbounded
 * in-process cache just for cachalot, leaves cachalot on its own bounded in-process store, and the
 * startup line says why. Fails with a message that says what to do when an alias names nothing, or
 * the manager it names has no such cache.
 */
public final class CacheStoreResolver {

	private static final Logger logger = LoggerFactory.getLogger(CacheStoreResolver.class);

	private static final ClassLoader CLASS_LOADER = CacheStoreResolver.class.getClassLoader();

	private static final boolean REDIS_PRESENT = ClassUtils.isPresent("org.springframework.data.redis.cache.RedisCache",
			CLASS_LOADER);

	/** In spring-context-support, which an application with a CacheManager of spring-context alone lacks. */
	private static final boolean TRANSACTION_AWARE_PRESENT = ClassUtils
		.isPresent("org.springframework.cache.transaction.TransactionAwareCacheDecorator", CLASS_LOADER);

	private static final String CAFFEINE_CACHE = "org.springframework.cache.caffeine.CaffeineCache";

	private final ListableBeanFactory beanFactory;

	/** A resolver that looks up cache managers in the given factory. */
	public CacheStoreResolver(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * The store for the given settings.
	 * @param cacheAlias the bean name of the cache manager, or {@code null} for the default one
	 * @param cacheName the cache inside the manager
	 * @param inProcessMaxBytes the bound of the in-process store made when there is no manager
	 * @param backoff how long a network store that failed is left alone
	 * @param signingKey the secret values in a store that encodes them are signed with, or
	 * {@code null} for unsigned values
	 */
	public CacheStore resolve(String cacheAlias, String cacheName, long inProcessMaxBytes, Duration backoff,
			byte[] signingKey) {
		Map<String, CacheManager> managers = this.beanFactory.getBeansOfType(CacheManager.class);
		String managerName;
		boolean named = StringUtils.hasText(cacheAlias);
		if (named) {
			if (!managers.containsKey(cacheAlias)) {
				throw new IllegalStateException("cachalot.cache-alias is '" + cacheAlias
						+ "', but there is no CacheManager bean of that name; "
						+ (managers.isEmpty() ? "the application has no CacheManager (remove the alias to use an in-process cache)"
								: "the CacheManager beans are " + new TreeSet<>(managers.keySet())));
			}
			managerName = cacheAlias;
		}
		else if (managers.isEmpty()) {
			return new CaffeineCacheStore(inProcessMaxBytes);
		}
		else if (managers.size() == 1) {
			managerName = managers.keySet().iterator().next();
		}
		else {
			managerName = primary(managers);
		}
		CacheManager manager = managers.get(managerName);
		boolean declared = manager.getCacheNames().contains(cacheName);
		if (!named && !declared && manager instanceof ConcurrentMapCacheManager) {
			// not even asked: it would make the cache, in the application's manager, for nothing
			return inProcess(inProcessMaxBytes, unboundedReason(managerName, manager, cacheName));
		}
		Cache cache = manager.getCache(cacheName);
		if (cache == null) {
			if (!named) {
				return inProcess(inProcessMaxBytes, "CacheManager '" + managerName + "' has no cache named '"
						+ cacheName + "' (its caches are " + new TreeSet<>(manager.getCacheNames())
						+ "); declare one, or set cachalot.cache-alias to require it");
			}
			throw new IllegalStateException("CacheManager '" + managerName + "' has no cache named '" + cacheName
					+ "' (its caches are " + new TreeSet<>(manager.getCacheNames())
					+ "); declare it (for example spring.cache.cache-names) or set cachalot.cache-name");
		}
		if (TRANSACTION_AWARE_PRESENT) {
			cache = TransactionAware.target(cache);
		}
		if (!named && !declared && isUnboundedInProcess(cache)) {
			return inProcess(inProcessMaxBytes, unboundedReason(managerName, manager, cacheName));
		}
		if (cache instanceof ConcurrentMapCache concurrentMapCache && concurrentMapCache.isStoreByValue()) {
			throw new IllegalStateException("Cache '" + cacheName + "' of CacheManager '" + managerName
					+ "' stores by value with Java serialization, which cachalot never reads back; "
					+ "turn store-by-value off for it or give cachalot another cache");
		}
		if (REDIS_PRESENT && RedisStores.isRedisCache(cache)) {
			return new CircuitBreakingCacheStore(RedisStores.of(cache, managerName, this.beanFactory, signingKey),
					backoff);
		}
		boolean byReference = keepsReferences(cache);
		SpringCacheStore store = new SpringCacheStore(cache, byReference, byReference ? null : signingKey,
				"cache '" + cacheName + "' of CacheManager '" + managerName + "' ("
						+ manager.getClass().getSimpleName() + ") through the generic adapter, the slower path: one get"
						+ " per key" + (byReference ? "" : ", values in cachalot's binary format"
								+ ((signingKey != null) ? ", signed" : "")));
		// a cache that copies its values may be remote (memcached, a JCache grid): a failure must not cost
		// every statement a timeout, so it is guarded like Redis
		return byReference ? store : new CircuitBreakingCacheStore(store, backoff);
	}

	/** cachalot's own bounded in-process store, described with the reason it was chosen. */
	private static CacheStore inProcess(long maxBytes, String reason) {
		CaffeineCacheStore store = new CaffeineCacheStore(maxBytes);
		logger.info("cachalot keeps its entries in its own in-process store: {}", reason);
		return new DescribedCacheStore(store, store.description() + ", since " + reason);
	}

	private static String unboundedReason(String managerName, CacheManager manager, String cacheName) {
		return "CacheManager '" + managerName + "' (" + manager.getClass().getSimpleName() + ") would make cache '"
				+ cacheName + "' just for cachalot, in process and without bound; declare it in that manager, or "
				+ "set cachalot.cache-alias to use it anyway";
	}

	/** Whether the cache lives in this process with no bound on its size. */
	static boolean isUnboundedInProcess(Cache cache) {
		if (cache instanceof ConcurrentMapCache) {
			return true;
		}
		return cache.getClass().getName().equals(CAFFEINE_CACHE) && !CaffeineBound.isBounded(cache.getNativeCache());
	}

	/** Whether the cache is in-process and keeps the objects it is given, rather than copies. */
	static boolean keepsReferences(Cache cache) {
		if (cache instanceof ConcurrentMapCache concurrentMapCache) {
			return !concurrentMapCache.isStoreByValue();
		}
		return cache.getClass().getName().equals(CAFFEINE_CACHE);
	}

	/** Kept apart so that the decorator's class (spring-context-support) is loaded only when present. */
	private static final class TransactionAware {

		static Cache target(Cache cache) {
			if (cache instanceof TransactionAwareCacheDecorator transactionAware) {
				// puts held back until a Spring transaction commits would break cachalot's token
				// order (tokens must be stored before the read runs): use the cache itself
				return transactionAware.getTargetCache();
			}
			return cache;
		}

	}

	/** Kept apart so that Caffeine's classes are loaded only for a Spring CaffeineCache. */
	private static final class CaffeineBound {

		static boolean isBounded(Object nativeCache) {
			return nativeCache instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> caffeine
					&& caffeine.policy().eviction().isPresent();
		}

	}

	private String primary(Map<String, CacheManager> managers) {
		try {
			CacheManager primary = this.beanFactory.getBeanProvider(CacheManager.class).getIfUnique();
			if (primary != null) {
				for (Map.Entry<String, CacheManager> entry : managers.entrySet()) {
					if (entry.getValue() == primary) {
						return entry.getKey();
					}
				}
			}
		}
		catch (NoSuchBeanDefinitionException ex) {
			// fall through to the message below
		}
		throw new IllegalStateException("The application has several CacheManager beans "
				+ new TreeSet<>(managers.keySet())
				+ " and none is primary; set cachalot.cache-alias to the one that should back cachalot");
	}

}
