package io.github.cachalot.key;

import java.sql.ResultSet;

/**
 * The settings of a statement that change what a read returns.
 * <p>
 * Whether the statement is prepared is among them: drivers may read a prepared statement's results
 * in their binary protocol (MariaDB with {@code useServerPrepStmts}, PostgreSQL once a statement is
 * prepared on the server) and a plain statement's in text, and some values read differently from
 * the two (the text of a {@code DOUBLE} or a {@code boolean}), so the two never share a result.
 *
 * @param prepared whether the statement is a {@link java.sql.PreparedStatement}
 * @param resultSetType the JDBC result set type
 * @param resultSetConcurrency the JDBC result set concurrency
 * @param maxRows the statement's maximum row count (0 for none)
 * @param maxFieldSize the statement's maximum field size (0 for none)
 */
public record StatementOptions(boolean prepared, int resultSetType, int resultSetConcurrency, long maxRows, int maxFieldSize) {

	private static final StatementOptions PREPARED = new StatementOptions(true, ResultSet.TYPE_FORWARD_ONLY,
			ResultSet.CONCUR_READ_ONLY, 0, 0);

	private static final StatementOptions PLAIN = new StatementOptions(false, ResultSet.TYPE_FORWARD_ONLY,
			ResultSet.CONCUR_READ_ONLY, 0, 0);

	/**
	 * The options of a new statement, with no row or field limit; the usual ones are shared
	 * constants, since every statement starts with them.
	 */
	public static StatementOptions of(boolean prepared, int resultSetType, int resultSetConcurrency) {
		if (resultSetType == ResultSet.TYPE_FORWARD_ONLY && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY) {
			return prepared ? PREPARED : PLAIN;
		}
		return new StatementOptions(prepared, resultSetType, resultSetConcurrency, 0, 0);
	}

	// written out: part of memo keys looked up on every read, where the generated forms cost more

	@Override
	public boolean equals(Object other) {
		return other instanceof StatementOptions options && options.prepared == this.prepared
				&& options.resultSetType == this.resultSetType
				&& options.resultSetConcurrency == this.resultSetConcurrency && options.maxRows == this.maxRows
				&& options.maxFieldSize == this.maxFieldSize;
	}

	@Override
	public int hashCode() {
		int hash = 31 * (31 * Boolean.hashCode(this.prepared) + this.resultSetType) + this.resultSetConcurrency;
		hash = 31 * hash + Long.hashCode(this.maxRows);
		return 31 * hash + this.maxFieldSize;
	}

	void writeTo(KeyBuffer buffer) {
		buffer.putByte(this.prepared ? 1 : 0);
		buffer.putInt(this.resultSetType);
		buffer.putInt(this.resultSetConcurrency);
		buffer.putLong(this.maxRows);
		buffer.putInt(this.maxFieldSize);
	}

}
