package io.github.cachalot.invalidation;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When this process last invalidated each table, for the most recently invalidated ones (what the
 * endpoint reports). Every write of every thread records here, so recording takes no lock and, for
 * a table already recorded in the same millisecond, writes nothing: the entry of a busy table is
 * then only read, and stays in every core's cache. Recency counts in milliseconds: a table takes
 * its place among the most recent at the first record of each millisecond.
 */
final class RecentInvalidations {

	private final int capacity;

	private final Map<String, Stamp> stamps = new ConcurrentHashMap<>();

	/** Orders stamps by recency; advanced at most once a millisecond per table. */
	private final AtomicLong order = new AtomicLong();

	/** @param capacity how many tables {@link #snapshot()} reports: the most recently invalidated */
	RecentInvalidations(int capacity) {
		this.capacity = capacity;
	}

	/** Records that a table was invalidated at the given time (milliseconds since the epoch). */
	void record(String table, long millis) {
		Stamp stamp = this.stamps.get(table);
		if (stamp == null) {
			stamp = this.stamps.putIfAbsent(table, new Stamp(millis, this.order.incrementAndGet()));
			if (stamp == null) {
				if (this.stamps.size() > 2 * this.capacity) {
					forgetOldest();
				}
				return;
			}
		}
		if (stamp.millis != millis) {
			stamp.order = this.order.incrementAndGet();
			stamp.millis = millis;
		}
	}

	/** Each of the most recently invalidated tables with when, the least recent first. */
	Map<String, Instant> snapshot() {
		List<Map.Entry<String, Stamp>> oldestFirst = this.stamps.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue().copy()))
			.sorted(Comparator.comparingLong((Map.Entry<String, Stamp> entry) -> entry.getValue().order))
			.toList();
		Map<String, Instant> snapshot = new LinkedHashMap<>();
		oldestFirst.subList(Math.max(0, oldestFirst.size() - this.capacity), oldestFirst.size())
			.forEach((entry) -> snapshot.put(entry.getKey(), Instant.ofEpochMilli(entry.getValue().millis)));
		return Collections.unmodifiableMap(snapshot);
	}

	/**
	 * Forgets the tables {@link #snapshot()} no longer reports: once per {@code capacity} new tables.
	 * Those recorded meanwhile are newer than any it reports, and stay (a table recorded again just
	 * as it is forgotten is missing until its next record).
	 */
	private synchronized void forgetOldest() {
		if (this.stamps.size() <= 2 * this.capacity) {
			return; // another thread did
		}
		long[] orders = this.stamps.values().stream().mapToLong((stamp) -> stamp.order).sorted().toArray();
		long oldestKept = orders[orders.length - this.capacity];
		this.stamps.values().removeIf((stamp) -> stamp.order < oldestKept);
	}

	/** When a table was last recorded, and the order of that record among all of them. */
	private static final class Stamp {

		// only reported: a reader may see one field updated and not yet the other
		volatile long millis;

		volatile long order;

		Stamp(long millis, long order) {
			this.millis = millis;
			this.order = order;
		}

		Stamp copy() {
			return new Stamp(this.millis, this.order);
		}

	}

}
