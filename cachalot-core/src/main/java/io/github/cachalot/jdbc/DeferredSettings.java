package io.github.cachalot.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings made on a prepared read before its driver statement exists (max rows, query
 * timeout, fetch size), applied to the driver statement when it is created. Frameworks read them
 * back (Hibernate does before closing every statement): until they are set, they read as what the
 * data source's driver statements start with, learned from the first one, so that asking creates
 * nothing.
 */
final class DeferredSettings {

	static final int MAX_ROWS = 0;

	static final int QUERY_TIMEOUT = 1;

	static final int FETCH_SIZE = 2;

	/** Not set, or not known. */
	static final int UNKNOWN = -1;

	private final int[] values = { UNKNOWN, UNKNOWN, UNKNOWN };

	/** Records a setting (a value the driver accepts: not negative). */
	void set(int setting, int value) {
		this.values[setting] = value;
	}

	/**
	 * A setting as a driver statement would report it: what was set, else what driver statements
	 * start with ({@code defaults}, may be {@code null}), else {@link #UNKNOWN}.
	 */
	static int get(DeferredSettings settings, int[] defaults, int setting) {
		int value = (settings != null) ? settings.values[setting] : UNKNOWN;
		return (value != UNKNOWN || defaults == null) ? value : defaults[setting];
	}

	/** Applies what was set to the driver statement just created. */
	void applyTo(Statement statement) throws SQLException {
		if (this.values[MAX_ROWS] != UNKNOWN) {
			statement.setMaxRows(this.values[MAX_ROWS]);
		}
		if (this.values[QUERY_TIMEOUT] != UNKNOWN) {
			statement.setQueryTimeout(this.values[QUERY_TIMEOUT]);
		}
		if (this.values[FETCH_SIZE] != UNKNOWN) {
			statement.setFetchSize(this.values[FETCH_SIZE]);
		}
	}

	/** What a driver statement starts with, indexed by setting. */
	static int[] defaultsOf(Statement statement) throws SQLException {
		return new int[] { statement.getMaxRows(), statement.getQueryTimeout(), statement.getFetchSize() };
	}

}
