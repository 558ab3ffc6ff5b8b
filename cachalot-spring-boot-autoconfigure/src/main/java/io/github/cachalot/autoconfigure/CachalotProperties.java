package io.github.cachalot.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.config.SharedMode;

/**
 * Settings of cachalot, bound from {@code cachalot.*}. Read on every statement: a setter call or a
 * rebinding (Spring Cloud's refresh) takes effect on the next statement, except for the settings
 * marked "at startup". Each setting names the django-cachalot setting it corresponds to.
 */
@ConfigurationProperties("cachalot")
public class CachalotProperties {

	/**
	 * Whether reads are served from and stored in the cache (CACHALOT_ENABLED). Live: when
	 * switched off, writes still invalidate, so it can be switched back on safely. When false at
	 * startup, no data source is wrapped at all.
	 */
	private boolean enabled = true;

	/**
	 * Bean name of the CacheManager that backs the cache (CACHALOT_CACHE). Default: the
	 * application's only or primary CacheManager, or an in-process Caffeine cache when it has none,
	 * or when it has no cache of that name, or would create one without bound just for cachalot.
	 * Live, and overridable: reads go to the cache named when they run; writes invalidate in every
	 * cache named since startup and in invalidate-caches. A name without CacheManager fails the
	 * setter.
	 */
	private String cacheAlias;

	/** Name of the cache inside that CacheManager. Live, and overridable, as cache-alias. */
	private String cacheName = "cachalot";

	/**
	 * Other caches every write invalidates in, as CacheManager bean names, each with "/cache-name"
	 * when the cache is not cache-name: those that other instances (or code run later) read through
	 * with an override, which this instance may never name itself. Caches named by
	 * cache-alias/cache-name and by the @CachalotOverride annotations of beans need not be listed.
	 * At startup.
	 */
	private List<String> invalidateCaches = List.of();

	/** Checks a cache alias and name when set after startup; null until the caches are known. */
	private volatile BiConsumer<String, String> cacheCheck;

	/**
	 * How long a result stays cached (CACHALOT_TIMEOUT). Default: until invalidated or evicted.
	 * Zero caches nothing.
	 */
	private Duration timeout;

	/** Whether reads with random ordering or values are cached (CACHALOT_CACHE_RANDOM). */
	private boolean cacheRandom;

	/**
	 * Whether statements whose written tables cannot be known (unparsable SQL, procedure calls,
	 * unknown functions) invalidate every cached read of their data source (CACHALOT_INVALIDATE_RAW).
	 */
	private boolean invalidateRaw = true;

	/**
	 * Tables whose reads are never cached (CACHALOT_UNCACHABLE_TABLES); wins over
	 * only-cachable-tables. The Flyway and Liquibase history tables by default.
	 */
	private Set<String> uncachableTables = Set.copyOf(MutableCachalotSettings.DEFAULT_UNCACHABLE_TABLES);

	/**
	 * When not empty, only reads whose every table is listed are cached
	 * (CACHALOT_ONLY_CACHABLE_TABLES).
	 */
	private Set<String> onlyCachableTables = Set.of();

	/**
	 * Tables the database changes by itself (triggers, rules) when a key table is written: each
	 * write of the key table invalidates the listed tables too (CACHALOT_ADDITIONAL_TABLES).
	 */
	private Map<String, Set<String>> additionalTables = Map.of();

	/**
	 * Bean name of a QueryKeyGenerator that turns a read into its cache key
	 * (CACHALOT_QUERY_KEYGEN). Default: SHA-256 of the SQL, parameters and session context. A
	 * name without bean fails startup; set at runtime, it is logged and the previous one kept.
	 */
	private String queryKeygen;

	/**
	 * Bean name of a TableKeyGenerator that names the cache keys of table tokens
	 * (CACHALOT_TABLE_KEYGEN). Default: "cachalot:t:&lt;database&gt;:&lt;table&gt;". At startup:
	 * readers and writers must name table tokens alike at every moment.
	 */
	private String tableKeygen;

	/**
	 * What prefixes each data source's bean name in its result keys, and names the one database its
	 * token keys are built from (letters, digits, '.', '_', '-'). Default: derived from the database
	 * at the first connection (results: JDBC URL without credentials and parameters, user, and on
	 * PostgreSQL the database name and system identifier; invalidations: the database itself, shared
	 * by every data source on it), so that applications sharing a cache share entries only when on
	 * the same database. Set the same value to share across URLs that reach one database, or
	 * distinct values where different databases look alike; every data source under one scope
	 * invalidates together. At startup.
	 */
	private String keyScope;

	/**
	 * Bean names of the DataSources to wrap (CACHALOT_DATABASES). Default: all of them. At
	 * startup.
	 */
	private Set<String> databases = Set.of();

