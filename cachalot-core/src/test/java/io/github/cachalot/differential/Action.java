package io.github.cachalot.differential;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One step of a history: what to do on logical connection {@code connection} of each side.
 * Histories are generated up front from the seed and never depend on what the databases answer,
 * so that any sub-list of a history is itself a valid history (the shrinker relies on it).
 */
record Action(int connection, Kind kind, String sql, List<Object> parameters, int level, String name,
		int probedTable) {

	enum Kind {

		/** {@code prepareStatement(sql)} with the parameters, then {@code executeQuery()}. */
		QUERY_PREPARED,
		/** {@code createStatement().executeQuery(sql with the parameters written as literals)}. */
		QUERY_STATEMENT,
		/** {@code createStatement().execute(sql with literals)} then {@code getResultSet()}. */
		QUERY_EXECUTE,
		/** {@code prepareStatement(sql)} with the parameters, then {@code executeUpdate()}. */
		UPDATE_PREPARED,
		/** {@code createStatement().executeUpdate(sql with literals)}. */
		UPDATE_STATEMENT,
		/** {@code createStatement().execute(sql)}: transaction control and session settings in SQL. */
		SQL,
		SET_AUTOCOMMIT_FALSE, SET_AUTOCOMMIT_TRUE, COMMIT, ROLLBACK, SET_ISOLATION,
		/** {@code setSavepoint(name)}. */
		SAVEPOINT,
		/** {@code rollback(savepoint)}. */
		ROLLBACK_TO_SAVEPOINT,
		/** {@code releaseSavepoint(savepoint)}. */
		RELEASE_SAVEPOINT,
		/** Reports {@code getAutoCommit()} and {@code getTransactionIsolation()}. */
		STATE,
		/** Ends any SQL-level transaction with ROLLBACK and returns the connection to the pool. */
		CLOSE

	}

	static Action of(int connection, Kind kind) {
		return new Action(connection, kind, null, List.of(), 0, null, -1);
	}

	static Action sql(int connection, Kind kind, String sql, List<Object> parameters) {
		return new Action(connection, kind, sql, Collections.unmodifiableList(new ArrayList<>(parameters)), 0, null, -1);
	}

	Action withLevel(int isolation) {
		return new Action(this.connection, this.kind, this.sql, this.parameters, isolation, this.name, this.probedTable);
	}

	Action withName(String savepoint) {
		return new Action(this.connection, this.kind, this.sql, this.parameters, this.level, savepoint, this.probedTable);
	}

	/** Marks a {@code SELECT max(ver)} read of the given table for the freshness check. */
	Action withProbe(int table) {
		return new Action(this.connection, this.kind, this.sql, this.parameters, this.level, this.name, table);
	}

	Action withConnection(int other) {
		return new Action(other, this.kind, this.sql, this.parameters, this.level, this.name, this.probedTable);
	}

	boolean isRead() {
		return this.kind == Kind.QUERY_PREPARED || this.kind == Kind.QUERY_STATEMENT || this.kind == Kind.QUERY_EXECUTE;
	}

	/** The SQL with every {@code ?} replaced by its parameter written as a literal. */
	String literalSql() {
		StringBuilder out = new StringBuilder();
		int next = 0;
		for (char c : this.sql.toCharArray()) {
			if (c == '?') {
				Object value = this.parameters.get(next++);
				out.append((value == null) ? "NULL" : (value instanceof String text) ? "'" + text + "'" : value.toString());
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	static String levelName(int level) {
		return switch (level) {
			case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ_UNCOMMITTED";
			case Connection.TRANSACTION_READ_COMMITTED -> "READ_COMMITTED";
			case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE_READ";
			case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
			default -> String.valueOf(level);
		};
	}

	@Override
	public String toString() {
		String what = switch (this.kind) {
			case QUERY_PREPARED -> "prepared query: " + this.sql + " " + this.parameters;
			case UPDATE_PREPARED -> "prepared update: " + this.sql + " " + this.parameters;
			case QUERY_STATEMENT -> "statement query: " + literalSql();
			case QUERY_EXECUTE -> "statement execute (read): " + literalSql();
			case UPDATE_STATEMENT -> "statement update: " + literalSql();
			case SQL -> "sql: " + this.sql;
			case SET_AUTOCOMMIT_FALSE -> "setAutoCommit(false)";
			case SET_AUTOCOMMIT_TRUE -> "setAutoCommit(true)";
			case COMMIT -> "commit()";
			case ROLLBACK -> "rollback()";
			case SET_ISOLATION -> "setTransactionIsolation(" + levelName(this.level) + ")";
			case SAVEPOINT -> "setSavepoint(\"" + this.name + "\")";
			case ROLLBACK_TO_SAVEPOINT -> "rollback(savepoint " + this.name + ")";
			case RELEASE_SAVEPOINT -> "releaseSavepoint(" + this.name + ")";
			case STATE -> "getAutoCommit(), getTransactionIsolation()";
			case CLOSE -> "close()";
		};
		return "c" + this.connection + ": " + what;
	}

}
