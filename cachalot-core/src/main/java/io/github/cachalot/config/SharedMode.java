package io.github.cachalot.config;

/**
 * What a write does when a shared store (Redis, memcached) cannot take the announcement of the
 * tables it writes before it commits.
 */
public enum SharedMode {

	/**
	 * The commit is refused: it throws before anything is committed, and the transaction stays open
	 * for the caller to roll back or commit again. No process ever serves what the write changed.
	 */
	STRICT,

	/**
	 * The commit goes ahead; the invalidation is retried until the store takes it. Other processes
	 * may serve what the write changed meanwhile, but only results read at most
	 * {@link CachalotSettings#maxStaleness()} ago.
	 */
	AVAILABLE

}
