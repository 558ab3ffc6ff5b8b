package io.github.cachalot.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;

import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.config.SharedMode;
import io.github.cachalot.config.TableNames;
import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.key.Sha256QueryKeyGenerator;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.spring.store.CachalotCaches;
import io.github.cachalot.store.CacheStore;

/**
 * {@link CachalotSettings} read live from {@link CachalotProperties}. Values that need work (table
 * name normalization, bean look-ups) are derived once per distinct property value, so a statement
 * pays a field read and an identity check.
 */
public final class PropertiesCachalotSettings implements CachalotSettings {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(PropertiesCachalotSettings.class);

	private final CachalotProperties properties;

	private final BeanFactory beanFactory;

	private final Derived<Collection<String>, Set<String>> uncachableTables = new Derived<>(TableNames::normalize);

	private final Derived<Collection<String>, Set<String>> onlyCachableTables = new Derived<>(TableNames::normalize);

	private final Derived<Map<String, Set<String>>, Map<String, Set<String>>> additionalTables = new Derived<>(
			TableNames::normalize);

	private final Derived<String, QueryKeyGenerator> queryKeyGenerator;

	private final TableKeyGenerator tableKeyGenerator;

	/** The cache alias and name the data sources were wrapped with: their cache is the primary one. */
	private final String startupCacheAlias;

	private final String startupCacheName;

	/** The cache last named by other values than the startup ones, and its store. */
	private volatile CacheChoice cacheChoice;

	/** Settings that read the given properties; key generator bean names are resolved in the factory. */
	public PropertiesCachalotSettings(CachalotProperties properties, BeanFactory beanFactory) {
		this.properties = properties;
		this.beanFactory = beanFactory;
		this.queryKeyGenerator = new Derived<>(
				(name) -> bean(name, QueryKeyGenerator.class, "query-keygen", Sha256QueryKeyGenerator.INSTANCE));
		// at startup only: readers and writers must name table tokens alike, at every moment
		this.tableKeyGenerator = bean(properties.getTableKeygen(), TableKeyGenerator.class, "table-keygen",
				TableKeyGenerator.DEFAULT);
		this.startupCacheAlias = properties.getCacheAlias();
		this.startupCacheName = properties.getCacheName();
	}

	/** The properties read. */
	public CachalotProperties properties() {
		return this.properties;
	}

	@Override
	public boolean enabled() {
		return this.properties.isEnabled();
	}

	@Override
	public Duration timeout() {
		return this.properties.getTimeout();
	}

	@Override
	public boolean cacheRandom() {
		return this.properties.isCacheRandom();
	}

	@Override
	public boolean invalidateRaw() {
		return this.properties.isInvalidateRaw();
	}

	@Override
	public Set<String> uncachableTables() {
		return this.uncachableTables.of(this.properties.getUncachableTables());
	}

	@Override
	public Set<String> onlyCachableTables() {
		return this.onlyCachableTables.of(this.properties.getOnlyCachableTables());
	}

	@Override
	public Map<String, Set<String>> additionalTables() {
		return this.additionalTables.of(this.properties.getAdditionalTables());
	}

	@Override
	public QueryKeyGenerator queryKeyGenerator() {
		return this.queryKeyGenerator.of(this.properties.getQueryKeygen());
	}

	@Override
	public TableKeyGenerator tableKeyGenerator() {
		return this.tableKeyGenerator;
	}

	@Override
	public int maxResultRows() {
		return this.properties.getMaxResultRows();
	}

	@Override
	public long maxResultBytes() {
		return this.properties.getMaxResultSize().toBytes();
	}

	@Override
	public SharedMode sharedMode() {
		SharedMode mode = this.properties.getShared().getMode();
		return (mode != null) ? mode : SharedMode.STRICT;
	}

	@Override
	public Duration lease() {
		return positiveOr(this.properties.getShared().getLease(), MutableCachalotSettings.DEFAULT_LEASE);
	}

	@Override
	public Duration maxStaleness() {
		return positiveOr(this.properties.getShared().getMaxStaleness(), MutableCachalotSettings.DEFAULT_MAX_STALENESS);
	}

	/**
	 * {@code null} (the primary cache) while cache-alias and cache-name hold the values of startup;
	 * otherwise the cache they name, resolved once per change (a statement pays two field reads and
	 * identity checks).
	 */
	@Override
	public CacheStore cacheStore() {
		String alias = this.properties.getCacheAlias();
		String name = this.properties.getCacheName();
		if (alias == this.startupCacheAlias && name == this.startupCacheName) {
			return null;
		}
		CacheChoice choice = this.cacheChoice;
		if (choice == null || choice.alias != alias || choice.name != name) {
			choice = new CacheChoice(alias, name, chosenStore(alias, name, choice));
			this.cacheChoice = choice;
		}
		return choice.store;
	}

	private CacheStore chosenStore(String alias, String name, CacheChoice last) {
		if (java.util.Objects.equals(alias, this.startupCacheAlias) && java.util.Objects.equals(name, this.startupCacheName)) {
			return null;
		}
		CachalotCaches caches = this.beanFactory.getBeanProvider(CachalotCaches.class).getIfAvailable();
		if (caches == null) {
			return null; // cachalot wraps nothing (off at startup)
		}
		try {
			return caches.store(alias, name);
		}
		catch (RuntimeException ex) {
			// the setters check the cache first: this is a cache gone since, or a field set behind them
			logger.error("Keeping the previous cache: {}", ex.getMessage());
			return (last != null) ? last.store : null;
		}
	}

	private record CacheChoice(String alias, String name, CacheStore store) {
	}

	private static Duration positiveOr(Duration duration, Duration fallback) {
		return (duration != null && !duration.isNegative() && !duration.isZero()) ? duration : fallback;
	}

	private <T> T bean(String name, Class<T> type, String property, T fallback) {
		if (name == null || name.isBlank()) {
			return fallback;
		}
		if (!this.beanFactory.containsBean(name)) {
			throw new IllegalStateException("cachalot." + property + " names bean '" + name
					+ "', but there is no such bean; declare a " + type.getSimpleName() + " bean of that name");
		}
		return this.beanFactory.getBean(name, type);
	}

	/**
	 * A value derived from a property value, recomputed when the property holds another object. When
	 * a new value cannot be derived (a bean name without bean, set at runtime), the last good one is
	 * kept and the error logged once: a bad refresh must not break every statement.
	 */
	private static final class Derived<S, T> {

		private final Function<S, T> derivation;

		private volatile Pair<S, T> last;

		Derived(Function<S, T> derivation) {
			this.derivation = derivation;
		}

		T of(S source) {
			Pair<S, T> pair = this.last;
			if (pair == null || pair.source != source) {
				T derived;
				try {
					derived = this.derivation.apply(source);
				}
				catch (RuntimeException ex) {
					if (pair == null) {
						throw ex;
					}
					logger.error("Keeping the previous value: {}", ex.getMessage());
					derived = pair.derived;
				}
				pair = new Pair<>(source, derived);
				this.last = pair;
			}
			return pair.derived;
		}

	}

	private record Pair<S, T>(S source, T derived) {
	}

}
