package io.github.cachalot.result;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable snapshot of a result set: its column metadata and its rows, as captured by a
 * {@link RecordingResultSet} and replayed by a {@link CachedResultSet}. Safe to share between threads
 * and to replay any number of times: mutable values are copied whenever they are handed out.
 */
public final class CachedResult {

	private static final Object[][] NO_ROWS = new Object[0][];

	private final CachedResultSetMetaData metaData;

	private final Dialect dialect;

	private final Column[] columns;

	/** Per row, per column: null for SQL NULL, an immutable bare value, or a {@link Cell}. */
	private final Object[][] rows;

	private final long estimatedBytes;

	private CachedResult(CachedResultSetMetaData metaData, Dialect dialect, Column[] columns, Object[][] rows,
			long estimatedBytes) {
		this.metaData = metaData;
		this.dialect = dialect;
		this.columns = columns;
		this.rows = rows;
		this.estimatedBytes = estimatedBytes;
	}

	/** A result rebuilt by {@link ResultCodec} from parts it decoded and checked. */
	static CachedResult restore(CachedResultSetMetaData metaData, Dialect dialect, Column[] columns, Object[][] rows,
			long estimatedBytes) {
		return new CachedResult(metaData, dialect, columns, (rows.length == 0) ? NO_ROWS : rows, estimatedBytes);
	}

	/** The number of columns. */
	public int columnCount() {
		return this.columns.length;
	}

	/** The number of rows. */
	public int rowCount() {
		return this.rows.length;
	}

	/** A rough estimate of the memory this result holds, in bytes; grows with every value it holds. */
	public long estimatedBytes() {
		return this.estimatedBytes;
	}

	/** The captured metadata. */
	public CachedResultSetMetaData metaData() {
		return this.metaData;
	}

	Dialect dialect() {
		return this.dialect;
	}

	Column column(int index) {
		return this.columns[index];
	}

	Object[] row(int index) {
		return this.rows[index];
	}

	/** The 1-based index of the first column with this label, ignoring case, or 0. */
	int findColumn(String label) {
		return this.metaData.findColumn(label);
	}

	/**
	 * Captures rows of a live result set, within limits. Not thread-safe: owned by one
	 * {@link RecordingResultSet}.
	 */
	static final class Builder {

		private final ResultLimits limits;

		private final CachedResultSetMetaData metaData;

		private final Dialect dialect;

		private final Column[] columns;

		/** Per column, how the driver received its values, where the dialect asks ({@link Dialect#transfers}). */
		private final int[] transfers;

		private final List<Object[]> rows = new ArrayList<>();

		private long bytes;

		Builder(ResultSet resultSet, ResultLimits limits, ResultShapes.Shape shape) throws SQLException {
			this.limits = limits;
			ResultSetMetaData driverMetaData = resultSet.getMetaData();
			this.metaData = (shape != null) ? shape.capture(driverMetaData)
					: CachedResultSetMetaData.capture(driverMetaData);
			this.dialect = Dialect.detect(resultSet, driverMetaData).forResult(resultSet);
			this.columns = new Column[this.metaData.getColumnCount()];
			for (int i = 0; i < this.columns.length; i++) {
				this.columns[i] = new Column(this.dialect, this.metaData, i);
			}
			this.transfers = this.dialect.transfers(resultSet, driverMetaData, this.columns.length);
			this.bytes = 64 + this.metaData.estimatedBytes();
		}

		/** Whether nothing exceeds the limits yet (checked before any row is read). */
		boolean withinLimits() {
			return this.bytes <= this.limits.maxBytes();
		}

		/**
		 * Captures the current row of the result set.
		 * @return false when the row cannot be cached or the limits are exceeded: stop recording
		 */
		boolean capture(ResultSet resultSet) throws SQLException {
			if (this.rows.size() >= this.limits.maxRows()) {
				return false;
			}
			Column[] columns = this.columns;
			Object[] row = new Object[columns.length];
			long bytes = 16 + 4L * columns.length;
			try {
				for (int i = 0; i < columns.length; i++) {
					Object value = cell(resultSet, i + 1, columns[i]);
					row[i] = value;
					bytes += Values.estimate(value);
				}
			}
			catch (Uncacheable ex) {
				return false;
			}
			this.bytes += bytes;
			if (this.bytes > this.limits.maxBytes()) {
				return false;
			}
			this.rows.add(row);
			return true;
		}

		private Object cell(ResultSet resultSet, int index, Column column) throws SQLException, Uncacheable {
			Object value = resultSet.getObject(index);
			if (value == null) {
				if (!resultSet.wasNull() || column.temporal != Column.NOT_TEMPORAL && resultSet.getString(index) != null) {
					// a driver's non-NULL value without an object form (such as a zero date)
					throw Uncacheable.INSTANCE;
				}
				return null;
			}
			if (column.uncacheable) {
				throw Uncacheable.INSTANCE;
			}
			Object natural = null;
			if (column.temporal != Column.NOT_TEMPORAL) {
				natural = natural(resultSet, index, column);
			}
			else if (value instanceof String || this.dialect.textDerivable(column, value)) {
				return value;
			}
			Object frozen = Values.freeze(value);
			int transfer = (this.transfers != null) ? this.transfers[index - 1] : Column.UNKNOWN;
			Object text = this.dialect.derivedText(value, transfer);
			if (text == null) {
				text = text(resultSet, index, value);
			}
			if (!this.dialect.cacheable(column, value, text, transfer)) {
				throw Uncacheable.INSTANCE;
			}
			if (natural != null) {
				natural = this.dialect.keptNatural(resultSet, index, column, text, natural);
				if (natural == null) {
					throw Uncacheable.INSTANCE;
				}
			}
			return new Cell(frozen, text, natural);
		}

		private static Object text(ResultSet resultSet, int index, Object value) throws SQLException, Uncacheable {
			Object text;
			try {
				text = resultSet.getString(index);
				if (text == null) {
					throw Uncacheable.INSTANCE;
				}
				if (text.equals(value)) {
					text = value;
				}
			}
			catch (SQLException ex) {
				text = CapturedError.of(ex);
			}
			return text;
		}

		private Object natural(ResultSet resultSet, int index, Column column) throws Uncacheable {
			Object natural;
			try {
				natural = resultSet.getObject(index, Dialect.naturalClass(column.temporal));
			}
			catch (SQLException ex) {
				return CapturedError.of(ex);
			}
			catch (RuntimeException ex) {
				throw Uncacheable.INSTANCE;
			}
			if (natural == null || !this.dialect.standard(natural)) {
				throw Uncacheable.INSTANCE;
			}
			return natural;
		}

		CachedResult build() {
			Object[][] rows = this.rows.isEmpty() ? NO_ROWS : this.rows.toArray(NO_ROWS);
			return new CachedResult(this.metaData, this.dialect, this.columns, rows, this.bytes);
		}

	}

}
