package io.github.cachalot.result;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

import io.github.cachalot.memo.BoundedMemo;

/**
 * The metadata last captured for each statement of a data source, reused for the statement's next
 * result when the driver reports exactly the same (every property of every column is compared), so
 * that the results of a statement share one copy of their metadata: for small results, most of
 * their memory. Nothing is taken on trust, so nothing needs forgetting after DDL. Thread-safe.
 */
public final class ResultShapes {

	private final BoundedMemo<Statement, CachedResultSetMetaData> byStatement = new BoundedMemo<>(10_000);

	/** The shape of the results of a statement run with this SQL, catalog and schema. */
	public Shape of(String sql, String catalog, String schema) {
		return new Shape(this, new Statement(sql, catalog, schema));
	}

	private CachedResultSetMetaData capture(Statement statement, ResultSetMetaData driver) throws SQLException {
		CachedResultSetMetaData captured = CachedResultSetMetaData.capture(driver);
		CachedResultSetMetaData known = this.byStatement.get(statement);
		if (captured.equals(known)) {
			return known; // the capture is garbage at once; the cached results share the known one
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
