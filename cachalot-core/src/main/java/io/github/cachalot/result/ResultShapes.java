package io.github.cachalot.result;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata last captured for each statement of a data source, reused for the statement's next
 * result while the driver reports the same columns: the same names, labels, types, type names,
 * classes, precisions and scales. A miss then reads 7 properties a column from the driver instead
 * of 20, and the results of a statement share one copy of their metadata (for small results, most
 * of their memory). Forgotten when DDL runs. Thread-safe.
 */
public final class ResultShapes {

	/** Past this many statements the memo is emptied (and filled anew). */
	private static final int MAX_STATEMENTS = 10_000;

	private final Map<Statement, CachedResultSetMetaData> byStatement = new ConcurrentHashMap<>();

	/** The shape of the results of a statement run with this SQL, catalog and schema. */
	public Shape of(String sql, String catalog, String schema) {
		return new Shape(this, new Statement(sql, catalog, schema));
	}

	/** Forgets every shape (after DDL, which may change what the driver reports). */
	public void clear() {
		this.byStatement.clear();
	}

	private CachedResultSetMetaData capture(Statement statement, ResultSetMetaData driver) throws SQLException {
		CachedResultSetMetaData known = this.byStatement.get(statement);
		if (known != null && known.describesTheSameColumns(driver)) {
			return known;
		}
		CachedResultSetMetaData captured = CachedResultSetMetaData.capture(driver);
		if (this.byStatement.size() >= MAX_STATEMENTS) {
			this.byStatement.clear();
		}
		this.byStatement.put(statement, captured);
		return captured;
	}

	/** One statement's entry: captures its result's metadata, or reuses the last one. */
	public static final class Shape {

		private final ResultShapes shapes;

		private final Statement statement;

		private Shape(ResultShapes shapes, Statement statement) {
			this.shapes = shapes;
			this.statement = statement;
		}

		CachedResultSetMetaData capture(ResultSetMetaData driver) throws SQLException {
			return this.shapes.capture(this.statement, driver);
		}

	}

	private record Statement(String sql, String catalog, String schema) {
	}

}
