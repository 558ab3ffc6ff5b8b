package io.github.cachalot.it.app;

import java.util.List;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records, from inside a transaction, which invalidation events had been received at the end of the
 * method body, before the commit and after it; and what the transaction itself read.
 */
public final class TransactionProbe {

	private volatile List<String> inBody;

	private volatile List<String> beforeCommit;

	private volatile List<String> afterCommit;

	private volatile Long ordersSeenInside;

	void record(InvalidationEvents events, long ordersSeenInside) {
		this.inBody = events.tables();
		this.ordersSeenInside = ordersSeenInside;
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				TransactionProbe.this.beforeCommit = events.tables();
			}

			@Override
			public void afterCommit() {
				TransactionProbe.this.afterCommit = events.tables();
			}

		});
	}

	/** The tables of the events received when the method body ended. */
	public List<String> inBody() {
		return this.inBody;
	}

	/** The tables of the events received just before the commit; null if it never came to that. */
	public List<String> beforeCommit() {
		return this.beforeCommit;
	}

	/** The tables of the events received once committed; null if it did not commit. */
	public List<String> afterCommit() {
		return this.afterCommit;
	}

	/** How many orders the transaction saw in {@code it_orders} after its own writes. */
	public Long ordersSeenInside() {
		return this.ordersSeenInside;
	}

}
