package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.ReadListener;
import io.github.cachalot.ReadOutcome;
import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.SharedMode;
import io.github.cachalot.invalidation.Announcement;
import io.github.cachalot.invalidation.DatabaseCatalog;
import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.invalidation.TransactionWrites;
import io.github.cachalot.key.BoundParameters;
import io.github.cachalot.memo.BoundedMemo;
import io.github.cachalot.key.QueryKey;
import io.github.cachalot.key.StatementOptions;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.result.CachedResult;
import io.github.cachalot.result.CachedResultSet;
import io.github.cachalot.result.RecordingResultSet;
import io.github.cachalot.result.ResultLimits;
import io.github.cachalot.result.ResultShapes;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.sql.StatementAnalysis;
import io.github.cachalot.sql.StatementKind;
import io.github.cachalot.sql.UncacheableReason;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CacheStores;
import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.CircuitBreakingCacheStore;
import io.github.cachalot.store.Lease;

/**
 * The cache of one data source: decides for each statement whether a read is answered from the
 * store, run and recorded, or just run, and which tables a write invalidates and when. Shared by
 * every connection of the data source.
 */
final class DataSourceCache {

	private static final Logger logger = LoggerFactory.getLogger(DataSourceCache.class);

	/** One cache look-up in this many (a power of two) is timed, and counts for them all. */
	static final int LOOKUP_TIMING_SAMPLE = 8;


	private final String dataSourceId;

	/** The key scope set by the user, or null to derive it from the database. */
	private final String configuredScope;

	/** The scope in force: configured, or learned from the first connection; null until then. */
	private volatile String keyScope;

	/** {@code <scope>:<data source>}, which result keys are built from; null until known. */
	private volatile String keyId;

	/**
	 * The database (the configured scope, or the one learned from the first connection), which
	 * token keys are built from: shared by every data source on that database; set before
	 * {@link #keyId}.
	 */
	private volatile String tokenKeyId;

	/** What {@link #tokenKeyId} was derived from; null until known. */
	private volatile String databaseDescription;

	private final Object scopeLock = new Object();

	private final CachalotSettings settings;

	/** The cache reads go to unless the settings name another. */
	private final CacheStore store;

	/** Every cache of the cachalot, which writes invalidate (see {@link CacheStores}). */
	private final CacheStores stores;

	/** The hits and misses of reads in each cache but the primary one (see {@link #statisticsIn}). */
	private final Map<CacheStore, CachalotStatistics> otherCaches = new java.util.concurrent.ConcurrentHashMap<>();

	/** Writes to every cache: what the invalidator and the loss check use. */
	private final CacheStore everywhere;

	/** Whether {@link #store} is shared, read once: asked on every hit. */
	private final boolean storeShared;

	private final SqlAnalyzer analyzer;

	private final DatabaseCatalog catalog;

	private final TableInvalidator invalidator;

	/** The store's {@linkplain CacheStore#losses() losses} this data source has invalidated after. */
	private final AtomicLong seenLosses;

	/** The metadata of each statement's results, reused by its next misses when equal. */
	private final ResultShapes shapes = new ResultShapes();

	/** Which statements' results are read again before they are invalidated, and so worth recording. */
	private final ReuseAdmission admission = new ReuseAdmission();

	private final CachalotStatistics statistics;

	private final SessionTable sessions = new SessionTable();

	/** Where catalog look-ups run when the caller's session is inside a transaction. */
	private final DataSource target;

	private final CatalogConnection.Gate catalogGate = new CatalogConnection.Gate();

	/** Whether the database is PostgreSQL (its search path keys reads); null until the first session. */
	private volatile Boolean postgres;

	/** Whether the database is MariaDB or MySQL, where a hit leaves {@code FOUND_ROWS()} behind. */
	private volatile boolean mariaDb;

	/** Counts the DDL seen (see {@link Session#seesCurrentCatalog()}). */
	private final java.util.concurrent.atomic.AtomicLong catalogGeneration = new java.util.concurrent.atomic.AtomicLong();

	/** Logical connections that reached the driver's own objects: until they close, reads bypass. */
	private final AtomicInteger escapes = new AtomicInteger();

	/** The token keys of each set of tables read. */
	private final BoundedMemo<Set<String>, TokenKeys> tokenKeys = new BoundedMemo<>(10_000);

	private volatile long lastStoreFailureLogNanos = System.nanoTime() - 30_000_000_000L;

	/** What the driver's statements start with ({@link DeferredSettings}); null until learned. */
	private volatile int[] statementDefaults;

	/** Told of each read's outcome; null while there is none, so that a read pays one field check. */
	private volatile ReadListeners readListeners;

	DataSourceCache(String dataSourceId, String keyScope, DataSource target, CachalotSettings settings,
			CacheStores stores, SqlAnalyzer analyzer, CachalotStatistics statistics) {
		this.dataSourceId = dataSourceId;
		this.configuredScope = keyScope;
		if (keyScope != null) {
			this.keyScope = keyScope;
			this.tokenKeyId = keyScope;
			this.databaseDescription = "key scope " + keyScope;
			this.keyId = keyScope + ":" + dataSourceId;
		}
		this.target = target;
		this.settings = settings;
		this.store = stores.primary();
		this.stores = stores;
		this.everywhere = stores.everywhere();
		this.storeShared = this.store.isShared();
		this.analyzer = analyzer;
		this.catalog = new DatabaseCatalog(analyzer);
		this.statistics = statistics;
		this.invalidator = new TableInvalidator(dataSourceId, this::keyIdForInvalidation, this.everywhere, settings,
				statistics);
		// a cache first named after this data source wrote never saw those writes: what it holds of
		// this database (stored by an earlier run, or another instance) may predate them
		stores.forEachRegistered((name, store) -> {
			if (this.invalidator.hasInvalidated()) {
				this.invalidator.invalidateDataSource();
			}
		});
		// from zero: a loss counted before this data source existed (another one found Redis new or
		// restarted) must be acted on by this one too
		this.seenLosses = new AtomicLong();
		if (keyScope != null) {
			DatabaseDomains.joined(keyScope, this); // once constructed: DDL elsewhere may reach it at once
		}
	}

	String dataSourceId() {
		return this.dataSourceId;
	}

	/** The key scope: configured, or learned from the database; null until its first connection. */
	String keyScope() {
		return this.keyScope;
	}

	/** The configured key scope, or null when it is derived from the database. */
	String configuredScope() {
		return this.configuredScope;
	}

