package io.github.cachalot.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.ReadListener;
import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.TableNames;
import io.github.cachalot.invalidation.InvalidationListener;
import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CacheStores;

/**
 * A {@link DataSource} whose connections answer reads from the cache when that is provably fresh
 * and invalidate what their writes change. {@link #unwrap} reaches the wrapped data source (and
 * anything it wraps), so pools stay reachable for metrics and health checks.
 *
 * @see io.github.cachalot.Cachalot#wrap(DataSource, String)
 */
public final class CachingDataSource implements DataSource {

	private final DataSource delegate;

	private final DataSourceCache cache;

	/**
	 * Wraps a data source, keyed under the scope derived from its database.
	 * @param delegate the real data source
	 * @param dataSourceId a name unique among this application's data sources sharing the store
	 * @param settings the settings, read on every statement
	 * @param store where results and tokens are kept
	 * @param analyzer the SQL analyzer (may be shared)
	 */
	public CachingDataSource(DataSource delegate, String dataSourceId, CachalotSettings settings, CacheStore store,
			SqlAnalyzer analyzer) {
		this(delegate, dataSourceId, null, settings, store, analyzer);
	}

	/**
	 * Wraps a data source.
	 * @param delegate the real data source
	 * @param dataSourceId a name unique among this application's data sources sharing the store
	 * @param keyScope what prefixes the name in every cache key; {@code null} to derive it from the
	 * database at the first connection (see {@link io.github.cachalot.Cachalot.Builder#keyScope})
	 * @param settings the settings, read on every statement
	 * @param store where results and tokens are kept
	 * @param analyzer the SQL analyzer (may be shared)
	 */
	public CachingDataSource(DataSource delegate, String dataSourceId, String keyScope, CachalotSettings settings,
			CacheStore store, SqlAnalyzer analyzer) {
		this(delegate, dataSourceId, keyScope, settings, new CacheStores("default", store), analyzer);
	}

	/**
	 * Wraps a data source whose reads may go to several caches, which its writes all invalidate.
	 * @param delegate the real data source
	 * @param dataSourceId a name unique among this application's data sources sharing the stores
	 * @param keyScope what prefixes the name in every cache key; {@code null} to derive it from the
	 * database at the first connection (see {@link io.github.cachalot.Cachalot.Builder#keyScope})
	 * @param settings the settings, read on every statement; {@link CachalotSettings#cacheStore()}
	 * chooses the cache of each read
	 * @param stores the caches, reads going to the primary one unless the settings name another
	 * @param analyzer the SQL analyzer (may be shared)
	 */
	public CachingDataSource(DataSource delegate, String dataSourceId, String keyScope, CachalotSettings settings,
			CacheStores stores, SqlAnalyzer analyzer) {
		if (delegate instanceof CachingDataSource) {
			throw new IllegalArgumentException("Data source '" + dataSourceId + "' is already wrapped by cachalot");
		}
		if (keyScope != null && !DatabaseIdentity.CONFIGURED_SCOPE.matcher(keyScope).matches()) {
			throw new IllegalArgumentException("The key scope must be 1 to 64 letters, digits, '.', '_' or '-': '"
					+ keyScope + "'");
		}
		this.delegate = delegate;
		this.cache = new DataSourceCache(dataSourceId, keyScope, delegate, settings, stores, analyzer,
				new CachalotStatistics());
	}

	@Override
	public Connection getConnection() throws SQLException {
		return new CachingConnection(this.delegate.getConnection(), this.cache);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return new CachingConnection(this.delegate.getConnection(username, password), this.cache);
	}

	/**
	 * The name this data source's results are keyed under (after its key scope), and which logs,
	 * statistics and listeners report; its invalidations belong to its {@link #database()}.
	 */
	public String dataSourceId() {
		return this.cache.dataSourceId();
	}

	/**
	 * What prefixes the name in this data source's result keys: the configured key scope, or the one
	 * derived from the database (URL, user, database); {@code null} until its first connection when
	 * derived.
	 */
	public String keyScope() {
		return this.cache.keyScope();
	}

