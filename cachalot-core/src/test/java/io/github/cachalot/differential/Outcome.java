package io.github.cachalot.differential;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one side answered to one action, in a canonical form: rows (column labels and normalized
 * values, in the order the ORDER BY of every generated read fixes), an update count, "ok", or an
 * error compared by SQLState only (the message is kept for display).
 */
final class Outcome {

	private final String canonical;

	private final String detail;

	private final List<List<String>> rows;

	private Outcome(String canonical, String detail, List<List<String>> rows) {
		this.canonical = canonical;
		this.detail = detail;
		this.rows = rows;
	}

	static Outcome ok(String what) {
		return new Outcome("ok " + what, null, null);
	}

	static Outcome count(int count) {
		return new Outcome("count " + count, null, null);
	}

	static Outcome rows(ResultSet rs) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		int columns = meta.getColumnCount();
		List<String> labels = new ArrayList<>();
		for (int i = 1; i <= columns; i++) {
			labels.add(meta.getColumnLabel(i).toLowerCase());
		}
		List<List<String>> rows = new ArrayList<>();
		while (rs.next()) {
			List<String> row = new ArrayList<>();
			for (int i = 1; i <= columns; i++) {
				row.add(normalize(rs.getObject(i)));
			}
			rows.add(row);
		}
		return new Outcome("rows " + labels + " " + rows, null, List.copyOf(rows));
	}

	static Outcome error(SQLException ex) {
		return new Outcome("error sqlstate=" + ex.getSQLState(), ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()), null);
	}

	static Outcome exception(RuntimeException ex) {
		return new Outcome("exception " + ex.getClass().getName(), firstLine(ex.getMessage()), null);
	}

	static Outcome checkerError(String what) {
		return new Outcome("checker " + what, null, null);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	private static String normalize(Object value) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.stripTrailingZeros().toPlainString();
		}
		if (value instanceof Number number) {
			return Long.toString(number.longValue());
		}
		if (value instanceof String text) {
			return "'" + text.stripTrailing() + "'";
		}
		return value.toString();
	}

	boolean isError() {
		return this.canonical.startsWith("error") || this.canonical.startsWith("exception");
	}

	/** The single value of a one-row, one-column result, or null. */
	String singleValue() {
		return (this.rows != null && this.rows.size() == 1 && this.rows.get(0).size() == 1) ? this.rows.get(0).get(0) : null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Outcome outcome && this.canonical.equals(outcome.canonical);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.canonical);
	}

	@Override
	public String toString() {
		return (this.detail != null) ? this.canonical + " (" + this.detail + ")" : this.canonical;
	}

}
