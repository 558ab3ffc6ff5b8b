package io.github.cachalot.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.List;

import io.github.cachalot.jdbc.DeferredParameters.Setter;
import io.github.cachalot.key.BoundParameters;
import io.github.cachalot.sql.StatementAnalysis;

/**
 * A prepared statement whose reads are answered from the cache, keyed by the SQL and every bound
 * parameter, and whose writes invalidate the tables they change. The SQL is analysed once, when
 * the statement is prepared. A read that the cache may answer creates its driver statement only
 * when the database is needed ({@link #prepare}): until then bindings ({@link DeferredParameters})
 * and settings ({@link DeferredSettings}) are recorded, and replayed when it is created.
 */
public class CachingPreparedStatement extends CachingStatement implements PreparedStatement {

	private final String sql;

	private final StatementAnalysis analysis;

	/** The analysis as the list a write takes, made once. */
	private final List<StatementAnalysis> analyses;

	/** What a read's key is made of; {@link BoundParameters#NONE} for a statement that is never read through the cache. */
	final BoundParameters parameters;

	/** The most parameters a statement can have on any database (PostgreSQL's and MariaDB's limit). */
	private static final int MAX_PARAMETERS = 65_535;

	/** Creates the driver's statement of a deferred read; {@code null} when it was created eagerly. */
	private final Preparer preparer;

	/** What was bound before the driver's statement was created; {@code null} when it was created eagerly. */
	private final DeferredParameters deferred;

	/** Neither deferred nor keyed (a write): a primitive binding goes to the driver unboxed. */
	private final boolean bindsDirectly;

	/** A statement over a driver statement that exists already (callable statements). */
	CachingPreparedStatement(PreparedStatement delegate, CachingConnection connection, String sql, int resultSetType,
			int resultSetConcurrency, int resultSetHoldability) {
		this(delegate, null, connection, sql, analyze(connection, sql), resultSetType, resultSetConcurrency,
				resultSetHoldability);
	}

	private CachingPreparedStatement(PreparedStatement delegate, Preparer preparer, CachingConnection connection,
			String sql, StatementAnalysis analysis, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) {
		super(delegate, connection, resultSetType, resultSetConcurrency, resultSetHoldability);
		this.sql = sql;
		this.analysis = analysis;
		this.analyses = List.of(analysis);
		this.preparer = preparer;
		this.deferred = (delegate == null) ? new DeferredParameters() : null;
		this.parameters = readsThroughCache() ? new BoundParameters() : BoundParameters.NONE;
		this.bindsDirectly = this.deferred == null && this.parameters == BoundParameters.NONE;
	}

