package io.github.cachalot;

import java.util.Objects;

import javax.sql.DataSource;

import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
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

	private final SqlAnalyzer analyzer;

	private Cachalot(Builder builder) {
		this.settings = builder.settings;
		this.store = builder.store;
		this.analyzer = builder.analyzer;
	}

	/** A builder with default settings and an in-process store. */
	public static Builder builder() {
		return new Builder();
	}

	/** Wraps a data source; {@code dataSourceId} must be unique among those sharing the store. */
	public CachingDataSource wrap(DataSource dataSource, String dataSourceId) {
		CachingDataSource wrapped = new CachingDataSource(dataSource, dataSourceId, this.settings, this.store,
				this.analyzer);
		logger.info("cachalot caches reads of data source '{}' ({}) in {}", dataSourceId,
				dataSource.getClass().getName(), this.store.description());
		return wrapped;
	}

	public CachalotSettings settings() {
		return this.settings;
	}

	public CacheStore store() {
		return this.store;
	}

	/** Builds a {@link Cachalot}. */
	public static final class Builder {

		private CachalotSettings settings = new MutableCachalotSettings();

		private CacheStore store;

		private SqlAnalyzer analyzer;

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

		/** The SQL analyzer (default: a new {@link SqlAnalyzer}). */
		public Builder sqlAnalyzer(SqlAnalyzer analyzer) {
			this.analyzer = Objects.requireNonNull(analyzer);
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
