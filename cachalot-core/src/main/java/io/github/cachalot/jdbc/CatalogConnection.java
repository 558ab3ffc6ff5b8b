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
 * A data source that hands out the caller's own session (a transaction-bound proxy), or a session
 * with a transaction open, makes the look-up fail, which the catalog treats as not knowing; so does
 * a failed borrow, at once for the rest of the look-up, unless the caller's own session may stand in
 * (outside a transaction, where only what it says of its last statement is disturbed).
 */
final class CatalogConnection implements AutoCloseable {

	/** How long a look-up waits for a pool to hand out a connection. */
	static final long BORROW_WAIT_MILLIS = 200;

	/** After a borrow that found no connection free, how long look-ups do not try again. */
	static final long COOL_OFF_NANOS = 1_000_000_000L;

	private static final java.util.concurrent.ExecutorService BORROWER = java.util.concurrent.Executors
		.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "cachalot-catalog-borrow");
			thread.setDaemon(true);
			return thread;
		});

	/**
	 * The data source's memory of an exhausted pool: after a borrow found no connection within
	 * {@link #BORROW_WAIT_MILLIS}, look-ups fail at once for a second instead of waiting again.
	 */
	static final class Gate {

		private volatile long closedUntil = System.nanoTime();

		boolean isOpen() {
			return System.nanoTime() - this.closedUntil >= 0;
		}

		void close() {
			this.closedUntil = System.nanoTime() + COOL_OFF_NANOS;
		}

	}

	private final DataSource target;

	private final Gate gate;

	/** The caller's own session, used when no other connection is free; null where it must not be. */
	private final Connection fallback;

	private final Connection callerSession;

	private Connection borrowed;

	/** The driver's own connection under the borrowed one: look-ups run on it, past pool proxies. */
	private Connection borrowedPhysical;

	/** Why borrowing failed: every later call fails the same way at once. */
	private SQLException failure;

	private final Connection connection;

	CatalogConnection(DataSource target, Connection callerSession, Gate gate, boolean mayFallBack) {
		this.target = target;
		this.gate = gate;
		this.fallback = mayFallBack ? callerSession : null;
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
		if (this.failure != null) {
			if (this.fallback != null) {
				return this.fallback;
			}
			throw this.failure;
		}
		if (this.borrowed == null) {
			try {
				this.borrowed = borrowIdle();
				this.borrowedPhysical = CachingConnection.physicalOf(this.borrowed);
			}
			catch (SQLException ex) {
				this.failure = ex;
				if (this.fallback != null) {
					return this.fallback;
				}
				throw ex;
			}
		}
		return this.borrowedPhysical;
	}

	/**
	 * Borrows a connection, waiting at most {@link #BORROW_WAIT_MILLIS}: the caller holds one of the
	 * pool's connections already, and with every connection held by callers in transactions, waiting
	 * for the pool's own timeout would stall them all.
	 */
	private Connection borrowWithin() throws SQLException {
		if (!this.gate.isOpen()) {
			throw new SQLException("no connection was free for a catalog look-up a moment ago");
		}
		java.util.concurrent.CompletableFuture<Connection> borrowing = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> {
				try {
					return this.target.getConnection();
				}
				catch (SQLException ex) {
					throw new java.util.concurrent.CompletionException(ex);
				}
			}, BORROWER);
		try {
			return borrowing.get(BORROW_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			this.gate.close();
			borrowing.whenComplete((late, failure) -> {
				if (late != null) {
					try {
						late.close();
					}
					catch (SQLException | RuntimeException ignored) {
						// returned to the pool as well as it can be
					}
				}
			});
			throw new SQLException("no connection free for a catalog look-up within " + BORROW_WAIT_MILLIS + " ms");
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (ex.getCause() instanceof SQLException sql) ? sql : new SQLException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("interrupted while borrowing a connection for a catalog look-up", ex);
		}
	}

	private Connection borrowIdle() throws SQLException {
		Connection connection = borrowWithin();
		Connection physical = CachingConnection.physicalOf(connection);
		if (physical == this.callerSession || connection == this.callerSession) {
			connection.close();
			throw new SQLException("the data source hands out the caller's own session: "
					+ "no catalog look-up outside its transaction");
		}
		DriverTransactionStatus status = DriverTransactionStatus.of(physical);
		if (status == DriverTransactionStatus.OPEN || status == DriverTransactionStatus.FAILED) {
			// a transaction left open on it: its snapshot may be older than the catalog
			connection.close();
			throw new SQLException("the data source handed out a session inside a transaction");
		}
		return connection;
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
			this.borrowedPhysical = null;
		}
	}

}