	/** The database whose tokens this data source shares (its invalidation domain); null until known. */
	String database() {
		return this.tokenKeyId;
	}

	/** What {@link #database()} was derived from; null until known. */
	String databaseDescription() {
		return this.databaseDescription;
	}

	/** The database, learned now (on a connection borrowed for it) when no connection taught it yet. */
	String learnDatabase() {
		keyIdForInvalidation();
		return this.tokenKeyId;
	}

	/**
	 * DDL ran on the database through another data source (or a migration cachalot did not wrap):
	 * what this one looked up of the catalog may not hold any more.
	 */
	void catalogChangedElsewhere() {
		this.catalogGeneration.incrementAndGet();
		this.catalog.clear();
		this.tokenKeys.clear();
	}

	/**
	 * Learns the key scope from the database, once: on the caller's connection (its first borrow,
	 * before any statement), or on another when it is inside a transaction and the identity takes
	 * queries, which must not run in someone else's transaction.
	 */
	private void learnScope(Connection physical) throws SQLException {
		synchronized (this.scopeLock) {
			if (this.keyId != null) {
				return;
			}
			DatabaseIdentity identity;
			DriverTransactionStatus status = DriverTransactionStatus.of(physical);
			if ((status == DriverTransactionStatus.OPEN || status == DriverTransactionStatus.FAILED)
					&& DatabaseIdentity.runsQueries(physical)) {
				try (CatalogConnection separate = new CatalogConnection(this.target, physical, this.catalogGate, false)) {
					identity = DatabaseIdentity.read(separate.connection());
				}
			}
			else {
				identity = DatabaseIdentity.read(physical);
			}
			this.keyScope = identity.scope();
			this.databaseDescription = identity.databaseDescription();
			this.tokenKeyId = identity.database();
			this.keyId = identity.scope() + ":" + this.dataSourceId;
			DatabaseDomains.joined(identity.database(), this);
			logger.info("cachalot: data source '{}' is on database {} ({}), whose every data source invalidates "
					+ "together; its results are keyed under scope {} ({}); cachalot.key-scope replaces both",
					this.dataSourceId, identity.database(), identity.databaseDescription(), identity.scope(),
					identity.description());
		}
	}

