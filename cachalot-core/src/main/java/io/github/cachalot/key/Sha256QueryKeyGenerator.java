package io.github.cachalot.key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The default {@link QueryKeyGenerator}: {@code cachalot:q:} followed by the SHA-256 digest of the
 * canonical form of the read, so that distinct reads never share a key.
 */
public final class Sha256QueryKeyGenerator implements QueryKeyGenerator {

	/** The shared instance. */
	public static final Sha256QueryKeyGenerator INSTANCE = new Sha256QueryKeyGenerator();

	private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	});

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Sha256QueryKeyGenerator() {
	}

	@Override
	public String generate(QueryKey key) {
		MessageDigest digest = DIGEST.get();
		byte[] hash = digest.digest(key.canonicalBytes());
		return "cachalot:q:" + ENCODER.encodeToString(hash);
	}

}