	/**
	 * The database this data source is on, which its invalidations belong to: every data source on
	 * the same database (another bean, a routing target, a migration data source, another instance
	 * sharing the store) builds its table tokens from the same id, so that a write through any of
	 * them invalidates what all of them cached. The configured key scope when there is one; else
	 * derived from the first connection (see {@link #databaseDescription()}); {@code null} until
	 * then.
	 */
	public String database() {
		return this.cache.database();
	}

	/** What {@link #database()} was derived from (no credentials); {@code null} until known. */
	public String databaseDescription() {
		return this.cache.databaseDescription();
	}

	/**
	 * The {@link #database()}, learned now on a connection borrowed for it when no connection
	 * taught it yet. Throws {@link IllegalStateException} when the database cannot be reached.
	 */
	public String learnDatabase() {
		return this.cache.learnDatabase();
	}

	/** The wrapped data source. */
	public DataSource getDelegate() {
		return this.delegate;
	}

	/** The store reads go to unless the settings name another. */
	public CacheStore store() {
		return this.cache.store();
	}

	/** Every cache reads may go to, which writes invalidate. */
	public CacheStores stores() {
		return this.cache.stores();
	}

	/**
	 * The hits and misses of this data source's reads in one of its {@linkplain #stores() caches}
	 * (for the primary one, what {@link #statistics()} counts in no other).
	 */
	public CacheReads readsIn(CacheStore store) {
		CachalotStatistics total = this.cache.statistics();
		if (store != this.cache.store()) {
			CachalotStatistics in = this.cache.statisticsIn(store);
			return new CacheReads(in.hits(), in.misses());
		}
		long hits = total.hits();
		long misses = total.misses();
		for (CacheStore other : this.cache.stores().all().values()) {
			if (other != store) {
				CachalotStatistics in = this.cache.statisticsIn(other);
				hits -= in.hits();
				misses -= in.misses();
			}
		}
		return new CacheReads(hits, misses);
	}

	/**
	 * The reads of a data source answered from one cache, and those that missed there.
	 * @param hits the reads answered from the cache
	 * @param misses the reads that went to the database and were offered to the cache
	 */
	public record CacheReads(long hits, long misses) {
	}

	/** What the cache did so far. */
	public CachalotStatistics statistics() {
		return this.cache.statistics();
	}

	/**
	 * Invalidates the cached reads of the given tables (any spelling: qualified, quoted, any case) in
	 * this data source's {@linkplain #database() database}, through whichever data source they were
	 * read. Returns whether the store took it; if not, reads of the tables through this data source
	 * bypass the cache until a retry succeeds.
	 */
	public boolean invalidateTables(Set<String> tables) {
		return this.cache.invalidator().invalidate(TableNames.normalize(tables));
	}

	/**
	 * Invalidates every cached read of this data source's {@linkplain #database() database}, through
	 * whichever data source it was read. Returns whether the store took it; if not, reads of this
	 * data source bypass the cache until a retry succeeds.
	 */
	public boolean invalidateAll() {
		return this.cache.invalidator().invalidateDataSource();
	}

	/** Tells the listener about every invalidation that takes effect. */
	public void addInvalidationListener(InvalidationListener listener) {
		this.cache.invalidator().addListener(listener);
	}

	/**
	 * Tells the listener the outcome of every read from now on (hit, miss, or bypass and why), after
	 * the listeners added before it.
	 */
	public void addReadListener(ReadListener listener) {
		this.cache.addReadListener(listener);
	}

	/** The invalidator of this data source (last invalidation times, pending invalidations). */
	public TableInvalidator invalidator() {
		return this.cache.invalidator();
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return Unwrapping.unwrap(this, this.delegate, iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return Unwrapping.isWrapperFor(this, this.delegate, iface);
	}

	@Override
	public String toString() {
		return "CachingDataSource[" + dataSourceId() + " -> " + this.delegate + ", " + store().description() + "]";
	}

}