	/** The largest number of rows a cached result may have; larger results are not cached. */
	private int maxResultRows = 10_000;

	/** The largest estimated size a cached result may have; larger results are not cached. */
	private DataSize maxResultSize = DataSize.ofMegabytes(8);

	/**
	 * After a call to a shared cache (Redis) fails or times out, how long cachalot leaves it alone:
	 * reads go to the database and invalidations wait, then one call probes it again. How long a
	 * call may take is the client's timeout (spring.data.redis.timeout).
	 */
	private Duration storeBackoff = Duration.ofSeconds(1);

	/**
	 * Whether each data source's cached reads are invalidated when it is wrapped at startup. For
	 * caches that outlive the application (a persistent disk tier, a Redis with persistence):
	 * writes made while it was down are not seen otherwise. Shared caches lose their entries for
	 * every instance on each start. At startup.
	 */
	private boolean invalidateOnStartup;

	/**
	 * How long a statement cachalot has not analysed yet may be parsed on the thread that runs it.
	 * Beyond it, a read runs uncached and a write is judged from its tokens (conservatively) while
	 * the statement is analysed in the background for its next executions; a read with literal
	 * values in it is parsed only from its second execution (SQL that never repeats is never
	 * parsed). 0: every statement is analysed in full before it first runs, however long that
	 * takes. At startup.
	 */
	private Duration analysisBudget = Duration.ofMillis(1);

	/**
	 * Secret (at least 16 bytes of UTF-8; a long random string) with which values in a shared cache
	 * are signed (HMAC-SHA256 of key and value): values without a valid signature are ignored, so
	 * that whoever can write to the cache but does not know the secret cannot make cachalot return
	 * rows. Every application sharing the cache must use the same one; changing it makes existing
	 * entries misses. Unset: values are not signed. At startup.
	 */
	private String signingKey;

	private final InProcess inProcess = new InProcess();

	private final Shared shared = new Shared();

	private final Metrics metrics = new Metrics();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCacheAlias() {
		return this.cacheAlias;
	}

	public void setCacheAlias(String cacheAlias) {
		check(cacheAlias, this.cacheName);
		this.cacheAlias = cacheAlias;
	}

	public String getCacheName() {
		return this.cacheName;
	}

	public void setCacheName(String cacheName) {
		check(this.cacheAlias, cacheName);
		this.cacheName = cacheName;
	}

	public List<String> getInvalidateCaches() {
		return this.invalidateCaches;
	}

	public void setInvalidateCaches(List<String> invalidateCaches) {
		this.invalidateCaches = List.copyOf(invalidateCaches);
	}

	/**
	 * From now on, {@link #setCacheAlias} and {@link #setCacheName} check with {@code check} (which
	 * throws) that the cache they name exists, before they change anything.
	 */
	public void checkCachesWith(BiConsumer<String, String> check) {
		this.cacheCheck = check;
	}

