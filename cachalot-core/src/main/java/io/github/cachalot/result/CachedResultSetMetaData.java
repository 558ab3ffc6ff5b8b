package io.github.cachalot.result;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ResultSetMetaData} of a cached result: everything the driver reported, captured once
 * when the result was recorded. A method that failed on the driver fails the same way here.
 * Immutable and safe to share (see {@link ResultShapes}); compares by value.
 */
public final class CachedResultSetMetaData implements ResultSetMetaData {

	static final int NAME = 0;

	static final int LABEL = 1;

	static final int TYPE = 2;

	static final int TYPE_NAME = 3;

	static final int CLASS_NAME = 4;

	static final int PRECISION = 5;

	static final int SCALE = 6;

	static final int NULLABLE = 7;

	static final int SIGNED = 8;

	static final int DISPLAY_SIZE = 9;

	static final int TABLE = 10;

	static final int SCHEMA = 11;

	static final int CATALOG = 12;

	static final int AUTO_INCREMENT = 13;

	static final int CASE_SENSITIVE = 14;

	static final int CURRENCY = 15;

	static final int SEARCHABLE = 16;

	static final int READ_ONLY = 17;

	static final int WRITABLE = 18;

	static final int DEFINITELY_WRITABLE = 19;

	static final int PROPERTIES = 20;

	/** Per column, per property: the value reported, or a {@link CapturedError}. */
	private final Object[][] columns;

	/** {@link Arrays#deepHashCode} of the columns, 0 until first asked. */
	private int hash;

	/** Upper-case label to 1-based index, first column of a label wins; made on first use. */
	private volatile Map<String, Integer> labels;

	private CachedResultSetMetaData(Object[][] columns) {
		this.columns = columns;
	}

	/** The 1-based index of the first column with this label, ignoring case, or 0. */
	int findColumn(String label) {
		Map<String, Integer> labels = this.labels;
		if (labels == null) {
			labels = new HashMap<>();
			for (int i = 0; i < this.columns.length; i++) {
				Object name = peek(i, LABEL);
				if (name != null) {
					labels.putIfAbsent(((String) name).toUpperCase(Locale.ROOT), i + 1);
				}
			}
			this.labels = labels;
		}
		Integer index = labels.get(label.toUpperCase(Locale.ROOT));
		return (index != null) ? index : 0;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CachedResultSetMetaData metaData && Arrays.deepEquals(metaData.columns, this.columns);
	}

	@Override
	public int hashCode() {
		int hash = this.hash;
		if (hash == 0) {
			hash = Arrays.deepHashCode(this.columns);
			this.hash = hash;
		}
		return hash;
	}

	/** Reads everything from the driver's metadata. */
	static CachedResultSetMetaData capture(ResultSetMetaData metaData) throws SQLException {
		int count = metaData.getColumnCount();
		Object[][] columns = new Object[count][];
		for (int column = 1; column <= count; column++) {
			Object[] values = new Object[PROPERTIES];
			for (int property = 0; property < PROPERTIES; property++) {
				try {
					values[property] = read(metaData, column, property);
				}
				catch (SQLException ex) {
					values[property] = CapturedError.of(ex);
				}
			}
			columns[column - 1] = values;
		}
		return new CachedResultSetMetaData(columns);
	}

	/**
	 * Whether the driver's metadata reports exactly what this holds: every property of every
	 * column, failures included. Reads it as {@link #capture} does, keeping nothing.
	 */
	boolean describes(ResultSetMetaData metaData) throws SQLException {
		if (metaData.getColumnCount() != this.columns.length) {
			return false;
		}
		for (int column = 0; column < this.columns.length; column++) {
			Object[] values = this.columns[column];
			for (int property = 0; property < PROPERTIES; property++) {
				Object reported;
				try {
					reported = read(metaData, column + 1, property);
				}
				catch (SQLException ex) {
					reported = CapturedError.of(ex);
				}
				if (!Objects.equals(reported, values[property])) {
					return false;
				}
			}
		}
		return true;
	}

	private static Object read(ResultSetMetaData m, int c, int property) throws SQLException {
		return switch (property) {
			case NAME -> m.getColumnName(c);
			case LABEL -> m.getColumnLabel(c);
			case TYPE -> m.getColumnType(c);
			case TYPE_NAME -> m.getColumnTypeName(c);
			case CLASS_NAME -> m.getColumnClassName(c);
			case PRECISION -> m.getPrecision(c);
			case SCALE -> m.getScale(c);
			case NULLABLE -> m.isNullable(c);
			case SIGNED -> m.isSigned(c);
			case DISPLAY_SIZE -> m.getColumnDisplaySize(c);
			case TABLE -> m.getTableName(c);
			case SCHEMA -> m.getSchemaName(c);
			case CATALOG -> m.getCatalogName(c);
			case AUTO_INCREMENT -> m.isAutoIncrement(c);
			case CASE_SENSITIVE -> m.isCaseSensitive(c);
			case CURRENCY -> m.isCurrency(c);
			case SEARCHABLE -> m.isSearchable(c);
			case READ_ONLY -> m.isReadOnly(c);
			case WRITABLE -> m.isWritable(c);
			case DEFINITELY_WRITABLE -> m.isDefinitelyWritable(c);
			default -> throw new IllegalArgumentException();
		};
	}

