package io.github.cachalot.autoconfigure.endpoint;

import java.util.Set;
import java.util.TreeSet;

import io.github.cachalot.spring.CachalotManager;

/**
 * One invalidation the {@code cachalot} endpoint did.
 * @param dataSource the name of the data source
 * @param allTables whether every cached read of the data source was invalidated
 * @param tables the invalidated tables, empty when all of them were
 * @param tookEffect whether the store took it; if not, reads of those tables bypass the cache
 * until a retry succeeds
 */
public record InvalidationDescriptor(String dataSource, boolean allTables, Set<String> tables, boolean tookEffect) {

	/** Describes what the manager did. */
	static InvalidationDescriptor of(CachalotManager.Invalidation invalidation) {
		return new InvalidationDescriptor(invalidation.dataSource(), invalidation.allTables(),
				new TreeSet<>(invalidation.tables()), invalidation.tookEffect());
	}

}
