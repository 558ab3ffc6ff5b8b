package io.github.cachalot.spring.memcached;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches live in memcached, so that several instances of an
 * application share them: declare one as a bean and cachalot uses it (or name it with
 * {@code cachalot.cache-alias}).
 *
 * <pre class="code">
 * &#64;Bean
 * MemcachedCacheManager cacheManager() {
 *     return MemcachedCacheManager.builder("memcached-1:11211 memcached-2:11211")
 *         .operationTimeout(Duration.ofMillis(200))
 *         .build();
 * }
 * </pre>
 *
 * Caches are made on demand, by name, and share the client. See {@link MemcachedCache} for how
 * values and keys are stored, how {@code clear()} works without {@code flush_all}, and what happens
 * when memcached is down.
 *
 * <p>The client is <a href="https://github.com/killme2008/xmemcached">xmemcached</a>
 * ({@code com.googlecode.xmemcached:xmemcached}): of the Java memcached clients on Maven Central it
 * is the one still released (2.4.9, November 2025; spymemcached's last release, 2.12.3, is from
 * 2017, and Spotify's folsom last released 1.21.0 in February 2024 and brings Netty 4.1 and Guava
 * with it), it needs nothing but SLF4J, reconnects by itself, and takes a timeout and a transcoder
 * per call, which lets this cache store bytes raw. A server that is down makes operations fail at
 * once (no queueing: failure mode is off); a slow one makes them fail after the operation timeout.
 * With several servers, keys are spread by the client (xmemcached's default hashing); a server
 * that is down then fails the keys that live on it.
 *
 * <p>A manager built from addresses owns its client and shuts it down on {@link #close()} (Spring
 * calls it when the context closes); one given a client leaves it to its owner.
 */
public final class MemcachedCacheManager implements CacheManager, AutoCloseable {

	/** memcached's default item size limit ({@code -I 1m}). */
	public static final int DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;

	/** The default operation timeout. */
	public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(500);

	/** The default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private final MemcachedClient client;

	private final boolean ownsClient;

	private final String keyPrefix;

	private final Duration operationTimeout;

	private final Duration timeToLive;

	private final int maxItemSize;

	private final boolean allowNullValues;

	private final ConcurrentMap<String, MemcachedCache> caches = new ConcurrentHashMap<>();

	/** A manager over the given client with the default settings; the client stays open on close. */
	public MemcachedCacheManager(MemcachedClient client) {
		this(builder(client));
	}

	private MemcachedCacheManager(Builder builder) {
		this.keyPrefix = builder.keyPrefix;
		this.operationTimeout = builder.operationTimeout;
		this.timeToLive = builder.timeToLive;
		this.maxItemSize = builder.maxItemSize;
		this.allowNullValues = builder.allowNullValues;
		if (builder.client != null) {
			this.client = builder.client;
			this.ownsClient = false;
		}
		else {
			this.client = connect(builder.addresses, builder.operationTimeout, builder.connectTimeout);
			this.ownsClient = true;
		}
	}

	/** A manager with the default settings over its own client to the given servers. */
	public static MemcachedCacheManager create(String addresses) {
		return builder(addresses).build();
	}

	/**
	 * A builder for a manager with a client of its own.
	 * @param addresses {@code host:port}, several separated by spaces or commas
	 */
	public static Builder builder(String addresses) {
		List<?> parsed = AddrUtil.getAddresses(normalize(addresses));
		if (parsed.isEmpty()) {
			throw new IllegalArgumentException("No memcached address in '" + addresses + "' (expected host:port)");
		}
		return new Builder(normalize(addresses), null);
	}

	/** A builder for a manager over the given client, which the manager does not close. */
	public static Builder builder(MemcachedClient client) {
		return new Builder(null, Objects.requireNonNull(client, "client"));
	}

	@Override
	public Cache getCache(String name) {
		return this.caches.computeIfAbsent(name, (key) -> new MemcachedCache(key, this.client, this.keyPrefix,
				this.operationTimeout, this.timeToLive, this.maxItemSize, this.allowNullValues));
	}

	/** The names of the caches used so far. */
	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(this.caches.keySet());
	}

	/** The memcached client. */
	public MemcachedClient client() {
		return this.client;
	}

	/** Shuts the client down if this manager made it. */
	@Override
	public void close() {
		if (this.ownsClient && !this.client.isShutdown()) {
			try {
				this.client.shutdown();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not shut the memcached client down", ex);
			}
		}
	}

	@Override
	public String toString() {
		return "MemcachedCacheManager " + this.client.getServersDescription();
	}

	private static String normalize(String addresses) {
		return Objects.requireNonNull(addresses, "addresses").trim().replaceAll("[,\\s]+", " ");
	}

	private static MemcachedClient connect(String addresses, Duration operationTimeout, Duration connectTimeout) {
		XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(addresses));
		builder.setName("cachalot-memcached");
		builder.setOpTimeout(operationTimeout.toMillis());
		builder.setConnectTimeout(connectTimeout.toMillis());
		builder.setFailureMode(false);
		builder.setEnableHealSession(true);
		builder.setHealSessionInterval(1000);
		try {
			return builder.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a memcached client for " + addresses, ex);
		}
	}

	/** Settings of a {@link MemcachedCacheManager}. */
	public static final class Builder {

		private final String addresses;

		private final MemcachedClient client;

		private String keyPrefix = "";

		private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration timeToLive;

		private int maxItemSize = DEFAULT_MAX_ITEM_SIZE;

		private boolean allowNullValues = true;

		private Builder(String addresses, MemcachedClient client) {
			this.addresses = addresses;
			this.client = client;
			if (client != null) {
				this.operationTimeout = Duration.ofMillis(client.getOpTimeout());
			}
		}

		/**
		 * Put before every cache name in the keys, to keep applications that share a memcached
		 * apart (default none).
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
			return this;
		}

		/** How long one operation may wait for memcached (default 500 ms). */
		public Builder operationTimeout(Duration operationTimeout) {
			this.operationTimeout = requirePositive(operationTimeout, "operationTimeout");
			return this;
		}

		/** How long connecting may take (default 1 s); only for a manager with a client of its own. */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
			return this;
		}

		/** How long entries live (default: until memcached evicts them). */
		public Builder timeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
			return this;
		}

		/**
		 * memcached's item size limit ({@code -I}, default 1 MiB): larger values are not stored.
		 * The client refuses more than 1 MiB unless the system property
		 * {@code xmemcached.cached.data.size.max} raises its own limit too.
		 */
		public Builder maxItemSize(int maxItemSize) {
			if (maxItemSize <= 0) {
				throw new IllegalArgumentException("maxItemSize must be positive");
			}
			this.maxItemSize = maxItemSize;
			return this;
		}

		/** Whether {@code null} values are stored (default true). */
		public Builder allowNullValues(boolean allowNullValues) {
			this.allowNullValues = allowNullValues;
			return this;
		}

		/** The manager; with addresses, it connects (a server that is down is retried in the background). */
		public MemcachedCacheManager build() {
			return new MemcachedCacheManager(this);
		}

		private static Duration requirePositive(Duration duration, String name) {
			if (duration == null || duration.isZero() || duration.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
