package io.github.cachalot.spring.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.Lease;
import io.github.cachalot.store.StoredValueCodec;

/**
 * A {@link CacheStore} that talks to Redis directly through Spring Data Redis. Values are written
 * in cachalot's own binary format ({@link StoredValueCodec}); a value that cannot be read back
 * counts as missing, and so does a value written for another key or, with a signing key, one
 * without a valid signature. Keys carry the prefix of the Redis cache it stands for.
 * <p>
 * Every command is a Lua script called by its digest ({@code EVALSHA}): a look-up is one script
 * that reads the result and its table tokens (one {@code MGET}); a result is stored only if its
 * tokens are still those it was read under; tokens are created only where no lease is; a write
 * announces its tables with a lease before it commits, held in the token itself with its deadline
 * (on Redis's clock) and as the key's expiry, and its invalidation ends the lease. Redis keeps no
 * script across a restart, a failover to a replica or {@code SCRIPT FLUSH}: the {@code NOSCRIPT}
 * that follows, even for a command a client library replays after reconnecting, is how a lost or
 * rolled-back Redis is noticed ({@link #losses()}). On a cluster, where one script cannot span
 * nodes, each token is written by a script of its own, look-ups are plain {@code MGET}s and results
 * are stored without the comparison.
 */
public final class RedisCacheStore implements CacheStore {

	private static final int DELETE_BATCH = 500;

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final byte[] prefixBytes;

	private final Duration defaultTtl;

	private final String description;

	private final StoredValueCodec codec;

	/** Times Redis was found without cachalot's scripts, counted before they are loaded again. */
	private final AtomicLong losses = new AtomicLong();

	/** Whether the scripts were found or loaded on Redis at least once. */
	private volatile boolean scriptsKnown;

	private static final byte[] LEASE_PREFIX = "lease:".getBytes(StandardCharsets.US_ASCII);

	private static final Script READ = new Script("return redis.call('MGET', unpack(KEYS))");

	private static final Script CREATE_TOKENS = new Script("""
			local created = 0
			for i = 1, #KEYS do
			  local value = redis.call('GET', KEYS[i])
			  if not (value and string.sub(value, 1, 6) == 'lease:') then
			    redis.call('SET', KEYS[i], ARGV[i])
			    created = created + 1
			  end
			end
			return created""");

	private static final Script PUT_ENTRY = new Script("""
			for i = 2, #KEYS do
			  if redis.call('GET', KEYS[i]) ~= ARGV[i + 1] then return 0 end
			end
			if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1])
			else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
			return 1""");

	/** Keeps the leases of others that have not run out; the key expires with the last of them. */
	private static final String LEASES = """
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local function others(value, id)
			  local kept, last = {}, 0
			  if value and string.sub(value, 1, 6) == 'lease:' then
			    for other, deadline in string.gmatch(value, '(%-?%d+)@(%d+);') do
			      deadline = tonumber(deadline)
			      if other ~= id and deadline > now then
			        kept[#kept + 1] = other .. '@' .. string.format('%d', deadline) .. ';'
			        if deadline > last then last = deadline end
			      end
			    end
			  end
			  return kept, last
			end
			""";

	private static final Script ANNOUNCE = new Script(LEASES + """
			local mine = now + tonumber(ARGV[2])
			for i = 1, #KEYS do
			  local kept, last = others(redis.call('GET', KEYS[i]), ARGV[1])
			  kept[#kept + 1] = ARGV[1] .. '@' .. string.format('%d', mine) .. ';'
			  if mine > last then last = mine end
			  redis.call('SET', KEYS[i], 'lease:' .. table.concat(kept), 'PX', string.format('%d', last - now))
			end
			return 1""");

	private static final Script INVALIDATE = new Script(LEASES + """
			for i = 1, #KEYS do
			  local kept, last = others(redis.call('GET', KEYS[i]), ARGV[1])
			  if #kept == 0 then redis.call('SET', KEYS[i], ARGV[i + 1])
			  else redis.call('SET', KEYS[i], 'lease:' .. table.concat(kept), 'PX', string.format('%d', last - now)) end
			end
			return 1""");

	private static final List<Script> SCRIPTS = List.of(READ, CREATE_TOKENS, PUT_ENTRY, ANNOUNCE, INVALIDATE);

