package io.github.cachalot.differential;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * One side of the comparison: a data source (cachalot's, or a plain pool) and its logical
 * connections, opened lazily from the pool. A newly opened connection gets a deterministic session
 * state (on PostgreSQL: search path {@code s1, public} for even, {@code s2, public} for odd
 * connection numbers), so that whatever a pooled session carried before does not matter.
 */
final class Side {

	final String name;

	private final DataSource dataSource;

	private final boolean postgres;

	private final Connection[] connections;

	private final List<Map<String, Savepoint>> savepoints;

	/** Whether a connection is inside a transaction begun in SQL (BEGIN / START TRANSACTION). */
	private final boolean[] sqlTransaction;

	Side(String name, DataSource dataSource, boolean postgres, int connections) {
		this.name = name;
		this.dataSource = dataSource;
		this.postgres = postgres;
		this.connections = new Connection[connections];
		this.sqlTransaction = new boolean[connections];
		this.savepoints = new java.util.ArrayList<>();
		for (int i = 0; i < connections; i++) {
			this.savepoints.add(new HashMap<>());
		}
	}

	/** Whether the connection is in autocommit mode outside any SQL-level transaction, at its default isolation. */
	boolean plainAutoCommit(int c) {
		try {
			Connection connection = this.connections[c];
			return connection != null && !this.sqlTransaction[c] && connection.getAutoCommit()
					&& connection.getTransactionIsolation() != Connection.TRANSACTION_READ_UNCOMMITTED;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	Outcome execute(Action action) {
		try {
			return run(action);
		}
		catch (SQLException ex) {
			return Outcome.error(ex);
		}
		catch (RuntimeException ex) {
			return Outcome.exception(ex);
		}
	}

	private Connection connection(int c) throws SQLException {
		if (this.connections[c] == null) {
			Connection connection = this.dataSource.getConnection();
			this.connections[c] = connection;
			if (this.postgres) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET search_path = " + ((c % 2 == 0) ? "s1" : "s2") + ", public");
				}
			}
		}
		return this.connections[c];
	}

	private Outcome run(Action action) throws SQLException {
		int c = action.connection();
		if (action.kind() == Action.Kind.CLOSE) {
			return close(c);
		}
		Connection connection = connection(c);
		Map<String, Savepoint> savepoints = this.savepoints.get(c);
		switch (action.kind()) {
			case QUERY_PREPARED:
				try (PreparedStatement statement = connection.prepareStatement(action.sql())) {
					bind(statement, action.parameters());
					try (ResultSet rs = statement.executeQuery()) {
						return Outcome.rows(rs);
					}
				}
			case QUERY_STATEMENT:
				try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(action.literalSql())) {
					return Outcome.rows(rs);
				}
			case QUERY_EXECUTE:
				try (Statement statement = connection.createStatement()) {
					if (statement.execute(action.literalSql())) {
						try (ResultSet rs = statement.getResultSet()) {
							return Outcome.rows(rs);
						}
					}
					return Outcome.count(statement.getUpdateCount());
				}
			case UPDATE_PREPARED:
				try (PreparedStatement statement = connection.prepareStatement(action.sql())) {
					bind(statement, action.parameters());
					return Outcome.count(statement.executeUpdate());
				}
			case UPDATE_STATEMENT:
				try (Statement statement = connection.createStatement()) {
					return Outcome.count(statement.executeUpdate(action.literalSql()));
				}
			case SQL:
				try (Statement statement = connection.createStatement()) {
					if (statement.execute(action.sql())) {
						try (ResultSet rs = statement.getResultSet()) {
							return Outcome.rows(rs);
						}
					}
				}
				trackSqlTransaction(c, action.sql());
				return Outcome.ok("");
			case SET_AUTOCOMMIT_FALSE:
				connection.setAutoCommit(false);
				return Outcome.ok("");
			case SET_AUTOCOMMIT_TRUE:
				connection.setAutoCommit(true);
				this.sqlTransaction[c] = false;
				return Outcome.ok("");
			case COMMIT:
				connection.commit();
				this.sqlTransaction[c] = false;
				return Outcome.ok("");
			case ROLLBACK:
				connection.rollback();
				this.sqlTransaction[c] = false;
				return Outcome.ok("");
			case SET_ISOLATION:
				connection.setTransactionIsolation(action.level());
				return Outcome.ok("");
			case SAVEPOINT:
				savepoints.put(action.name(), connection.setSavepoint(action.name()));
				return Outcome.ok("");
			case ROLLBACK_TO_SAVEPOINT: {
				Savepoint savepoint = savepoints.get(action.name());
				if (savepoint == null) {
					return Outcome.checkerError("no savepoint " + action.name() + " on this connection");
				}
				connection.rollback(savepoint);
				return Outcome.ok("");
			}
			case RELEASE_SAVEPOINT: {
				Savepoint savepoint = savepoints.remove(action.name());
				if (savepoint == null) {
					return Outcome.checkerError("no savepoint " + action.name() + " on this connection");
				}
				connection.releaseSavepoint(savepoint);
				return Outcome.ok("");
			}
			case STATE:
				return Outcome.ok("autoCommit=" + connection.getAutoCommit() + " isolation="
						+ Action.levelName(connection.getTransactionIsolation()));
			default:
				throw new IllegalStateException(action.kind().name());
		}
	}

	private void trackSqlTransaction(int c, String sql) {
		String upper = sql.trim().toUpperCase(Locale.ROOT);
		if (upper.startsWith("BEGIN") || upper.startsWith("START TRANSACTION")) {
			this.sqlTransaction[c] = true;
		}
		else if (upper.startsWith("COMMIT") || upper.equals("END")
				|| (upper.startsWith("ROLLBACK") && !upper.startsWith("ROLLBACK TO"))) {
			this.sqlTransaction[c] = false;
		}
	}

	private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
		for (int i = 0; i < parameters.size(); i++) {
			Object value = parameters.get(i);
			if (value == null) {
				statement.setNull(i + 1, Types.INTEGER);
			}
			else {
				statement.setObject(i + 1, value);
			}
		}
	}

	/** Ends a SQL-level transaction (ROLLBACK) if autocommit is on, and returns the connection to the pool. */
	private Outcome close(int c) throws SQLException {
		Connection connection = this.connections[c];
		if (connection == null) {
			return Outcome.ok("not open");
		}
		this.connections[c] = null;
		this.sqlTransaction[c] = false;
		this.savepoints.get(c).clear();
		try {
			if (connection.getAutoCommit()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("ROLLBACK");
				}
			}
		}
		finally {
			connection.close();
		}
		return Outcome.ok("closed");
	}

	/** Closes every connection (end of a run); errors are ignored. */
	void closeAll() {
		for (int c = 0; c < this.connections.length; c++) {
			try {
				close(c);
			}
			catch (SQLException | RuntimeException ignored) {
				// the pool is closed next
			}
		}
	}

}
