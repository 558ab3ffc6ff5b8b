package io.github.cachalot.result;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * A read-only result set replaying a {@link CachedResult}. Every getter returns what the driver
 * returned (or would have returned) for the captured row; mutable values are fresh copies. It is
 * forward-only unless created with a scrollable type, in which case all cursor movements work as
 * on a driver's scrollable result set. Update methods throw {@link SQLFeatureNotSupportedException}.
 * Not thread-safe (like any result set); the result it replays is.
 */
public final class CachedResultSet implements ResultSet {

	private static final Object[] NO_ROW = null;

	private final CachedResult result;

	private final Dialect dialect;

	private final Statement owner;

	private final Runnable onClose;

	private final int type;

	private final int holdability;

	private final int rowCount;

	private final int columnCount;

	/** 0 before the first row, 1..rowCount on a row, rowCount + 1 after the last. */
	private int cursor;

	/** The current row, or null when not on a row. */
	private Object[] row = NO_ROW;

	private boolean wasNull;

	private boolean closed;

	private int fetchSize;

	private int fetchDirection = FETCH_FORWARD;

	/**
	 * @param result the result to replay
	 * @param owner what {@link #getStatement()} returns
	 * @param resultSetType {@code TYPE_FORWARD_ONLY} or one of the scrollable types
	 * @param resultSetConcurrency accepted for symmetry with the driver's result sets; a replay is
	 * always {@code CONCUR_READ_ONLY}
	 * @param holdability what {@link #getHoldability()} returns
	 */
	public CachedResultSet(CachedResult result, Statement owner, int resultSetType, int resultSetConcurrency,
			int holdability) {
		this(result, owner, resultSetType, resultSetConcurrency, holdability, null);
	}

	/**
	 * A replay that runs {@code onClose} the first time it is closed (so that its statement can
	 * honour {@code closeOnCompletion()}).
	 */
	public CachedResultSet(CachedResult result, Statement owner, int resultSetType, int resultSetConcurrency,
			int holdability, Runnable onClose) {
		this.onClose = onClose;
		this.result = result;
		this.dialect = result.dialect();
		this.owner = owner;
		this.type = resultSetType;
		this.holdability = holdability;
		this.rowCount = result.rowCount();
		this.columnCount = result.columnCount();
	}

	// ---------------------------------------------------------------- state

