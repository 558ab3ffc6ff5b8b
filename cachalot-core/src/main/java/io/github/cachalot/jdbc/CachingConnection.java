package io.github.cachalot.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;

import io.github.cachalot.invalidation.DatabaseCatalog;
import io.github.cachalot.invalidation.TransactionWrites;
import io.github.cachalot.result.RecordingResultSet;

/**
 * A logical connection whose statements read through the cache. The state of its session and
 * transaction lives in its {@link Session}, which follows the physical connection across borrows;
 * this class turns JDBC calls into that state's transitions and the invalidations they require.
 * Everything else is the real connection's.
 */
public final class CachingConnection implements Connection {

	private final Connection delegate;

	private final Connection physical;

	private final DataSourceCache cache;

	private final Session session;

	/** This borrow changed the session's schema, catalog or settings: a pool may reset them on close. */
	private boolean sessionChanged;

	/** This borrow set the isolation level: a pool may reset it on close. */
	private boolean isolationChanged;

	/** This borrow reached the driver's own objects, which run SQL cachalot cannot see. */
	private boolean escaped;

	/**
	 * Whether the driver's transaction status may show a transaction when this borrow ends: it
	 * began inside one (or the session tracks one), or since then autocommit was set or a statement
	 * ran that may begin one. When not, the return needs not ask the driver.
	 */
	private boolean transactionMayBeOpen = true;

	CachingConnection(Connection delegate, DataSourceCache cache) throws SQLException {
		this.delegate = delegate;
		this.cache = cache;
		this.physical = physicalOf(delegate);
		try {
			this.session = cache.session(this.physical);
			cache.borrowed(this);
		}
		catch (SQLException | RuntimeException ex) {
			delegate.close();
			throw ex;
		}
	}

	/**
	 * The driver's connection under pool and framework proxies, which identifies the database
	 * session across checkouts: {@code unwrap} until it stops changing, also through proxies whose
	 * {@code unwrap} answers themselves (Spring's {@code getTargetConnection()}, DBCP's
	 * {@code getInnermostDelegate()}).
	 */
	static Connection physicalOf(Connection connection) {
		Connection current = connection;
		for (int depth = 0; depth < 8; depth++) {
			Class<?> type = current.getClass();
			if (type == driverConnectionType.get()) {
				return current;
			}
			Connection next = current;
			try {
				Connection unwrapped = current.unwrap(Connection.class);
				if (unwrapped != null && unwrapped != current) {
					next = unwrapped;
				}
				else {
					Method target = TARGET_CONNECTION.get(type);
					if (target != null && target.invoke(current) instanceof Connection inner && inner != current) {
						next = inner;
					}
					else if (unwrapped == current && target == null && !Proxy.isProxyClass(type)) {
						driverConnectionType = new WeakReference<>(type); // weakly: an application's class loader
					}
				}
			}
			catch (SQLException | ReflectiveOperationException | RuntimeException ex) {
				return current;
			}
			if (next == current) {
				return current;
			}
			current = next;
		}
		return current;
	}

	/**
	 * The class of the last connection found to be a driver's own: it unwraps to itself, and is
	 * neither a dynamic proxy (whose handler may answer otherwise for another instance) nor has a
	 * target method. Its instances are taken as they are: no {@code unwrap} call on every borrow.
	 */
	private static volatile WeakReference<Class<?>> driverConnectionType = new WeakReference<>(null);

	/** The no-argument method of a connection proxy that returns its target connection, if any. */
	private static final ClassValue<Method> TARGET_CONNECTION = new ClassValue<>() {
		@Override
		protected Method computeValue(Class<?> type) {
			for (String name : new String[] { "getTargetConnection", "getInnermostDelegate" }) {
				try {
					Method method = type.getMethod(name);
					if (Connection.class.isAssignableFrom(method.getReturnType())) {
						return method;
					}
				}
				catch (NoSuchMethodException | RuntimeException ex) {
					// not this kind of proxy
				}
			}
			return null;
		}
	};

	/** The driver's own connection under any pool proxy; identifies the database session. */
	Connection physical() {
		return this.physical;
	}

