package io.github.cachalot.key;

/**
 * Turns a read into the key its result is cached under. Two reads that may return different
 * results must never get the same key: an implementation either keeps every part of
 * {@link QueryKey#canonicalBytes()} or uses a cryptographic digest of it.
 */
@FunctionalInterface
public interface QueryKeyGenerator {

	/** The cache key of the given read. */
	String generate(QueryKey key);

}
