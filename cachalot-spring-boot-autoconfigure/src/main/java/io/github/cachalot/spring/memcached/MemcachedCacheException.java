package io.github.cachalot.spring.memcached;

/**
 * A memcached operation that failed: the server is down or unreachable, did not answer within the
 * operation timeout, or answered with an error. Unchecked, as Spring's {@code Cache} methods are;
 * cachalot counts it as a store failure and reads from the database.
 */
public class MemcachedCacheException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** An exception with the given message and cause. */
	public MemcachedCacheException(String message, Throwable cause) {
		super(message, cause);
	}

}
