package io.github.cachalot.key;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

import io.github.cachalot.memo.BoundedMemo;

/**
 * The default {@link QueryKeyGenerator}: {@code cachalot:q:} followed by a SHA-256 digest of the
 * canonical form of the read, so that distinct reads never share a key.
 * <p>
 * The digest is {@code SHA-256(SHA-256(statement) || parameters)}, where the statement part (data
 * source, catalog, schema, SQL, options) is digested once per distinct statement and remembered:
 * an execution hashes only its parameters, in a single block for the usual few. Both parts are
 * unambiguous encodings and the inner digest has a fixed length, so distinct reads differ in the
 * outer digest's input.
 */
public final class Sha256QueryKeyGenerator implements QueryKeyGenerator {

	/** The shared instance. */
	public static final Sha256QueryKeyGenerator INSTANCE = new Sha256QueryKeyGenerator();

	private static final int MAX_REMEMBERED_STATEMENTS = 10_000;

	/** What every key of this generator starts with. */
	public static final String KEY_PREFIX = "cachalot:q:";

	/** Base64 (URL-safe, unpadded) of a 32-byte digest. */
	private static final int ENCODED_LENGTH = 43;

	/** The length of every key of this generator: the prefix, then the digest in base64. */
	public static final int KEY_LENGTH = KEY_PREFIX.length() + ENCODED_LENGTH;

	private static final byte[] PREFIX = KEY_PREFIX.getBytes(StandardCharsets.ISO_8859_1);

	/** The alphabet of URL-safe base64 (RFC 4648, section 5). */
	private static final byte[] BASE64_URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.getBytes(StandardCharsets.ISO_8859_1);

	private static final int DIGEST_LENGTH = 32;

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	/** Buffers grown past this (by a large parameter) are not kept for the thread's next key. */
	private static final int MAX_KEPT_BUFFER = 64 * 1024;

	/** The digest of each statement part seen. */
	private final BoundedMemo<Statement, byte[]> statementDigests = new BoundedMemo<>(MAX_REMEMBERED_STATEMENTS);

	private Sha256QueryKeyGenerator() {
	}

	@Override
	public String generate(QueryKey key) {
		Scratch scratch = SCRATCH.get();
		MessageDigest digest = scratch.digest;
		if (scratch.dirty) {
			digest.reset(); // what a failed call left (a finished digest resets itself)
		}
		scratch.dirty = true;
		byte[] statementDigest = statementDigest(key, scratch); // may use the scratch digest and buffer
		digest.update(statementDigest);
		scratch.buffer.reset();
		key.writeParametersTo(scratch.buffer);
		scratch.buffer.updateDigest(digest);
		if (scratch.buffer.capacity() > MAX_KEPT_BUFFER) {
			SCRATCH.remove();
		}
		byte[] hash = scratch.hash;
		try {
			digest.digest(hash, 0, DIGEST_LENGTH);
		}
		catch (DigestException ex) {
			throw new IllegalStateException(ex); // the buffer has the digest's length
		}
		scratch.dirty = false;
		byte[] encoded = new byte[KEY_LENGTH];
		System.arraycopy(PREFIX, 0, encoded, 0, PREFIX.length);
		encodeBase64(hash, encoded, PREFIX.length);
		return new String(encoded, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Writes the digest in unpadded URL-safe base64, as {@code Base64.getUrlEncoder().withoutPadding()}
	 * would (written out: the encoder's set-up costs more than 32 bytes' encoding).
	 */
	static void encodeBase64(byte[] digest, byte[] target, int offset) {
		int out = offset;
		int in = 0;
		for (; in + 3 <= DIGEST_LENGTH; in += 3) {
			int bits = (digest[in] & 0xff) << 16 | (digest[in + 1] & 0xff) << 8 | (digest[in + 2] & 0xff);
			target[out++] = BASE64_URL[bits >>> 18];
			target[out++] = BASE64_URL[(bits >>> 12) & 0x3f];
			target[out++] = BASE64_URL[(bits >>> 6) & 0x3f];
			target[out++] = BASE64_URL[bits & 0x3f];
		}
		// 32 = 3 * 10 + 2: two bytes left, three characters
		int bits = (digest[in] & 0xff) << 8 | (digest[in + 1] & 0xff);
		target[out++] = BASE64_URL[bits >>> 10];
		target[out++] = BASE64_URL[(bits >>> 4) & 0x3f];
		target[out] = BASE64_URL[(bits << 2) & 0x3f];
	}

	private byte[] statementDigest(QueryKey key, Scratch scratch) {
		Statement statement = new Statement(key.dataSourceId(), key.catalog(), key.schema(), key.sql(), key.options());
		byte[] known = this.statementDigests.get(statement);
		if (known != null) {
			return known;
		}
		KeyBuffer buffer = scratch.buffer;
		buffer.reset();
		key.writeStatementTo(buffer);
		MessageDigest digest = scratch.digest;
		buffer.updateDigest(digest);
		byte[] computed = digest.digest();
		this.statementDigests.put(statement, computed);
		return computed;
	}

	/**
	 * What a statement part is made of (its identity in the memo). Not a record: it is looked up on
	 * every read, and its hash is computed once, here.
	 */
	private static final class Statement {

		private final String dataSourceId;

		private final String catalog;

		private final String schema;

		private final String sql;

		private final StatementOptions options;

		private final int hash;

		Statement(String dataSourceId, String catalog, String schema, String sql, StatementOptions options) {
			this.dataSourceId = dataSourceId;
			this.catalog = catalog;
			this.schema = schema;
			this.sql = sql;
			this.options = options;
			int hash = Objects.hashCode(sql);
			hash = 31 * hash + Objects.hashCode(dataSourceId);
			hash = 31 * hash + Objects.hashCode(catalog);
			hash = 31 * hash + Objects.hashCode(schema);
			this.hash = 31 * hash + Objects.hashCode(options);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Statement statement && statement.hash == this.hash
					&& Objects.equals(statement.sql, this.sql) && Objects.equals(statement.dataSourceId, this.dataSourceId)
					&& Objects.equals(statement.catalog, this.catalog) && Objects.equals(statement.schema, this.schema)
					&& Objects.equals(statement.options, this.options);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

	/** A thread's digest and buffers, reused from one key to the next. */
	private static final class Scratch {

		final MessageDigest digest;

		final KeyBuffer buffer = new KeyBuffer(256);

		final byte[] hash = new byte[DIGEST_LENGTH];

		/** Whether a call is under way or failed: the digest may hold part of a message. */
		boolean dirty;

		Scratch() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every JVM", ex);
			}
		}

	}

}
