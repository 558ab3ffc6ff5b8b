package io.github.cachalot.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.cachalot.memo.BoundedMemo;

/**
 * Learns, per statement, whether the results cachalot records get read again, and refuses to
 * record those of a statement whose results are not: on a table written more often than a result
 * of the statement is read twice, every read is a miss that pays for recording and storing a
 * result nobody reads, and so does a stream of keys never read twice. Only the decision to look up
 * and store is affected: a refused statement runs on the database like any other bypass, so it can
 * only serve less from the cache, never anything else.
 * <p>
 * Each statement counts, over a window of {@value #WINDOW} results recorded, the reads answered
 * from the cache and the recordings that replaced a result a write had invalidated (TinyLFU's way:
 * cheap counters, halved rather than kept forever). A window where fewer than one recording in
 * {@value #REUSE_RATIO} was read again refuses the statement when at least half of them replaced
 * an invalidated result; without invalidations such a window may be a cache warming up, so only
 * {@value #COLD_WINDOWS} of them in a row refuse it (results never read again). A refused
 * statement gets a new window after {@link #RETRY_NANOS a second}: a table that calmed down is
 * cached again. The counters are updated without locks: a lost increment only shifts a verdict a
 * little, which costs less than making every thread take turns on one cache line per read.
 * Thread-safe.
 */
final class ReuseAdmission {

	/** Results recorded by a statement before a verdict on it. */
	static final int WINDOW = 64;

	/** A statement keeps being recorded while at least one in this many recordings is read again. */
	static final int REUSE_RATIO = 8;

	/** Windows in a row without reuse nor invalidation that refuse a statement (a cache warms up first). */
	static final int COLD_WINDOWS = 64;

	/** How long a refused statement goes unrecorded before it is given another window. */
	static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Why a refused statement's read bypassed the cache (counted like any bypass reason). */
	static final String NOT_REUSED = "not reused";

	private final BoundedMemo<String, Reuse> statements = new BoundedMemo<>(10_000);

	private final LongSupplier ticker;

	/** An admission on {@link System#nanoTime()}. */
	ReuseAdmission() {
		this(System::nanoTime);
	}

	/** An admission on a ticker of nanoseconds (tests advance their own). */
	ReuseAdmission(LongSupplier ticker) {
		this.ticker = ticker;
	}

	/** What is known of the reuse of a statement's results; new statements are admitted. */
	Reuse of(String sql) {
		Reuse reuse = this.statements.get(sql);
		if (reuse == null) {
			reuse = new Reuse(this.ticker);
			this.statements.put(sql, reuse);
		}
		return reuse;
	}

	/** One statement's counters and verdict. */
	static final class Reuse {

		private final LongSupplier ticker;

		/** Results recorded in the current window. */
		private volatile int recorded;

		/** Of those, how many replaced a result that a write had invalidated. */
		private volatile int replaced;

		/** Reads answered from the cache in the current window. */
		private volatile int reused;

		/** Windows in a row without reuse nor invalidation; kept across a refusal. */
		private volatile int coldWindows;

		/** While refused: the ticker's time when the statement gets another window; else 0. */
		private volatile long refusedUntil;

		private Reuse(LongSupplier ticker) {
			this.ticker = ticker;
		}

		/** Whether a read may look up and record: false while the statement is refused. */
		boolean admits() {
			long until = this.refusedUntil;
			if (until == 0) {
				return true;
			}
			if (this.ticker.getAsLong() - until < 0) {
				return false;
			}
			this.recorded = 0;
			this.replaced = 0;
			this.reused = 0;
			this.refusedUntil = 0;
			return true;
		}

		/** A read was answered from the cache. */
		void reused() {
			int reused = this.reused;
			// enough to pass the window's verdict: stop writing to a line every thread reads
			if (reused < WINDOW / REUSE_RATIO) {
				this.reused = reused + 1;
			}
		}

		/**
		 * A read missed and its result is being recorded, in place of a result a write invalidated
		 * or of none; ends the window when it is full.
		 */
		void recorded(boolean replacesInvalidated) {
			if (replacesInvalidated) {
				this.replaced++;
			}
			int recorded = this.recorded + 1;
			if (recorded < WINDOW) {
				this.recorded = recorded;
				return;
			}
			int reused = this.reused;
			if (reused * REUSE_RATIO >= recorded) {
				this.coldWindows = 0;
			}
			else if (this.replaced * 2 >= recorded || ++this.coldWindows >= COLD_WINDOWS) {
				long until = this.ticker.getAsLong() + RETRY_NANOS;
				this.refusedUntil = (until != 0) ? until : 1;
				return;
			}
			// halved, so that a statement's past weighs less than what it does now
			this.recorded = recorded / 2;
			this.replaced /= 2;
			this.reused = reused / 2;
		}

	}

}
