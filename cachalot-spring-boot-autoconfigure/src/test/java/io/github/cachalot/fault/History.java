package io.github.cachalot.fault;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened during a run, on one clock ({@link System#nanoTime()}; both instances run in this
 * JVM): the commits that returned (value, when), the commits that threw, every read (when it
 * started, what it returned, when it ended) and the faults injected. Each thread writes its own log
 * while the run goes on; {@link #analyse()} is called once every thread has stopped.
 * <p>
 * A read is <em>stale</em> when its value is lower than the value of a commit that returned before
 * the read started. Its staleness is the read's start minus the return time of the first commit
 * whose value exceeds the read's value: how long the value it returned had already been
 * overwritten, as far as anyone could know.
 */
final class History {

	/** The commits that returned, in the order the single writer made them (so values ascend). */
	private final LongLog commits = new LongLog(2);

	/** How many commits returned, readable while the writer runs. */
	private final AtomicLong acknowledgedCount = new AtomicLong();

	/** Commits that threw: unknown outcome, never a lower bound. */
	private final AtomicLong refused = new AtomicLong();

	/** The distinct messages of the commits that threw, with how often each was seen. */
	private final Map<String, Integer> refusals = new LinkedHashMap<>();

	private final List<ReadLog> readLogs = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<String> readFailures = new ConcurrentLinkedQueue<>();

	private final AtomicLong readFailureCount = new AtomicLong();

	private final List<Event> events = new CopyOnWriteArrayList<>();

	/** Called by the writer when a commit returned normally with the value it wrote. */
	void committed(long value, long returnedNanos) {
		this.commits.add(value, returnedNanos);
		this.acknowledgedCount.incrementAndGet();
	}

	/** Called by the writer when a commit threw. */
	void refused(Throwable failure) {
		this.refused.incrementAndGet();
		String message = messages(failure);
		synchronized (this.refusals) {
			this.refusals.merge(message, 1, Integer::sum);
		}
	}

	/** A log of reads for one reader thread. */
	ReadLog reader(String instance) {
		ReadLog log = new ReadLog(instance);
		this.readLogs.add(log);
		return log;
	}

	/** Called by a reader whose read threw (the cache must never make a read fail). */
	void readFailed(String instance, Throwable failure) {
		if (this.readFailureCount.incrementAndGet() <= 5) {
			this.readFailures.add(instance + ": " + messages(failure));
		}
	}

	/** Marks the moment a fault (or a quiet period) began. */
	void event(String label) {
		this.events.add(new Event(System.nanoTime(), label));
	}

	long acknowledged() {
		return this.acknowledgedCount.get();
	}

	long refusedCount() {
		return this.refused.get();
	}

	Map<String, Integer> refusals() {
		synchronized (this.refusals) {
			return new LinkedHashMap<>(this.refusals);
		}
	}

	long readFailureCount() {
		return this.readFailureCount.get();
	}

	List<String> readFailures() {
		return List.copyOf(this.readFailures);
	}

	/** The largest value a commit that returned wrote, or -1. */
	long lastAcknowledged() {
		int n = this.commits.size();
		return (n > 0) ? this.commits.get(n - 1, 0) : -1;
	}

	/** Finds the stale reads; call once every thread has stopped. */
	Verdict analyse() {
		int n = this.commits.size();
		long[] values = new long[n];
		long[] returned = new long[n];
		for (int i = 0; i < n; i++) {
			values[i] = this.commits.get(i, 0);
			returned[i] = this.commits.get(i, 1);
			if (i > 0 && (values[i] <= values[i - 1] || returned[i] < returned[i - 1])) {
				throw new IllegalStateException("commits out of order at " + i + ": " + values[i - 1] + " then "
						+ values[i]);
			}
		}
		long reads = 0;
		long stale = 0;
		long maxStaleness = 0;
		Map<String, Long> staleByInstance = new LinkedHashMap<>();
		Map<String, FaultStaleness> byFault = new LinkedHashMap<>();
		for (ReadLog log : this.readLogs) {
			for (int r = 0; r < log.size(); r++) {
				reads++;
				long start = log.get(r, 0);
				long value = log.get(r, 1);
				// the commits that returned before the read started: [0, before)
				int before = upperBound(returned, start - 1);
				if (before == 0 || values[before - 1] <= value) {
					continue;
				}
				int overwritten = upperBound(values, value); // the first commit whose value exceeds the read's
				long staleness = start - returned[overwritten];
				stale++;
				maxStaleness = Math.max(maxStaleness, staleness);
				staleByInstance.merge(log.instance, 1L, Long::sum);
				Event fault = eventBefore(start);
				String label = (fault != null) ? fault.label : "before any fault";
				String example = String.format("%s read %d at %s, %s after %s: %d had returned %s before",
						log.instance, value, seconds(start), (fault != null) ? millis(start - fault.nanos) : "-",
						label, values[before - 1], millis(staleness));
				byFault.computeIfAbsent(label, (key) -> new FaultStaleness()).add(start, staleness, example);
			}
		}
		return new Verdict(reads, stale, Duration.ofNanos(maxStaleness), staleByInstance, byFault);
	}

	/** The last event at or before the time, or {@code null}. */
	private Event eventBefore(long nanos) {
		Event last = null;
		for (Event event : this.events) {
			if (event.nanos <= nanos) {
				last = event;
			}
			else {
				break;
			}
		}
		return last;
	}

	private String seconds(long nanos) {
		long origin = this.events.isEmpty() ? 0 : this.events.get(0).nanos;
		return String.format("%.3fs", (nanos - origin) / 1e9);
	}

	private static String millis(long nanos) {
		return (nanos / 1_000_000) + "ms";
	}

	/** The number of elements of the ascending array that are {@code <= key}. */
	private static int upperBound(long[] ascending, long key) {
		int low = 0;
		int high = ascending.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (ascending[mid] <= key) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	static String messages(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = failure; cause != null && text.length() < 400; cause = cause.getCause()) {
			if (text.length() > 0) {
				text.append(" <- ");
			}
			text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return text.toString();
	}

	/** The stale reads of a run. */
	record Verdict(long reads, long stale, Duration maxStaleness, Map<String, Long> staleByInstance,
			Map<String, FaultStaleness> staleByFault) {

		/** One line: how many, how stale, after which faults. */
		String brief() {
			if (this.stale == 0) {
				return "stale 0";
			}
			StringBuilder text = new StringBuilder("stale " + this.stale + " " + this.staleByInstance
					+ ", max staleness " + this.maxStaleness.toMillis() + " ms, after [");
			this.staleByFault.forEach((fault, found) -> text.append(fault)
				.append(": ")
				.append(found.count)
				.append(" reads, max ")
				.append(found.maxNanos / 1_000_000)
				.append(" ms; "));
			text.setLength(text.length() - 2);
			return text.append(']').toString();
		}

		/** The brief, and for each fault its first and its stalest read. */
		String describe() {
			if (this.stale == 0) {
				return "no stale read out of " + this.reads;
			}
			StringBuilder text = new StringBuilder(this.stale + " stale reads out of " + this.reads + "; " + brief());
			this.staleByFault.forEach((fault, found) -> text.append("\n  first:   ")
				.append(found.first)
				.append("\n  stalest: ")
				.append(found.stalest));
			return text.toString();
		}

	}

	/** The stale reads that followed one fault (or quiet period). */
	static final class FaultStaleness {

		private long count;

		private long maxNanos = -1;

		private long firstNanos = Long.MAX_VALUE;

		private String first;

		private String stalest;

		long count() {
			return this.count;
		}

		long maxNanos() {
			return this.maxNanos;
		}

		private void add(long start, long staleness, String example) {
			this.count++;
			if (start < this.firstNanos) {
				this.firstNanos = start;
				this.first = example;
			}
			if (staleness > this.maxNanos) {
				this.maxNanos = staleness;
				this.stalest = example;
			}
		}

	}

	/** The reads of one thread: (start, value, end) triples. */
	static final class ReadLog {

		private final String instance;

		private final LongLog log = new LongLog(3);

		private ReadLog(String instance) {
			this.instance = instance;
		}

		void read(long startNanos, long value, long endNanos) {
			this.log.add(startNanos, value, endNanos);
		}

		int size() {
			return this.log.size();
		}

		long get(int index, int field) {
			return this.log.get(index, field);
		}

	}

	/** A growable array of fixed-width records of longs, written by one thread. */
	private static final class LongLog {

		private final int width;

		private long[] data = new long[3 * 4096];

		private int size;

		LongLog(int width) {
			this.width = width;
		}

		void add(long... fields) {
			if ((this.size + 1) * this.width > this.data.length) {
				this.data = Arrays.copyOf(this.data, this.data.length * 2);
			}
			System.arraycopy(fields, 0, this.data, this.size * this.width, this.width);
			this.size++;
		}

		int size() {
			return this.size;
		}

		long get(int index, int field) {
			return this.data[index * this.width + field];
		}

	}

	private record Event(long nanos, String label) {
	}

}
