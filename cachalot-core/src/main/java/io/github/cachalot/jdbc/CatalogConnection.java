package io.github.cachalot.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A connection for catalog look-ups made while the caller's session is inside a transaction, whose
 * snapshot may predate the catalog's current state: borrowed from the data source on first use
 * (most look-ups are answered from memory and borrow nothing) and returned on {@link #close()}.
 * A data source that hands out the caller's own session (a transaction-bound proxy) makes the
 * look-up fail, which the catalog treats as not knowing.
 */
final class CatalogConnection implements AutoCloseable {

	private final DataSource target;

	private final Connection callerSession;

	private Connection borrowed;

	private final Connection connection;

	CatalogConnection(DataSource target, Connection callerSession) {
		this.target = target;
		this.callerSession = callerSession;
		InvocationHandler handler = this::invoke;
		this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	/** The connection to give the catalog. */
	Connection connection() {
		return this.connection;
	}

	private Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == arguments[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "CatalogConnection[" + this.target + "]";
			};
		}
		try {
			return method.invoke(borrow(), arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private Connection borrow() throws SQLException {
		if (this.borrowed == null) {
			Connection connection = this.target.getConnection();
			Connection physical = connection;
			try {
				physical = connection.unwrap(Connection.class);
			}
			catch (SQLException | RuntimeException ex) {
				// compared as it is
			}
			if (physical == this.callerSession || connection == this.callerSession) {
				connection.close();
				throw new SQLException("the data source hands out the caller's own session: "
						+ "no catalog look-up outside its transaction");
			}
			this.borrowed = connection;
		}
		return this.borrowed;
	}

	@Override
	public void close() {
		if (this.borrowed != null) {
			try {
				if (!this.borrowed.getAutoCommit()) {
					this.borrowed.rollback();
				}
			}
			catch (SQLException | RuntimeException ex) {
				// the pool resets it on return
			}
			try {
				this.borrowed.close();
			}
			catch (SQLException | RuntimeException ex) {
				// nothing more to do for a look-up connection
			}
			this.borrowed = null;
		}
	}

}