	/** Metadata rebuilt by {@link ResultCodec}: per column, {@link #PROPERTIES} checked values. */
	static CachedResultSetMetaData restore(Object[][] columns) {
		return new CachedResultSetMetaData(columns);
	}

	/** The captured property as it is kept: the value reported, or a {@link CapturedError}. */
	Object raw(int column, int property) {
		return this.columns[column][property];
	}

	/** The captured property, or {@code null} when the driver failed to report it. */
	Object peek(int column, int property) {
		Object value = this.columns[column][property];
		return (value instanceof CapturedError) ? null : value;
	}

	private Object get(int column, int property) throws SQLException {
		if (column < 1 || column > this.columns.length) {
			throw new SQLException("Column index out of range: " + column + " (1.." + this.columns.length + ")", "22023");
		}
		Object value = this.columns[column - 1][property];
		if (value instanceof CapturedError error) {
			throw error.exception();
		}
		return value;
	}

	private boolean flag(int column, int property) throws SQLException {
		return (Boolean) get(column, property);
	}

	private int number(int column, int property) throws SQLException {
		return (Integer) get(column, property);
	}

	private String text(int column, int property) throws SQLException {
		return (String) get(column, property);
	}

	@Override
	public int getColumnCount() {
		return this.columns.length;
	}

	@Override
	public boolean isAutoIncrement(int column) throws SQLException {
		return flag(column, AUTO_INCREMENT);
	}

	@Override
	public boolean isCaseSensitive(int column) throws SQLException {
		return flag(column, CASE_SENSITIVE);
	}

	@Override
	public boolean isSearchable(int column) throws SQLException {
		return flag(column, SEARCHABLE);
	}

	@Override
	public boolean isCurrency(int column) throws SQLException {
		return flag(column, CURRENCY);
	}

	@Override
	public int isNullable(int column) throws SQLException {
		return number(column, NULLABLE);
	}

	@Override
	public boolean isSigned(int column) throws SQLException {
		return flag(column, SIGNED);
	}

	@Override
	public int getColumnDisplaySize(int column) throws SQLException {
		return number(column, DISPLAY_SIZE);
	}

	@Override
	public String getColumnLabel(int column) throws SQLException {
		return text(column, LABEL);
	}

	@Override
	public String getColumnName(int column) throws SQLException {
		return text(column, NAME);
	}

	@Override
	public String getSchemaName(int column) throws SQLException {
		return text(column, SCHEMA);
	}

	@Override
	public int getPrecision(int column) throws SQLException {
		return number(column, PRECISION);
	}

	@Override
	public int getScale(int column) throws SQLException {
		return number(column, SCALE);
	}

	@Override
	public String getTableName(int column) throws SQLException {
		return text(column, TABLE);
	}

	@Override
	public String getCatalogName(int column) throws SQLException {
		return text(column, CATALOG);
	}

	@Override
	public int getColumnType(int column) throws SQLException {
		return number(column, TYPE);
	}

	@Override
	public String getColumnTypeName(int column) throws SQLException {
		return text(column, TYPE_NAME);
	}

	@Override
	public boolean isReadOnly(int column) throws SQLException {
		return flag(column, READ_ONLY);
	}

	@Override
	public boolean isWritable(int column) throws SQLException {
		return flag(column, WRITABLE);
	}

	@Override
	public boolean isDefinitelyWritable(int column) throws SQLException {
		return flag(column, DEFINITELY_WRITABLE);
	}

	@Override
	public String getColumnClassName(int column) throws SQLException {
		return text(column, CLASS_NAME);
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw new SQLException("Not a wrapper for " + iface.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	long estimatedBytes() {
		long bytes = 16 + 16L * this.columns.length;
		for (Object[] values : this.columns) {
			bytes += 16 + 4L * PROPERTIES;
			for (Object value : values) {
				if (value instanceof String text) {
					bytes += 40 + text.length();
				}
				else if (value instanceof CapturedError error) {
					bytes += error.estimatedBytes();
				}
			}
		}
		return bytes;
	}

}
