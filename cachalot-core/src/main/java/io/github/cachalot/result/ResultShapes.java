package io.github.cachalot.result;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Objects;

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
		CachedResultSetMetaData known = this.byStatement.get(statement);
		if (known != null && known.describes(driver)) {
			return known;
		}
		CachedResultSetMetaData captured = CachedResultSetMetaData.capture(driver);
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

	/** A statement's identity (not a record: looked up on every miss, its hash is computed once). */
	private static final class Statement {

		private final String sql;

		private final String catalog;

		private final String schema;

		private final int hash;

		Statement(String sql, String catalog, String schema) {
			this.sql = sql;
			this.catalog = catalog;
			this.schema = schema;
			this.hash = 31 * (31 * Objects.hashCode(sql) + Objects.hashCode(catalog)) + Objects.hashCode(schema);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Statement statement && statement.hash == this.hash
					&& Objects.equals(statement.sql, this.sql) && Objects.equals(statement.catalog, this.catalog)
					&& Objects.equals(statement.schema, this.schema);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
