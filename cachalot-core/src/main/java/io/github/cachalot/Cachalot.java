package io.github.cachalot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.jdbc.Database;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CacheStores;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * Entry point of the core: wraps data sources so that their reads are cached and their writes
 * invalidate, sharing one store, one SQL analyzer and one set of settings.
 *
 * <pre>{@code
 * Cachalot cachalot = Cachalot.builder().build();          // in-process Caffeine store
 * DataSource cached = cachalot.wrap(dataSource, "main");
 * }</pre>
 */
public final class Cachalot {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(Cachalot.class);

	private final CachalotSettings settings;

	private final CacheStore store;

	private final CacheStores stores;

	private final SqlAnalyzer analyzer;

	private final String keyScope;

	private Cachalot(Builder builder) {
		this.settings = builder.settings;
		this.store = builder.store;
		this.stores = new CacheStores(builder.storeName, builder.store);
		this.analyzer = builder.analyzer;
		this.keyScope = builder.keyScope;
	}

	/** A builder with default settings and an in-process store. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Wraps a data source; {@code dataSourceId} must be unique among this application's data sources
	 * sharing the store (other applications' are told apart by the key scope).
	 */
	public CachingDataSource wrap(DataSource dataSource, String dataSourceId) {
		CachingDataSource wrapped = new CachingDataSource(dataSource, dataSourceId, this.keyScope, this.settings,
				this.stores, this.analyzer);
		logger.info("cachalot caches reads of data source '{}' ({}) in {}, {}", dataSourceId,
				dataSource.getClass().getName(), this.store.description(),
				(this.keyScope != null)
						? "under key scope " + this.keyScope + ", which every data source under it invalidates together"
						: "keyed and invalidated by its database (identified at its first connection)");
		return wrapped;
	}

	/**
	 * The database a connection is on as this cachalot's data sources name it: the configured key
	 * scope, or the database derived from the connection (see {@link CachingDataSource#database()}).
	 * On PostgreSQL, deriving it runs two short queries on the connection.
	 */
	public Database databaseOf(Connection connection) throws SQLException {
		if (this.keyScope != null) {
			return new Database(this.keyScope, "key scope " + this.keyScope);
		}
		return Database.of(connection);
	}

	/**
	 * Invalidates every cached read of every data source on the database (by its
	 * {@linkplain Database#id() id}) in each of this cachalot's caches, whichever data source read it and
	 * whether or not one of this application's is on it yet, and makes this JVM's data sources on
	 * it look the catalog up again: for writes made where cachalot does not see them, such as
	 * migrations on a connection of their own. Returns whether the store took it (an invalidation
	 * it refused is not retried: invalidate again, or through a data source on the database).
	 */
	public boolean invalidateDatabase(String databaseId) {
		Database.catalogChanged(databaseId);
		return new TableInvalidator("database " + databaseId, () -> databaseId, this.stores.everywhere(), this.settings,
				new CachalotStatistics()).invalidateDataSource();
	}

	/** The configured key scope, or {@code null} when each data source derives its own. */
	public String keyScope() {
		return this.keyScope;
	}

	public CachalotSettings settings() {
		return this.settings;
	}

	/** The cache reads go to unless the settings name another. */
	public CacheStore store() {
		return this.store;
	}

	/**
	 * Every cache reads may go to ({@link CachalotSettings#cacheStore()}), which every write
	 * invalidates; register here at startup the caches other threads or processes may read through.
	 */
	public CacheStores stores() {
		return this.stores;
	}

	/** Builds a {@link Cachalot}. */
	public static final class Builder {

		private CachalotSettings settings = new MutableCachalotSettings();

		private CacheStore store;

		private String storeName = "default";

		private SqlAnalyzer analyzer;

		private String keyScope;

		private Builder() {
		}

		/** The settings, read on every statement (default: {@link MutableCachalotSettings}). */
		public Builder settings(CachalotSettings settings) {
			this.settings = Objects.requireNonNull(settings);
			return this;
		}

		/** The store (default: {@link CaffeineCacheStore}). */
		public Builder store(CacheStore store) {
			this.store = Objects.requireNonNull(store);
			return this;
		}

		/** The store and the name reports and metrics give it (default: {@code default}). */
		public Builder store(CacheStore store, String name) {
			this.storeName = Objects.requireNonNull(name);
			return store(store);
		}

		/** The SQL analyzer (default: a new {@link SqlAnalyzer}). */
		public Builder sqlAnalyzer(SqlAnalyzer analyzer) {
			this.analyzer = Objects.requireNonNull(analyzer);
			return this;
		}

		/**
		 * What prefixes each data source's name in its result keys, and names the one database that
		 * its token keys are built from (1 to 64 letters, digits, {@code .}, {@code _}, {@code -}). By
		 * default ({@code null}) each data source derives both at its first connection from its
		 * database: the scope from the JDBC URL without credentials and parameters, the user, and on
		 * PostgreSQL the database name and system identifier; the database from what identifies the
		 * database itself (see {@link CachingDataSource#database()}). Applications that share a store
		 * share entries exactly when their scopes and data source names are equal, and
		 * invalidations when their databases are: set the same scope to share between applications
		 * that reach one database through different URLs, or distinct ones where different databases
		 * look alike. With a scope, every data source under it invalidates together.
		 */
		public Builder keyScope(String keyScope) {
			if (keyScope != null && !keyScope.matches("[A-Za-z0-9._-]{1,64}")) {
				throw new IllegalArgumentException(
						"The key scope must be 1 to 64 letters, digits, '.', '_' or '-': '" + keyScope + "'");
			}
			this.keyScope = keyScope;
			return this;
		}

		public Cachalot build() {
			if (this.store == null) {
				this.store = new CaffeineCacheStore();
			}
			if (this.analyzer == null) {
				this.analyzer = new SqlAnalyzer();
			}
			return new Cachalot(this);
		}

	}

}
