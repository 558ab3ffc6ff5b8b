package io.github.cachalot.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.store.CacheStore;

/**
 * Values that replace some settings while an {@link OverridableSettings#override override scope}
 * is open; every setting left unset keeps the value of the enclosing scope. Immutable.
 * <p>
 * What writes invalidate cannot be overridden ({@code invalidateRaw}, {@code additionalTables}), nor
 * the table key generator: every thread must agree on them, or a write on one thread would leave
 * stale results for the others.
 *
 * <pre>{@code
 * SettingsOverride noCache = SettingsOverride.builder().enabled(false).build();
 * }</pre>
 */
public final class SettingsOverride {

	private static final SettingsOverride NONE = new Builder().build();

	final Boolean enabled;

	final Duration timeout;

	final boolean timeoutSet;

	final Boolean cacheRandom;

	final Set<String> uncachableTables;

	final Set<String> onlyCachableTables;

	final QueryKeyGenerator queryKeyGenerator;

	final Integer maxResultRows;

	final Long maxResultBytes;

	final CacheStore cacheStore;

	private SettingsOverride(Builder builder) {
		this.enabled = builder.enabled;
		this.timeout = builder.timeout;
		this.timeoutSet = builder.timeoutSet;
		this.cacheRandom = builder.cacheRandom;
		this.uncachableTables = builder.uncachableTables;
		this.onlyCachableTables = builder.onlyCachableTables;
		this.queryKeyGenerator = builder.queryKeyGenerator;
		this.maxResultRows = builder.maxResultRows;
		this.maxResultBytes = builder.maxResultBytes;
		this.cacheStore = builder.cacheStore;
	}

	/** An override that changes nothing. */
	public static SettingsOverride none() {
		return NONE;
	}

	/** A builder of an override that changes nothing until told to. */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("SettingsOverride[");
		append(text, "enabled", this.enabled);
		if (this.timeoutSet) {
			append(text, "timeout", (this.timeout != null) ? this.timeout : "forever");
		}
		append(text, "cacheRandom", this.cacheRandom);
		append(text, "uncachableTables", this.uncachableTables);
		append(text, "onlyCachableTables", this.onlyCachableTables);
		append(text, "queryKeyGenerator", this.queryKeyGenerator);
		append(text, "maxResultRows", this.maxResultRows);
		append(text, "maxResultBytes", this.maxResultBytes);
		append(text, "cacheStore", (this.cacheStore != null) ? this.cacheStore.description() : null);
		if (text.charAt(text.length() - 1) == ' ') {
			text.setLength(text.length() - 2);
		}
		return text.append(']').toString();
	}

	private static void append(StringBuilder text, String name, Object value) {
		if (value != null) {
			text.append(name).append('=').append(value).append(", ");
		}
	}

	/** Builds a {@link SettingsOverride}; each setter overrides one setting. */
	public static final class Builder {

		private Boolean enabled;

		private Duration timeout;

		private boolean timeoutSet;

		private Boolean cacheRandom;

		private Set<String> uncachableTables;

		private Set<String> onlyCachableTables;

		private QueryKeyGenerator queryKeyGenerator;

		private Integer maxResultRows;

		private Long maxResultBytes;

		private CacheStore cacheStore;

		private Builder() {
		}

		/** See {@link CachalotSettings#enabled()}. */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/** See {@link CachalotSettings#timeout()}; {@code null} for no limit. */
		public Builder timeout(Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("timeout must not be negative: " + timeout);
			}
			this.timeout = timeout;
			this.timeoutSet = true;
			return this;
		}

		/** See {@link CachalotSettings#cacheRandom()}. */
		public Builder cacheRandom(boolean cacheRandom) {
			this.cacheRandom = cacheRandom;
			return this;
		}

		/** See {@link CachalotSettings#uncachableTables()}; names in any spelling. */
		public Builder uncachableTables(Collection<String> tables) {
			this.uncachableTables = TableNames.normalize(tables);
			return this;
		}

		/** See {@link CachalotSettings#onlyCachableTables()}; names in any spelling. */
		public Builder onlyCachableTables(Collection<String> tables) {
			this.onlyCachableTables = TableNames.normalize(tables);
			return this;
		}

		/** See {@link CachalotSettings#queryKeyGenerator()}. */
		public Builder queryKeyGenerator(QueryKeyGenerator generator) {
			this.queryKeyGenerator = Objects.requireNonNull(generator);
			return this;
		}

		/** See {@link CachalotSettings#maxResultRows()}. */
		public Builder maxResultRows(int rows) {
			this.maxResultRows = rows;
			return this;
		}

		/** See {@link CachalotSettings#maxResultBytes()}. */
		public Builder maxResultBytes(long bytes) {
			this.maxResultBytes = bytes;
			return this;
		}

		/**
		 * See {@link CachalotSettings#cacheStore()}: reads go to this cache. Writes invalidate in
		 * every cache of the cachalot, this one included from its first read on; register it with
		 * {@link io.github.cachalot.store.CacheStores#register} when other processes read through
		 * it too.
		 */
		public Builder cacheStore(CacheStore store) {
			this.cacheStore = Objects.requireNonNull(store);
			return this;
		}

		public SettingsOverride build() {
			return new SettingsOverride(this);
		}

	}

}
