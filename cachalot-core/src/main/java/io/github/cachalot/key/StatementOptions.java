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

	void writeTo(KeyBuffer buffer) {
		buffer.putInt(this.resultSetType);
		buffer.putInt(this.resultSetConcurrency);
		buffer.putLong(this.maxRows);
		buffer.putInt(this.maxFieldSize);
	}

}
