package io.github.cachalot.spring.store;

import java.lang.reflect.Field;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Builds a {@link RedisCacheStore} that stands for a Spring {@link RedisCache}: the same
 * connections, key prefix and time to live. Loaded only when Spring Data Redis is present.
 */
final class RedisStores {

	private static final Logger logger = LoggerFactory.getLogger(RedisStores.class);

	/** How long startup waits for Redis's first answer. */
	private static final Duration WARM_UP = Duration.ofSeconds(3);

	private RedisStores() {
	}

	static boolean isRedisCache(Object cache) {
		return cache instanceof RedisCache;
	}

	static RedisCacheStore of(Object springCache, String managerName, ListableBeanFactory beanFactory,
			byte[] signingKey) {
		RedisCache cache = (RedisCache) springCache;
		RedisCacheConfiguration configuration = cache.getCacheConfiguration();
		String prefix = configuration.usePrefix() ? configuration.getKeyPrefixFor(cache.getName()) : "";
		Duration ttl = ttl(configuration);
		RedisConnectionFactory connectionFactory = connectionFactory(cache, beanFactory);
		RedisCacheStore store = new RedisCacheStore(connectionFactory, prefix, ttl, signingKey,
				"Redis cache '" + cache.getName() + "' of CacheManager '" + managerName + "' (key prefix '" + prefix
						+ "', " + ((ttl != null) ? "time to live " + ttl : "no time to live")
						+ ((signingKey != null) ? ", signed values" : "") + ", one round trip per look-up)");
		if (!store.warmUp(WARM_UP)) {
			logger.warn("{} did not answer within {} at startup: reads go to the database, and writes are refused in "
					+ "the strict shared mode, until it does", store.description(), WARM_UP);
		}
		return store;
	}

	private static Duration ttl(RedisCacheConfiguration configuration) {
		try {
			Duration ttl = configuration.getTtlFunction().getTimeToLive(Object.class, null);
			return (ttl != null && ttl.compareTo(Duration.ZERO) > 0) ? ttl : null;
		}
		catch (RuntimeException ex) {
			logger.info("The time to live of the Redis cache depends on its keys and values; "
					+ "cachalot entries get only cachalot.timeout", ex);
			return null;
		}
	}

	/** The factory the cache writes with, or else the application's only one. */
	private static RedisConnectionFactory connectionFactory(RedisCache cache, ListableBeanFactory beanFactory) {
		Object writer = cache.getNativeCache();
		Field field = ReflectionUtils.findField(writer.getClass(), "connectionFactory", RedisConnectionFactory.class);
		if (field != null) {
			try {
				ReflectionUtils.makeAccessible(field);
				Object factory = field.get(writer);
				if (factory instanceof RedisConnectionFactory connectionFactory) {
					return connectionFactory;
				}
			}
			catch (IllegalAccessException | RuntimeException ex) {
				// fall back to the bean
			}
		}
		RedisConnectionFactory factory = beanFactory.getBeanProvider(RedisConnectionFactory.class).getIfUnique();
		if (factory == null) {
			throw new IllegalStateException("Could not find the RedisConnectionFactory of Redis cache '"
					+ cache.getName() + "'; declare a single (or primary) RedisConnectionFactory bean");
		}
		return factory;
	}

}
