package io.github.cachalot.result;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
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
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A result set that reads through to the driver's and records what it reads. Every call goes to
 * the real result set, so the caller sees exactly the driver's values. In addition, each time
 * {@link #next()} moves to a row, all its columns are captured; when {@code next()} then reports
 * the end with every row captured and within the {@link ResultLimits}, the {@link CachedResult} is
 * handed to {@code onComplete}, exactly once.
 * <p>
 * Nothing is handed over when the result exceeds a limit (what was captured is dropped at once, so
 * a large result streams through in bounded memory), when it holds a value that cannot be cached
 * (LOBs, SQLXML, REF, STRUCT, ROWID, streams, unknown mutable or connection-bound driver objects),
 * when capturing fails, when the caller closes or abandons it before the end, or when it is
 * updatable. Capturing never disturbs the caller: its failures only stop the recording.
 * <p>
 * On a scrollable delegate the recording follows the caller while it walks strictly forward from
 * the first row with {@code next()}; any other cursor movement ({@code first}, {@code absolute},
 * {@code previous}, ...) stops it, as the rows seen are then no longer the result in order.
 */
public final class RecordingResultSet implements ResultSet {

	private final ResultSet delegate;

	private final Statement owner;

	private final Consumer<CachedResult> onComplete;

	/** Told when {@link #unwrap} hands out the driver's object. */
	private Runnable onUnwrap = () -> {
	};

	/** The capture in progress, or null once recording stopped or completed. */
	private CachedResult.Builder builder;

	/**
	 * @param delegate the driver's result set
	 * @param owner what {@link #getStatement()} returns
	 * @param limits the bounds of what is recorded
	 * @param onComplete called once with the captured result when it was read to its end
	 */
	public RecordingResultSet(ResultSet delegate, Statement owner, ResultLimits limits,
			Consumer<CachedResult> onComplete) {
		this(delegate, owner, limits, null, onComplete);
	}

	/**
	 * @param delegate the driver's result set
	 * @param owner what {@link #getStatement()} returns
	 * @param limits the bounds of what is recorded
	 * @param shape the metadata of the statement's earlier results, reused where it still holds
	 * ({@code null}: captured anew)
	 * @param onComplete called once with the captured result when it was read to its end
	 */
	public RecordingResultSet(ResultSet delegate, Statement owner, ResultLimits limits, ResultShapes.Shape shape,
			Consumer<CachedResult> onComplete) {
		this.delegate = delegate;
		this.owner = owner;
		this.onComplete = onComplete;
		CachedResult.Builder builder = null;
		try {
			if (delegate.getConcurrency() == CONCUR_READ_ONLY) {
				builder = new CachedResult.Builder(delegate, limits, shape);
				if (!builder.withinLimits()) {
					builder = null;
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			builder = null;
		}
		this.builder = builder;
	}

	private RecordingResultSet(ResultSet delegate, Statement owner) {
		this.delegate = delegate;
		this.owner = owner;
		this.onComplete = (result) -> {
		};
		this.builder = null;
	}

	/**
	 * A wrapper that records nothing: the driver's result set, with {@link #getStatement()}
	 * answering the proxy statement that produced it, and {@link #unwrap} telling {@code onUnwrap}.
	 */
	public static ResultSet passThrough(ResultSet delegate, Statement owner, Runnable onUnwrap) {
		return (delegate != null) ? new RecordingResultSet(delegate, owner).onUnwrap(onUnwrap) : null;
	}

	/**
	 * Sets what {@link #unwrap} tells when it hands out the driver's object, through which SQL runs
	 * unseen (its statement, its connection); returns this result set.
	 */
	public RecordingResultSet onUnwrap(Runnable action) {
		this.onUnwrap = action;
		return this;
	}

	/** Whether this result set is still recording. */
	public boolean isRecording() {
		return this.builder != null;
	}

	private void stopRecording() {
		this.builder = null;
	}

	@Override
	public boolean next() throws SQLException {
		boolean hasRow;
		try {
			hasRow = this.delegate.next();
		}
		catch (SQLException | RuntimeException ex) {
			this.builder = null;
			throw ex;
		}
		CachedResult.Builder builder = this.builder;
		if (builder != null) {
			if (hasRow) {
				record(builder);
			}
			else {
				complete(builder);
			}
		}
		return hasRow;
	}

	private void record(CachedResult.Builder builder) {
		try {
			if (!builder.capture(this.delegate)) {
				this.builder = null;
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.builder = null;
		}
	}

	private void complete(CachedResult.Builder builder) {
		this.builder = null;
		try {
			this.onComplete.accept(builder.build());
		}
		catch (RuntimeException ex) {
			// a failing consumer is the cache's problem, never the reader's
		}
	}

	@Override
	public void close() throws SQLException {
		CachedResult.Builder builder = this.builder;
		this.builder = null;
		if (builder != null) {
			completeIfExhausted(builder);
		}
		this.delegate.close();
	}

	/**
	 * Callers often read the rows they expect and close without asking for the end: one more step
	 * of the cursor (invisible to them) tells whether every row was read, and so may be kept.
	 */
	private void completeIfExhausted(CachedResult.Builder builder) {
		try {
			if (!this.delegate.isClosed() && !this.delegate.next()) {
				complete(builder);
			}
		}
		catch (SQLException | RuntimeException ex) {
			// not known to be complete: nothing is kept
		}
	}

	@Override
	public Statement getStatement() {
		return this.owner;
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		// rows read through the driver's object would not be recorded
		stopRecording();
		T unwrapped = this.delegate.unwrap(iface);
		this.onUnwrap.run();
		return unwrapped;
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public boolean wasNull() throws SQLException {
		return this.delegate.wasNull();
	}

	@Override
	public String getString(int columnIndex) throws SQLException {
		return this.delegate.getString(columnIndex);
	}

	@Override
	public boolean getBoolean(int columnIndex) throws SQLException {
		return this.delegate.getBoolean(columnIndex);
	}

	@Override
	public byte getByte(int columnIndex) throws SQLException {
		return this.delegate.getByte(columnIndex);
	}

	@Override
	public short getShort(int columnIndex) throws SQLException {
		return this.delegate.getShort(columnIndex);
	}

	@Override
	public int getInt(int columnIndex) throws SQLException {
		return this.delegate.getInt(columnIndex);
	}

	@Override
	public long getLong(int columnIndex) throws SQLException {
		return this.delegate.getLong(columnIndex);
	}

	@Override
	public float getFloat(int columnIndex) throws SQLException {
		return this.delegate.getFloat(columnIndex);
	}

	@Override
	public double getDouble(int columnIndex) throws SQLException {
		return this.delegate.getDouble(columnIndex);
	}

	@Deprecated
	@Override
	public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
		return this.delegate.getBigDecimal(columnIndex, scale);
	}

	@Override
	public byte[] getBytes(int columnIndex) throws SQLException {
		return this.delegate.getBytes(columnIndex);
	}

	@Override
	public Date getDate(int columnIndex) throws SQLException {
		return this.delegate.getDate(columnIndex);
	}

	@Override
	public Time getTime(int columnIndex) throws SQLException {
		return this.delegate.getTime(columnIndex);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex) throws SQLException {
		return this.delegate.getTimestamp(columnIndex);
	}

	@Override
	public InputStream getAsciiStream(int columnIndex) throws SQLException {
		return this.delegate.getAsciiStream(columnIndex);
	}

	@Deprecated
	@Override
	public InputStream getUnicodeStream(int columnIndex) throws SQLException {
		return this.delegate.getUnicodeStream(columnIndex);
	}

	@Override
	public InputStream getBinaryStream(int columnIndex) throws SQLException {
		return this.delegate.getBinaryStream(columnIndex);
	}

	@Override
	public String getString(String columnLabel) throws SQLException {
		return this.delegate.getString(columnLabel);
	}

	@Override
	public boolean getBoolean(String columnLabel) throws SQLException {
		return this.delegate.getBoolean(columnLabel);
	}

	@Override
	public byte getByte(String columnLabel) throws SQLException {
		return this.delegate.getByte(columnLabel);
	}

	@Override
	public short getShort(String columnLabel) throws SQLException {
		return this.delegate.getShort(columnLabel);
	}

	@Override
	public int getInt(String columnLabel) throws SQLException {
		return this.delegate.getInt(columnLabel);
	}

	@Override
	public long getLong(String columnLabel) throws SQLException {
		return this.delegate.getLong(columnLabel);
	}

	@Override
	public float getFloat(String columnLabel) throws SQLException {
		return this.delegate.getFloat(columnLabel);
	}

	@Override
	public double getDouble(String columnLabel) throws SQLException {
		return this.delegate.getDouble(columnLabel);
	}

	@Deprecated
	@Override
	public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
		return this.delegate.getBigDecimal(columnLabel, scale);
	}

	@Override
	public byte[] getBytes(String columnLabel) throws SQLException {
		return this.delegate.getBytes(columnLabel);
	}

	@Override
	public Date getDate(String columnLabel) throws SQLException {
		return this.delegate.getDate(columnLabel);
	}

	@Override
	public Time getTime(String columnLabel) throws SQLException {
		return this.delegate.getTime(columnLabel);
	}

	@Override
	public Timestamp getTimestamp(String columnLabel) throws SQLException {
		return this.delegate.getTimestamp(columnLabel);
	}

	@Override
	public InputStream getAsciiStream(String columnLabel) throws SQLException {
		return this.delegate.getAsciiStream(columnLabel);
	}

	@Deprecated
	@Override
	public InputStream getUnicodeStream(String columnLabel) throws SQLException {
		return this.delegate.getUnicodeStream(columnLabel);
	}

	@Override
	public InputStream getBinaryStream(String columnLabel) throws SQLException {
		return this.delegate.getBinaryStream(columnLabel);
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public String getCursorName() throws SQLException {
		return this.delegate.getCursorName();
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		return this.delegate.getMetaData();
	}

	@Override
	public Object getObject(int columnIndex) throws SQLException {
		return this.delegate.getObject(columnIndex);
	}

	@Override
	public Object getObject(String columnLabel) throws SQLException {
		return this.delegate.getObject(columnLabel);
	}

	@Override
	public int findColumn(String columnLabel) throws SQLException {
		return this.delegate.findColumn(columnLabel);
	}

	@Override
	public Reader getCharacterStream(int columnIndex) throws SQLException {
		return this.delegate.getCharacterStream(columnIndex);
	}

	@Override
	public Reader getCharacterStream(String columnLabel) throws SQLException {
		return this.delegate.getCharacterStream(columnLabel);
	}

	@Override
	public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
		return this.delegate.getBigDecimal(columnIndex);
	}

	@Override
	public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
		return this.delegate.getBigDecimal(columnLabel);
	}

	@Override
	public boolean isBeforeFirst() throws SQLException {
		return this.delegate.isBeforeFirst();
	}

	@Override
	public boolean isAfterLast() throws SQLException {
		return this.delegate.isAfterLast();
	}

	@Override
	public boolean isFirst() throws SQLException {
		return this.delegate.isFirst();
	}

	@Override
	public boolean isLast() throws SQLException {
		return this.delegate.isLast();
	}

	@Override
	public void beforeFirst() throws SQLException {
		this.delegate.beforeFirst();
		stopRecording();
	}

	@Override
	public void afterLast() throws SQLException {
		this.delegate.afterLast();
		stopRecording();
	}

	@Override
	public boolean first() throws SQLException {
		boolean moved = this.delegate.first();
		stopRecording();
		return moved;
	}

	@Override
	public boolean last() throws SQLException {
		boolean moved = this.delegate.last();
		stopRecording();
		return moved;
	}

	@Override
	public int getRow() throws SQLException {
		return this.delegate.getRow();
	}

	@Override
	public boolean absolute(int row) throws SQLException {
		boolean moved = this.delegate.absolute(row);
		stopRecording();
		return moved;
	}

	@Override
	public boolean relative(int rows) throws SQLException {
		boolean moved = this.delegate.relative(rows);
		stopRecording();
		return moved;
	}

	@Override
	public boolean previous() throws SQLException {
		boolean moved = this.delegate.previous();
		stopRecording();
		return moved;
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		this.delegate.setFetchDirection(direction);
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return this.delegate.getFetchDirection();
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		this.delegate.setFetchSize(rows);
	}

	@Override
	public int getFetchSize() throws SQLException {
		return this.delegate.getFetchSize();
	}

	@Override
	public int getType() throws SQLException {
		return this.delegate.getType();
	}

	@Override
	public int getConcurrency() throws SQLException {
		return this.delegate.getConcurrency();
	}

	@Override
	public boolean rowUpdated() throws SQLException {
		return this.delegate.rowUpdated();
	}

	@Override
	public boolean rowInserted() throws SQLException {
		return this.delegate.rowInserted();
	}

	@Override
	public boolean rowDeleted() throws SQLException {
		return this.delegate.rowDeleted();
	}

	@Override
	public void updateNull(int columnIndex) throws SQLException {
		this.delegate.updateNull(columnIndex);
	}

	@Override
	public void updateBoolean(int columnIndex, boolean x) throws SQLException {
		this.delegate.updateBoolean(columnIndex, x);
	}

	@Override
	public void updateByte(int columnIndex, byte x) throws SQLException {
		this.delegate.updateByte(columnIndex, x);
	}

	@Override
	public void updateShort(int columnIndex, short x) throws SQLException {
		this.delegate.updateShort(columnIndex, x);
	}

	@Override
	public void updateInt(int columnIndex, int x) throws SQLException {
		this.delegate.updateInt(columnIndex, x);
	}

	@Override
	public void updateLong(int columnIndex, long x) throws SQLException {
		this.delegate.updateLong(columnIndex, x);
	}

	@Override
	public void updateFloat(int columnIndex, float x) throws SQLException {
		this.delegate.updateFloat(columnIndex, x);
	}

	@Override
	public void updateDouble(int columnIndex, double x) throws SQLException {
		this.delegate.updateDouble(columnIndex, x);
	}

	@Override
	public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
		this.delegate.updateBigDecimal(columnIndex, x);
	}

	@Override
	public void updateString(int columnIndex, String x) throws SQLException {
		this.delegate.updateString(columnIndex, x);
	}

	@Override
	public void updateBytes(int columnIndex, byte[] x) throws SQLException {
		this.delegate.updateBytes(columnIndex, x);
	}

	@Override
	public void updateDate(int columnIndex, Date x) throws SQLException {
		this.delegate.updateDate(columnIndex, x);
	}

	@Override
	public void updateTime(int columnIndex, Time x) throws SQLException {
		this.delegate.updateTime(columnIndex, x);
	}

	@Override
	public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
		this.delegate.updateTimestamp(columnIndex, x);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x, length);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x, length);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnIndex, x, scaleOrLength);
	}

	@Override
	public void updateObject(int columnIndex, Object x) throws SQLException {
		this.delegate.updateObject(columnIndex, x);
	}

	@Override
	public void updateNull(String columnLabel) throws SQLException {
		this.delegate.updateNull(columnLabel);
	}

	@Override
	public void updateBoolean(String columnLabel, boolean x) throws SQLException {
		this.delegate.updateBoolean(columnLabel, x);
	}

	@Override
	public void updateByte(String columnLabel, byte x) throws SQLException {
		this.delegate.updateByte(columnLabel, x);
	}

	@Override
	public void updateShort(String columnLabel, short x) throws SQLException {
		this.delegate.updateShort(columnLabel, x);
	}

	@Override
	public void updateInt(String columnLabel, int x) throws SQLException {
		this.delegate.updateInt(columnLabel, x);
	}

	@Override
	public void updateLong(String columnLabel, long x) throws SQLException {
		this.delegate.updateLong(columnLabel, x);
	}

	@Override
	public void updateFloat(String columnLabel, float x) throws SQLException {
		this.delegate.updateFloat(columnLabel, x);
	}

	@Override
	public void updateDouble(String columnLabel, double x) throws SQLException {
		this.delegate.updateDouble(columnLabel, x);
	}

	@Override
	public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
		this.delegate.updateBigDecimal(columnLabel, x);
	}

	@Override
	public void updateString(String columnLabel, String x) throws SQLException {
		this.delegate.updateString(columnLabel, x);
	}

	@Override
	public void updateBytes(String columnLabel, byte[] x) throws SQLException {
		this.delegate.updateBytes(columnLabel, x);
	}

	@Override
	public void updateDate(String columnLabel, Date x) throws SQLException {
		this.delegate.updateDate(columnLabel, x);
	}

	@Override
	public void updateTime(String columnLabel, Time x) throws SQLException {
		this.delegate.updateTime(columnLabel, x);
	}

	@Override
	public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
		this.delegate.updateTimestamp(columnLabel, x);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x, length);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x, length);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnLabel, x, scaleOrLength);
	}

	@Override
	public void updateObject(String columnLabel, Object x) throws SQLException {
		this.delegate.updateObject(columnLabel, x);
	}

	@Override
	public void insertRow() throws SQLException {
		this.delegate.insertRow();
	}

	@Override
	public void updateRow() throws SQLException {
		this.delegate.updateRow();
	}

	@Override
	public void deleteRow() throws SQLException {
		this.delegate.deleteRow();
	}

	@Override
	public void refreshRow() throws SQLException {
		this.delegate.refreshRow();
		stopRecording();
	}

	@Override
	public void cancelRowUpdates() throws SQLException {
		this.delegate.cancelRowUpdates();
	}

	@Override
	public void moveToInsertRow() throws SQLException {
		this.delegate.moveToInsertRow();
		stopRecording();
	}

	@Override
	public void moveToCurrentRow() throws SQLException {
		this.delegate.moveToCurrentRow();
		stopRecording();
	}

	@Override
	public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
		return this.delegate.getObject(columnIndex, map);
	}

	@Override
	public Ref getRef(int columnIndex) throws SQLException {
		return this.delegate.getRef(columnIndex);
	}

	@Override
	public Blob getBlob(int columnIndex) throws SQLException {
		return this.delegate.getBlob(columnIndex);
	}

	@Override
	public Clob getClob(int columnIndex) throws SQLException {
		return this.delegate.getClob(columnIndex);
	}

	@Override
	public Array getArray(int columnIndex) throws SQLException {
		return this.delegate.getArray(columnIndex);
	}

	@Override
	public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
		return this.delegate.getObject(columnLabel, map);
	}

	@Override
	public Ref getRef(String columnLabel) throws SQLException {
		return this.delegate.getRef(columnLabel);
	}

	@Override
	public Blob getBlob(String columnLabel) throws SQLException {
		return this.delegate.getBlob(columnLabel);
	}

	@Override
	public Clob getClob(String columnLabel) throws SQLException {
		return this.delegate.getClob(columnLabel);
	}

	@Override
	public Array getArray(String columnLabel) throws SQLException {
		return this.delegate.getArray(columnLabel);
	}

	@Override
	public Date getDate(int columnIndex, Calendar cal) throws SQLException {
		return this.delegate.getDate(columnIndex, cal);
	}

	@Override
	public Date getDate(String columnLabel, Calendar cal) throws SQLException {
		return this.delegate.getDate(columnLabel, cal);
	}

	@Override
	public Time getTime(int columnIndex, Calendar cal) throws SQLException {
		return this.delegate.getTime(columnIndex, cal);
	}

	@Override
	public Time getTime(String columnLabel, Calendar cal) throws SQLException {
		return this.delegate.getTime(columnLabel, cal);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
		return this.delegate.getTimestamp(columnIndex, cal);
	}

	@Override
	public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
		return this.delegate.getTimestamp(columnLabel, cal);
	}

	@Override
	public URL getURL(int columnIndex) throws SQLException {
		return this.delegate.getURL(columnIndex);
	}

	@Override
	public URL getURL(String columnLabel) throws SQLException {
		return this.delegate.getURL(columnLabel);
	}

	@Override
	public void updateRef(int columnIndex, Ref x) throws SQLException {
		this.delegate.updateRef(columnIndex, x);
	}

	@Override
	public void updateRef(String columnLabel, Ref x) throws SQLException {
		this.delegate.updateRef(columnLabel, x);
	}

	@Override
	public void updateBlob(int columnIndex, Blob x) throws SQLException {
		this.delegate.updateBlob(columnIndex, x);
	}

	@Override
	public void updateBlob(String columnLabel, Blob x) throws SQLException {
		this.delegate.updateBlob(columnLabel, x);
	}

	@Override
	public void updateClob(int columnIndex, Clob x) throws SQLException {
		this.delegate.updateClob(columnIndex, x);
	}

	@Override
	public void updateClob(String columnLabel, Clob x) throws SQLException {
		this.delegate.updateClob(columnLabel, x);
	}

	@Override
	public void updateArray(int columnIndex, Array x) throws SQLException {
		this.delegate.updateArray(columnIndex, x);
	}

	@Override
	public void updateArray(String columnLabel, Array x) throws SQLException {
		this.delegate.updateArray(columnLabel, x);
	}

	@Override
	public RowId getRowId(int columnIndex) throws SQLException {
		return this.delegate.getRowId(columnIndex);
	}

	@Override
	public RowId getRowId(String columnLabel) throws SQLException {
		return this.delegate.getRowId(columnLabel);
	}

	@Override
	public void updateRowId(int columnIndex, RowId x) throws SQLException {
		this.delegate.updateRowId(columnIndex, x);
	}

	@Override
	public void updateRowId(String columnLabel, RowId x) throws SQLException {
		this.delegate.updateRowId(columnLabel, x);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.delegate.getHoldability();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public void updateNString(int columnIndex, String x) throws SQLException {
		this.delegate.updateNString(columnIndex, x);
	}

	@Override
	public void updateNString(String columnLabel, String x) throws SQLException {
		this.delegate.updateNString(columnLabel, x);
	}

	@Override
	public void updateNClob(int columnIndex, NClob x) throws SQLException {
		this.delegate.updateNClob(columnIndex, x);
	}

	@Override
	public void updateNClob(String columnLabel, NClob x) throws SQLException {
		this.delegate.updateNClob(columnLabel, x);
	}

	@Override
	public NClob getNClob(int columnIndex) throws SQLException {
		return this.delegate.getNClob(columnIndex);
	}

	@Override
	public NClob getNClob(String columnLabel) throws SQLException {
		return this.delegate.getNClob(columnLabel);
	}

	@Override
	public SQLXML getSQLXML(int columnIndex) throws SQLException {
		return this.delegate.getSQLXML(columnIndex);
	}

	@Override
	public SQLXML getSQLXML(String columnLabel) throws SQLException {
		return this.delegate.getSQLXML(columnLabel);
	}

	@Override
	public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
		this.delegate.updateSQLXML(columnIndex, x);
	}

	@Override
	public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
		this.delegate.updateSQLXML(columnLabel, x);
	}

	@Override
	public String getNString(int columnIndex) throws SQLException {
		return this.delegate.getNString(columnIndex);
	}

	@Override
	public String getNString(String columnLabel) throws SQLException {
		return this.delegate.getNString(columnLabel);
	}

	@Override
	public Reader getNCharacterStream(int columnIndex) throws SQLException {
		return this.delegate.getNCharacterStream(columnIndex);
	}

	@Override
	public Reader getNCharacterStream(String columnLabel) throws SQLException {
		return this.delegate.getNCharacterStream(columnLabel);
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateNCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateNCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x, length);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x, length);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x, length);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x, length);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateBlob(columnIndex, x, length);
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateBlob(columnLabel, x, length);
	}

	@Override
	public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateClob(columnIndex, x, length);
	}

	@Override
	public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateClob(columnLabel, x, length);
	}

	@Override
	public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateNClob(columnIndex, x, length);
	}

	@Override
	public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateNClob(columnLabel, x, length);
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateNCharacterStream(columnIndex, x);
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateNCharacterStream(columnLabel, x);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x);
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateBlob(columnIndex, x);
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateBlob(columnLabel, x);
	}

	@Override
	public void updateClob(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateClob(columnIndex, x);
	}

	@Override
	public void updateClob(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateClob(columnLabel, x);
	}

	@Override
	public void updateNClob(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateNClob(columnIndex, x);
	}

	@Override
	public void updateNClob(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateNClob(columnLabel, x);
	}

	@Override
	public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
		return this.delegate.getObject(columnIndex, type);
	}

	@Override
	public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
		return this.delegate.getObject(columnLabel, type);
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnIndex, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnLabel, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.updateObject(columnIndex, x, targetSqlType);
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.updateObject(columnLabel, x, targetSqlType);
	}
}
