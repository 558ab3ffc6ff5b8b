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
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.List;

import io.github.cachalot.key.BoundParameters;
import io.github.cachalot.sql.StatementAnalysis;

/**
 * A prepared statement whose reads are answered from the cache, keyed by the SQL and every bound
 * parameter, and whose writes invalidate the tables they change. The SQL is analysed once, when
 * the statement is prepared.
 */
public class CachingPreparedStatement extends CachingStatement implements PreparedStatement {

	private final PreparedStatement prepared;

	private final String sql;

	private final StatementAnalysis analysis;

	final BoundParameters parameters = new BoundParameters();

	CachingPreparedStatement(PreparedStatement delegate, CachingConnection connection, String sql, int resultSetType,
			int resultSetConcurrency, int resultSetHoldability) {
		super(delegate, connection, resultSetType, resultSetConcurrency, resultSetHoldability);
		this.prepared = delegate;
		this.sql = sql;
		this.analysis = analyze(sql);
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		if (readsThroughCache()) {
			return read(this.sql, this.analysis, this.parameters, this.prepared::executeQuery);
		}
		return resultOfWrite(write(List.of(this.analysis), this.prepared::executeQuery));
	}

	@Override
	public boolean execute() throws SQLException {
		if (readsThroughCache()) {
			return read(this.sql, this.analysis, this.parameters,
					() -> this.prepared.execute() ? this.prepared.getResultSet() : null) != null;
		}
		return write(List.of(this.analysis), this.prepared::execute);
	}

	/** Whether reads of this statement may be answered from the cache. */
	boolean readsThroughCache() {
		return DataSourceCache.isRead(this.analysis);
	}

	@Override
	public int executeUpdate() throws SQLException {
		return write(List.of(this.analysis), this.prepared::executeUpdate);
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		return write(List.of(this.analysis), this.prepared::executeLargeUpdate);
	}

	@Override
	public void addBatch() throws SQLException {
		this.prepared.addBatch();
	}

	@Override
	List<StatementAnalysis> takeBatch() {
		List<StatementAnalysis> batched = super.takeBatch();
		if (batched.isEmpty()) {
			return List.of(this.analysis);
		}
		List<StatementAnalysis> all = new java.util.ArrayList<>(batched);
		all.add(this.analysis);
		return all;
	}

	@Override
	public void clearParameters() throws SQLException {
		this.prepared.clearParameters();
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
		this.prepared.setNull(index, sqlType);
		this.parameters.set(index, null, sqlType);
	}

	@Override
	public void setBoolean(int index, boolean x) throws SQLException {
		this.prepared.setBoolean(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setByte(int index, byte x) throws SQLException {
		this.prepared.setByte(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setShort(int index, short x) throws SQLException {
		this.prepared.setShort(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setInt(int index, int x) throws SQLException {
		this.prepared.setInt(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setLong(int index, long x) throws SQLException {
		this.prepared.setLong(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setFloat(int index, float x) throws SQLException {
		this.prepared.setFloat(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setDouble(int index, double x) throws SQLException {
		this.prepared.setDouble(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setBigDecimal(int index, BigDecimal x) throws SQLException {
		this.prepared.setBigDecimal(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setString(int index, String x) throws SQLException {
		this.prepared.setString(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setBytes(int index, byte[] x) throws SQLException {
		this.prepared.setBytes(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setDate(int index, Date x) throws SQLException {
		this.prepared.setDate(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setTime(int index, Time x) throws SQLException {
		this.prepared.setTime(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setTimestamp(int index, Timestamp x) throws SQLException {
		this.prepared.setTimestamp(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
		this.prepared.setAsciiStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
		this.prepared.setUnicodeStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
		this.prepared.setBinaryStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, int targetSqlType) throws SQLException {
		this.prepared.setObject(index, x, targetSqlType);
		this.parameters.set(index, x, targetSqlType);
	}

	@Override
	public void setObject(int index, Object x) throws SQLException {
		this.prepared.setObject(index, x);
		this.parameters.set(index, x);
	}

	@Override
	public void setCharacterStream(int index, Reader x, int length) throws SQLException {
		this.prepared.setCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setRef(int index, Ref x) throws SQLException {
		this.prepared.setRef(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, Blob x) throws SQLException {
		this.prepared.setBlob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Clob x) throws SQLException {
		this.prepared.setClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setArray(int index, Array x) throws SQLException {
		this.prepared.setArray(index, x);
		this.parameters.setArray(index, x);
	}

	@Override
	public void setDate(int index, Date x, Calendar calendar) throws SQLException {
		this.prepared.setDate(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setTime(int index, Time x, Calendar calendar) throws SQLException {
		this.prepared.setTime(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setTimestamp(int index, Timestamp x, Calendar calendar) throws SQLException {
		this.prepared.setTimestamp(index, x, calendar);
		this.parameters.set(index, x, BoundParameters.NO_SQL_TYPE, calendar);
	}

	@Override
	public void setNull(int index, int sqlType, String typeName) throws SQLException {
		this.prepared.setNull(index, sqlType, typeName);
		this.parameters.set(index, null, sqlType);
	}

	@Override
	public void setURL(int index, URL x) throws SQLException {
		this.prepared.setURL(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setRowId(int index, RowId x) throws SQLException {
		this.prepared.setRowId(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNString(int index, String x) throws SQLException {
		this.prepared.setNString(index, x);
		this.parameters.set(index, x, Types.NVARCHAR);
	}

	@Override
	public void setNCharacterStream(int index, Reader x, long length) throws SQLException {
		this.prepared.setNCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, NClob x) throws SQLException {
		this.prepared.setNClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Reader x, long length) throws SQLException {
		this.prepared.setClob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, InputStream x, long length) throws SQLException {
		this.prepared.setBlob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, Reader x, long length) throws SQLException {
		this.prepared.setNClob(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setSQLXML(int index, SQLXML x) throws SQLException {
		this.prepared.setSQLXML(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		this.prepared.setObject(index, x, targetSqlType, scaleOrLength);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
		this.prepared.setAsciiStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
		this.prepared.setBinaryStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setCharacterStream(int index, Reader x, long length) throws SQLException {
		this.prepared.setCharacterStream(index, x, length);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setAsciiStream(int index, InputStream x) throws SQLException {
		this.prepared.setAsciiStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBinaryStream(int index, InputStream x) throws SQLException {
		this.prepared.setBinaryStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setCharacterStream(int index, Reader x) throws SQLException {
		this.prepared.setCharacterStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNCharacterStream(int index, Reader x) throws SQLException {
		this.prepared.setNCharacterStream(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setClob(int index, Reader x) throws SQLException {
		this.prepared.setClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setBlob(int index, InputStream x) throws SQLException {
		this.prepared.setBlob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setNClob(int index, Reader x) throws SQLException {
		this.prepared.setNClob(index, x);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.prepared.setObject(index, x, targetSqlType, scaleOrLength);
		this.parameters.setUnkeyable(index);
	}

	@Override
	public void setObject(int index, Object x, SQLType targetSqlType) throws SQLException {
		this.prepared.setObject(index, x, targetSqlType);
		setWithType(index, x, targetSqlType);
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		return this.prepared.getMetaData();
	}

	@Override
	public ParameterMetaData getParameterMetaData() throws SQLException {
		return this.prepared.getParameterMetaData();
	}
}
