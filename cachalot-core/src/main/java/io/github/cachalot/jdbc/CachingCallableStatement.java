package io.github.cachalot.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement. Whatever it runs is treated as a possible write of unknown tables
 * (a procedure may change anything), so it is never answered from the cache and, unless
 * {@code invalidate-raw} is off, invalidates the data source.
 */
public final class CachingCallableStatement extends CachingPreparedStatement implements CallableStatement {

	private final CallableStatement callable;

	CachingCallableStatement(CallableStatement delegate, CachingConnection connection, String sql, int resultSetType,
			int resultSetConcurrency, int resultSetHoldability) {
		super(delegate, connection, sql, resultSetType, resultSetConcurrency, resultSetHoldability);
		this.callable = delegate;
	}

	@Override
	boolean readsThroughCache() {
		return false;
	}

	// ---- an OUT parameter may be a cursor: a result set of the driver's, whose statement and connection run SQL unseen

	@Override
	public Object getObject(int index) throws SQLException {
		return behindCachalot(this.callable.getObject(index));
	}

	@Override
	public Object getObject(int index, Map<String, Class<?>> map) throws SQLException {
		return behindCachalot(this.callable.getObject(index, map));
	}

	@Override
	public <T> T getObject(int index, Class<T> type) throws SQLException {
		return behindCachalot(this.callable.getObject(index, type), type);
	}

	@Override
	public Object getObject(String name) throws SQLException {
		return behindCachalot(this.callable.getObject(name));
	}

	@Override
	public Object getObject(String name, Map<String, Class<?>> map) throws SQLException {
		return behindCachalot(this.callable.getObject(name, map));
	}

	@Override
	public <T> T getObject(String name, Class<T> type) throws SQLException {
		return behindCachalot(this.callable.getObject(name, type), type);
	}

	/** A cursor answers this statement, whose connection is cachalot's; any other value is returned as is. */
	private Object behindCachalot(Object value) {
		return (value instanceof ResultSet cursor) ? passedThrough(cursor) : value;
	}

	/** As {@link #behindCachalot(Object)} where the caller asked for a type: a driver's own class escapes. */
	private <T> T behindCachalot(T value, Class<T> type) {
		if (value instanceof ResultSet cursor) {
			if (type.isAssignableFrom(ResultSet.class)) {
				return type.cast(passedThrough(cursor));
			}
			this.connection.escaped();
		}
		return value;
	}

	@Override
	public void registerOutParameter(int p0, int p1) throws SQLException {
		this.callable.registerOutParameter(p0, p1);
	}

	@Override
	public void registerOutParameter(int p0, int p1, int p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public boolean wasNull() throws SQLException {
		return this.callable.wasNull();
	}

	@Override
	public String getString(int p0) throws SQLException {
		return this.callable.getString(p0);
	}

	@Override
	public boolean getBoolean(int p0) throws SQLException {
		return this.callable.getBoolean(p0);
	}

	@Override
	public byte getByte(int p0) throws SQLException {
		return this.callable.getByte(p0);
	}

	@Override
	public short getShort(int p0) throws SQLException {
		return this.callable.getShort(p0);
	}

	@Override
	public int getInt(int p0) throws SQLException {
		return this.callable.getInt(p0);
	}

	@Override
	public long getLong(int p0) throws SQLException {
		return this.callable.getLong(p0);
	}

	@Override
	public float getFloat(int p0) throws SQLException {
		return this.callable.getFloat(p0);
	}

	@Override
	public double getDouble(int p0) throws SQLException {
		return this.callable.getDouble(p0);
	}

	@Override
	public BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
		return this.callable.getBigDecimal(p0, p1);
	}

	@Override
	public byte[] getBytes(int p0) throws SQLException {
		return this.callable.getBytes(p0);
	}

	@Override
	public Date getDate(int p0) throws SQLException {
		return this.callable.getDate(p0);
	}

	@Override
	public Time getTime(int p0) throws SQLException {
		return this.callable.getTime(p0);
	}

	@Override
	public Timestamp getTimestamp(int p0) throws SQLException {
		return this.callable.getTimestamp(p0);
	}

