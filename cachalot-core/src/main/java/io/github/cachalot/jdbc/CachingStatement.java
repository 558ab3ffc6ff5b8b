package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.cachalot.key.BoundParameters;
import io.github.cachalot.key.StatementOptions;
import io.github.cachalot.result.CachedResultSet;
import io.github.cachalot.result.RecordingResultSet;
import io.github.cachalot.sql.StatementAnalysis;
import io.github.cachalot.sql.StatementKind;

/**
 * A statement that answers cacheable reads from the cache and makes every other statement
 * invalidate the tables it writes. Everything else is the real statement's.
 */
public class CachingStatement implements Statement {

	/** SQL that may create a temporary table: CREATE [GLOBAL|LOCAL] TEMP[ORARY], INTO TEMP, pg_temp. */
	/** {@code SET TRANSACTION …} without SESSION or GLOBAL: the next transaction's characteristics. */
	private static final java.util.regex.Pattern NEXT_TRANSACTION = java.util.regex.Pattern
		.compile("^\\s*SET\\s+TRANSACTION\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

	private static final java.util.regex.Pattern SEARCH_PATH_NOT_REPORTED = java.util.regex.Pattern
		.compile("\\bSCHEMA_SEARCH_PATH\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

	private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile(
			"\\bCREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?TEMP(?:ORARY)?\\b|\\bINTO\\s+(?:TEMP|TEMPORARY)\\b|\\bpg_temp\\b",
			java.util.regex.Pattern.CASE_INSENSITIVE);

	/**
	 * The driver's statement; {@code null} while a deferred prepared read has not needed it.
	 * Volatile for {@code cancel()} from another thread.
	 */
	private volatile Statement delegate;

	/** Closed before its driver statement was created. */
	private boolean closedUncreated;

	/** Settings made before the driver statement was created; {@code null} when none were. */
	private DeferredSettings deferredSettings;

	final CachingConnection connection;

	private boolean escapeProcessing = true;

	final DataSourceCache cache;

	private final int resultSetType;

	private final int resultSetConcurrency;

	private final int resultSetHoldability;

	private StatementOptions options;

	/** The analyses of the SQL batched so far; {@code null} until a batch begins (most statements have none). */
	private List<StatementAnalysis> batch;

	/** The result of the last execution, if it was a read; {@code null} to ask the real statement. */
	private ResultSet current;

	/** Whether the last execution was answered from the cache (the real statement ran nothing). */
	private boolean answeredFromCache;

	private boolean closeOnCompletion;

	/**
	 * @param delegate the driver's statement, or {@code null} for a prepared read that creates it
	 * only when the database is needed ({@link #createDeferred()})
	 */
	CachingStatement(Statement delegate, CachingConnection connection, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) {
		this.delegate = delegate;
		this.connection = connection;
		this.cache = connection.cache();
		this.resultSetType = resultSetType;
		this.resultSetConcurrency = resultSetConcurrency;
		this.resultSetHoldability = resultSetHoldability;
		this.options = StatementOptions.of(this instanceof PreparedStatement, resultSetType, resultSetConcurrency);
	}

	// ---- the driver's statement

	/** The driver's statement, created now if it was deferred. */
	final Statement delegate() throws SQLException {
		Statement statement = this.delegate;
		if (statement == null) {
			statement = createDeferred();
			try {
				replayDeferred(statement);
				this.cache.learnStatementDefaults(statement);
				if (this.deferredSettings != null) {
					this.deferredSettings.applyTo(statement);
				}
				if (this.closeOnCompletion) {
					statement.closeOnCompletion();
				}
				if (this.closedUncreated) {
					statement.close(); // so that what is asked of it now fails as the driver fails it
				}
			}
			catch (Throwable ex) {
				try {
					statement.close();
				}
				catch (SQLException suppressed) {
					ex.addSuppressed(suppressed);
				}
				throw ex;
			}
			this.delegate = statement;
		}
		return statement;
	}

	/**
	 * Whether a call may wait for the driver statement: it does not exist yet, and neither it nor
	 * its connection was closed (else the driver answers, with its own error).
	 */
	final boolean isDeferring() throws SQLException {
		return this.delegate == null && !this.closedUncreated && !this.connection.isClosed();
	}

	/** Records a setting for the driver statement to be created (a value it accepts), or applies it. */
	private boolean setLater(int setting, int value) throws SQLException {
		if (!isDeferring() || value < 0) {
			return false; // created already, closed, or a value only the driver can refuse
		}
		if (this.deferredSettings == null) {
			this.deferredSettings = new DeferredSettings();
		}
		this.deferredSettings.set(setting, value);
		return true;
	}

	/** A setting as the driver statement would report it, if known without creating it; else -1. */
	private int knownSetting(int setting) throws SQLException {
		if (!isDeferring()) {
			return DeferredSettings.UNKNOWN;
		}
		return DeferredSettings.get(this.deferredSettings, this.cache.statementDefaults(), setting);
	}

	/** Whether the driver's statement exists (a deferred prepared read creates it on first need). */
	final boolean isCreated() {
		return this.delegate != null;
	}

	/** Creates the driver's statement of a deferred prepared read; only those have none. */
	Statement createDeferred() throws SQLException {
		throw new IllegalStateException("a plain statement always has its driver statement");
	}

	/** Binds on the driver's statement just created what was bound before it existed. */
	void replayDeferred(Statement created) throws SQLException {
	}

	// ---- execution, shared with prepared statements

	/** Runs a read through the cache; returns its result set (or {@code null} if it gave none). */
	final ResultSet read(String sql, StatementAnalysis analysis, BoundParameters parameters, SqlCall<ResultSet> call)
			throws SQLException {
		closeCachedResult();
		this.current = null;
		this.answeredFromCache = false;
		if (isClosed()) {
			return call.call(); // the driver's own error
		}
		// without escape processing the same text means something else, which the key does not say
		ResultSet resultSet = this.escapeProcessing
				? this.cache.read(this.connection, this, sql, analysis, parameters, this.options,
						this.resultSetHoldability, call)
				: this.cache.readUncached(this.connection, this, "escape processing off", sql, analysis, call);
		this.current = resultSet;
		this.answeredFromCache = resultSet instanceof CachedResultSet;
		return resultSet;
	}

	/** The result set of a write (RETURNING): the one {@link #getResultSet()} answers too. */
	final ResultSet resultOfWrite(ResultSet resultSet) {
		this.current = passedThrough(resultSet);
		return this.current;
	}

	/**
	 * A driver's result set handed out behind this statement: it answers this statement, and its
	 * {@code unwrap} to the driver's object counts as reaching it.
	 */
	final ResultSet passedThrough(ResultSet resultSet) {
		return RecordingResultSet.passThrough(resultSet, this, this.connection::escaped);
	}

	/** Runs anything else, recording or applying the invalidations it needs. */
	final <T> T write(List<StatementAnalysis> analyses, SqlCall<T> call) throws SQLException {
		closeCachedResult();
		this.current = null;
		this.answeredFromCache = false;
		return this.cache.write(this.connection, analyses, call);
	}

	/**
	 * Closes the result of the last execution if it is one of ours: a cached one, or a recording one
	 * (which may then keep what it recorded).
	 */
	private void closeCachedResult() {
		ResultSet previous = this.current;
		if (previous instanceof CachedResultSet cached) {
			cached.closeWithoutCallback(); // an implicit close: closeOnCompletion does not apply
		}
		else if (previous instanceof RecordingResultSet) {
			try {
				previous.close();
			}
			catch (SQLException | RuntimeException ex) {
				// the driver closes it with the next execution anyway
			}
		}
	}

	final StatementAnalysis analyze(String sql) {
		return analyze(this.connection, sql);
	}

	/** The (memoized) analysis of SQL about to run on the connection. */
	static StatementAnalysis analyze(CachingConnection connection, String sql) {
		DataSourceCache cache = connection.cache();
		StatementAnalysis analysis = cache.analyze(sql);
		StatementKind kind = analysis.kind();
		if ((kind == StatementKind.DDL || kind == StatementKind.UNKNOWN) && mayCreateTemporaryTable(sql)) {
			// a temporary table may shadow a shared one for this session only
			connection.session().keyedIncompletely(Session.TEMPORARY_TABLES);
		}
		else if (kind == StatementKind.SESSION && SEARCH_PATH_NOT_REPORTED.matcher(sql).find()) {
			// H2 does not report its search path, so the key cannot tell two sessions apart
			connection.session().keyedIncompletely(Session.SEARCH_PATH_UNKNOWN);
		}
		else if ((kind == StatementKind.SESSION || kind == StatementKind.OTHER_READ)
				&& NEXT_TRANSACTION.matcher(sql).find()) {
			if (kind == StatementKind.SESSION) {
				connection.session().nextTransactionAnnounced(connection.autoCommit());
			}
			// PostgreSQL refuses SET TRANSACTION after the transaction's first query, which a hit hid
			try {
				connection.beginHiddenTransaction();
			}
			catch (SQLException ex) {
				// the statement itself will reach the database and answer
			}
		}
		else if (kind == StatementKind.CALL) {
			cache.procedureCalled(connection, sql);
		}
		return analysis;
	}

	private static boolean mayCreateTemporaryTable(String sql) {
		return TEMPORARY.matcher(sql).find();
	}

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		StatementAnalysis analysis = analyze(sql);
		if (DataSourceCache.isRead(analysis)) {
			return read(sql, analysis, null, () -> delegate().executeQuery(sql));
		}
		return resultOfWrite(write(List.of(analysis), () -> delegate().executeQuery(sql)));
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		StatementAnalysis analysis = analyze(sql);
		if (DataSourceCache.isRead(analysis)) {
			return read(sql, analysis, null,
					() -> delegate().execute(sql) ? delegate().getResultSet() : null) != null;
		}
		return write(List.of(analysis), () -> delegate().execute(sql));
	}

	@Override
	public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().execute(sql, autoGeneratedKeys));
	}

	@Override
	public boolean execute(String sql, int[] columnIndexes) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().execute(sql, columnIndexes));
	}

	@Override
	public boolean execute(String sql, String[] columnNames) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().execute(sql, columnNames));
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeUpdate(sql));
	}

	@Override
	public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeUpdate(sql, autoGeneratedKeys));
	}

	@Override
	public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeUpdate(sql, columnIndexes));
	}

	@Override
	public int executeUpdate(String sql, String[] columnNames) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeUpdate(sql, columnNames));
	}

	@Override
	public long executeLargeUpdate(String sql) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeLargeUpdate(sql));
	}

	@Override
	public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeLargeUpdate(sql, autoGeneratedKeys));
	}

	@Override
	public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeLargeUpdate(sql, columnIndexes));
	}

	@Override
	public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
		return write(List.of(analyze(sql)), () -> delegate().executeLargeUpdate(sql, columnNames));
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		delegate().addBatch(sql);
		if (this.batch == null) {
			this.batch = new ArrayList<>();
		}
		this.batch.add(analyze(sql));
	}

	@Override
	public void clearBatch() throws SQLException {
		delegate().clearBatch();
		this.batch = null;
	}

	@Override
	public int[] executeBatch() throws SQLException {
		return write(takeBatch(), () -> delegate().executeBatch());
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		return write(takeBatch(), () -> delegate().executeLargeBatch());
	}

	/** The analyses of the statements batched so far; the batch is empty afterwards. */
	List<StatementAnalysis> takeBatch() {
		List<StatementAnalysis> analyses = (this.batch != null) ? List.copyOf(this.batch) : List.of();
		this.batch = null;
		return analyses;
	}

	// ---- results

	@Override
	public ResultSet getResultSet() throws SQLException {
		if (this.current == null && !this.answeredFromCache) {
			this.current = passedThrough(delegate().getResultSet());
		}
		return this.current;
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		if (this.answeredFromCache) {
			if (this.current != null && current != Statement.KEEP_CURRENT_RESULT) {
				this.current.close();
			}
			this.current = null;
			return false;
		}
		this.current = null;
		return delegate().getMoreResults(current);
	}

	@Override
	public int getUpdateCount() throws SQLException {
		return this.answeredFromCache ? -1 : delegate().getUpdateCount();
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		return this.answeredFromCache ? -1 : delegate().getLargeUpdateCount();
	}

	// ---- settings that change results

	@Override
	public void setMaxRows(int max) throws SQLException {
		if (!setLater(DeferredSettings.MAX_ROWS, max)) {
			delegate().setMaxRows(max);
		}
		this.options = new StatementOptions(this.options.prepared(), this.resultSetType, this.resultSetConcurrency, max,
				this.options.maxFieldSize());
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		delegate().setLargeMaxRows(max);
		this.options = new StatementOptions(this.options.prepared(), this.resultSetType, this.resultSetConcurrency, max,
				this.options.maxFieldSize());
	}

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		delegate().setMaxFieldSize(max);
		this.options = new StatementOptions(this.options.prepared(), this.resultSetType, this.resultSetConcurrency, this.options.maxRows(),
				max);
	}

	// ---- identity and lifecycle

	@Override
	public void closeOnCompletion() throws SQLException {
		if (!isDeferring()) {
			delegate().closeOnCompletion(); // a closed statement refuses it as its driver does
		}
		this.closeOnCompletion = true;
	}

	/** A result answered from the cache was closed: honour {@code closeOnCompletion()}. */
	void cachedResultClosed() {
		if (this.closeOnCompletion) {
			try {
				closeDelegate();
			}
			catch (SQLException ex) {
				// closing is best effort here, as drivers do
			}
		}
	}

	@Override
	public Connection getConnection() {
		return this.connection;
	}

	@Override
	public void close() throws SQLException {
		try {
			closeCachedResult();
		}
		finally {
			closeDelegate();
		}
	}

	private void closeDelegate() throws SQLException {
		if (isCreated()) {
			this.delegate.close();
		}
		else {
			this.closedUncreated = true;
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		T unwrapped = Unwrapping.unwrap(this, delegate(), iface);
		// the driver's statement runs SQL that cachalot cannot see
		this.connection.escaped();
		return unwrapped;
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || Unwrapping.isWrapperFor(this, delegate(), iface);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + (isCreated() ? this.delegate : "not prepared yet") + "]";
	}

	// ---- plain delegation

	@Override
	public int getMaxFieldSize() throws SQLException {
		return delegate().getMaxFieldSize();
	}

	@Override
	public int getMaxRows() throws SQLException {
		int known = knownSetting(DeferredSettings.MAX_ROWS);
		return (known != DeferredSettings.UNKNOWN) ? known : delegate().getMaxRows();
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		delegate().setEscapeProcessing(enable);
		this.escapeProcessing = enable;
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		int known = knownSetting(DeferredSettings.QUERY_TIMEOUT);
		return (known != DeferredSettings.UNKNOWN) ? known : delegate().getQueryTimeout();
	}

	@Override
	public void setQueryTimeout(int p0) throws SQLException {
		if (!setLater(DeferredSettings.QUERY_TIMEOUT, p0)) {
			delegate().setQueryTimeout(p0);
		}
	}

	@Override
	public void cancel() throws SQLException {
		if (isCreated()) {
			this.delegate.cancel(); // else nothing runs that could be cancelled
		}
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		if (!isCreated() && !isClosed()) {
			return null; // nothing reached the database
		}
		return delegate().getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
		if (isCreated() || isClosed()) {
			delegate().clearWarnings();
		}
	}

	@Override
	public void setCursorName(String p0) throws SQLException {
		delegate().setCursorName(p0);
	}

	@Override
	public void setFetchDirection(int p0) throws SQLException {
		delegate().setFetchDirection(p0);
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return delegate().getFetchDirection();
	}

	@Override
	public void setFetchSize(int p0) throws SQLException {
		if (!setLater(DeferredSettings.FETCH_SIZE, p0)) {
			delegate().setFetchSize(p0);
		}
	}

	@Override
	public int getFetchSize() throws SQLException {
		int known = knownSetting(DeferredSettings.FETCH_SIZE);
		return (known != DeferredSettings.UNKNOWN) ? known : delegate().getFetchSize();
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		return delegate().getResultSetConcurrency();
	}

	@Override
	public int getResultSetType() throws SQLException {
		return delegate().getResultSetType();
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		// its getStatement() must not hand out the driver's statement, whose connection cachalot cannot see
		return passedThrough(delegate().getGeneratedKeys());
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		return delegate().getResultSetHoldability();
	}

	@Override
	public boolean isClosed() throws SQLException {
		if (isCreated()) {
			return this.delegate.isClosed();
		}
		return this.closedUncreated || this.connection.isClosed();
	}

	@Override
	public void setPoolable(boolean p0) throws SQLException {
		delegate().setPoolable(p0);
	}

	@Override
	public boolean isPoolable() throws SQLException {
		return delegate().isPoolable();
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		if (!isCreated() && !isClosed()) {
			return this.closeOnCompletion;
		}
		return delegate().isCloseOnCompletion();
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		return delegate().getLargeMaxRows();
	}

	@Override
	public String enquoteLiteral(String p0) throws SQLException {
		return delegate().enquoteLiteral(p0);
	}

	@Override
	public String enquoteIdentifier(String p0, boolean p1) throws SQLException {
		return delegate().enquoteIdentifier(p0, p1);
	}

	@Override
	public boolean isSimpleIdentifier(String p0) throws SQLException {
		return delegate().isSimpleIdentifier(p0);
	}

	@Override
	public String enquoteNCharLiteral(String p0) throws SQLException {
		return delegate().enquoteNCharLiteral(p0);
	}
}
