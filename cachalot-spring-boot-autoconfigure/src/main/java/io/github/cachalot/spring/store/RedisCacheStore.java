package io.github.cachalot.spring.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.StoredValueCodec;

/**
 * A {@link CacheStore} that talks to Redis directly through Spring Data Redis: a look-up is one
 * {@code MGET} of the result and its table tokens, a write one pipelined batch of {@code SET}s
 * (one {@code SET} per key on a cluster, where pipelines cannot span nodes). Values are written in
 * cachalot's own binary format ({@link StoredValueCodec}); a value that cannot be read back counts
 * as missing, and so does a value written for another key or, with a signing key, one without a
 * valid signature. Keys carry the prefix of the Redis cache it stands for.
 */
public final class RedisCacheStore implements CacheStore {

	private static final int DELETE_BATCH = 500;

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final byte[] prefixBytes;

	private final Duration defaultTtl;

	private final String description;

	private final StoredValueCodec codec;

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
		List<byte[]> raw;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			raw = connection.stringCommands().mGet(rawKeys);
		}
		Object[] values = new Object[keys.length];
		if (raw != null) {
			for (int i = 0; i < values.length && i < raw.size(); i++) {
				byte[] bytes = raw.get(i);
				// bound to the key it was read from: a value copied from another key is a miss
				values[i] = (bytes != null) ? this.codec.decode(this.keyPrefix + keys[i], bytes) : null;
			}
		}
		return values;
	}

	@Override
	public void putAll(Map<String, Object> entries, Duration timeout) {
		Duration ttl = (timeout != null) ? timeout : this.defaultTtl;
		Expiration expiration = (ttl != null) ? Expiration.from(ttl) : Expiration.persistent();
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