	private void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("The result set is closed.", "24000");
		}
	}

	private void checkScrollable() throws SQLException {
		checkOpen();
		if (this.type == TYPE_FORWARD_ONLY) {
			throw new SQLException("Operation requires a scrollable ResultSet, but this ResultSet is FORWARD_ONLY.",
					"24000");
		}
	}

	/** The raw captured value of a column of the current row; sets {@link #wasNull()}. */
	private Object raw(int columnIndex) throws SQLException {
		checkOpen();
		Object[] row = this.row;
		if (row == null) {
			throw new SQLException("The result set has no current row.", "24000");
		}
		if (columnIndex < 1 || columnIndex > this.columnCount) {
			throw new SQLException(
					"The column index is out of range: " + columnIndex + ", number of columns: " + this.columnCount + ".",
					"22023");
		}
		Object raw = row[columnIndex - 1];
		this.wasNull = (raw == null);
		return raw;
	}

	private Column column(int columnIndex) {
		return this.result.column(columnIndex - 1);
	}

	private boolean moveTo(int position) {
		if (position <= 0) {
			this.cursor = 0;
			this.row = NO_ROW;
			return false;
		}
		if (position > this.rowCount) {
			this.cursor = this.rowCount + 1;
			this.row = NO_ROW;
			return false;
		}
		this.cursor = position;
		this.row = this.result.row(position - 1);
		return true;
	}

	private static SQLException readOnly() {
		return new SQLFeatureNotSupportedException("A cached result set is read-only.", "0A000");
	}

	// ---------------------------------------------------------------- navigation

	@Override
	public boolean next() throws SQLException {
		checkOpen();
		if (this.cursor > this.rowCount) {
			return false;
		}
		return moveTo(this.cursor + 1);
	}

	@Override
	public boolean previous() throws SQLException {
		checkScrollable();
		if (this.cursor <= 0) {
			return false;
		}
		return moveTo(this.cursor - 1);
	}

	@Override
	public boolean first() throws SQLException {
		checkScrollable();
		return this.rowCount > 0 && moveTo(1);
	}

	@Override
	public boolean last() throws SQLException {
		checkScrollable();
		return this.rowCount > 0 && moveTo(this.rowCount);
	}

	@Override
	public void beforeFirst() throws SQLException {
		checkScrollable();
		moveTo(0);
	}

	@Override
	public void afterLast() throws SQLException {
		checkScrollable();
		if (this.rowCount > 0) {
			moveTo(this.rowCount + 1);
		}
	}

	@Override
	public boolean absolute(int row) throws SQLException {
		checkScrollable();
		if (row >= 0) {
			return moveTo(row);
		}
		if (-row > this.rowCount) {
			return moveTo(0);
		}
		return moveTo(this.rowCount + 1 + row);
	}

	@Override
	public boolean relative(int rows) throws SQLException {
		checkScrollable();
		return moveTo(this.cursor + rows);
	}

	@Override
	public boolean isBeforeFirst() throws SQLException {
		checkOpen();
		return this.cursor == 0 && this.rowCount > 0;
	}

	@Override
	public boolean isAfterLast() throws SQLException {
		checkOpen();
		return this.cursor > this.rowCount && this.rowCount > 0;
	}

	@Override
	public boolean isFirst() throws SQLException {
		checkOpen();
		return this.cursor == 1 && this.rowCount > 0;
	}

	@Override
	public boolean isLast() throws SQLException {
		checkOpen();
		return this.cursor == this.rowCount && this.rowCount > 0;
	}

	@Override
	public int getRow() throws SQLException {
		checkOpen();
		return (this.row != null) ? this.cursor : 0;
	}

	// ---------------------------------------------------------------- result set properties

	/** Closes without running the close callback (an implicit close by a re-execution). */
	public void closeWithoutCallback() {
		this.closed = true;
		this.row = NO_ROW;
	}

	@Override
	public void close() {
		boolean wasOpen = !this.closed;
		this.closed = true;
		this.row = NO_ROW;
		if (wasOpen && this.onClose != null) {
			this.onClose.run();
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean wasNull() throws SQLException {
		checkOpen();
		return this.wasNull;
	}

	@Override
	public Statement getStatement() throws SQLException {
		checkOpen();
		return this.owner;
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		checkOpen();
		return this.result.metaData();
	}

	@Override
	public int findColumn(String columnLabel) throws SQLException {
		checkOpen();
		int index = (columnLabel != null) ? this.result.findColumn(columnLabel) : 0;
		if (index == 0) {
			throw new SQLException("The column name " + columnLabel + " was not found in this ResultSet.", "42703");
		}
		return index;
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		checkOpen();
		return null;
	}

	@Override
	public void clearWarnings() throws SQLException {
		checkOpen();
	}

	@Override
	public String getCursorName() throws SQLException {
		throw new SQLFeatureNotSupportedException("A cached result set has no cursor name.", "0A000");
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		checkOpen();
		if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
			throw new SQLException("Invalid fetch direction: " + direction, "HY106");
		}
		if (direction != FETCH_FORWARD && this.type == TYPE_FORWARD_ONLY) {
			throw new SQLException("Operation requires a scrollable ResultSet, but this ResultSet is FORWARD_ONLY.",
					"24000");
		}
		this.fetchDirection = direction;
	}

	@Override
	public int getFetchDirection() throws SQLException {
		checkOpen();
		return this.fetchDirection;
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		checkOpen();
		if (rows < 0) {
			throw new SQLException("Fetch size must be a value greater than or equal to 0.", "HY024");
		}
		this.fetchSize = rows;
	}

	@Override
	public int getFetchSize() throws SQLException {
		checkOpen();
		return this.fetchSize;
	}

	@Override
	public int getType() throws SQLException {
		checkOpen();
		return this.type;
	}

	@Override
	public int getConcurrency() throws SQLException {
		checkOpen();
		return CONCUR_READ_ONLY;
	}

	@Override
	public int getHoldability() throws SQLException {
		checkOpen();
		return this.holdability;
	}

	@Override
	public boolean rowUpdated() throws SQLException {
		checkOpen();
		return false;
	}

	@Override
	public boolean rowInserted() throws SQLException {
		checkOpen();
		return false;
	}

	@Override
	public boolean rowDeleted() throws SQLException {
		checkOpen();
		return false;
	}

	@Override
	public void insertRow() throws SQLException {
		throw readOnly();
	}

	@Override
	public void deleteRow() throws SQLException {
		throw readOnly();
	}

	@Override
	public void refreshRow() throws SQLException {
		throw readOnly();
	}

	@Override
	public void cancelRowUpdates() throws SQLException {
		throw readOnly();
	}

	@Override
	public void moveToInsertRow() throws SQLException {
		throw readOnly();
	}

	@Override
	public void moveToCurrentRow() throws SQLException {
		throw readOnly();
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

	// ---------------------------------------------------------------- getters by index

	@Override
	public Object getObject(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getObject(raw, column(columnIndex));
	}

	@Override
	public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
		if (type == null) {
			throw new SQLException("The type must not be null.", "22023");
		}
		Object raw = raw(columnIndex);
		return type.cast(this.dialect.getObject(raw, column(columnIndex), type));
	}

	@Override
	public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
		if (map == null || map.isEmpty()) {
			return getObject(columnIndex);
		}
		throw new SQLFeatureNotSupportedException("Custom type maps are not supported by cached result sets.", "0A000");
	}

	@Override
	public String getString(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		if (raw == null) {
			return null;
		}
		if (raw instanceof String text) {
			return text;
		}
		return this.dialect.getString(raw, column(columnIndex));
	}

	@Override
	public String getNString(int columnIndex) throws SQLException {
		return getString(columnIndex);
	}

	@Override
	public boolean getBoolean(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return raw != null && this.dialect.getBoolean(raw, column(columnIndex));
	}

	@Override
	public byte getByte(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? 0 : (byte) this.dialect.integral(raw, column(columnIndex), 8);
	}

	@Override
	public short getShort(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? 0 : (short) this.dialect.integral(raw, column(columnIndex), 16);
	}

	@Override
	public int getInt(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		if (raw instanceof Integer value) {
			return value;
		}
		return (raw == null) ? 0 : (int) this.dialect.integral(raw, column(columnIndex), 32);
	}

	@Override
	public long getLong(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		if (raw instanceof Long value) {
			return value;
		}
		if (raw instanceof Integer value) {
			return value;
		}
		return (raw == null) ? 0 : this.dialect.integral(raw, column(columnIndex), 64);
	}

	@Override
	public float getFloat(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? 0 : this.dialect.getFloat(raw, column(columnIndex));
	}

	@Override
	public double getDouble(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? 0 : this.dialect.getDouble(raw, column(columnIndex));
	}

	@Override
	public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getBigDecimal(raw, column(columnIndex));
	}

	@Deprecated
	@Override
	public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
		BigDecimal value = getBigDecimal(columnIndex);
		return (value == null) ? null : value.setScale(scale, RoundingMode.HALF_UP);
	}

	@Override
	public byte[] getBytes(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getBytes(raw, column(columnIndex));
	}

	@Override
	public Date getDate(int columnIndex) throws SQLException {
		return getDate(columnIndex, null);
	}

	@Override
	public Date getDate(int columnIndex, Calendar cal) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getDate(raw, column(columnIndex), cal);
	}

	@Override
	public Time getTime(int columnIndex) throws SQLException {
		return getTime(columnIndex, null);
	}

	@Override
	public Time getTime(int columnIndex, Calendar cal) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getTime(raw, column(columnIndex), cal);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex) throws SQLException {
		return getTimestamp(columnIndex, null);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.getTimestamp(raw, column(columnIndex), cal);
	}

	@Override
	public Array getArray(int columnIndex) throws SQLException {
		return this.dialect.getArray(raw(columnIndex), column(columnIndex));
	}

	@Override
	public InputStream getAsciiStream(int columnIndex) throws SQLException {
		String text = characters(columnIndex);
		return (text == null) ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

	@Deprecated
	@Override
	public InputStream getUnicodeStream(int columnIndex) throws SQLException {
		throw new SQLFeatureNotSupportedException("getUnicodeStream is not supported.", "0A000");
	}

	@Override
	public InputStream getBinaryStream(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : new ByteArrayInputStream(this.dialect.stream(raw, column(columnIndex)));
	}

	@Override
	public Reader getCharacterStream(int columnIndex) throws SQLException {
		String text = characters(columnIndex);
		return (text == null) ? null : new StringReader(text);
	}

	private String characters(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		return (raw == null) ? null : this.dialect.characters(raw, column(columnIndex));
	}

	@Override
	public Reader getNCharacterStream(int columnIndex) throws SQLException {
		return getCharacterStream(columnIndex);
	}

	@Override
	public Blob getBlob(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		if (raw == null) {
			return null;
		}
		if (Dialect.obj(raw) instanceof byte[]) {
			return new SerialBlob(this.dialect.getBytes(raw, column(columnIndex)));
		}
		throw new SQLFeatureNotSupportedException("getBlob is only supported on binary values.", "0A000");
	}

	@Override
	public Clob getClob(int columnIndex) throws SQLException {
		Object raw = raw(columnIndex);
		if (raw == null) {
			return null;
		}
		if (Dialect.obj(raw) instanceof String) {
			return new SerialClob(Dialect.text(raw).toCharArray());
		}
		throw new SQLFeatureNotSupportedException("getClob is only supported on character values.", "0A000");
	}

	@Override
	public NClob getNClob(int columnIndex) throws SQLException {
		throw new SQLFeatureNotSupportedException("getNClob is not supported by cached result sets.", "0A000");
	}

	@Override
	public SQLXML getSQLXML(int columnIndex) throws SQLException {
		throw new SQLFeatureNotSupportedException("getSQLXML is not supported by cached result sets.", "0A000");
	}

	@Override
	public Ref getRef(int columnIndex) throws SQLException {
		throw new SQLFeatureNotSupportedException("getRef is not supported by cached result sets.", "0A000");
	}

	@Override
	public RowId getRowId(int columnIndex) throws SQLException {
		throw new SQLFeatureNotSupportedException("getRowId is not supported by cached result sets.", "0A000");
	}

	@Override
	public URL getURL(int columnIndex) throws SQLException {
		String text = getString(columnIndex);
		if (text == null) {
			return null;
		}
		try {
			return new URI(text).toURL();
		}
		catch (URISyntaxException | MalformedURLException | IllegalArgumentException ex) {
			throw new SQLException("Invalid URL: " + text, "22000", ex);
		}
	}

	// ---------------------------------------------------------------- getters by label, updates

	@Override
	public String getString(String columnLabel) throws SQLException {
		return getString(findColumn(columnLabel));
	}

	@Override
	public boolean getBoolean(String columnLabel) throws SQLException {
		return getBoolean(findColumn(columnLabel));
	}

	@Override
	public byte getByte(String columnLabel) throws SQLException {
		return getByte(findColumn(columnLabel));
	}

	@Override
	public short getShort(String columnLabel) throws SQLException {
		return getShort(findColumn(columnLabel));
	}

	@Override
	public int getInt(String columnLabel) throws SQLException {
		return getInt(findColumn(columnLabel));
	}

	@Override
	public long getLong(String columnLabel) throws SQLException {
		return getLong(findColumn(columnLabel));
	}

	@Override
	public float getFloat(String columnLabel) throws SQLException {
		return getFloat(findColumn(columnLabel));
	}

	@Override
	public double getDouble(String columnLabel) throws SQLException {
		return getDouble(findColumn(columnLabel));
	}

	@Deprecated
	@Override
	public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
		return getBigDecimal(findColumn(columnLabel), scale);
	}

	@Override
	public byte[] getBytes(String columnLabel) throws SQLException {
		return getBytes(findColumn(columnLabel));
	}

	@Override
	public Date getDate(String columnLabel) throws SQLException {
		return getDate(findColumn(columnLabel));
	}

	@Override
	public Time getTime(String columnLabel) throws SQLException {
		return getTime(findColumn(columnLabel));
	}

	@Override
	public Timestamp getTimestamp(String columnLabel) throws SQLException {
		return getTimestamp(findColumn(columnLabel));
	}

	@Override
	public InputStream getAsciiStream(String columnLabel) throws SQLException {
		return getAsciiStream(findColumn(columnLabel));
	}

	@Deprecated
	@Override
	public InputStream getUnicodeStream(String columnLabel) throws SQLException {
		return getUnicodeStream(findColumn(columnLabel));
	}

	@Override
	public InputStream getBinaryStream(String columnLabel) throws SQLException {
		return getBinaryStream(findColumn(columnLabel));
	}

	@Override
	public Object getObject(String columnLabel) throws SQLException {
		return getObject(findColumn(columnLabel));
	}

	@Override
	public Reader getCharacterStream(String columnLabel) throws SQLException {
		return getCharacterStream(findColumn(columnLabel));
	}

	@Override
	public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
		return getBigDecimal(findColumn(columnLabel));
	}

	@Override
	public void updateNull(int columnIndex) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBoolean(int columnIndex, boolean x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateByte(int columnIndex, byte x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateShort(int columnIndex, short x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateInt(int columnIndex, int x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateLong(int columnIndex, long x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateFloat(int columnIndex, float x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateDouble(int columnIndex, double x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateString(int columnIndex, String x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBytes(int columnIndex, byte[] x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateDate(int columnIndex, Date x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateTime(int columnIndex, Time x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(int columnIndex, Object x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNull(String columnLabel) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBoolean(String columnLabel, boolean x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateByte(String columnLabel, byte x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateShort(String columnLabel, short x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateInt(String columnLabel, int x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateLong(String columnLabel, long x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateFloat(String columnLabel, float x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateDouble(String columnLabel, double x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateString(String columnLabel, String x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBytes(String columnLabel, byte[] x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateDate(String columnLabel, Date x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateTime(String columnLabel, Time x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(String columnLabel, Object x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateRow() throws SQLException {
		throw readOnly();
	}

	@Override
	public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
		return getObject(findColumn(columnLabel), map);
	}

	@Override
	public Ref getRef(String columnLabel) throws SQLException {
		return getRef(findColumn(columnLabel));
	}

	@Override
	public Blob getBlob(String columnLabel) throws SQLException {
		return getBlob(findColumn(columnLabel));
	}

	@Override
	public Clob getClob(String columnLabel) throws SQLException {
		return getClob(findColumn(columnLabel));
	}

	@Override
	public Array getArray(String columnLabel) throws SQLException {
		return getArray(findColumn(columnLabel));
	}

	@Override
	public Date getDate(String columnLabel, Calendar cal) throws SQLException {
		return getDate(findColumn(columnLabel), cal);
	}

	@Override
	public Time getTime(String columnLabel, Calendar cal) throws SQLException {
		return getTime(findColumn(columnLabel), cal);
	}

	@Override
	public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
		return getTimestamp(findColumn(columnLabel), cal);
	}

	@Override
	public URL getURL(String columnLabel) throws SQLException {
		return getURL(findColumn(columnLabel));
	}

	@Override
	public void updateRef(int columnIndex, Ref x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateRef(String columnLabel, Ref x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(int columnIndex, Blob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(String columnLabel, Blob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(int columnIndex, Clob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(String columnLabel, Clob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateArray(int columnIndex, Array x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateArray(String columnLabel, Array x) throws SQLException {
		throw readOnly();
	}

	@Override
	public RowId getRowId(String columnLabel) throws SQLException {
		return getRowId(findColumn(columnLabel));
	}

	@Override
	public void updateRowId(int columnIndex, RowId x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateRowId(String columnLabel, RowId x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNString(int columnIndex, String x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNString(String columnLabel, String x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(int columnIndex, NClob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(String columnLabel, NClob x) throws SQLException {
		throw readOnly();
	}

	@Override
	public NClob getNClob(String columnLabel) throws SQLException {
		return getNClob(findColumn(columnLabel));
	}

	@Override
	public SQLXML getSQLXML(String columnLabel) throws SQLException {
		return getSQLXML(findColumn(columnLabel));
	}

	@Override
	public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
		throw readOnly();
	}

	@Override
	public String getNString(String columnLabel) throws SQLException {
		return getNString(findColumn(columnLabel));
	}

	@Override
	public Reader getNCharacterStream(String columnLabel) throws SQLException {
		return getNCharacterStream(findColumn(columnLabel));
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(int columnIndex, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateClob(String columnLabel, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(int columnIndex, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateNClob(String columnLabel, Reader x) throws SQLException {
		throw readOnly();
	}

	@Override
	public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
		return getObject(findColumn(columnLabel), type);
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
		throw readOnly();
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
		throw readOnly();
	}
}
