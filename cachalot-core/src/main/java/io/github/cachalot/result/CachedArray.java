package io.github.cachalot.result;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;
import java.util.Map;

/**
 * An immutable {@link Array} replaying what a driver's array returned: its contents, base type and
 * base type name. {@link #getArray()} hands out a fresh copy each time; {@link #free()} does nothing.
 */
final class CachedArray implements Array {

	/** The frozen contents: an {@code Object[]} (possibly nested) or a primitive array. */
	private final Object elements;

	/** The base type, or a {@link CapturedError}. */
	private final Object baseType;

	/** The base type name, or a {@link CapturedError}. */
	private final Object baseTypeName;

	private final String text;

	private CachedArray(Object elements, Object baseType, Object baseTypeName, String text) {
		this.elements = elements;
		this.baseType = baseType;
		this.baseTypeName = baseTypeName;
		this.text = text;
	}

	/** An array rebuilt by {@link ResultCodec} from frozen parts. */
	static CachedArray restore(Object elements, Object baseType, Object baseTypeName, String text) {
		return new CachedArray(elements, baseType, baseTypeName, text);
	}

	Object elements() {
		return this.elements;
	}

	Object baseType() {
		return this.baseType;
	}

	Object baseTypeName() {
		return this.baseTypeName;
	}

	static CachedArray capture(Array array) throws SQLException, Uncacheable {
		Object elements = Values.freeze(array.getArray());
		Object baseType;
		try {
			baseType = array.getBaseType();
		}
		catch (SQLException ex) {
			baseType = CapturedError.of(ex);
		}
		Object baseTypeName;
		try {
			baseTypeName = array.getBaseTypeName();
		}
		catch (SQLException ex) {
			baseTypeName = CapturedError.of(ex);
		}
		return new CachedArray(elements, baseType, baseTypeName, array.toString());
	}

	private static Object rethrow(Object value) throws SQLException {
		if (value instanceof CapturedError error) {
			throw error.exception();
		}
		return value;
	}

	@Override
	public String getBaseTypeName() throws SQLException {
		return (String) rethrow(this.baseTypeName);
	}

	@Override
	public int getBaseType() throws SQLException {
		return (Integer) rethrow(this.baseType);
	}

	@Override
	public Object getArray() {
		return Values.copy(this.elements);
	}

	@Override
	public Object getArray(Map<String, Class<?>> map) throws SQLException {
		if (map == null || map.isEmpty()) {
			return getArray();
		}
		throw new SQLFeatureNotSupportedException("Custom type maps are not supported by cached arrays");
	}

	@Override
	public Object getArray(long index, int count) throws SQLException {
		if (!(this.elements instanceof Object[] all)) {
			throw new SQLFeatureNotSupportedException("Slices of primitive arrays are not supported by cached arrays");
		}
		if (index < 1 || count < 0 || index - 1 + count > all.length) {
			throw new SQLException("Array index out of range: " + index + ", count: " + count, "2202E");
		}
		return Values.copy(Arrays.copyOfRange(all, (int) index - 1, (int) index - 1 + count));
	}

	@Override
	public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
		if (map == null || map.isEmpty()) {
			return getArray(index, count);
		}
		throw new SQLFeatureNotSupportedException("Custom type maps are not supported by cached arrays");
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		throw new SQLFeatureNotSupportedException("getResultSet is not supported by cached arrays");
	}

	@Override
	public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
		throw new SQLFeatureNotSupportedException("getResultSet is not supported by cached arrays");
	}

	@Override
	public ResultSet getResultSet(long index, int count) throws SQLException {
		throw new SQLFeatureNotSupportedException("getResultSet is not supported by cached arrays");
	}

	@Override
	public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
		throw new SQLFeatureNotSupportedException("getResultSet is not supported by cached arrays");
	}

	@Override
	public void free() {
		// nothing to release
	}

	long estimatedBytes() {
		return 48 + Values.estimate(this.elements) + ((this.text != null) ? this.text.length() : 0);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