	/**
	 * A store on the given connections, with unsigned values.
	 * @param connectionFactory the connections (standalone, sentinel or cluster)
	 * @param keyPrefix prepended to every key
	 * @param defaultTtl how long entries live when cachalot sets no timeout; {@code null} or zero
	 * for as long as Redis keeps them
	 * @param description what backs it, for logs and reports
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String keyPrefix, Duration defaultTtl,
			String description) {
		this(connectionFactory, keyPrefix, defaultTtl, null, description);
	}

	/**
	 * A store on the given connections.
	 * @param connectionFactory the connections (standalone, sentinel or cluster)
	 * @param keyPrefix prepended to every key
	 * @param defaultTtl how long entries live when cachalot sets no timeout; {@code null} or zero
	 * for as long as Redis keeps them
	 * @param signingKey the secret values are signed with ({@link StoredValueCodec#signed}), or
	 * {@code null} for unsigned values
	 * @param description what backs it, for logs and reports
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, String keyPrefix, Duration defaultTtl,
			byte[] signingKey, String description) {
		this.codec = (signingKey != null) ? StoredValueCodec.signed(signingKey) : StoredValueCodec.unsigned();
		this.connectionFactory = connectionFactory;
		this.keyPrefix = (keyPrefix != null) ? keyPrefix : "";
		this.prefixBytes = this.keyPrefix.getBytes(StandardCharsets.UTF_8);
		this.defaultTtl = (defaultTtl != null && !defaultTtl.isZero() && !defaultTtl.isNegative()) ? defaultTtl : null;
		this.description = description;
	}

	@Override
	public Object[] getAll(String[] keys) {
		byte[][] rawKeys = new byte[keys.length][];
		for (int i = 0; i < keys.length; i++) {
			rawKeys[i] = key(keys[i]);
		}
		List<?> raw;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			raw = (connection instanceof RedisClusterConnection) ? connection.stringCommands().mGet(rawKeys)
					: eval(connection, READ, ReturnType.MULTI, rawKeys.length, rawKeys);
		}
		Object[] values = new Object[keys.length];
		if (raw != null) {
			for (int i = 0; i < values.length && i < raw.size(); i++) {
				values[i] = (raw.get(i) instanceof byte[] bytes) ? decode(keys[i], bytes) : null;
			}
		}
		return values;
	}

	private Object decode(String key, byte[] bytes) {
		if (Arrays.equals(bytes, 0, Math.min(bytes.length, LEASE_PREFIX.length), LEASE_PREFIX, 0,
				LEASE_PREFIX.length)) {
			return Lease.HELD;
		}
		// bound to the key it was read from: a value copied from another key is a miss
		return this.codec.decode(this.keyPrefix + key, bytes);
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		Expiration expiration = expiration(timeout);
		List<byte[][]> writes = new ArrayList<>(entries.size());
		entries.forEach((key, value) -> {
			byte[] encoded = encode(key, value);
			if (encoded != null) {
				writes.add(new byte[][] { key(key), encoded });
			}
		});
		if (writes.isEmpty()) {
			return;
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (writes.size() == 1 || connection instanceof RedisClusterConnection) {
				for (byte[][] write : writes) {
					connection.stringCommands().set(write[0], write[1], expiration, SetOption.upsert());
				}
				return;
			}
			connection.openPipeline();
			try {
				for (byte[][] write : writes) {
					connection.stringCommands().set(write[0], write[1], expiration, SetOption.upsert());
				}
			}
			finally {
				connection.closePipeline();
			}
		}
	}

	private Expiration expiration(Duration timeout) {
		Duration ttl = (timeout != null) ? timeout : this.defaultTtl;
		return (ttl != null) ? Expiration.from(ttl) : Expiration.persistent();
	}

	@Override
	public boolean isShared() {
		return true;
	}

	/**
	 * Connects and makes sure Redis knows cachalot's scripts, trying again for up to {@code patience}:
	 * a client's first connection (TLS, a cold JVM, a name to resolve) may take longer than its
	 * command timeout, and the first reads and writes after startup must not pay for it (a write
	 * that cannot announce itself is refused in the strict mode). Returns whether Redis answered.
	 */
	public boolean warmUp(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		while (true) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				eval(connection, READ, ReturnType.MULTI, 1, key("warm-up"));
				return true;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() - deadline >= 0) {
					return false;
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
	}

