package io.github.cachalot.testsupport;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The common read/write split: read-only transactions to the target named {@code replica}, the
 * others to {@code primary} (under a {@code LazyConnectionDataSourceProxy}, so that the
 * transaction's read-only flag is set when the target is chosen).
 */
public class ReadWriteRouting extends AbstractRoutingDataSource {

	@Override
	protected Object determineCurrentLookupKey() {
		return TransactionSynchronizationManager.isCurrentTransactionReadOnly() ? "replica" : "primary";
	}

}
