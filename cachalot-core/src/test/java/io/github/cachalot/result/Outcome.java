package io.github.cachalot.result;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** What one getter call did: the value it returned (and wasNull after it), or what it threw. */
record Outcome(Object value, boolean wasNull, Throwable error) {

	interface Getter {

		Object get(ResultSet resultSet, int column) throws Exception;

	}

	static Outcome of(ResultSet resultSet, int column, Getter getter) {
		Object value;
		try {
			value = normalize(getter.get(resultSet, column));
		}
		catch (Throwable ex) {
			return new Outcome(null, false, ex);
		}
		try {
			return new Outcome(value, resultSet.wasNull(), null);
		}
		catch (SQLException ex) {
			return new Outcome(null, false, ex);
		}
	}

	/** Streams and arrays read into comparable values. */
	private static Object normalize(Object value) throws SQLException, IOException {
		if (value instanceof Array array) {
			return new ArrayContents(array.getBaseType(), array.getBaseTypeName(), normalize(array.getArray()));
		}
		if (value instanceof Object[] elements) {
			Object[] copy = elements.clone();
			for (int i = 0; i < copy.length; i++) {
				copy[i] = normalize(copy[i]);
			}
			return copy;
		}
		if (value instanceof InputStream stream) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			stream.transferTo(out);
			return new StreamContents(out.toByteArray());
		}
		if (value instanceof Reader reader) {
			StringWriter out = new StringWriter();
			reader.transferTo(out);
			return new ReaderContents(out.toString());
		}
		return value;
	}

	boolean failed() {
		return this.error != null;
	}

	/** The java.sql class a replay throws for this driver exception: the nearest one in java.sql. */
	static Class<?> standardClass(Throwable error) {
		Class<?> type = error.getClass();
		while (type != null && !type.getName().startsWith("java.sql.")) {
			type = type.getSuperclass();
		}
		return type;
	}

	/** Whether a replayed outcome is the same as the driver's. */
	static boolean same(Outcome driver, Outcome replay) {
		if (driver.failed() || replay.failed()) {
			if (!driver.failed() || !replay.failed()) {
				return false;
			}
			if (!(driver.error() instanceof SQLException expected)) {
				return replay.error().getClass() == driver.error().getClass();
			}
			return replay.error() instanceof SQLException actual && actual.getClass() == standardClass(expected)
					&& Objects.equals(actual.getSQLState(), expected.getSQLState());
		}
		return driver.wasNull() == replay.wasNull() && sameValue(driver.value(), replay.value());
	}

	static boolean sameValue(Object a, Object b) {
		if (a == null || b == null) {
			return a == b;
		}
		if (a.getClass() != b.getClass()) {
			return false;
		}
		if (a instanceof Object[] x) {
			Object[] y = (Object[]) b;
			if (x.length != y.length) {
				return false;
			}
			for (int i = 0; i < x.length; i++) {
				if (!sameValue(x[i], y[i])) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof byte[] x) {
			return Arrays.equals(x, (byte[]) b);
		}
		if (a instanceof ArrayContents x) {
			ArrayContents y = (ArrayContents) b;
			return x.baseType() == y.baseType() && Objects.equals(x.baseTypeName(), y.baseTypeName())
					&& sameValue(x.elements(), y.elements());
		}
		if (a instanceof StreamContents x) {
			return Arrays.equals(x.bytes(), ((StreamContents) b).bytes());
		}
		if (a.getClass().isArray()) {
			return Arrays.deepEquals(new Object[] { a }, new Object[] { b });
		}
		return a.equals(b);
	}

	@Override
	public String toString() {
		if (this.error != null) {
			String state = (this.error instanceof SQLException ex) ? " [" + ex.getSQLState() + "]" : "";
			return "threw " + this.error.getClass().getName() + state + ": " + this.error.getMessage();
		}
		return describe(this.value) + (this.wasNull ? " (wasNull)" : "");
	}

	static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		String text;
		if (value instanceof byte[] bytes) {
			text = HexFormat.of().formatHex(bytes);
		}
		else if (value instanceof Object[] array) {
			text = Arrays.deepToString(array);
		}
		else {
			text = String.valueOf(value);
		}
		if (text.length() > 120) {
			text = text.substring(0, 120) + "...";
		}
		return value.getClass().getSimpleName() + " " + text;
	}

	record ArrayContents(int baseType, String baseTypeName, Object elements) {

		@Override
		public String toString() {
			return baseType + " " + baseTypeName + " " + describe(elements);
		}

	}

	record StreamContents(byte[] bytes) {

		@Override
		public String toString() {
			return HexFormat.of().formatHex(bytes);
		}

	}

	record ReaderContents(String text) {
	}

}
