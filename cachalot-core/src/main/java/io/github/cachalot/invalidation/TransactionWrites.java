package io.github.cachalot.invalidation;

import java.lang.ref.WeakReference;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables one connection's open transaction has written. Its reads of them bypass the cache,
 * and they are invalidated when the transaction commits. Savepoints restore the set as it was.
 * Not thread-safe: a connection is used by one thread at a time.
 */
public final class TransactionWrites {

	private Set<String> tables = new HashSet<>();

	private boolean everything;

	private boolean unknown;

	/**
	 * The writes at each savepoint, its driver object held weakly: drivers' savepoints hold their
	 * connection, and a session outlives a connection closed with its transaction open.
	 */
	private final List<Snapshot> savepoints = new ArrayList<>();

	/** Records tables written in the transaction. */
	public void record(Set<String> written) {
		this.tables.addAll(written);
	}

	/** Records a write to tables that cannot be known: every table counts as written. */
	public void recordEverything() {
		this.everything = true;
	}

	/**
	 * Records a write to tables that cannot be known and must not be invalidated
	 * ({@code invalidate-raw} off): reads of every table bypass the cache until the end.
	 */
	public void recordUnknown() {
		this.unknown = true;
	}

	/** Whether nothing was written. */
	public boolean isEmpty() {
		return !this.everything && !this.unknown && this.tables.isEmpty();
	}

	/** Whether any of the given tables was written. */
	public boolean touches(Set<String> dependencies) {
		if (this.everything || this.unknown) {
			return true;
		}
		if (this.tables.isEmpty()) {
			return false;
		}
		for (String table : dependencies) {
			if (this.tables.contains(table)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a write to unknown tables was recorded. */
	public boolean writesEverything() {
		return this.everything;
	}

	/** The tables written (meaningless when {@link #writesEverything()}). */
	public Set<String> tables() {
		return Set.copyOf(this.tables);
	}

	/** Remembers the current writes under a savepoint. */
	public void savepoint(Savepoint savepoint) {
		this.savepoints.removeIf((snapshot) -> snapshot.savepoint.get() == null);
		this.savepoints.add(new Snapshot(new WeakReference<>(savepoint), new HashSet<>(this.tables), this.everything,
				this.unknown));
	}

	/** Restores the writes as they were at the savepoint. */
	public void rollbackTo(Savepoint savepoint) {
		Snapshot snapshot = snapshotOf(savepoint);
		if (snapshot != null) {
			this.tables = new HashSet<>(snapshot.tables);
			this.everything = snapshot.everything;
			this.unknown = snapshot.unknown;
		}
	}

	/** Forgets a savepoint; its writes stay. */
	public void release(Savepoint savepoint) {
		this.savepoints.remove(snapshotOf(savepoint));
	}

	private Snapshot snapshotOf(Savepoint savepoint) {
		for (Snapshot snapshot : this.savepoints) {
			if (snapshot.savepoint.get() == savepoint) {
				return snapshot;
			}
		}
		return null;
	}

	/** Forgets everything (after commit or rollback). */
	public void clear() {
		this.tables = new HashSet<>();
		this.everything = false;
		this.unknown = false;
		this.savepoints.clear();
	}

	private record Snapshot(WeakReference<Savepoint> savepoint, Set<String> tables, boolean everything,
			boolean unknown) {
	}

}