	@Override
	public BigDecimal getBigDecimal(int p0) throws SQLException {
		return this.callable.getBigDecimal(p0);
	}

	@Override
	public Ref getRef(int p0) throws SQLException {
		return this.callable.getRef(p0);
	}

	@Override
	public Blob getBlob(int p0) throws SQLException {
		return this.callable.getBlob(p0);
	}

	@Override
	public Clob getClob(int p0) throws SQLException {
		return this.callable.getClob(p0);
	}

	@Override
	public Array getArray(int p0) throws SQLException {
		return this.callable.getArray(p0);
	}

	@Override
	public Date getDate(int p0, Calendar p1) throws SQLException {
		return this.callable.getDate(p0, p1);
	}

	@Override
	public Time getTime(int p0, Calendar p1) throws SQLException {
		return this.callable.getTime(p0, p1);
	}

	@Override
	public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException {
		return this.callable.getTimestamp(p0, p1);
	}

	@Override
	public void registerOutParameter(int p0, int p1, String p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(String p0, int p1) throws SQLException {
		this.callable.registerOutParameter(p0, p1);
	}

	@Override
	public void registerOutParameter(String p0, int p1, int p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(String p0, int p1, String p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public URL getURL(int p0) throws SQLException {
		return this.callable.getURL(p0);
	}

	@Override
	public void setURL(String p0, URL p1) throws SQLException {
		this.callable.setURL(p0, p1);
	}

	@Override
	public void setNull(String p0, int p1) throws SQLException {
		this.callable.setNull(p0, p1);
	}

	@Override
	public void setBoolean(String p0, boolean p1) throws SQLException {
		this.callable.setBoolean(p0, p1);
	}

	@Override
	public void setByte(String p0, byte p1) throws SQLException {
		this.callable.setByte(p0, p1);
	}

	@Override
	public void setShort(String p0, short p1) throws SQLException {
		this.callable.setShort(p0, p1);
	}

	@Override
	public void setInt(String p0, int p1) throws SQLException {
		this.callable.setInt(p0, p1);
	}

	@Override
	public void setLong(String p0, long p1) throws SQLException {
		this.callable.setLong(p0, p1);
	}

	@Override
	public void setFloat(String p0, float p1) throws SQLException {
		this.callable.setFloat(p0, p1);
	}

	@Override
	public void setDouble(String p0, double p1) throws SQLException {
		this.callable.setDouble(p0, p1);
	}

	@Override
	public void setBigDecimal(String p0, BigDecimal p1) throws SQLException {
		this.callable.setBigDecimal(p0, p1);
	}

	@Override
	public void setString(String p0, String p1) throws SQLException {
		this.callable.setString(p0, p1);
	}

	@Override
	public void setBytes(String p0, byte[] p1) throws SQLException {
		this.callable.setBytes(p0, p1);
	}

	@Override
	public void setDate(String p0, Date p1) throws SQLException {
		this.callable.setDate(p0, p1);
	}

	@Override
	public void setTime(String p0, Time p1) throws SQLException {
		this.callable.setTime(p0, p1);
	}

	@Override
	public void setTimestamp(String p0, Timestamp p1) throws SQLException {
		this.callable.setTimestamp(p0, p1);
	}

	@Override
	public void setAsciiStream(String p0, InputStream p1, int p2) throws SQLException {
		this.callable.setAsciiStream(p0, p1, p2);
	}

	@Override
	public void setBinaryStream(String p0, InputStream p1, int p2) throws SQLException {
		this.callable.setBinaryStream(p0, p1, p2);
	}

	@Override
	public void setObject(String p0, Object p1, int p2, int p3) throws SQLException {
		this.callable.setObject(p0, p1, p2, p3);
	}

	@Override
	public void setObject(String p0, Object p1, int p2) throws SQLException {
		this.callable.setObject(p0, p1, p2);
	}

	@Override
	public void setObject(String p0, Object p1) throws SQLException {
		this.callable.setObject(p0, p1);
	}

	@Override
	public void setCharacterStream(String p0, Reader p1, int p2) throws SQLException {
		this.callable.setCharacterStream(p0, p1, p2);
	}

	@Override
	public void setDate(String p0, Date p1, Calendar p2) throws SQLException {
		this.callable.setDate(p0, p1, p2);
	}

	@Override
	public void setTime(String p0, Time p1, Calendar p2) throws SQLException {
		this.callable.setTime(p0, p1, p2);
	}

	@Override
	public void setTimestamp(String p0, Timestamp p1, Calendar p2) throws SQLException {
		this.callable.setTimestamp(p0, p1, p2);
	}

	@Override
	public void setNull(String p0, int p1, String p2) throws SQLException {
		this.callable.setNull(p0, p1, p2);
	}

	@Override
	public String getString(String p0) throws SQLException {
		return this.callable.getString(p0);
	}

	@Override
	public boolean getBoolean(String p0) throws SQLException {
		return this.callable.getBoolean(p0);
	}

	@Override
	public byte getByte(String p0) throws SQLException {
		return this.callable.getByte(p0);
	}

	@Override
	public short getShort(String p0) throws SQLException {
		return this.callable.getShort(p0);
	}

	@Override
	public int getInt(String p0) throws SQLException {
		return this.callable.getInt(p0);
	}

	@Override
	public long getLong(String p0) throws SQLException {
		return this.callable.getLong(p0);
	}

	@Override
	public float getFloat(String p0) throws SQLException {
		return this.callable.getFloat(p0);
	}

	@Override
	public double getDouble(String p0) throws SQLException {
		return this.callable.getDouble(p0);
	}

	@Override
	public byte[] getBytes(String p0) throws SQLException {
		return this.callable.getBytes(p0);
	}

	@Override
	public Date getDate(String p0) throws SQLException {
		return this.callable.getDate(p0);
	}

	@Override
	public Time getTime(String p0) throws SQLException {
		return this.callable.getTime(p0);
	}

	@Override
	public Timestamp getTimestamp(String p0) throws SQLException {
		return this.callable.getTimestamp(p0);
	}

	@Override
	public BigDecimal getBigDecimal(String p0) throws SQLException {
		return this.callable.getBigDecimal(p0);
	}

	@Override
	public Ref getRef(String p0) throws SQLException {
		return this.callable.getRef(p0);
	}

	@Override
	public Blob getBlob(String p0) throws SQLException {
		return this.callable.getBlob(p0);
	}

	@Override
	public Clob getClob(String p0) throws SQLException {
		return this.callable.getClob(p0);
	}

	@Override
	public Array getArray(String p0) throws SQLException {
		return this.callable.getArray(p0);
	}

	@Override
	public Date getDate(String p0, Calendar p1) throws SQLException {
		return this.callable.getDate(p0, p1);
	}

	@Override
	public Time getTime(String p0, Calendar p1) throws SQLException {
		return this.callable.getTime(p0, p1);
	}

	@Override
	public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException {
		return this.callable.getTimestamp(p0, p1);
	}

	@Override
	public URL getURL(String p0) throws SQLException {
		return this.callable.getURL(p0);
	}

	@Override
	public RowId getRowId(int p0) throws SQLException {
		return this.callable.getRowId(p0);
	}

	@Override
	public RowId getRowId(String p0) throws SQLException {
		return this.callable.getRowId(p0);
	}

	@Override
	public void setRowId(String p0, RowId p1) throws SQLException {
		this.callable.setRowId(p0, p1);
	}

	@Override
	public void setNString(String p0, String p1) throws SQLException {
		this.callable.setNString(p0, p1);
	}

	@Override
	public void setNCharacterStream(String p0, Reader p1, long p2) throws SQLException {
		this.callable.setNCharacterStream(p0, p1, p2);
	}

	@Override
	public void setNClob(String p0, NClob p1) throws SQLException {
		this.callable.setNClob(p0, p1);
	}

	@Override
	public void setClob(String p0, Reader p1, long p2) throws SQLException {
		this.callable.setClob(p0, p1, p2);
	}

	@Override
	public void setBlob(String p0, InputStream p1, long p2) throws SQLException {
		this.callable.setBlob(p0, p1, p2);
	}

	@Override
	public void setNClob(String p0, Reader p1, long p2) throws SQLException {
		this.callable.setNClob(p0, p1, p2);
	}

	@Override
	public NClob getNClob(int p0) throws SQLException {
		return this.callable.getNClob(p0);
	}

	@Override
	public NClob getNClob(String p0) throws SQLException {
		return this.callable.getNClob(p0);
	}

	@Override
	public void setSQLXML(String p0, SQLXML p1) throws SQLException {
		this.callable.setSQLXML(p0, p1);
	}

	@Override
	public SQLXML getSQLXML(int p0) throws SQLException {
		return this.callable.getSQLXML(p0);
	}

	@Override
	public SQLXML getSQLXML(String p0) throws SQLException {
		return this.callable.getSQLXML(p0);
	}

	@Override
	public String getNString(int p0) throws SQLException {
		return this.callable.getNString(p0);
	}

	@Override
	public String getNString(String p0) throws SQLException {
		return this.callable.getNString(p0);
	}

	@Override
	public Reader getNCharacterStream(int p0) throws SQLException {
		return this.callable.getNCharacterStream(p0);
	}

	@Override
	public Reader getNCharacterStream(String p0) throws SQLException {
		return this.callable.getNCharacterStream(p0);
	}

	@Override
	public Reader getCharacterStream(int p0) throws SQLException {
		return this.callable.getCharacterStream(p0);
	}

	@Override
	public Reader getCharacterStream(String p0) throws SQLException {
		return this.callable.getCharacterStream(p0);
	}

	@Override
	public void setBlob(String p0, Blob p1) throws SQLException {
		this.callable.setBlob(p0, p1);
	}

	@Override
	public void setClob(String p0, Clob p1) throws SQLException {
		this.callable.setClob(p0, p1);
	}

	@Override
	public void setAsciiStream(String p0, InputStream p1, long p2) throws SQLException {
		this.callable.setAsciiStream(p0, p1, p2);
	}

	@Override
	public void setBinaryStream(String p0, InputStream p1, long p2) throws SQLException {
		this.callable.setBinaryStream(p0, p1, p2);
	}

	@Override
	public void setCharacterStream(String p0, Reader p1, long p2) throws SQLException {
		this.callable.setCharacterStream(p0, p1, p2);
	}

	@Override
	public void setAsciiStream(String p0, InputStream p1) throws SQLException {
		this.callable.setAsciiStream(p0, p1);
	}

	@Override
	public void setBinaryStream(String p0, InputStream p1) throws SQLException {
		this.callable.setBinaryStream(p0, p1);
	}

	@Override
	public void setCharacterStream(String p0, Reader p1) throws SQLException {
		this.callable.setCharacterStream(p0, p1);
	}

	@Override
	public void setNCharacterStream(String p0, Reader p1) throws SQLException {
		this.callable.setNCharacterStream(p0, p1);
	}

	@Override
	public void setClob(String p0, Reader p1) throws SQLException {
		this.callable.setClob(p0, p1);
	}

	@Override
	public void setBlob(String p0, InputStream p1) throws SQLException {
		this.callable.setBlob(p0, p1);
	}

	@Override
	public void setNClob(String p0, Reader p1) throws SQLException {
		this.callable.setNClob(p0, p1);
	}

	@Override
	public void setObject(String p0, Object p1, SQLType p2, int p3) throws SQLException {
		this.callable.setObject(p0, p1, p2, p3);
	}

	@Override
	public void setObject(String p0, Object p1, SQLType p2) throws SQLException {
		this.callable.setObject(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(int p0, SQLType p1) throws SQLException {
		this.callable.registerOutParameter(p0, p1);
	}

	@Override
	public void registerOutParameter(int p0, SQLType p1, int p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(int p0, SQLType p1, String p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(String p0, SQLType p1) throws SQLException {
		this.callable.registerOutParameter(p0, p1);
	}

	@Override
	public void registerOutParameter(String p0, SQLType p1, int p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}

	@Override
	public void registerOutParameter(String p0, SQLType p1, String p2) throws SQLException {
		this.callable.registerOutParameter(p0, p1, p2);
	}
}