	Session session() {
		return this.session;
	}

	DataSourceCache cache() {
		return this.cache;
	}

	/**
	 * Whether autocommit is on (a connection that cannot say is taken to be in a transaction): as
	 * the session last heard it from the driver in this borrow, else asked (under the driver's lock).
	 */
	boolean autoCommit() {
		byte known = this.session.knownAutoCommit();
		if (known != Session.AUTO_COMMIT_UNKNOWN) {
			return known == Session.AUTO_COMMIT_ON;
		}
		boolean autoCommit;
		try {
			autoCommit = this.delegate.getAutoCommit();
		}
		catch (SQLException ex) {
			return false;
		}
		this.session.autoCommitIs(autoCommit);
		return autoCommit;
	}

	/**
	 * Something ran that may have changed autocommit or begun a transaction behind JDBC ({@code SET
	 * autocommit}, H2's {@code BEGIN}, a procedure, SQL cachalot could not analyse): ask the driver
	 * again.
	 */
	void autoCommitMayHaveChanged() {
		this.session.forgetAutoCommit();
		this.transactionMayBeOpen = true;
	}

	/** The borrow began in autocommit with no transaction open, by the driver and the session. */
	void borrowedIdle() {
		this.transactionMayBeOpen = false;
	}

	/**
	 * What the driver knows of the transaction as the borrow ends: asked unless nothing since a
	 * borrow begun idle can have opened one, and the session (which another borrow of the same
	 * connection may share) holds none.
	 */
	DriverTransactionStatus driverStatusAtReturn() {
		if (this.transactionMayBeOpen || this.session.driverObjectsOut()) {
			return driverStatus();
		}
		boolean autoCommit = autoCommit();
		return (autoCommit && !this.session.inTransaction(true)) ? DriverTransactionStatus.IDLE : driverStatus();
	}

	/** Whether a transaction is open: autocommit is off, or one was begun as SQL or found open. */
	boolean inTransaction() {
		return this.session.inTransaction(autoCommit());
	}

	/** What the driver knows of the session's transaction. */
	DriverTransactionStatus driverStatus() {
		return this.session.driverStatus();
	}

	/** A statement reached the database. */
	void statementExecuted() {
		this.session.statementRan(autoCommit());
	}

	/** Metadata calls may run queries that take the transaction's snapshot. */
	private void noteQueryInTransaction() {
		boolean autoCommit = autoCommit();
		if (this.session.inTransaction(autoCommit)) {
			this.session.statementRan(autoCommit);
		}
	}

	/** A session statement ran through this connection. */
	void sessionChanged() {
		this.sessionChanged = true;
		this.session.sessionStatementRan(autoCommit());
	}

	/** This borrow handed out a driver object: what it runs cannot be seen. */
	void escaped() {
		if (this.ended) {
			// nothing will end it: what the driver object does from now on cannot be followed either
			this.session.driverObjectsHandedOut();
			this.cache.escapeBegan();
			settle(!this.session.hasOpenBorrows(), false, false, true); // now, or by the borrow that goes on
		}
		else if (!this.escaped) {
			this.escaped = true;
			// what they change of autocommit or the transaction is not seen: ask from now on
			this.session.driverObjectsHandedOut();
			this.cache.escapeBegan();
		}
	}

	// ---- statements

