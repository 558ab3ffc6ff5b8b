package io.github.cachalot.spring.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.exception.MemcachedServerException;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} in memcached, made by
 * {@link MemcachedCacheManager}.
 *
 * <p><b>Values</b> are stored raw, never with Java serialization: a {@code byte[]} as it is (memcached
 * flag 0), a {@code String} as UTF-8 (flag 1), and Spring's null marker as an empty value (flag 2)
 * when the manager allows null values. Anything else is refused with an
 * {@link IllegalArgumentException}; an item with any other flag (written by another client) reads as
 * missing. This is what cachalot needs: it puts only {@code byte[]} into a cache that is not
 * in-process, in its own versioned format with its own deadline. A value too big for memcached's
 * item size limit ({@code -I}, 1 MiB by default) is not stored: the put removes the key's previous
 * value instead (memcached does the same when it refuses an item), counts it in
 * {@link #oversizedPuts()} and logs a warning at most once a minute; a cache may always drop an
 * entry, and a too-big result is then simply read from the database every time.
 *
 * <p><b>Keys</b> are Strings, or objects whose class overrides {@code toString()} (converted with
 * it, so {@code 1} and {@code "1"} are the same key, as in Spring's {@code RedisCache}). A memcached
 * key is {@code <namespace>:<generation>:k:<key>} when the key is printable ASCII without spaces and
 * the whole fits in memcached's 250 bytes, and {@code <namespace>:<generation>:h:<base64url
 * SHA-256 of the key's UTF-8>} otherwise, so that long keys, spaces, quotes and non-ASCII table
 * names all work and a hashed key never equals a raw one. The namespace is the manager's key prefix
 * followed by the cache name, or {@code #} and its hash when that is not made of letters, digits,
 * {@code . _ -} only or longer than 100 characters.
 *
 * <p><b>clear()</b>: memcached cannot delete by prefix, and {@code flush_all} would wipe every other
 * user of the server, so every key of this cache includes a generation (16 random hex digits) kept
 * in memcached under {@code <namespace>:gen}; {@code clear()} writes a new random generation and
 * the old entries, unreachable, age out through memcached's LRU. Every look-up fetches the
 * generation in the same multi-get as the entry, so a clear made by any instance hides the old
 * entries from every instance at once, in one round trip; only when the generation has changed
 * is a second round trip made. A generation that memcached evicted or lost (restart) is replaced
 * by a new random one, so old entries never come back. A put writes under the generation this
 * instance saw last, then reads the generation again and writes again under the new one if it
 * changed meanwhile: a lost put would be a lost invalidation when the value is a table token.
 *
 * <p><b>Failures</b>: every operation waits at most the operation timeout; a server that is down,
 * unreachable or too slow makes it throw a {@link MemcachedCacheException} (without waiting at
 * all when the client has no connection), never hang.
 *
 * <p><b>Expiry</b>: entries live for the manager's time to live, or by default until memcached
 * evicts them (cachalot bounds its results with its own deadline).
 */
public final class MemcachedCache extends AbstractValueAdaptingCache {

	/** memcached's longest key, in bytes. */
	static final int MAX_KEY_LENGTH = 250;

	static final int FLAG_BYTES = 0;

	static final int FLAG_STRING = 1;

	static final int FLAG_NULL = 2;

	/** Room kept for memcached's own item header when checking the item size limit. */
	private static final int ITEM_OVERHEAD = 128;

	private static final int MAX_RAW_NAMESPACE = 100;

	/** memcached reads a time to live longer than this as an absolute Unix time. */
	private static final long MAX_RELATIVE_EXPIRY_SECONDS = 60L * 60 * 24 * 30;

	private static final Transcoder<Item> TRANSCODER = new RawTranscoder();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Logger logger = LoggerFactory.getLogger(MemcachedCache.class);

	private final String name;

	private final MemcachedClient client;

	private final String namespace;

	private final String generationKey;

	private final long timeoutMillis;

	private final Duration timeToLive;

	private final int maxItemSize;

	private final ReentrantLock[] loaderLocks = new ReentrantLock[64];

	private final AtomicLong oversizedPuts = new AtomicLong();

	private volatile long lastOversizedWarning = System.nanoTime() - 60_000_000_000L;

	/** The generation this instance saw last, or null before the first operation. */
	private volatile String generation;

	/**
	 * A cache over the given client.
	 * @param name the cache's name
	 * @param client the memcached client (text or binary protocol)
	 * @param keyPrefix put before the cache name in every key (may be empty)
	 * @param operationTimeout how long one operation may wait for memcached
	 * @param timeToLive how long entries live, or {@code null} (or zero) for until memcached evicts them
	 * @param maxItemSize memcached's item size limit ({@code -I}), in bytes
	 * @param allowNullValues whether {@code null} values are stored (as an empty item)
	 */
	public MemcachedCache(String name, MemcachedClient client, String keyPrefix, Duration operationTimeout,
			Duration timeToLive, int maxItemSize, boolean allowNullValues) {
		super(allowNullValues);
		this.name = name;
		this.client = client;
		this.namespace = namespace(keyPrefix + name);
		this.generationKey = this.namespace + ":gen";
		this.timeoutMillis = Math.max(1, operationTimeout.toMillis());
		this.timeToLive = (timeToLive != null && !timeToLive.isZero() && !timeToLive.isNegative()) ? timeToLive : null;
		this.maxItemSize = maxItemSize;
		for (int i = 0; i < this.loaderLocks.length; i++) {
			this.loaderLocks[i] = new ReentrantLock();
		}
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public MemcachedClient getNativeCache() {
		return this.client;
	}

	/** How many puts were dropped because the value exceeds memcached's item size limit. */
	public long oversizedPuts() {
		return this.oversizedPuts.get();
	}

	/** The memcached key the given cache key is stored under, in the current generation. */
	String memcachedKey(Object key) {
		return dataKey(generationForWrite(), suffix(key));
	}

	@Override
	protected Object lookup(Object key) {
		return getAll(List.of(key)).get(0);
	}

	/**
	 * The stored values of the given keys in one round trip (usually): each is a {@code byte[]}, a
	 * {@code String}, Spring's {@link NullValue}, or {@code null} when missing.
	 */
	public List<Object> getAll(List<?> keys) {
		String[] suffixes = new String[keys.size()];
		for (int i = 0; i < suffixes.length; i++) {
			suffixes[i] = suffix(keys.get(i));
		}
		String assumed = this.generation;
		for (int attempt = 0; attempt < 4; attempt++) {
			List<String> memcachedKeys = new ArrayList<>(suffixes.length + 1);
			memcachedKeys.add(this.generationKey);
			if (assumed != null) {
				for (String suffix : suffixes) {
					memcachedKeys.add(dataKey(assumed, suffix));
				}
			}
			Map<String, Item> found = call("get", () -> this.client.get(memcachedKeys, this.timeoutMillis, TRANSCODER));
			String current = generationOf(found.get(this.generationKey));
			if (current == null) {
				current = createGeneration();
			}
			this.generation = current;
			if (current.equals(assumed)) {
				List<Object> values = new ArrayList<>(suffixes.length);
				for (String suffix : suffixes) {
					values.add(decode(found.get(dataKey(current, suffix))));
				}
				return values;
			}
			assumed = current;
		}
		throw new MemcachedCacheException("The generation of memcached cache '" + this.name
				+ "' kept changing while it was read (clear() called in a loop?)", null);
	}

	@Override
	public void put(Object key, Object value) {
		Item item = encode(toStoreValue(value));
		String suffix = suffix(key);
		String generation = generationForWrite();
		for (int attempt = 0; attempt < 4; attempt++) {
			String memcachedKey = dataKey(generation, suffix);
			if (tooBig(memcachedKey, item)) {
				dropOversized(memcachedKey, item);
				return;
			}
			try {
				call("set", () -> this.client.set(memcachedKey, expiry(), item, TRANSCODER, this.timeoutMillis));
			}
			catch (MemcachedCacheException ex) {
				if (isTooLargeReply(ex)) {
					// memcached removed the previous value itself
					oversized(item);
					return;
				}
				throw ex;
			}
			// a value written under a generation nobody reads any more is lost; for cachalot's table
			// tokens that would be a lost invalidation, so check and write again under the current one
			String current = refreshGeneration();
			if (current.equals(generation)) {
				return;
			}
			generation = current;
		}
		throw new MemcachedCacheException("The generation of memcached cache '" + this.name
				+ "' kept changing while it was written (clear() called in a loop?)", null);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		Item item = encode(toStoreValue(value));
		String suffix = suffix(key);
		refreshGeneration();
		for (int attempt = 0; attempt < 4; attempt++) {
			String memcachedKey = dataKey(generationForWrite(), suffix);
			if (tooBig(memcachedKey, item)) {
				ValueWrapper existing = get(key);
				if (existing == null) {
					oversized(item);
				}
				return existing;
			}
			boolean added = call("add", () -> this.client.add(memcachedKey, expiry(), item, TRANSCODER,
					this.timeoutMillis));
			if (added) {
				return null;
			}
			ValueWrapper existing = get(key);
			if (existing != null) {
				return existing;
			}
			// removed in between (or the generation changed): try again
		}
		throw new MemcachedCacheException("putIfAbsent on memcached cache '" + this.name + "' kept racing", null);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Callable<T> valueLoader) {
		ValueWrapper present = get(key);
		if (present != null) {
			return (T) present.get();
		}
		ReentrantLock lock = this.loaderLocks[Math.floorMod(suffix(key).hashCode(), this.loaderLocks.length)];
		lock.lock();
		try {
			present = get(key);
			if (present != null) {
				return (T) present.get();
			}
			T value;
			try {
				value = valueLoader.call();
			}
			catch (Exception ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
			put(key, value);
			return value;
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		// the current generation, not the last one seen: another instance may have cleared since
		String memcachedKey = dataKey(refreshGeneration(), suffix(key));
		return call("delete", () -> this.client.delete(memcachedKey, this.timeoutMillis));
	}

	/** Hides every entry, for every instance, by moving to a new random generation. */
	@Override
	public void clear() {
		String fresh = newGeneration();
		call("set", () -> this.client.set(this.generationKey, 0, generationItem(fresh), TRANSCODER,
				this.timeoutMillis));
		this.generation = fresh;
	}

	@Override
	public boolean invalidate() {
		clear();
		return true;
	}

	@Override
	public String toString() {
		return "MemcachedCache '" + this.name + "' (namespace '" + this.namespace + "')";
	}

	private String generationForWrite() {
		String known = this.generation;
		return (known != null) ? known : refreshGeneration();
	}

	/** Reads the generation from memcached (creating it when missing) and remembers it. */
	private String refreshGeneration() {
		String current = generationOf(call("get", () -> this.client.get(this.generationKey, this.timeoutMillis,
				TRANSCODER)));
		if (current == null) {
			current = createGeneration();
		}
		this.generation = current;
		return current;
	}

	/** Starts a generation where there is none (new, evicted or restarted server), racing others. */
	private String createGeneration() {
		String fresh = newGeneration();
		boolean added = call("add", () -> this.client.add(this.generationKey, 0, generationItem(fresh), TRANSCODER,
				this.timeoutMillis));
		if (added) {
			return fresh;
		}
		String other = generationOf(call("get", () -> this.client.get(this.generationKey, this.timeoutMillis,
				TRANSCODER)));
		if (other != null) {
			return other;
		}
		// unreadable (or gone again): overwrite it
		call("set", () -> this.client.set(this.generationKey, 0, generationItem(fresh), TRANSCODER,
				this.timeoutMillis));
		return fresh;
	}

	private static String newGeneration() {
		return HexFormat.of().toHexDigits(RANDOM.nextLong());
	}

	private static Item generationItem(String generation) {
		return new Item(FLAG_BYTES, generation.getBytes(StandardCharsets.US_ASCII));
	}

	private static String generationOf(Item item) {
		if (item == null || item.flag() != FLAG_BYTES || item.data() == null || item.data().length != 16) {
			return null;
		}
		for (byte b : item.data()) {
			if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
				return null;
			}
		}
		return new String(item.data(), StandardCharsets.US_ASCII);
	}

	private String dataKey(String generation, String suffix) {
		return this.namespace + ':' + generation + ':' + suffix;
	}

	/** {@code k:<key>} when the key can be used as it is, else {@code h:<hash of the key>}. */
	private String suffix(Object key) {
		String text = keyText(key);
		int room = MAX_KEY_LENGTH - (this.namespace.length() + 1 + 16 + 1 + 2);
		if (text.length() <= room && isPlain(text)) {
			return "k:" + text;
		}
		return "h:" + sha256(text);
	}

	private static String keyText(Object key) {
		if (key instanceof String text) {
			return text;
		}
		if (key == null) {
			throw new IllegalArgumentException("A memcached cache key cannot be null");
		}
		try {
			if (key.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
				return key.toString();
			}
		}
		catch (NoSuchMethodException ex) {
			// cannot happen: every object has toString
		}
		throw new IllegalArgumentException("A memcached cache key must be a String or an object whose class overrides "
				+ "toString(); got " + key.getClass().getName());
	}

	/** Printable ASCII without space: usable in a memcached key as it is (one byte per char). */
	private static boolean isPlain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c <= 0x20 || c >= 0x7F) {
				return false;
			}
		}
		return true;
	}

	private static String namespace(String name) {
		if (!name.isEmpty() && name.length() <= MAX_RAW_NAMESPACE && name.chars()
			.allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-')) {
			return name;
		}
		return "#" + sha256(name);
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private Item encode(Object value) {
		if (value instanceof byte[] bytes) {
			return new Item(FLAG_BYTES, bytes);
		}
		if (value instanceof String text) {
			return new Item(FLAG_STRING, text.getBytes(StandardCharsets.UTF_8));
		}
		if (value == NullValue.INSTANCE) {
			return new Item(FLAG_NULL, new byte[0]);
		}
		throw new IllegalArgumentException("Memcached cache '" + this.name + "' stores byte[] and String values only "
				+ "(never with Java serialization); got " + ((value != null) ? value.getClass().getName() : "null"));
	}

	private static Object decode(Item item) {
		if (item == null || item.data() == null) {
			return null;
		}
		return switch (item.flag()) {
			case FLAG_BYTES -> item.data();
			case FLAG_STRING -> new String(item.data(), StandardCharsets.UTF_8);
			case FLAG_NULL -> NullValue.INSTANCE;
			default -> null; // written by another client in a format of its own: a miss
		};
	}

	private boolean tooBig(String memcachedKey, Item item) {
		return (long) item.data().length + memcachedKey.length() + ITEM_OVERHEAD > this.maxItemSize;
	}

	private void dropOversized(String memcachedKey, Item item) {
		// memcached drops the old value when it refuses a new one; so do we, or a get would return it
		call("delete", () -> this.client.delete(memcachedKey, this.timeoutMillis));
		oversized(item);
	}

	private void oversized(Item item) {
		this.oversizedPuts.incrementAndGet();
		long now = System.nanoTime();
		if (now - this.lastOversizedWarning >= 60_000_000_000L) {
			this.lastOversizedWarning = now;
			logger.warn("Memcached cache '{}' did not store a value of {} bytes: memcached's item size limit is {} bytes "
					+ "(memcached -I); for cachalot, set cachalot.max-result-size below it", this.name,
					item.data().length, this.maxItemSize);
		}
	}

	private static boolean isTooLargeReply(MemcachedCacheException ex) {
		return ex.getCause() instanceof MemcachedServerException && ex.getCause().getMessage() != null
				&& ex.getCause().getMessage().contains("too large");
	}

	private int expiry() {
		if (this.timeToLive == null) {
			return 0;
		}
		long seconds = Math.max(1, (this.timeToLive.toMillis() + 999) / 1000);
		if (seconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
			return (int) seconds;
		}
		return (int) Math.min(Integer.MAX_VALUE, System.currentTimeMillis() / 1000 + seconds);
	}

	private <T> T call(String operation, Operation<T> call) {
		try {
			return call.run();
		}
		catch (TimeoutException ex) {
			throw new MemcachedCacheException("memcached did not answer " + operation + " within " + this.timeoutMillis
					+ " ms (cache '" + this.name + "')", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedCacheException("Interrupted during memcached " + operation + " (cache '" + this.name
					+ "')", ex);
		}
		catch (MemcachedException ex) {
			throw new MemcachedCacheException("memcached " + operation + " failed (cache '" + this.name + "'): "
					+ ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface Operation<T> {

		T run() throws TimeoutException, InterruptedException, MemcachedException;

	}

	/** An item as memcached keeps it: its flags and its bytes. */
	record Item(int flag, byte[] data) {
	}

	/** Passes bytes and flags through unchanged: no serialization, no compression. */
	private static final class RawTranscoder implements Transcoder<Item> {

		@Override
		public CachedData encode(Item item) {
			return new CachedData(item.flag(), item.data());
		}

		@Override
		public Item decode(CachedData data) {
			return new Item(data.getFlag(), data.getData());
		}

		@Override
		public void setPrimitiveAsString(boolean primitiveAsString) {
		}

		@Override
		public void setPackZeros(boolean packZeros) {
		}

		@Override
		public void setCompressionThreshold(int compressionThreshold) {
		}

		@Override
		public boolean isPrimitiveAsString() {
			return false;
		}

		@Override
		public boolean isPackZeros() {
			return false;
		}

		@Override
		public void setCompressionMode(CompressionMode compressionMode) {
		}

	}

}
