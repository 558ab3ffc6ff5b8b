package io.github.cachalot.invalidation;

import java.util.Set;

/**
 * Told about every invalidation once it has taken effect in the store: after the commit that
 * made it necessary (at once in autocommit), never for a rolled-back transaction. Called on the
 * thread that caused it; an exception thrown here is logged and never reaches that thread.
 */
public interface InvalidationListener {

	/** The given tables of the data source were invalidated. */
	void tablesInvalidated(String dataSourceId, Set<String> tables);

	/** Every cached read of the data source was invalidated. */
	void dataSourceInvalidated(String dataSourceId);

}