	/**
	 * Prepares a statement on the connection. A read that the cache may answer gets its driver
	 * statement only when the database is needed (a miss, a bypass, or a call that only the driver
	 * can answer), so that a hit costs no driver statement, and no round trip on drivers that
	 * prepare on the server; everything else is prepared at once.
	 */
	static CachingPreparedStatement prepare(CachingConnection connection, String sql, int resultSetType,
			int resultSetConcurrency, int resultSetHoldability, Preparer preparer) throws SQLException {
		StatementAnalysis analysis = analyze(connection, sql);
		boolean defer = DataSourceCache.mayAnswer(analysis) && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY
				&& !connection.isClosed();
		return new CachingPreparedStatement(defer ? null : preparer.prepare(), defer ? preparer : null, connection,
				sql, analysis, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	/** Creates a driver statement: the connection's {@code prepareStatement} with the caller's arguments. */
	@FunctionalInterface
	interface Preparer {

		PreparedStatement prepare() throws SQLException;

	}

	@Override
	final Statement createDeferred() throws SQLException {
		return this.preparer.prepare();
	}

	@Override
	final void replayDeferred(Statement created) throws SQLException {
		this.deferred.replayOnto((PreparedStatement) created);
	}

	/** The driver's statement once known here: every bind and execution asks for it. */
	private PreparedStatement prepared;

	/** The driver's statement, created (with what was bound so far) if it was deferred. */
	private PreparedStatement prepared() throws SQLException {
		PreparedStatement statement = this.prepared;
		if (statement == null) {
			statement = (PreparedStatement) delegate();
			this.prepared = statement;
		}
		return statement;
	}

	/** Records a binding for later if the driver's statement is deferred; false if it must go to the driver now. */
	private boolean bindLater(int index, Setter setter, Object value, int sqlType) throws SQLException {
		if (this.deferred == null || index < 1 || index > MAX_PARAMETERS || !isDeferring()) {
			return false; // created already, an index or a state only the driver can refuse
		}
		this.deferred.record(index, setter, value, sqlType);
		return true;
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		if (readsThroughCache()) {
			return read(this.sql, this.analysis, this.parameters, () -> prepared().executeQuery());
		}
		return resultOfWrite(write(this.analyses, () -> prepared().executeQuery()));
	}

	@Override
	public boolean execute() throws SQLException {
		if (readsThroughCache()) {
			return read(this.sql, this.analysis, this.parameters,
					() -> prepared().execute() ? prepared().getResultSet() : null) != null;
		}
		return write(this.analyses, () -> prepared().execute());
	}

	/** Whether reads of this statement may be answered from the cache. */
	boolean readsThroughCache() {
		return DataSourceCache.isRead(this.analysis);
	}

	@Override
	public int executeUpdate() throws SQLException {
		return write(this.analyses, () -> prepared().executeUpdate());
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		return write(this.analyses, () -> prepared().executeLargeUpdate());
	}

	@Override
	public void addBatch() throws SQLException {
		prepared().addBatch();
	}

	@Override
	List<StatementAnalysis> takeBatch() {
		List<StatementAnalysis> batched = super.takeBatch();
		if (batched.isEmpty()) {
			return this.analyses;
		}
		List<StatementAnalysis> all = new java.util.ArrayList<>(batched);
		all.add(this.analysis);
		return all;
	}

	@Override
	public void clearParameters() throws SQLException {
		if (isDeferring()) {
			this.deferred.clear();
		}
		else {
			prepared().clearParameters();
		}
		this.parameters.clear();
	}

	private void setWithType(int index, Object x, SQLType type) {
		Integer number = type.getVendorTypeNumber();
		if (number != null) {
			this.parameters.set(index, x, number);
		}
		else {
			this.parameters.setUnkeyable(index);
		}
	}

	@Override
	public void setNull(int index, int sqlType) throws SQLException {
		if (!bindLater(index, Setter.NULL, null, sqlType)) {
			prepared().setNull(index, sqlType);
		}
		this.parameters.set(index, null, sqlType);
	}

	@Override
	public void setBoolean(int index, boolean x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setBoolean(index, x);
			return;
		}
		if (!bindLater(index, Setter.BOOLEAN, x, 0)) {
			prepared().setBoolean(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setByte(int index, byte x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setByte(index, x);
			return;
		}
		if (!bindLater(index, Setter.BYTE, x, 0)) {
			prepared().setByte(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setShort(int index, short x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setShort(index, x);
			return;
		}
		if (!bindLater(index, Setter.SHORT, x, 0)) {
			prepared().setShort(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setInt(int index, int x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setInt(index, x);
			return;
		}
		if (!bindLater(index, Setter.INT, x, 0)) {
			prepared().setInt(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setLong(int index, long x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setLong(index, x);
			return;
		}
		if (!bindLater(index, Setter.LONG, x, 0)) {
			prepared().setLong(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setFloat(int index, float x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setFloat(index, x);
			return;
		}
		if (!bindLater(index, Setter.FLOAT, x, 0)) {
			prepared().setFloat(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setDouble(int index, double x) throws SQLException {
		if (this.bindsDirectly) {
			prepared().setDouble(index, x);
			return;
		}
		if (!bindLater(index, Setter.DOUBLE, x, 0)) {
			prepared().setDouble(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setBigDecimal(int index, BigDecimal x) throws SQLException {
		if (!(DeferredParameters.isImmutable(x) && bindLater(index, Setter.BIG_DECIMAL, x, 0))) {
			prepared().setBigDecimal(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setString(int index, String x) throws SQLException {
		if (!bindLater(index, Setter.STRING, x, 0)) {
			prepared().setString(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setBytes(int index, byte[] x) throws SQLException {
		if (!bindLater(index, Setter.BYTES, (x != null) ? x.clone() : null, 0)) {
			prepared().setBytes(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setDate(int index, Date x) throws SQLException {
		if (!bindLater(index, Setter.DATE, (x != null) ? (Date) x.clone() : null, 0)) {
			prepared().setDate(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setTime(int index, Time x) throws SQLException {
		if (!bindLater(index, Setter.TIME, (x != null) ? (Time) x.clone() : null, 0)) {
			prepared().setTime(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setTimestamp(int index, Timestamp x) throws SQLException {
		if (!bindLater(index, Setter.TIMESTAMP, (x != null) ? (Timestamp) x.clone() : null, 0)) {
			prepared().setTimestamp(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
		prepared().setAsciiStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
		prepared().setUnicodeStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
		prepared().setBinaryStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, int targetSqlType) throws SQLException {
		if (!(DeferredParameters.isImmutable(x) && bindLater(index, Setter.OBJECT_WITH_TYPE, x, targetSqlType))) {
			prepared().setObject(index, x, targetSqlType);
		}
		this.parameters.set(index, x, targetSqlType);
	}

	@Override
	public void setObject(int index, Object x) throws SQLException {
		if (!(DeferredParameters.isImmutable(x) && bindLater(index, Setter.OBJECT, x, 0))) {
			prepared().setObject(index, x);
		}
		this.parameters.set(index, x);
	}

	@Override
	public void setCharacterStream(int index, Reader x, int length) throws SQLException {
		prepared().setCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setRef(int index, Ref x) throws SQLException {
		prepared().setRef(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, Blob x) throws SQLException {
		prepared().setBlob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Clob x) throws SQLException {
		prepared().setClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setArray(int index, Array x) throws SQLException {
		prepared().setArray(index, x);
		this.parameters.setArray(index, x);
	}

	@Override
	public void setDate(int index, Date x, Calendar calendar) throws SQLException {
		prepared().setDate(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setTime(int index, Time x, Calendar calendar) throws SQLException {
		prepared().setTime(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setTimestamp(int index, Timestamp x, Calendar calendar) throws SQLException {
		prepared().setTimestamp(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setNull(int index, int sqlType, String typeName) throws SQLException {
		prepared().setNull(index, sqlType, typeName);
		this.parameters.set(index, null, sqlType);
	}

	@Override
	public void setURL(int index, URL x) throws SQLException {
		prepared().setURL(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setRowId(int index, RowId x) throws SQLException {
		prepared().setRowId(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNString(int index, String x) throws SQLException {
		prepared().setNString(index, x); // some drivers refuse it at once
		this.parameters.set(index, x, Types.NVARCHAR);
	}

	@Override
	public void setNCharacterStream(int index, Reader x, long length) throws SQLException {
		prepared().setNCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, NClob x) throws SQLException {
		prepared().setNClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Reader x, long length) throws SQLException {
		prepared().setClob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, InputStream x, long length) throws SQLException {
		prepared().setBlob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, Reader x, long length) throws SQLException {
		prepared().setNClob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setSQLXML(int index, SQLXML x) throws SQLException {
		prepared().setSQLXML(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		prepared().setObject(index, x, targetSqlType, scaleOrLength);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
		prepared().setAsciiStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
		prepared().setBinaryStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setCharacterStream(int index, Reader x, long length) throws SQLException {
		prepared().setCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setAsciiStream(int index, InputStream x) throws SQLException {
		prepared().setAsciiStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x) throws SQLException {
		prepared().setBinaryStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setCharacterStream(int index, Reader x) throws SQLException {
		prepared().setCharacterStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNCharacterStream(int index, Reader x) throws SQLException {
		prepared().setNCharacterStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Reader x) throws SQLException {
		prepared().setClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, InputStream x) throws SQLException {
		prepared().setBlob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, Reader x) throws SQLException {
		prepared().setNClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		prepared().setObject(index, x, targetSqlType, scaleOrLength);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, SQLType targetSqlType) throws SQLException {
		prepared().setObject(index, x, targetSqlType);
		setWithType(index, x, targetSqlType);
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		return prepared().getMetaData();
	}

	@Override
	public ParameterMetaData getParameterMetaData() throws SQLException {
		return prepared().getParameterMetaData();
	}
}