	@Override
	public Statement createStatement() throws SQLException {
		return new CachingStatement(this.delegate.createStatement(), this, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		return new CachingStatement(this.delegate.createStatement(resultSetType, resultSetConcurrency), this,
				resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		return new CachingStatement(
				this.delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this,
				resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		return CachingPreparedStatement.prepare(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
				ResultSet.CLOSE_CURSORS_AT_COMMIT, () -> this.delegate.prepareStatement(sql));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return CachingPreparedStatement.prepare(this, sql, resultSetType, resultSetConcurrency,
				ResultSet.CLOSE_CURSORS_AT_COMMIT,
				() -> this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return CachingPreparedStatement.prepare(this, sql, resultSetType, resultSetConcurrency, resultSetHoldability,
				() -> this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return new CachingPreparedStatement(this.delegate.prepareStatement(sql, autoGeneratedKeys), this, sql,
				ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return new CachingPreparedStatement(this.delegate.prepareStatement(sql, columnIndexes), this, sql,
				ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return new CachingPreparedStatement(this.delegate.prepareStatement(sql, columnNames), this, sql,
				ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return new CachingCallableStatement(this.delegate.prepareCall(sql), this, sql, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return new CachingCallableStatement(this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency), this,
				sql, resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return new CachingCallableStatement(
				this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), this, sql,
				resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	// ---- transactions

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		autoCommitMayHaveChanged();
		boolean wasAutoCommit = this.delegate.getAutoCommit();
		if (autoCommit && !wasAutoCommit) {
			this.cache.beforeCommit(this);
		}
		boolean succeeded = false;
		try {
			this.delegate.setAutoCommit(autoCommit);
			succeeded = true;
		}
		finally {
			autoCommitMayHaveChanged();
			if (autoCommit && !wasAutoCommit) {
				// turning autocommit on commits the open transaction
				afterCommit(succeeded);
			}
			else if (succeeded && !autoCommit && wasAutoCommit) {
				this.session.jdbcTransactionBegan();
			}
		}
	}

	@Override
	public void commit() throws SQLException {
		this.cache.beforeCommit(this);
		boolean succeeded = false;
		try {
			this.delegate.commit();
			succeeded = true;
		}
		finally {
			autoCommitMayHaveChanged(); // H2 turns it back on when a transaction begun as SQL ends
			afterCommit(succeeded);
		}
	}

	@Override
	public void rollback() throws SQLException {
		boolean rolledBack = false;
		try {
			this.delegate.rollback();
			rolledBack = true;
		}
		finally {
			autoCommitMayHaveChanged(); // H2 turns it back on when a transaction begun as SQL ends
			if (rolledBack) {
				this.cache.transactionEnded(this, false);
			}
			else {
				// the transaction may still be open: show what it wrote so far, keep tracking it
				this.cache.flush(this);
			}
		}
	}

	/**
	 * Rolls back a transaction whose commit cachalot refused: with {@link #rollback()}, or as SQL for
	 * a transaction begun as SQL while the driver is in autocommit.
	 */
	void rollBackRefused() throws SQLException {
		if (!autoCommit()) {
			rollback();
			return;
		}
		try (Statement statement = this.delegate.createStatement()) {
			statement.execute("ROLLBACK");
		}
		finally {
			autoCommitMayHaveChanged();
		}
		this.cache.transactionEnded(this, false);
	}

	/**
	 * After a commit: invalidate what was written. When the commit failed, whether it took effect is
	 * unknown: invalidate as well, and keep tracking the transaction, which may still be open.
	 */
	private void afterCommit(boolean succeeded) {
		if (succeeded) {
			this.cache.transactionEnded(this, true);
		}
		else {
			this.cache.flush(this);
		}
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		this.delegate.rollback(savepoint);
		this.session.rolledBackTo(savepoint);
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		Savepoint savepoint = this.delegate.setSavepoint();
		this.session.savepointSet(savepoint);
		return savepoint;
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		Savepoint savepoint = this.delegate.setSavepoint(name);
		this.session.savepointSet(savepoint);
		return savepoint;
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		this.delegate.releaseSavepoint(savepoint);
		this.session.savepointReleased(savepoint);
	}

	// ---- session state that is part of cache keys

	@Override
	public void setCatalog(String catalog) throws SQLException {
		try {
			this.delegate.setCatalog(catalog);
		}
		finally {
			sessionChanged();
		}
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		try {
			this.delegate.setSchema(schema);
		}
		finally {
			sessionChanged();
		}
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		beginHiddenTransaction();
		boolean succeeded = false;
		try {
			this.delegate.setTransactionIsolation(level);
			succeeded = true;
		}
		finally {
			this.isolationChanged = true;
			if (succeeded) {
				this.session.isolationSet(level, autoCommit());
			}
			else {
				this.session.forgetIsolation();
			}
		}
	}

	// ---- lifecycle

	@Override
	public void close() throws SQLException {
		try {
			// before the pool may hand the session to another thread
			endOfBorrow();
		}
		finally {
			this.delegate.close();
		}
	}

	/**
	 * Usually called from another thread than the one using the connection: the database rolls the
	 * transaction back, and the pool discards the session, so only the count of the session's open
	 * borrows and what the last one ends are touched.
	 */
	@Override
	public void abort(java.util.concurrent.Executor executor) throws SQLException {
		try {
			if (end()) {
				settle(this.session.borrowEnded(), false, false, this.escaped);
			}
		}
		finally {
			this.delegate.abort(executor);
		}
	}

	/** Whether the borrow ended (closed or aborted, possibly from another thread). */
	private volatile boolean ended;

	private static final VarHandle ENDED;

	static {
		try {
			ENDED = MethodHandles.lookup().findVarHandle(CachingConnection.class, "ended", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Ends the borrow; whether this call did (not an earlier close or abort). */
	private boolean end() {
		return !this.ended && ENDED.compareAndSet(this, false, true);
	}

	/**
	 * The borrow ends. A transaction begun as SQL that is still open stays with the session (the
	 * next borrower continues in it); what it wrote is made visible now as well. Any other open
	 * transaction rolls back on most pools and drivers and commits on some: once closed, its writes
	 * are invalidated as if it had committed. A borrow that ends while another of the same session
	 * is open leaves the session, its transaction and what it changed of them to the last one.
	 */
	private void endOfBorrow() {
		if (!end()) {
			return;
		}
		boolean last = this.session.borrowEnded();
		try {
			this.cache.returning(this, last);
		}
		finally {
			settle(last, this.sessionChanged, this.isolationChanged, this.escaped);
		}
	}

	/**
	 * What a borrow's end leaves behind: the last borrow open on the session forgets what it and
	 * the nested ones changed (a pool may reset the session behind our back once the connection is
	 * returned) and ends their reach into the driver's objects; an earlier one leaves both to it,
	 * since what the driver's objects wrote may be committed by the borrow that goes on.
	 */
	private void settle(boolean last, boolean keyChanged, boolean isolationChanged, boolean escaped) {
		if (!last) {
			this.session.nestedBorrowEnded(keyChanged, isolationChanged, escaped);
			return;
		}
		boolean forgetKey = keyChanged | this.session.takeKeyChangedByNested();
		boolean forgetIsolation = isolationChanged | this.session.takeIsolationChangedByNested();
		if (forgetKey) {
			this.session.forgetKey();
		}
		else if (forgetIsolation) {
			this.session.forgetIsolation();
		}
		this.cache.escapesEnded(this.session.takeEscapesOfNested() + (escaped ? 1 : 0));
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		T unwrapped = Unwrapping.unwrap(this, this.delegate, iface);
		if (unwrapped != this) {
			escaped();
		}
		return unwrapped;
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return Unwrapping.isWrapperFor(this, this.delegate, iface);
	}

	@Override
	public String toString() {
		return "CachingConnection[" + this.delegate + "]";
	}

	// ---- plain delegation

	@Override
	public String nativeSQL(String p0) throws SQLException {
		return this.delegate.nativeSQL(p0);
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		return this.delegate.getAutoCommit();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		noteQueryInTransaction();
		DatabaseMetaData metaData = this.delegate.getMetaData();
		// its getConnection() must not hand out the connection without cachalot in front
		return (DatabaseMetaData) java.lang.reflect.Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
				new Class<?>[] { DatabaseMetaData.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("getConnection") && method.getParameterCount() == 0) {
						return this;
					}
					if (method.getName().equals("unwrap")) {
						escaped(); // the driver's metadata hands out the driver's connection
					}
					if (method.getDeclaringClass() == Object.class) {
						return switch (method.getName()) {
							case "equals" -> proxy == arguments[0];
							case "hashCode" -> System.identityHashCode(proxy);
							default -> "CachingDatabaseMetaData[" + metaData + "]";
						};
					}
					try {
						Object result = method.invoke(metaData, arguments);
						// nor its result sets' getStatement() the driver's statement (null, as JDBC allows)
						return (result instanceof ResultSet resultSet) ? RecordingResultSet.passThrough(resultSet, null, this::escaped)
								: result;
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		if (readOnly != this.delegate.isReadOnly()) {
			beginHiddenTransaction();
		}
		this.delegate.setReadOnly(readOnly);
	}

	/**
	 * pgjdbc begins a transaction with its first statement, and from then on refuses to change its
	 * level or read-only property, as PostgreSQL refuses {@code SET TRANSACTION ISOLATION LEVEL}. When
	 * every read of the transaction so far was a hit, the server never saw it begin and both would
	 * accept what they refuse without cachalot: the transaction is begun on the server first, so
	 * that they answer with their own errors.
	 */
	void beginHiddenTransaction() throws SQLException {
		if (this.session.isPostgres() && this.session.hadHitInTransaction() && !autoCommit()
				&& driverStatus() == DriverTransactionStatus.IDLE) {
			statementExecuted();
			try (Statement statement = this.delegate.createStatement()) {
				statement.execute("SELECT 1");
			}
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return this.delegate.isReadOnly();
	}

	@Override
	public String getCatalog() throws SQLException {
		noteQueryInTransaction();
		return this.delegate.getCatalog();
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return this.delegate.getTransactionIsolation();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
		return this.delegate.getTypeMap();
	}

	@Override
	public void setTypeMap(java.util.Map<String, Class<?>> p0) throws SQLException {
		this.delegate.setTypeMap(p0);
	}

	@Override
	public void setHoldability(int p0) throws SQLException {
		this.delegate.setHoldability(p0);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.delegate.getHoldability();
	}

	@Override
	public Clob createClob() throws SQLException {
		return this.delegate.createClob();
	}

	@Override
	public Blob createBlob() throws SQLException {
		return this.delegate.createBlob();
	}

	@Override
	public NClob createNClob() throws SQLException {
		return this.delegate.createNClob();
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return this.delegate.createSQLXML();
	}

	@Override
	public boolean isValid(int p0) throws SQLException {
		return this.delegate.isValid(p0);
	}

	@Override
	public void setClientInfo(String p0, String p1) throws SQLClientInfoException {
		this.delegate.setClientInfo(p0, p1);
	}

	@Override
	public void setClientInfo(java.util.Properties p0) throws SQLClientInfoException {
		this.delegate.setClientInfo(p0);
	}

	@Override
	public String getClientInfo(String p0) throws SQLException {
		return this.delegate.getClientInfo(p0);
	}

	@Override
	public java.util.Properties getClientInfo() throws SQLException {
		return this.delegate.getClientInfo();
	}

	@Override
	public Array createArrayOf(String p0, Object[] p1) throws SQLException {
		return this.delegate.createArrayOf(p0, p1);
	}

	@Override
	public Struct createStruct(String p0, Object[] p1) throws SQLException {
		return this.delegate.createStruct(p0, p1);
	}

	@Override
	public String getSchema() throws SQLException {
		noteQueryInTransaction();
		return this.delegate.getSchema();
	}

	@Override
	public void setNetworkTimeout(java.util.concurrent.Executor p0, int p1) throws SQLException {
		this.delegate.setNetworkTimeout(p0, p1);
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		return this.delegate.getNetworkTimeout();
	}

	@Override
	public void beginRequest() throws SQLException {
		this.delegate.beginRequest();
	}

	@Override
	public void endRequest() throws SQLException {
		this.delegate.endRequest();
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException {
		return this.delegate.setShardingKeyIfValid(p0, p1, p2);
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException {
		return this.delegate.setShardingKeyIfValid(p0, p1);
	}

	@Override
	public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException {
		this.delegate.setShardingKey(p0, p1);
	}

	@Override
	public void setShardingKey(ShardingKey p0) throws SQLException {
		this.delegate.setShardingKey(p0);
	}
}
