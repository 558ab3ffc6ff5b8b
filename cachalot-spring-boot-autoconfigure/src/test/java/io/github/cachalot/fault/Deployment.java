package io.github.cachalot.fault;

import java.util.List;

/**
 * The Redis the two instances share, the way each instance reaches it, and the faults a run injects
 * into it, in order.
 */
interface Deployment extends AutoCloseable {

	/** The {@code spring.data.redis.*} properties of the named instance ({@code A} or {@code B}). */
	List<String> redisProperties(String instance);

	/** The faults to inject, in order; each is followed by a quiet period. */
	List<Fault> faults(Run run);

	@Override
	void close();

	/** One fault: what the summary calls it, and how it is done (it returns once it is over). */
	record Fault(String label, Injection injection) {
	}

	/** Injects a fault. */
	@FunctionalInterface
	interface Injection {

		void inject() throws Exception;

	}

	/** What a fault may ask of the run that injects it. */
	interface Run {

		/**
		 * Waits (up to 500 ms) until the writer is inside a transaction, after its update and before
		 * its commit, so that the fault lands while a commit is in flight.
		 */
		void awaitCommitInFlight();

		/** Adds a note to the run's summary (what a fault observed). */
		void note(String note);

	}

}
