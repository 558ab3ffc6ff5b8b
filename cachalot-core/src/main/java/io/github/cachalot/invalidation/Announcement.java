package io.github.cachalot.invalidation;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one transaction has announced to a shared store before its commit: the tables it writes (or
 * all of them), under one lease. Each table is announced at its first write without waiting, and
 * the commit waits for all of them ({@link TableInvalidator#awaitAnnounced}). Not thread-safe: a
 * connection is used by one thread at a time.
 */
public final class Announcement {

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final long leaseId = TableInvalidator.newToken();

	private final Set<String> tables = new HashSet<>();

	private boolean everything;

	/** When the oldest announcement still relied on was sent. */
	private long sentNanos;

	/** The announcements sent and not yet awaited, chained. */
	private CompletableFuture<Void> inFlight = DONE;

	/** The lease the transaction's writes are announced under; its invalidation ends it. */
	public long leaseId() {
		return this.leaseId;
	}

	/**
	 * The lease, once the announcements still in flight have landed or failed (an invalidation that
	 * overtook one would leave its lease to run out), waiting at most {@code max} for them.
	 */
	public long settledLease(Duration max) {
		try {
			this.inFlight.get(max.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// it failed or hangs: the invalidation goes ahead, and a lease that lands later runs out
		}
		return this.leaseId;
	}

	/** Whether nothing was announced. */
	public boolean isEmpty() {
		return !this.everything && this.tables.isEmpty();
	}

	/** The tables announced (meaningless when {@link #everything()}). */
	public Set<String> tables() {
		return Set.copyOf(this.tables);
	}

	/** Whether the whole data source was announced. */
	public boolean everything() {
		return this.everything;
	}

	/** Whether these writes are announced already. */
	boolean covers(Set<String> written, boolean writesEverything) {
		return this.everything || (!writesEverything && this.tables.containsAll(written));
	}

	/** Records writes as announced by a call now in flight. */
	void sent(Set<String> written, boolean writesEverything, CompletableFuture<Void> call, long nanos) {
		if (isEmpty()) {
			this.sentNanos = nanos;
		}
		this.tables.addAll(written);
		this.everything |= writesEverything;
		this.inFlight = this.inFlight.isDone() ? call : CompletableFuture.allOf(this.inFlight, call);
	}

	/** The announcements in flight. */
	CompletableFuture<Void> inFlight() {
		return this.inFlight;
	}

	/** Everything announced was (again) taken by the store, as of the given time. */
	void confirmed(long nanos) {
		this.inFlight = DONE;
		this.sentNanos = nanos;
	}

	/** When the oldest announcement still relied on was sent. */
	long sentNanos() {
		return this.sentNanos;
	}

	/** Forgets what was announced (after its invalidation ended the lease). */
	public void clear() {
		this.tables.clear();
		this.everything = false;
		this.inFlight = DONE;
	}

}
