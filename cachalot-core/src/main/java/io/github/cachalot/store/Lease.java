package io.github.cachalot.store;

/**
 * What a shared store answers for a table token that a write in progress has
 * {@linkplain CacheStore#announce announced}: reads of that table go to the database and store
 * nothing until the write's invalidation replaces it.
 */
public enum Lease {

	/** A token leased by a write that has not finished. */
	HELD

}