	@Override
	public long losses() {
		return this.losses.get();
	}

	@Override
	public boolean createTokens(Map<String, Long> tokens) {
		String[] keys = tokens.keySet().toArray(String[]::new);
		byte[][] values = new byte[keys.length][];
		for (int i = 0; i < keys.length; i++) {
			values[i] = this.codec.encode(this.keyPrefix + keys[i], tokens.get(keys[i]));
		}
		return perSlot(CREATE_TOKENS, keys, values) == keys.length;
	}

	@Override
	public void putEntry(String key, CachedEntry entry, String[] tokenKeys, Duration timeout) {
		byte[] encoded = encode(key, entry);
		if (encoded == null) {
			return;
		}
		byte[][] keysAndArgs = new byte[2 * tokenKeys.length + 3][];
		keysAndArgs[0] = key(key);
		int arguments = tokenKeys.length + 1;
		keysAndArgs[arguments] = encoded;
		Duration ttl = (timeout != null) ? timeout : this.defaultTtl;
		keysAndArgs[arguments + 1] = Long.toString((ttl != null) ? Math.max(1, ttl.toMillis()) : 0)
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < tokenKeys.length; i++) {
			keysAndArgs[i + 1] = key(tokenKeys[i]);
			keysAndArgs[arguments + 2 + i] = this.codec.encode(this.keyPrefix + tokenKeys[i], entry.tokens()[i]);
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection) {
				connection.stringCommands().set(keysAndArgs[0], encoded, expiration(timeout), SetOption.upsert());
				return;
			}
			eval(connection, PUT_ENTRY, ReturnType.INTEGER, arguments, keysAndArgs);
		}
	}

	@Override
	public void announce(String[] tokenKeys, long leaseId, Duration lease) {
		byte[] millis = Long.toString(Math.max(1, lease.toMillis())).getBytes(StandardCharsets.US_ASCII);
		withArguments(ANNOUNCE, tokenKeys, leaseId, (i) -> millis, true);
	}

	@Override
	public void invalidate(String[] tokenKeys, long leaseId) {
		withArguments(INVALIDATE, tokenKeys, leaseId,
				(i) -> this.codec.encode(this.keyPrefix + tokenKeys[i], TableInvalidator.newToken()), false);
	}

	/** Runs a token script whose arguments are one value per key. */
	private long perSlot(Script script, String[] keys, byte[][] values) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection) {
				long total = 0;
				for (int i = 0; i < keys.length; i++) {
					total += (Long) eval(connection, script, ReturnType.INTEGER, 1, key(keys[i]), values[i]);
				}
				return total;
			}
			byte[][] keysAndArgs = new byte[2 * keys.length][];
			for (int i = 0; i < keys.length; i++) {
				keysAndArgs[i] = key(keys[i]);
				keysAndArgs[keys.length + i] = values[i];
			}
			return (Long) eval(connection, script, ReturnType.INTEGER, keys.length, keysAndArgs);
		}
	}

	/**
	 * Runs a lease script: {@code ARGV[1]} the lease, then one value per key, or only one for all
	 * when {@code shared}; all keys in one call, or one call per key on a cluster.
	 */
	private void withArguments(Script script, String[] keys, long leaseId, IntFunction<byte[]> valueOf,
			boolean shared) {
		byte[] id = Long.toString(leaseId).getBytes(StandardCharsets.US_ASCII);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection) {
				for (int i = 0; i < keys.length; i++) {
					eval(connection, script, true, ReturnType.INTEGER, 1, key(keys[i]), id, valueOf.apply(i));
				}
				return;
			}
			int values = shared ? 1 : keys.length;
			byte[][] keysAndArgs = new byte[keys.length + 1 + values][];
			for (int i = 0; i < keys.length; i++) {
				keysAndArgs[i] = key(keys[i]);
			}
			keysAndArgs[keys.length] = id;
			for (int i = 0; i < values; i++) {
				keysAndArgs[keys.length + 1 + i] = valueOf.apply(i);
			}
			eval(connection, script, true, ReturnType.INTEGER, keys.length, keysAndArgs);
		}
	}

	/**
	 * Runs a script by its digest. The first time, whether Redis knows the scripts tells whether it
	 * is the Redis every other instance used (they load them) or a new or restarted one; after that,
	 * {@code NOSCRIPT} means Redis lost them. Either way the loss is counted before the scripts are
	 * loaded again, so that a caller whose script runs after the reload sees it.
	 */
	private <T> T eval(RedisConnection connection, Script script, ReturnType type, int keys, byte[]... keysAndArgs) {
		return eval(connection, script, false, type, keys, keysAndArgs);
	}

	/**
	 * Runs a script; one that only announces or invalidates (whatever Redis lost, it is right to run
	 * it now) runs again at once after the scripts are loaded again, so that a write's invalidation
	 * does not wait for a retry.
	 */
	private <T> T eval(RedisConnection connection, Script script, boolean againAfterLoss, ReturnType type, int keys,
			byte[]... keysAndArgs) {
		if (!this.scriptsKnown) {
			List<Boolean> known = connection.scriptingCommands()
				.scriptExists(SCRIPTS.stream().map(Script::sha).toArray(String[]::new));
			if (known == null || known.contains(Boolean.FALSE)) {
				this.losses.incrementAndGet();
				load(connection);
			}
			this.scriptsKnown = true;
		}
		try {
			return connection.scriptingCommands().evalSha(script.sha(), type, keys, keysAndArgs);
		}
		catch (RuntimeException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			this.losses.incrementAndGet();
			load(connection);
			if (againAfterLoss) {
				return connection.scriptingCommands().evalSha(script.sha(), type, keys, keysAndArgs);
			}
			throw new IllegalStateException(this.description + " no longer knows cachalot's scripts: it restarted, "
					+ "failed over or was flushed, and may have lost writes it acknowledged", ex);
		}
	}

	private static void load(RedisConnection connection) {
		for (Script script : SCRIPTS) {
			connection.scriptingCommands().scriptLoad(script.text().getBytes(StandardCharsets.UTF_8));
		}
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	/** A Lua script and its SHA-1 digest, by which it is called. */
	private record Script(String text, String sha) {

		Script(String text) {
			this(text, sha1(text));
		}

		private static String sha1(String text) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-1 is missing from this JVM", ex);
			}
		}

	}

	@Override
	public void clear() {
		ScanOptions options = ScanOptions.scanOptions().match(escapeGlob(this.keyPrefix) + "*").count(1000).build();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection cluster) {
				for (RedisClusterNode node : cluster.clusterGetNodes()) {
					if (node.isMaster()) {
						try (Cursor<byte[]> keys = cluster.scan(node, options)) {
							deleteAll(connection, keys);
						}
					}
				}
			}
			else {
				try (Cursor<byte[]> keys = connection.keyCommands().scan(options)) {
					deleteAll(connection, keys);
				}
			}
		}
	}

	@Override
	public String description() {
		return this.description;
	}

	private static void deleteAll(RedisConnection connection, Cursor<byte[]> keys) {
		List<byte[]> batch = new ArrayList<>(DELETE_BATCH);
		while (keys.hasNext()) {
			batch.add(keys.next());
			if (batch.size() == DELETE_BATCH) {
				connection.keyCommands().del(batch.toArray(byte[][]::new));
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			connection.keyCommands().del(batch.toArray(byte[][]::new));
		}
	}

	private byte[] key(String key) {
		byte[] suffix = key.getBytes(StandardCharsets.UTF_8);
		byte[] full = new byte[this.prefixBytes.length + suffix.length];
		System.arraycopy(this.prefixBytes, 0, full, 0, this.prefixBytes.length);
		System.arraycopy(suffix, 0, full, this.prefixBytes.length, suffix.length);
		return full;
	}

	private byte[] encode(String key, Object value) {
		try {
			return this.codec.encode(this.keyPrefix + key, value);
		}
		catch (IllegalArgumentException ex) {
			// a value the format cannot hold (an opaque driver object) is simply not cached
			return null;
		}
	}

	private static String escapeGlob(String prefix) {
		StringBuilder escaped = new StringBuilder(prefix.length());
		for (char c : prefix.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