	/**
	 * The token key id (the database) for an invalidation, which may come before any connection (at
	 * startup, or from the application): then a connection is borrowed to learn it. Throws when that
	 * fails, which leaves the invalidation pending, retried later.
	 */
	private String keyIdForInvalidation() {
		if (this.keyId != null) {
			return this.tokenKeyId;
		}
		try (Connection connection = this.target.getConnection()) {
			learnScope(CachingConnection.physicalOf(connection));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cachalot could not learn which database data source '"
					+ this.dataSourceId + "' is on, which its cache keys depend on", ex);
		}
		return this.tokenKeyId;
	}

	/** The max rows, query timeout and fetch size driver statements start with, or {@code null}. */
	int[] statementDefaults() {
		return this.statementDefaults;
	}

	/** Learns what driver statements start with from one just created, the first time. */
	void learnStatementDefaults(java.sql.Statement created) {
		if (this.statementDefaults == null) {
			this.statementDefaults = DeferredSettings.defaultsOf(created);
		}
	}

	CachalotSettings settings() {
		return this.settings;
	}

	CacheStore store() {
		return this.store;
	}

	CacheStores stores() {
		return this.stores;
	}

	/**
	 * Whether one of the caches is shared: writes then announce their tables before they commit
	 * (a volatile read: a shared cache may be registered later).
	 */
	private boolean shared() {
		return this.everywhere.isShared();
	}

	/**
	 * The hits and misses of this data source's reads in a cache other than the primary one (the
	 * primary's are those of {@link #statistics()} minus these); created at the first ask.
	 */
	CachalotStatistics statisticsIn(CacheStore other) {
		return this.otherCaches.computeIfAbsent(other, (store) -> new CachalotStatistics());
	}

	/** The cache a statement run under these settings reads through and stores in. */
	private CacheStore storeFor(CachalotSettings settings) {
		CacheStore chosen = settings.cacheStore();
		return (chosen == null || chosen == this.store) ? this.store : this.stores.use(chosen);
	}

	TableInvalidator invalidator() {
		return this.invalidator;
	}

	CachalotStatistics statistics() {
		return this.statistics;
	}

	synchronized void addReadListener(ReadListener listener) {
		this.readListeners = ReadListeners.add(this.readListeners, listener);
	}

	StatementAnalysis analyze(String sql) {
		return this.analyzer.analyzeForExecution(sql);
	}

	/** Whether the analysis is a read that may be answered from the cache. */
	static boolean isRead(StatementAnalysis analysis) {
		return analysis.kind() == StatementKind.READ && !analysis.writesUnknownTables();
	}

	/**
	 * Whether a read may be answered from the cache, as far as its SQL tells (settings and the
	 * session decide when it runs): a read whose only reason against caching, if any, is randomness.
	 */
	static boolean mayAnswer(StatementAnalysis analysis) {
		if (!isRead(analysis)) {
			return false;
		}
		Set<UncacheableReason> reasons = analysis.uncacheableReasons();
		return reasons.isEmpty() || (reasons.size() == 1 && reasons.contains(UncacheableReason.RANDOM));
	}

	// ---- reads

	/**
	 * Runs a read: from the cache when fresh, else through the database (recording the result when
	 * it may be shared). Returns what {@code execution} returns, or a cached result set.
	 */
	ResultSet read(CachingConnection connection, Statement owner, String sql, StatementAnalysis analysis,
			BoundParameters parameters, StatementOptions options, int holdability, SqlCall<ResultSet> execution)
			throws SQLException {
		restoreAfterHit(connection, sql);
		if (!analysis.functions().isEmpty() && !functionsAreBuiltIn(connection, analysis.functions())) {
			// a user function named like a built-in may write anything
			return RecordingResultSet.passThrough(write(connection, List.of(callingUnknownFunctions(analysis)),
					execution), owner, connection::escaped);
		}
		CachalotSettings settings = this.settings.current();
		String bypass = bypassReason(settings, analysis, parameters, options);
		Session session = connection.session();
		Session.ReadMode mode = Session.ReadMode.BYPASS;
		boolean inTransaction = true;
		boolean autoCommit = false;
		if (bypass == null) {
			autoCommit = connection.autoCommit();
			DriverTransactionStatus status = connection.driverStatus();
			if (session.synchronize(autoCommit, status)) {
				transactionEnded(connection, true);
			}
			if (!session.isKeyKnown()) {
				readKey(connection); // before the mode: in a transaction it may take the snapshot
			}
			inTransaction = session.inTransaction(autoCommit);
			mode = session.readMode(autoCommit, status);
			if (mode == Session.ReadMode.BYPASS) {
				bypass = session.reason();
			}
			else if (this.escapes.get() > 0) {
				bypass = "driver objects in use";
			}
		}
		Set<String> dependencies = null;
		if (bypass == null) {
			Optional<Set<String>> resolved = readDependencies(connection, analysis.readTables(), inTransaction);
			if (resolved.isEmpty()) {
				bypass = "catalog";
			}
			else {
				dependencies = resolved.get();
				bypass = tableBypassReason(settings, analysis, dependencies, connection);
			}
		}
		if (bypass == null && mode == Session.ReadMode.STORE && inTransaction) {
			// a catalog look-up on the session may have taken the transaction's snapshot (REPEATABLE
			// READ): what the read then returns may predate the tokens it is about to fetch
			mode = session.readMode(autoCommit, connection.driverStatus());
			if (mode != Session.ReadMode.STORE) {
				bypass = session.reason();
			}
		}
		ReuseAdmission.Reuse reuse = null;
		if (bypass == null) {
			reuse = this.admission.of(sql);
			if (!reuse.admits()) {
				bypass = ReuseAdmission.NOT_REUSED;
			}
		}
		if (bypass != null) {
			return readUncached(connection, owner, bypass, sql, analysis, execution);
		}
		// one look-up in LOOKUP_TIMING_SAMPLE is timed, for all of them: two clock reads cost a hit 7%
		boolean timed = (ThreadLocalRandom.current().nextInt() & (LOOKUP_TIMING_SAMPLE - 1)) == 0;
		long lookupStart = timed ? System.nanoTime() : 0;
		QueryKey queryKey = new QueryKey(this.keyId, session.catalog(), session.schema(), sql, options,
				parameters);
		String[] keys = keysFor(settings, settings.queryKeyGenerator().generate(queryKey), dependencies);
		CacheStore store = storeFor(settings);
		boolean storeShared = (store == this.store) ? this.storeShared : store.isShared();
		Object[] values;
		try {
			values = store.getAll(keys);
			if (values == null || values.length != keys.length) {
				throw new IllegalStateException("the store answered " + ((values != null) ? values.length : "null")
						+ " values for " + keys.length + " keys");
			}
		}
		catch (Exception ex) {
			storeFailed("read", ex);
			return readUncached(connection, owner, storeBypassReason(ex), sql, analysis, execution);
		}
		if (shared() && this.everywhere.losses() != this.seenLosses.get()) {
			// what was read may predate the loss: invalidate everything, then look again
			if (!storeLost()) {
				return readUncached(connection, owner, "store restarted", sql, analysis, execution);
			}
			try {
				values = store.getAll(keys);
			}
			catch (Exception ex) {
				storeFailed("read", ex);
				return readUncached(connection, owner, storeBypassReason(ex), sql, analysis, execution);
			}
		}
		if (this.invalidator.isPendingNow(dependencies)) {
			// an invalidation of these tables started while the values were fetched
			return readUncached(connection, owner, "pending invalidation", sql, analysis, execution);
		}
		if (mode == Session.ReadMode.HIT && values[0] instanceof CachedEntry entry && entry.result() != null
				&& entry.isFresh(values, 1) && isYoungEnough(storeShared, entry, settings)) {
			this.statistics.recordLookup(timed ? (System.nanoTime() - lookupStart) * LOOKUP_TIMING_SAMPLE : 0);
			this.statistics.recordHit();
			reuse.reused();
			if (store != this.store) {
				statisticsIn(store).recordHit();
			}
			if (this.readListeners != null) {
				this.readListeners.tell(this.dataSourceId, ReadOutcome.HIT, null, analysis, sql);
			}
			session.answeredFromCache(this.mariaDb ? entry.result().rowCount() : -1, inTransaction);
			return new CachedResultSet(entry.result(), owner, options.resultSetType(), options.resultSetConcurrency(),
					holdability, (owner instanceof CachingStatement statement) ? statement::cachedResultClosed : null);
		}
		if (storeShared && isLeased(values)) {
			return readUncached(connection, owner, "write in progress", sql, analysis, execution);
		}
		this.statistics.recordLookup(timed ? (System.nanoTime() - lookupStart) * LOOKUP_TIMING_SAMPLE : 0);
		this.statistics.recordMiss();
		if (store != this.store) {
			statisticsIn(store).recordMiss();
		}
		if (this.readListeners != null) {
			this.readListeners.tell(this.dataSourceId, ReadOutcome.MISS, null, analysis, sql);
		}
		long[] tokens = currentTokens(store, keys, values);
		if (tokens == null) {
			return RecordingResultSet.passThrough(run(connection, execution), owner, connection::escaped);
		}
		long readAt = System.currentTimeMillis();
		ResultSet resultSet = run(connection, execution);
		if (resultSet == null) {
			return null;
		}
		reuse.recorded(values[0] instanceof CachedEntry stale && !stale.isFresh(values, 1));
		return new RecordingResultSet(resultSet, owner,
				new ResultLimits(settings.maxResultRows(), settings.maxResultBytes()),
				this.shapes.of(sql, session.catalog(), session.schema()),
				(result) -> remember(store, storeShared, settings, keys, new CachedEntry(tokens, result, readAt)))
			.onUnwrap(connection::escaped);
	}

	/**
	 * Whether an entry is young enough to be served: within the timeout in force now (which may
	 * have been shortened since it was stored), and, when a shared store runs in
	 * {@link SharedMode#AVAILABLE}, within the staleness bound.
	 */
	private static boolean isYoungEnough(boolean storeShared, CachedEntry entry, CachalotSettings settings) {
		Duration timeout = settings.timeout();
		boolean bounded = storeShared && settings.sharedMode() == SharedMode.AVAILABLE;
		if (timeout == null && !bounded) {
			return true;
		}
		long age = System.currentTimeMillis() - entry.readAtMillis();
		return (timeout == null || age < timeout.toMillis()) && (!bounded || age < settings.maxStaleness().toMillis());
	}

	/** Whether a write in progress holds a lease on one of the read's tokens. */
	private static boolean isLeased(Object[] values) {
		for (int i = 1; i < values.length; i++) {
			if (values[i] == Lease.HELD) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The store may have lost what it held (a restart, a failover): what it holds now may predate
	 * invalidations it took, so every read of the data source is invalidated once more, and reads
	 * go to the database until that invalidation is taken. Returns whether it was.
	 */
	private boolean storeLost() {
		long losses = this.everywhere.losses();
		long seen = this.seenLosses.get();
		if (losses == seen || !this.seenLosses.compareAndSet(seen, losses)) {
			return !this.invalidator.hasPending(); // another thread handled it
		}
		logger.warn("{} may have lost what it held (it restarted, failed over or was flushed): every cached read "
				+ "of data source '{}' is invalidated once more", this.everywhere.description(), this.dataSourceId);
		return this.invalidator.invalidateDataSource();
	}

	/** Runs a read on the database without the cache, counting why. */
	ResultSet readUncached(CachingConnection connection, Statement owner, String reason, String sql,
			StatementAnalysis analysis, SqlCall<ResultSet> execution) throws SQLException {
		this.statistics.recordUncacheable(reason);
		if (this.readListeners != null) {
			this.readListeners.tell(this.dataSourceId, ReadOutcome.BYPASS, reason, analysis, sql);
		}
		return RecordingResultSet.passThrough(run(connection, execution), owner, connection::escaped);
	}

	/**
	 * The tables a read of these depends on (views, inheritance, sequences), from the catalog, looked
	 * up where {@link #onCatalog} says; answered from memory on the hot path.
	 */
	private Optional<Set<String>> readDependencies(CachingConnection connection, Set<String> tables,
			boolean inTransaction) {
		Session session = connection.session();
		if (!session.ranDdl() && this.catalog.knowsReadDependencies(tables)) {
			return this.catalog.readDependencies(session.physical(), tables, false, NO_OP);
		}
		return onCatalog(connection, inTransaction,
				(catalog, lookUpOn, lookUpInTransaction, beforeQuery) -> catalog.readDependencies(lookUpOn, tables,
						lookUpInTransaction, beforeQuery));
	}

	private static final Runnable NO_OP = () -> {
	};

	/**
	 * Whether the functions a statement calls, which its SQL alone took for built-ins, are built-ins
	 * by the catalog: immutable, without side effects, not shadowed by a user function.
	 */
	private boolean functionsAreBuiltIn(CachingConnection connection, Set<String> functions) {
		Session session = connection.session();
		if (!session.ranDdl() && this.catalog.knowsFunctions(functions)) {
			return this.catalog.areCacheableFunctions(session.physical(), functions);
		}
		return onCatalog(connection, connection.inTransaction(),
				(catalog, lookUpOn, lookUpInTransaction, beforeQuery) -> catalog.areCacheableFunctions(lookUpOn,
						functions));
	}

	private static StatementAnalysis callingUnknownFunctions(StatementAnalysis analysis) {
		Set<UncacheableReason> reasons = new HashSet<>(analysis.uncacheableReasons());
		reasons.add(UncacheableReason.UNKNOWN_FUNCTION);
		return new StatementAnalysis(analysis.kind(), analysis.readTables(), analysis.writtenTables(), reasons, true,
				Set.of());
	}

	/** A look-up in a catalog, on a connection, inside that connection's transaction or not. */
	@FunctionalInterface
	private interface CatalogLookUp<T> {

		T on(DatabaseCatalog catalog, Connection connection, boolean inTransaction, Runnable beforeQuery);

	}

	/**
	 * Runs a look-up of what the catalog does not know yet, where its answer holds:
	 * <ul>
	 * <li>a transaction that ran DDL sees a catalog that is not yet everyone's: on its own session,
	 * in a catalog of its own kept until it ends, never shared;</li>
	 * <li>on the caller's session when nothing there can be disturbed or be older than the catalog:
	 * outside a transaction, or inside one that began after the last DDL seen and has not failed;
	 * never on MariaDB, where a look-up changes what FOUND_ROWS(), ROW_COUNT() and the warnings say
	 * of the caller's last statement, and inside a transaction its non-transactional
	 * information_schema tables make the transaction refuse SAVEPOINT;</li>
	 * <li>else on another connection, borrowed within 200 ms (outside a transaction the caller's own
	 * session stands in when none is free).</li>
	 * </ul>
	 */
	private <T> T onCatalog(CachingConnection connection, boolean inTransaction, CatalogLookUp<T> lookUp) {
		Session session = connection.session();
		if (session.ranDdl()) {
			return lookUp.on(privateCatalog(session), session.physical(), true, connection::statementExecuted);
		}
		if (!this.mariaDb && !inTransaction) {
			return lookUp.on(this.catalog, session.physical(), false, NO_OP);
		}
		if (!this.mariaDb && session.seesCurrentCatalog()
				&& connection.driverStatus() != DriverTransactionStatus.FAILED) {
			return lookUp.on(this.catalog, session.physical(), true, connection::statementExecuted);
		}
		try (CatalogConnection separate = new CatalogConnection(this.target, session.physical(), this.catalogGate,
				!inTransaction)) {
			return lookUp.on(this.catalog, separate.connection(), false, NO_OP);
		}
	}

	private String bypassReason(CachalotSettings settings, StatementAnalysis analysis, BoundParameters parameters,
			StatementOptions options) {
		if (!settings.enabled()) {
			return "disabled";
		}
		Duration timeout = settings.timeout();
		if (timeout != null && timeout.isZero()) {
			return "timeout zero";
		}
		for (UncacheableReason reason : analysis.uncacheableReasons()) {
			if (reason == UncacheableReason.RANDOM && settings.cacheRandom()) {
				continue;
			}
			return reason.name().toLowerCase().replace('_', ' ');
		}
		if (options.resultSetConcurrency() != ResultSet.CONCUR_READ_ONLY) {
			return "updatable result set";
		}
		if (parameters != null && !parameters.isKeyable()) {
			return "unkeyable parameter";
		}
		return null;
	}

	private String tableBypassReason(CachalotSettings settings, StatementAnalysis analysis, Set<String> dependencies,
			CachingConnection connection) {
		Set<String> uncachable = settings.uncachableTables();
		if (!uncachable.isEmpty()) {
			for (String table : dependencies) {
				if (uncachable.contains(table)) {
					return "uncachable table";
				}
			}
		}
		Set<String> only = settings.onlyCachableTables();
		if (!only.isEmpty() && !only.containsAll(analysis.readTables())) {
			return "not only-cachable";
		}
		if (connection.session().writesTouch(dependencies)) {
			return "written in transaction";
		}
		if (this.invalidator.isPending(dependencies)) {
			return "pending invalidation";
		}
		return null;
	}

	private String[] keysFor(CachalotSettings settings, String queryKey, Set<String> dependencies) {
		TableKeyGenerator generator = settings.tableKeyGenerator();
		TokenKeys known = this.tokenKeys.get(dependencies);
		if (known == null || known.generator != generator) {
			String[] tables = dependencies.toArray(String[]::new);
			Arrays.sort(tables);
			String[] keys = new String[tables.length + 1];
			String keyId = this.tokenKeyId; // known: learned when the session was created
			keys[0] = generator.dataSourceKey(keyId);
			for (int i = 0; i < tables.length; i++) {
				keys[i + 1] = generator.tableKey(keyId, tables[i]);
			}
			known = new TokenKeys(generator, keys);
			this.tokenKeys.put(dependencies, known);
		}
		String[] keys = new String[known.keys.length + 1];
		keys[0] = queryKey;
		System.arraycopy(known.keys, 0, keys, 1, known.keys.length);
		return keys;
	}

	/**
	 * The tokens the read runs under, creating (and storing, before the read runs) those that are
	 * missing; {@code null} when the store failed or another value appeared meanwhile.
	 */
	private long[] currentTokens(CacheStore store, String[] keys, Object[] values) {
		long[] tokens = new long[keys.length - 1];
		Map<String, Long> created = null;
		for (int i = 1; i < keys.length; i++) {
			if (values[i] instanceof Long token) {
				tokens[i - 1] = token;
			}
			else {
				long token = TableInvalidator.newToken();
				tokens[i - 1] = token;
				if (created == null) {
					created = new HashMap<>();
				}
				created.put(keys[i], token);
			}
		}
		if (created != null) {
			try {
				if (!store.createTokens(created)) {
					return null;
				}
			}
			catch (Exception ex) {
				storeFailed("create table tokens", ex);
				return null;
			}
		}
		return tokens;
	}

	private static <T> T run(CachingConnection connection, SqlCall<T> execution) throws SQLException {
		connection.statementExecuted();
		return execution.call();
	}

	/**
	 * Stores a result unless its tokens changed meanwhile, under the settings in force when its
	 * statement ran (the rows may be read after the override that ran it closed).
	 */
	private void remember(CacheStore store, boolean storeShared, CachalotSettings settings, String[] keys,
			CachedEntry entry) {
		if (!settings.enabled()) {
			return;
		}
		Duration timeout = settings.timeout();
		if (storeShared && settings.sharedMode() == SharedMode.AVAILABLE
				&& (timeout == null || timeout.compareTo(settings.maxStaleness()) > 0)) {
			timeout = settings.maxStaleness(); // it would not be served later anyway
		}
		try {
			store.putEntry(keys[0], entry, Arrays.copyOfRange(keys, 1, keys.length), timeout);
		}
		catch (Exception ex) {
			storeFailed("store a result", ex);
		}
	}

	/** The session of a physical connection, created on its first borrow. */
	Session session(Connection physical) throws SQLException {
		Session session = this.sessions.get(physical);
		if (session == null) {
			if (this.keyId == null) {
				learnScope(physical); // before any statement of the data source may build a key
			}
			Boolean postgres = this.postgres;
			if (postgres == null) {
				String product = physical.getMetaData().getDatabaseProductName();
				String name = (product != null) ? product.toLowerCase(java.util.Locale.ROOT) : "";
				postgres = name.contains("postgres");
				this.mariaDb = name.contains("mariadb") || name.contains("mysql");
				this.postgres = postgres;
			}
			session = this.sessions.putIfAbsent(physical,
					new Session(physical, postgres, this.catalogGeneration::get));
		}
		return session;
	}

	/** Reads what keys the session's reads; in a transaction, that statement may take its snapshot. */
	private static void readKey(CachingConnection connection) throws SQLException {
		Session session = connection.session();
		if (session.isPostgres() && connection.inTransaction()) {
			connection.statementExecuted(); // a query, which may take the snapshot
		}
		session.readKey();
	}

	/** A logical connection borrowed its session. */
	void borrowed(CachingConnection connection) {
		Session session = connection.session();
		session.forgetAutoCommit(); // the one reset: between borrows the pool may have set it
		boolean autoCommit = connection.autoCommit();
		DriverTransactionStatus status = connection.driverStatus();
		if (session.borrowed(autoCommit, status)) {
			transactionEnded(connection, true);
		}
		if (autoCommit && (status == DriverTransactionStatus.IDLE || status == DriverTransactionStatus.UNKNOWN)
				&& !session.inTransaction(autoCommit)) {
			connection.borrowedIdle();
		}
		session.borrowBegan();
	}

	/**
	 * A logical connection is about to be returned. A transaction begun as SQL that the driver says
	 * is still open stays with the session, its writes made visible now as well; any other is ended
	 * as if it committed (most pools roll back, some commit). Unless it is not the last borrow open
	 * on the session: the others go on in the same transaction, which they end.
	 */
	void returning(CachingConnection connection, boolean last) {
		Session session = connection.session();
		if (!last) {
			flush(connection); // what it wrote so far is shown now, as when a pool hands a transaction on
			return;
		}
		DriverTransactionStatus status = connection.driverStatusAtReturn();
		if (status == DriverTransactionStatus.OPEN || status == DriverTransactionStatus.FAILED) {
			// the pool may roll it back, or hand it on open: show what it wrote, keep it with the session
			flush(connection);
			session.outlivesBorrow();
		}
		else if (session.hasWrites() || session.ranDdl() || session.inTransaction(connection.autoCommit())) {
			transactionEnded(connection, true);
		}
	}

	/** A logical connection reached the driver's own objects. */
	void escapeBegan() {
		this.escapes.incrementAndGet();
	}

	/**
	 * {@code count} reaches into the driver's own objects end with the last borrow of a session:
	 * what they wrote cannot be known, so everything is invalidated (once, for all of them).
	 */
	void escapesEnded(int count) {
		if (count > 0) {
			try {
				this.invalidator.invalidateDataSource();
			}
			finally {
				this.escapes.addAndGet(-count);
			}
		}
	}

	// ---- writes

	/**
	 * Runs a statement that is not a cacheable read (or a batch of them), then records or applies
	 * the invalidations it requires, even when it fails (it may have written before failing).
	 */
	<T> T write(CachingConnection connection, List<StatementAnalysis> analyses, SqlCall<T> execution)
			throws SQLException {
		restoreAfterHit(connection, null);
		boolean autoCommit = connection.autoCommit();
		WritePlan plan = plan(connection, analyses, connection.session().inTransaction(autoCommit));
		if (shared()) {
			plan = announceBefore(connection, plan);
		}
		connection.session().statementRan(autoCommit);
		boolean succeeded = false;
		try {
			T result = execution.call();
			succeeded = true;
			return result;
		}
		finally {
			apply(connection, plan, succeeded);
		}
	}

	private WritePlan plan(CachingConnection connection, List<StatementAnalysis> analyses, boolean inTransaction) {
		CachalotSettings settings = this.settings.current();
		// one statement's tables as they are (immutable), a batch's gathered
		Set<String> written = (analyses.size() == 1) ? analyses.get(0).writtenTables() : new HashSet<>();
		boolean unknown = false;
		boolean ddl = false;
		boolean session = false;
		boolean mayCommit = false;
		StatementKind control = null;
		for (int i = 0; i < analyses.size(); i++) { // indexed: no iterator on every write
			StatementAnalysis analysis = analyses.get(i);
			switch (analysis.kind()) {
				case BEGIN, COMMIT, ROLLBACK, ROLLBACK_TO_SAVEPOINT -> control = analysis.kind();
				case SESSION -> session = true;
				case DDL -> ddl = true;
				default -> {
				}
			}
			// statements after which a transaction may have ended without commit() or rollback():
			// implicit commits (DDL, LOCK, SET autocommit, BEGIN in MariaDB), procedures and blocks
			// that commit, hidden COMMITs in unparsed or multi-statement strings
			switch (analysis.kind()) {
				case DDL, SESSION, CALL, UNKNOWN -> mayCommit = true;
				default -> {
				}
			}
			if (analyses.size() > 1) {
				written.addAll(analysis.writtenTables());
			}
			unknown |= analysis.writesUnknownTables()
					|| (!analysis.functions().isEmpty() && !functionsAreBuiltIn(connection, analysis.functions()));
			// what may write anything may also change the session (set_config, a procedure's SET)
			session |= analysis.writesUnknownTables();
		}
		if (analyses.size() > 1 && control != null) {
			// the order of a batch's transaction control is not followed: treat it as unknown
			control = null;
			unknown = true;
		}
		boolean everything = unknown && settings.invalidateRaw();
		if (!everything && !written.isEmpty()
				&& (connection.session().ranDdl() || !this.catalog.knowsWritesStayIn(written))) {
			Optional<Set<String>> effects = writeEffects(connection, written, inTransaction);
			if (effects.isEmpty()) {
				everything = true;
			}
			else {
				written = effects.get();
			}
		}
		if (!everything) {
			written = withAdditionalTables(settings, written);
		}
		return new WritePlan(written, everything, unknown, ddl, session, mayCommit, control, inTransaction, 0);
	}

	/**
	 * Before a write runs on a shared store: a statement that commits as it runs (outside a
	 * transaction, or one that may commit the transaction) waits until its tables, and those the
	 * transaction wrote before, are announced; inside a transaction the announcement of the tables
	 * it writes first is sent without waiting, and {@link #beforeCommit} waits for it.
	 */
	private WritePlan announceBefore(CachingConnection connection, WritePlan plan) throws SQLException {
		CachalotSettings settings = this.settings.current();
		if (!plan.wasInTransaction) {
			if (plan.isEmpty()) {
				return plan;
			}
			long leaseId = TableInvalidator.newToken();
			try {
				announceNow(plan.tables, plan.everything, leaseId, settings);
			}
			catch (RuntimeException ex) {
				refuseUnlessAvailable(null, settings, plan.everything ? null : plan.tables, ex);
				return plan;
			}
			return plan.underLease(leaseId);
		}
		Session session = connection.session();
		if (!plan.isEmpty()) {
			this.invalidator.announceLater(session.announcement(), plan.tables, plan.everything, settings.lease());
		}
		if (plan.mayCommit || plan.control == StatementKind.COMMIT) {
			awaitAnnounced(connection, settings);
		}
		return plan;
	}

	/** Announces writes and waits, trying once more when the store failed (it may have just restarted). */
	private void announceNow(Set<String> tables, boolean everything, long leaseId, CachalotSettings settings) {
		try {
			this.invalidator.announce(tables, everything, leaseId, settings.lease());
		}
		catch (RuntimeException ex) {
			this.invalidator.announce(tables, everything, leaseId, settings.lease());
		}
	}

	/**
	 * Before a transaction commits on a shared store (commit(), autocommit turned on, SQL COMMIT):
	 * waits until everything it wrote is announced; in {@link SharedMode#STRICT} refuses the commit
	 * when the store cannot take it.
	 */
	void beforeCommit(CachingConnection connection) throws SQLException {
		if (shared()) {
			awaitAnnounced(connection, this.settings.current());
		}
	}

	private void awaitAnnounced(CachingConnection connection, CachalotSettings settings) throws SQLException {
		Session session = connection.session();
		if (!session.hasWrites() && !session.hasAnnounced()) {
			return;
		}
		Announcement announcement = session.announcement();
		if (session.hasWrites()) {
			// writes recorded without a statement of their own (a transaction found open) are announced too
			TransactionWrites writes = session.writes();
			this.invalidator.announceLater(announcement, writes.tables(), writes.writesEverything(), settings.lease());
		}
		try {
			this.invalidator.awaitAnnounced(announcement, settings.lease());
		}
		catch (RuntimeException ex) {
			refuseUnlessAvailable(connection, settings, announcement.everything() ? null : announcement.tables(), ex);
		}
	}

	/**
	 * A write could not be announced: in {@link SharedMode#STRICT} it is refused before anything is
	 * committed, and a transaction it would have committed is rolled back (a caller that cleans up
	 * by turning autocommit back on, as Spring's transaction manager does after a failed commit,
	 * would commit it otherwise); in {@link SharedMode#AVAILABLE} it goes ahead, its invalidation
	 * retried later.
	 * @param transaction the connection whose transaction would have been committed, or
	 * {@code null} for a statement that commits as it runs
	 */
	private void refuseUnlessAvailable(CachingConnection transaction, CachalotSettings settings, Set<String> tables,
			RuntimeException cause) throws SQLException {
		String what = (tables != null) ? "the writes to " + new java.util.TreeSet<>(tables)
				: "a write to tables it cannot know";
		if (settings.sharedMode() == SharedMode.AVAILABLE) {
			storeFailed("announce " + what + " (committing anyway: the shared mode is AVAILABLE)", cause);
			return;
		}
		SharedStoreUnavailableException refused = new SharedStoreUnavailableException("cachalot refused to "
				+ ((transaction != null) ? "commit" : "run a write") + ": the cache store, " + this.everywhere.description()
				+ ", could not take the announcement of " + what + " (" + cause.getMessage()
				+ "), and without it other instances could go on serving what it changes. "
				+ ((transaction != null) ? "Nothing was committed: the transaction was rolled back."
						: "Nothing was written.")
				+ " To write anyway while the store is unreachable, with reads at most max-staleness stale, set the "
				+ "shared mode to AVAILABLE (cachalot.shared.mode=available).", cause);
		if (transaction != null) {
			try {
				transaction.rollBackRefused();
			}
			catch (SQLException | RuntimeException ex) {
				refused.addSuppressed(ex);
			}
		}
		throw refused;
	}

	/**
	 * The tables changed by writing the given ones: through views to their base tables, through
	 * inheritance, cascading foreign keys and triggers; empty when the catalog could not tell. Looked
	 * up where {@link #onCatalog} says.
	 */
	private Optional<Set<String>> writeEffects(CachingConnection connection, Set<String> written,
			boolean transaction) {
		return onCatalog(connection, transaction, (catalog, lookUpOn, inTransaction, beforeQuery) -> {
			Optional<Set<String>> direct = catalog.readDependencies(lookUpOn, written, inTransaction, beforeQuery);
			return direct.isEmpty() ? direct
					: catalog.writeEffects(lookUpOn, direct.get(), inTransaction, beforeQuery);
		});
	}

	/**
	 * The catalog of a transaction that ran DDL: what it sees is not yet everyone's, so it is looked
	 * up on its own session and kept for the rest of the transaction, never shared.
	 */
	private DatabaseCatalog privateCatalog(Session session) {
		return session.transactionCatalog(() -> new DatabaseCatalog(this.analyzer));
	}

	private static Set<String> withAdditionalTables(CachalotSettings settings, Set<String> tables) {
		Map<String, Set<String>> additional = settings.additionalTables();
		if (additional.isEmpty()) {
			return tables;
		}
		Set<String> all = new HashSet<>(tables);
		Deque<String> queue = new ArrayDeque<>(tables);
		while (!queue.isEmpty()) {
			for (String dependent : additional.getOrDefault(queue.poll(), Set.of())) {
				if (all.add(dependent)) {
					queue.add(dependent);
				}
			}
		}
		return all;
	}

	private void apply(CachingConnection connection, WritePlan plan, boolean succeeded) {
		Session session = connection.session();
		if (plan.mayChangeAutoCommit()) {
			connection.autoCommitMayHaveChanged(); // SET autocommit, a procedure's; nothing below changes it
		}
		boolean autoCommit = connection.autoCommit();
		if (plan.ddl) {
			this.catalogGeneration.incrementAndGet();
			this.catalog.clear();
			session.transactionCatalogChanged();
			this.tokenKeys.clear();
			DatabaseDomains.catalogChanged(this.tokenKeyId, this);
		}
		if (plan.session) {
			connection.sessionChanged();
		}
		if (plan.unknown) {
			noteTemporaryTables(connection);
		}
		if (plan.control == StatementKind.BEGIN && succeeded) {
			if (session.inTransaction(autoCommit)) {
				// BEGIN inside a transaction commits it implicitly on some databases
				flush(connection);
			}
			session.sqlTransactionBegan();
		}
		if (plan.control == StatementKind.ROLLBACK_TO_SAVEPOINT && succeeded) {
			session.rolledBackToSqlSavepoint();
		}
		if (session.inTransaction(autoCommit)) {
			TransactionWrites writes = session.writes();
			writes.record(plan.tables);
			if (plan.everything) {
				writes.recordEverything();
			}
			else if (plan.unknown) {
				writes.recordUnknown();
			}
			if (plan.ddl) {
				// until it ends, what this transaction sees of the catalog is not everyone's
				session.ddlRan();
			}
			if (plan.mayCommit) {
				// what was written so far may be committed now: make it visible, keep tracking it
				flush(connection);
			}
		}
		else if (!plan.isEmpty()) {
			invalidate(plan.everything, plan.tables, plan.leaseId);
		}
		if (plan.control == StatementKind.COMMIT) {
			if (succeeded) {
				transactionEnded(connection, true);
			}
			else {
				flush(connection); // it may have committed before failing
			}
		}
		else if (plan.control == StatementKind.ROLLBACK && succeeded) {
			transactionEnded(connection, false);
		}
		else if (plan.wasInTransaction && !session.inTransaction(autoCommit)) {
			// the statement ended the transaction (SET autocommit = 1, a procedure that commits...)
			transactionEnded(connection, true);
		}
		else if (session.synchronize(autoCommit, connection.driverStatus())) {
			// the database says a transaction begun as SQL ended (an implicit commit, a procedure)
			transactionEnded(connection, true);
		}
	}

	/**
	 * After a statement that may have run anything (a procedure, a {@code DO} block, a function): asks
	 * the database whether the session now has temporary tables, which the SQL text did not show.
	 */
	private void noteTemporaryTables(CachingConnection connection) {
		Session session = connection.session();
		if (session.isKeyedIncompletely() || connection.driverStatus() == DriverTransactionStatus.FAILED) {
			return; // a failed transaction created nothing that outlives it
		}
		if (connection.inTransaction()) {
			connection.statementExecuted();
		}
		if (this.catalog.hasTemporaryTables(session.physical())) {
			session.keyedIncompletely(Session.TEMPORARY_TABLES);
		}
	}

	/**
	 * Before a statement that reaches MariaDB after a hit the database never saw: a hit leaves
	 * behind what the statement before it set, which the next statement may read ({@code FOUND_ROWS()},
	 * {@code ROW_COUNT()}, the warnings). A read of as many generated rows as the hit returned sets
	 * them as the skipped read would have (a read without SQL_CALC_FOUND_ROWS, the only kind that is
	 * cached, finds the rows it returns, counts -1 and leaves no warning). It runs before every write,
	 * and before reads that mention what it restores: it costs one round trip, less than the read
	 * the hit saved.
	 */
	private void restoreAfterHit(CachingConnection connection, String sql) throws SQLException {
		int rows = connection.session().rowsOfLastHit();
		if (rows < 0 || (sql != null && !observesLastStatement(sql))) {
			return;
		}
		connection.statementExecuted();
		try (Statement statement = connection.physical().createStatement()) {
			statement.executeQuery((rows == 0) ? "SELECT 1 FROM DUAL WHERE 1 = 0"
					: "WITH RECURSIVE cachalot_rows(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cachalot_rows WHERE n < "
							+ rows + ") SELECT n FROM cachalot_rows").close();
		}
	}

	/** Whether a statement may read what the last one left behind, per SQL string: asked after every hit. */
	private boolean observesLastStatement(String sql) {
		Boolean observes = this.observingStatements.get(sql);
		if (observes == null) {
			observes = OBSERVES_LAST_STATEMENT.matcher(sql).find();
			this.observingStatements.put(sql, observes);
		}
		return observes;
	}

	private final BoundedMemo<String, Boolean> observingStatements = new BoundedMemo<>(10_000);

	private static final java.util.regex.Pattern OBSERVES_LAST_STATEMENT = java.util.regex.Pattern
		.compile("found_rows|row_count|warning|error_count|diagnostics", java.util.regex.Pattern.CASE_INSENSITIVE);

	private static final java.util.regex.Pattern CALLED = java.util.regex.Pattern
		.compile("^\\s*\\{?\\s*(?:\\?\\s*=\\s*)?call\\s+([\\w$`\".]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

	/**
	 * Before a procedure call: where the database cannot list a session's temporary tables (MariaDB
	 * before 11.2), the procedure's body says whether it may create some.
	 */
	void procedureCalled(CachingConnection connection, String sql) {
		Session session = connection.session();
		if (session.isKeyedIncompletely()) {
			return;
		}
		java.util.regex.Matcher matcher = CALLED.matcher(sql);
		String name = matcher.find()
				? matcher.group(1).replace("`", "").replace("\"", "").toLowerCase(java.util.Locale.ROOT) : "";
		if (onCatalog(connection, connection.inTransaction(),
				(catalog, lookUpOn, inTransaction, beforeQuery) -> catalog.mayCreateTemporaryTables(lookUpOn, name))) {
			session.keyedIncompletely(Session.TEMPORARY_TABLES);
		}
	}

	/** Invalidates what the connection's transaction wrote so far, and keeps tracking it. */
	void flush(CachingConnection connection) {
		Session session = connection.session();
		if (session.hasWrites()) {
			TransactionWrites writes = session.writes();
			invalidate(writes.writesEverything(), writes.tables(), endLease(session));
			if (session.hasAnnounced()) {
				session.announcement().clear(); // later writes announce themselves again
			}
		}
	}

	/**
	 * Ends the connection's transaction: its writes are invalidated when it committed (or may have),
	 * and forgotten when it rolled back; a lease it announced ends either way.
	 */
	void transactionEnded(CachingConnection connection, boolean committed) {
		Session session = connection.session();
		boolean invalidate = committed && session.hasWrites();
		boolean everything;
		Set<String> tables;
		if (invalidate) {
			everything = session.writes().writesEverything();
			tables = session.writes().tables();
		}
		else {
			// a rolled-back transaction's announcement is ended as well
			invalidate = session.hasAnnounced();
			everything = invalidate && session.announcement().everything();
			tables = invalidate ? session.announcement().tables() : Set.of();
		}
		long leaseId = invalidate ? endLease(session) : 0;
		if (session.ranDdl()) {
			this.catalog.clear(); // its DDL is now everyone's, or undone
			DatabaseDomains.catalogChanged(this.tokenKeyId, this);
		}
		// ended before the invalidation is told to listeners: one that writes on this connection
		// (Spring's thread-bound one, still bound during commit) writes in the next transaction,
		// whose writes must be recorded and kept
		session.endTransaction();
		if (invalidate) {
			invalidate(everything, tables, leaseId);
		}
	}

	/** The lease the transaction's announcements end with its invalidation; 0 when it announced none. */
	private long endLease(Session session) {
		return session.hasAnnounced() ? session.announcement().settledLease(this.settings.lease()) : 0;
	}

	private void invalidate(boolean everything, Set<String> tables, long leaseId) {
		if (everything) {
			this.invalidator.invalidateDataSource(leaseId);
		}
		else {
			this.invalidator.invalidate(tables, leaseId);
		}
	}

	/** Why a read whose look-up threw goes to the database: the store failed, or was not called. */
	private static String storeBypassReason(Exception ex) {
		return (ex instanceof CircuitBreakingCacheStore.StoreUnavailableException) ? "store backoff" : "store failure";
	}

	private void storeFailed(String what, Exception ex) {
		if (ex instanceof CircuitBreakingCacheStore.StoreUnavailableException) {
			return; // not a failure: the breaker did not call a store that failed recently
		}
		this.statistics.recordStoreFailure();
		long now = System.nanoTime();
		if (now - this.lastStoreFailureLogNanos >= 30_000_000_000L) {
			this.lastStoreFailureLogNanos = now;
			logger.warn("Cache store failed to {} for data source '{}'; reading from the database instead", what,
					this.dataSourceId, ex);
		}
	}

	private record TokenKeys(TableKeyGenerator generator, String[] keys) {
	}

	/**
	 * What a write statement changes, and the lease it was announced under when it commits as it
	 * runs (0 otherwise).
	 */
	private record WritePlan(Set<String> tables, boolean everything, boolean unknown, boolean ddl, boolean session,
			boolean mayCommit, StatementKind control, boolean wasInTransaction, long leaseId) {

		boolean isEmpty() {
			return !this.everything && this.tables.isEmpty();
		}

		/**
		 * Whether the statements may have changed autocommit behind JDBC: session statements,
		 * procedures, transaction control, DDL (an implicit commit) and what could not be analysed.
		 */
		boolean mayChangeAutoCommit() {
			return this.unknown || this.session || this.ddl || this.mayCommit || this.control != null;
		}

		WritePlan underLease(long leaseId) {
			return new WritePlan(this.tables, this.everything, this.unknown, this.ddl, this.session, this.mayCommit,
					this.control, this.wasInTransaction, leaseId);
		}

	}

}
