package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a physical connection's session adds to a read's key (catalog and schema) and its
 * transaction isolation, read from the driver once and remembered while nothing changes them.
 */
final class SessionState {

	private final String catalog;

	private final String schema;

	private volatile int isolation = -1;

	private SessionState(String catalog, String schema) {
		this.catalog = catalog;
		this.schema = schema;
	}

	static SessionState read(Connection connection) throws SQLException {
		String schema;
		try {
			schema = connection.getSchema();
		}
		catch (SQLException | AbstractMethodError | UnsupportedOperationException ex) {
			schema = null;
		}
		return new SessionState(connection.getCatalog(), schema);
	}

	String catalog() {
		return this.catalog;
	}

	String schema() {
		return this.schema;
	}

	/** The isolation level may have changed: read it again when next needed. */
	void forgetIsolation() {
		this.isolation = -1;
	}

	int isolation(Connection connection) throws SQLException {
		int level = this.isolation;
		if (level < 0) {
			level = connection.getTransactionIsolation();
			this.isolation = level;
		}
		return level;
	}

}
