package io.github.cachalot.result;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * An SQLException a driver threw while a value was captured, kept so that the replay throws an
 * equivalent one: same message, SQLState and vendor code, and the nearest {@code java.sql} class.
 */
final class CapturedError {

	private static final int PLAIN = 0;

	private static final int DATA = 1;

	private static final int FEATURE = 2;

	private static final int SYNTAX = 3;

	private static final int INTEGRITY = 4;

	private static final int AUTHORIZATION = 5;

	private static final int NON_TRANSIENT_CONNECTION = 6;

	private static final int NON_TRANSIENT = 7;

	private static final int TRANSIENT_CONNECTION = 8;

	private static final int TIMEOUT = 9;

	private static final int ROLLBACK = 10;

	private static final int TRANSIENT = 11;

	private static final int RECOVERABLE = 12;

	private final int kind;

	private final String message;

	private final String sqlState;

	private final int vendorCode;

	private CapturedError(int kind, String message, String sqlState, int vendorCode) {
		this.kind = kind;
		this.message = message;
		this.sqlState = sqlState;
		this.vendorCode = vendorCode;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CapturedError error && error.kind == this.kind && error.vendorCode == this.vendorCode
				&& java.util.Objects.equals(error.message, this.message)
				&& java.util.Objects.equals(error.sqlState, this.sqlState);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(this.kind, this.message, this.sqlState, this.vendorCode);
	}

	/** An error rebuilt by {@link ResultCodec}. */
	static CapturedError restore(int kind, String message, String sqlState, int vendorCode) {
		if (kind < PLAIN || kind > RECOVERABLE) {
			throw new IllegalArgumentException("Unknown kind of error: " + kind);
		}
		return new CapturedError(kind, message, sqlState, vendorCode);
	}

	int kind() {
		return this.kind;
	}

	String message() {
		return this.message;
	}

	String sqlState() {
		return this.sqlState;
	}

	int vendorCode() {
		return this.vendorCode;
	}

	static CapturedError of(SQLException ex) {
		return new CapturedError(kindOf(ex), ex.getMessage(), ex.getSQLState(), ex.getErrorCode());
	}

	/** An error to be thrown as a {@link SQLDataException}. */
	static CapturedError data(String message, String sqlState) {
		return new CapturedError(DATA, message, sqlState, 0);
	}

	/** An error to be thrown as a plain {@link SQLException}. */
	static CapturedError plain(String message, String sqlState) {
		return new CapturedError(PLAIN, message, sqlState, 0);
	}

	private static int kindOf(SQLException ex) {
		if (ex instanceof SQLNonTransientException) {
			if (ex instanceof SQLDataException) {
				return DATA;
			}
			if (ex instanceof SQLFeatureNotSupportedException) {
				return FEATURE;
			}
			if (ex instanceof SQLSyntaxErrorException) {
				return SYNTAX;
			}
			if (ex instanceof SQLIntegrityConstraintViolationException) {
				return INTEGRITY;
			}
			if (ex instanceof SQLInvalidAuthorizationSpecException) {
				return AUTHORIZATION;
			}
			if (ex instanceof SQLNonTransientConnectionException) {
				return NON_TRANSIENT_CONNECTION;
			}
			return NON_TRANSIENT;
		}
		if (ex instanceof SQLTransientException) {
			if (ex instanceof SQLTransientConnectionException) {
				return TRANSIENT_CONNECTION;
			}
			if (ex instanceof SQLTimeoutException) {
				return TIMEOUT;
			}
			if (ex instanceof SQLTransactionRollbackException) {
				return ROLLBACK;
			}
			return TRANSIENT;
		}
		if (ex instanceof SQLRecoverableException) {
			return RECOVERABLE;
		}
		return PLAIN;
	}

	/** A new exception equivalent to the captured one. */
	SQLException exception() {
		return switch (this.kind) {
			case DATA -> new SQLDataException(this.message, this.sqlState, this.vendorCode);
			case FEATURE -> new SQLFeatureNotSupportedException(this.message, this.sqlState, this.vendorCode);
			case SYNTAX -> new SQLSyntaxErrorException(this.message, this.sqlState, this.vendorCode);
			case INTEGRITY -> new SQLIntegrityConstraintViolationException(this.message, this.sqlState, this.vendorCode);
			case AUTHORIZATION -> new SQLInvalidAuthorizationSpecException(this.message, this.sqlState, this.vendorCode);
			case NON_TRANSIENT_CONNECTION -> new SQLNonTransientConnectionException(this.message, this.sqlState,
					this.vendorCode);
			case NON_TRANSIENT -> new SQLNonTransientException(this.message, this.sqlState, this.vendorCode);
			case TRANSIENT_CONNECTION -> new SQLTransientConnectionException(this.message, this.sqlState, this.vendorCode);
			case TIMEOUT -> new SQLTimeoutException(this.message, this.sqlState, this.vendorCode);
			case ROLLBACK -> new SQLTransactionRollbackException(this.message, this.sqlState, this.vendorCode);
			case TRANSIENT -> new SQLTransientException(this.message, this.sqlState, this.vendorCode);
			case RECOVERABLE -> new SQLRecoverableException(this.message, this.sqlState, this.vendorCode);
			default -> new SQLException(this.message, this.sqlState, this.vendorCode);
		};
	}

	long estimatedBytes() {
		return 48 + ((this.message != null) ? 2L * this.message.length() : 0);
	}

}
