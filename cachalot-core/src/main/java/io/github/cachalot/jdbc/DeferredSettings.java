package io.github.cachalot.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings made on a prepared read before its driver statement exists (max rows, query
 * timeout, fetch size), applied to the driver statement when it is created, in the order they were
 * made (some drivers refuse a fetch size above max rows, and check against what is set when the
 * call is made). Frameworks read them
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

	/** What driver statements start with, when it cannot be learned: the getters ask the driver. */
	static final int[] UNKNOWABLE = {};

	private final int[] values = { UNKNOWN, UNKNOWN, UNKNOWN };

	/** The settings made, each once, in the order of their last call. */
	private final int[] order = new int[3];

	private int count;

	/** Records a setting (a value the driver accepts: not negative). */
	void set(int setting, int value) {
		if (this.values[setting] != UNKNOWN) {
			int at = 0;
			while (this.order[at] != setting) {
				at++;
			}
			System.arraycopy(this.order, at + 1, this.order, at, this.count - at - 1);
			this.count--;
		}
		this.values[setting] = value;
		this.order[this.count++] = setting;
	}

	/**
	 * A setting as a driver statement would report it: what was set, else what driver statements
	 * start with ({@code defaults}, may be {@code null}), else {@link #UNKNOWN}.
	 */
	static int get(DeferredSettings settings, int[] defaults, int setting) {
		int value = (settings != null) ? settings.values[setting] : UNKNOWN;
		return (value != UNKNOWN || defaults == null || defaults == UNKNOWABLE) ? value : defaults[setting];
	}

	/** Applies what was set to the driver statement just created. */
	void applyTo(Statement statement) throws SQLException {
		for (int i = 0; i < this.count; i++) {
			int setting = this.order[i];
			int value = this.values[setting];
			switch (setting) {
				case MAX_ROWS -> statement.setMaxRows(value);
				case QUERY_TIMEOUT -> statement.setQueryTimeout(value);
				default -> statement.setFetchSize(value);
			}
		}
	}

	/** What a driver statement starts with, indexed by setting; {@link #UNKNOWABLE} if it will not tell. */
	static int[] defaultsOf(Statement statement) {
		try {
			return new int[] { statement.getMaxRows(), statement.getQueryTimeout(), statement.getFetchSize() };
		}
		catch (SQLException | RuntimeException ex) {
			return UNKNOWABLE;
		}
	}

}