	private void check(String cacheAlias, String cacheName) {
		BiConsumer<String, String> check = this.cacheCheck;
		if (check != null) {
			check.accept(cacheAlias, cacheName);
		}
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("cachalot.timeout must not be negative: " + timeout);
		}
		this.timeout = timeout;
	}

	public boolean isCacheRandom() {
		return this.cacheRandom;
	}

	public void setCacheRandom(boolean cacheRandom) {
		this.cacheRandom = cacheRandom;
	}

	public boolean isInvalidateRaw() {
		return this.invalidateRaw;
	}

	public void setInvalidateRaw(boolean invalidateRaw) {
		this.invalidateRaw = invalidateRaw;
	}

	public Set<String> getUncachableTables() {
		return this.uncachableTables;
	}

	public void setUncachableTables(Collection<String> uncachableTables) {
		this.uncachableTables = copy(uncachableTables);
	}

	public Set<String> getOnlyCachableTables() {
		return this.onlyCachableTables;
	}

	public void setOnlyCachableTables(Collection<String> onlyCachableTables) {
		this.onlyCachableTables = copy(onlyCachableTables);
	}

	public Map<String, Set<String>> getAdditionalTables() {
		return this.additionalTables;
	}

	public void setAdditionalTables(Map<String, ? extends Collection<String>> additionalTables) {
		Map<String, Set<String>> copy = new LinkedHashMap<>();
		additionalTables.forEach((table, dependents) -> copy.put(table, copy(dependents)));
		this.additionalTables = java.util.Collections.unmodifiableMap(copy);
	}

	public String getQueryKeygen() {
		return this.queryKeygen;
	}

	public void setQueryKeygen(String queryKeygen) {
		this.queryKeygen = queryKeygen;
	}

	public String getTableKeygen() {
		return this.tableKeygen;
	}

	public void setTableKeygen(String tableKeygen) {
		this.tableKeygen = tableKeygen;
	}

	public String getKeyScope() {
		return this.keyScope;
	}

	public void setKeyScope(String keyScope) {
		this.keyScope = (keyScope != null && !keyScope.isBlank()) ? keyScope.strip() : null;
	}

	public Set<String> getDatabases() {
		return this.databases;
	}

	public void setDatabases(Collection<String> databases) {
		this.databases = copy(databases);
	}

	public int getMaxResultRows() {
		return this.maxResultRows;
	}

	public void setMaxResultRows(int maxResultRows) {
		this.maxResultRows = maxResultRows;
	}

	public DataSize getMaxResultSize() {
		return this.maxResultSize;
	}

	public void setMaxResultSize(DataSize maxResultSize) {
		this.maxResultSize = maxResultSize;
	}

	public Duration getAnalysisBudget() {
		return this.analysisBudget;
	}

	public void setAnalysisBudget(Duration analysisBudget) {
		this.analysisBudget = analysisBudget;
	}

	public boolean isInvalidateOnStartup() {
		return this.invalidateOnStartup;
	}

	public void setInvalidateOnStartup(boolean invalidateOnStartup) {
		this.invalidateOnStartup = invalidateOnStartup;
	}

	public String getSigningKey() {
		return this.signingKey;
	}

	public void setSigningKey(String signingKey) {
		this.signingKey = signingKey;
	}

	public Duration getStoreBackoff() {
		return this.storeBackoff;
	}

	public void setStoreBackoff(Duration storeBackoff) {
		this.storeBackoff = storeBackoff;
	}

	public InProcess getInProcess() {
		return this.inProcess;
	}

	public Shared getShared() {
		return this.shared;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Observations getObservations() {
		return this.observations;
	}

	private static Set<String> copy(Collection<String> values) {
		return (values != null) ? java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values)) : Set.of();
	}

	/** The in-process cache used when the application has no CacheManager. */
	public static class InProcess {

		/** Bound on the estimated size of all cached results. At startup. */
		private DataSize maxSize = DataSize.ofMegabytes(256);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * How writes keep a cache shared between instances (Redis, memcached) fresh: each write announces
	 * the tables it writes before it commits, and invalidates them after.
	 */
	public static class Shared {

		/**
		 * What a write does when the shared cache cannot take the announcement of its tables before
		 * it commits: "strict" refuses the commit (it throws, nothing is committed; no instance ever
		 * serves what the write changed); "available" commits anyway, and every instance then trusts
		 * a cached result only for max-staleness after its read began.
		 */
		private SharedMode mode = SharedMode.STRICT;

		/**
		 * How long an announced write keeps every instance off its tables at most, when the
		 * invalidation after its commit is lost (the cache went down in between); a transaction that
		 * lasts longer than half of it announces itself again before committing.
		 */
		private Duration lease = MutableCachalotSettings.DEFAULT_LEASE;

		/**
		 * In the "available" mode, how long after its read began a cached result is trusted: the
		 * bound on how stale a read can be while writes cannot reach the cache.
		 */
		private Duration maxStaleness = MutableCachalotSettings.DEFAULT_MAX_STALENESS;

		public SharedMode getMode() {
			return this.mode;
		}

		public void setMode(SharedMode mode) {
			this.mode = mode;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(Duration maxStaleness) {
			this.maxStaleness = maxStaleness;
		}

	}

	/** Micrometer metrics. */
	public static class Metrics {

		/**
		 * How many distinct tables get their own "table" tag on the invalidation counter; further
		 * tables are counted under "other". Bounds the number of time series.
		 */
		private int maxTableTags = 50;

		public int getMaxTableTags() {
			return this.maxTableTags;
		}

		public void setMaxTableTags(int maxTableTags) {
			this.maxTableTags = maxTableTags;
		}

	}

	/** Micrometer observations of reads ("cachalot.read"), made when the application has an ObservationRegistry. */
	public static class Observations {

		/**
		 * Whether each read is reported as a "cachalot.read" observation (outcome, reason, data
		 * source). Off by default: with Actuator's metrics handler an observed read costs about 2 µs
		 * more, several times an in-process hit; when off, nothing is done per read for
		 * observations. At startup.
		 */
		private boolean enabled = false;

		/**
		 * Whether the observations carry each read's SQL (high-cardinality key "sql"). Off by default:
		 * SQL can hold literal values, personal data among them, and observations leave the
		 * application (traces). Live.
		 */
		private boolean includeSql = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isIncludeSql() {
			return this.includeSql;
		}

		public void setIncludeSql(boolean includeSql) {
			this.includeSql = includeSql;
		}

	}

}
