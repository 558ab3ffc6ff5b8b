package io.github.cachalot.key;

/**
 * The settings of a statement that change what a read returns.
 *
 * @param resultSetType the JDBC result set type
 * @param resultSetConcurrency the JDBC result set concurrency
 * @param maxRows the statement's maximum row count (0 for none)
 * @param maxFieldSize the statement's maximum field size (0 for none)
 */
public record StatementOptions(int resultSetType, int resultSetConcurrency, long maxRows, int maxFieldSize) {

	// written out: part of memo keys looked up on every read, where the generated forms cost more

	@Override
	public boolean equals(Object other) {
		return other instanceof StatementOptions options && options.resultSetType == this.resultSetType
				&& options.resultSetConcurrency == this.resultSetConcurrency && options.maxRows == this.maxRows
				&& options.maxFieldSize == this.maxFieldSize;
	}

	@Override
	public int hashCode() {
		int hash = 31 * this.resultSetType + this.resultSetConcurrency;
		hash = 31 * hash + Long.hashCode(this.maxRows);
		return 31 * hash + this.maxFieldSize;
	}

	void writeTo(KeyBuffer buffer) {
		buffer.putInt(this.resultSetType);
		buffer.putInt(this.resultSetConcurrency);
		buffer.putLong(this.maxRows);
		buffer.putInt(this.maxFieldSize);
	}

}
