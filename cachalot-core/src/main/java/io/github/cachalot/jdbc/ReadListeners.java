package io.github.cachalot.jdbc;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.cachalot.ReadListener;
import io.github.cachalot.ReadOutcome;
import io.github.cachalot.sql.StatementAnalysis;

/** The read listeners of one data source, in the order they were added; immutable. */
final class ReadListeners {

	private static final Logger logger = LoggerFactory.getLogger(ReadListeners.class);

	private static final long LOG_INTERVAL_NANOS = 30_000_000_000L;

	private final ReadListener[] listeners;

	/** Shared by the successive sets of one data source: a failing listener logs every 30 s at most. */
	private final AtomicLong lastFailureLog;

	private ReadListeners(ReadListener[] listeners, AtomicLong lastFailureLog) {
		this.listeners = listeners;
		this.lastFailureLog = lastFailureLog;
	}

	/** These listeners and one more ({@code current} may be null). */
	static ReadListeners add(ReadListeners current, ReadListener listener) {
		if (listener == null) {
			throw new IllegalArgumentException("the read listener must not be null");
		}
		if (current == null) {
			return new ReadListeners(new ReadListener[] { listener },
					new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS));
		}
		ReadListener[] more = Arrays.copyOf(current.listeners, current.listeners.length + 1);
		more[current.listeners.length] = listener;
		return new ReadListeners(more, current.lastFailureLog);
	}

	void tell(String dataSourceId, ReadOutcome outcome, String reason, StatementAnalysis analysis, String sql) {
		for (ReadListener listener : this.listeners) {
			try {
				listener.read(dataSourceId, outcome, reason, analysis.readTables(), sql);
			}
			catch (RuntimeException ex) {
				// a listener is told of every read: one that keeps failing must not flood the log
				long now = System.nanoTime();
				long last = this.lastFailureLog.get();
				if (now - last >= LOG_INTERVAL_NANOS && this.lastFailureLog.compareAndSet(last, now)) {
					logger.warn("Read listener {} of data source '{}' failed (logged every 30 s at most); the read "
							+ "itself is unaffected", listener, dataSourceId, ex);
				}
			}
		}
	}

}
