package io.github.cachalot.jdbc;

import java.sql.SQLTransientException;

/**
 * Thrown instead of committing (or running a write that commits as it runs) when a shared cache
 * store cannot take the announcement of the tables written, in the strict shared mode. Nothing was
 * committed: a transaction stays open, to be rolled back or committed again once the store
 * answers. Transient: the same call may succeed later.
 */
public final class SharedStoreUnavailableException extends SQLTransientException {

	private static final long serialVersionUID = 1L;

	SharedStoreUnavailableException(String message, Throwable cause) {
		super(message, "HY000", cause);
	}

}
