package io.github.cachalot.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.key.Sha256QueryKeyGenerator;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.store.CacheStore;

/**
 * {@link CachalotSettings} held in volatile fields: every setter takes effect on the next
 * statement of every thread. Table names are normalized to lower case.
 */
public final class MutableCachalotSettings implements CachalotSettings {

	/** The tables of the Flyway and Liquibase migration histories, never cached by default. */
	public static final Set<String> DEFAULT_UNCACHABLE_TABLES = Set.of("flyway_schema_history", "databasechangelog",
			"databasechangeloglock");

	/** Default for {@link #maxResultRows()}. */
	public static final int DEFAULT_MAX_RESULT_ROWS = 10_000;

	/** Default for {@link #lease()}: 30 seconds. */
	public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

	/** Default for {@link #maxStaleness()}: 5 seconds. */
	public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(5);

	/** Default for {@link #maxResultBytes()}: 8 MiB. */
	public static final long DEFAULT_MAX_RESULT_BYTES = 8L * 1024 * 1024;

	private volatile boolean enabled = true;

	private volatile Duration timeout;

	private volatile boolean cacheRandom;

	private volatile boolean invalidateRaw = true;

	private volatile Set<String> uncachableTables = DEFAULT_UNCACHABLE_TABLES;

	private volatile Set<String> onlyCachableTables = Set.of();

	private volatile Map<String, Set<String>> additionalTables = Map.of();

	private volatile QueryKeyGenerator queryKeyGenerator = Sha256QueryKeyGenerator.INSTANCE;

	private volatile TableKeyGenerator tableKeyGenerator = TableKeyGenerator.DEFAULT;

	private volatile int maxResultRows = DEFAULT_MAX_RESULT_ROWS;

	private volatile long maxResultBytes = DEFAULT_MAX_RESULT_BYTES;

	private volatile SharedMode sharedMode = SharedMode.STRICT;

	private volatile Duration lease = DEFAULT_LEASE;

	private volatile Duration maxStaleness = DEFAULT_MAX_STALENESS;

	private volatile CacheStore cacheStore;

	@Override
	public boolean enabled() {
		return this.enabled;
	}

	public MutableCachalotSettings setEnabled(boolean enabled) {
		this.enabled = enabled;
		return this;
	}

	@Override
	public Duration timeout() {
		return this.timeout;
	}

	public MutableCachalotSettings setTimeout(Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must not be negative: " + timeout);
		}
		this.timeout = timeout;
		return this;
	}

	@Override
	public boolean cacheRandom() {
		return this.cacheRandom;
	}

	public MutableCachalotSettings setCacheRandom(boolean cacheRandom) {
		this.cacheRandom = cacheRandom;
		return this;
	}

	@Override
	public boolean invalidateRaw() {
		return this.invalidateRaw;
	}

	public MutableCachalotSettings setInvalidateRaw(boolean invalidateRaw) {
		this.invalidateRaw = invalidateRaw;
		return this;
	}

	@Override
	public Set<String> uncachableTables() {
		return this.uncachableTables;
	}

	public MutableCachalotSettings setUncachableTables(Collection<String> tables) {
		this.uncachableTables = TableNames.normalize(tables);
		return this;
	}

	@Override
	public Set<String> onlyCachableTables() {
		return this.onlyCachableTables;
	}

	public MutableCachalotSettings setOnlyCachableTables(Collection<String> tables) {
		this.onlyCachableTables = TableNames.normalize(tables);
		return this;
	}

	@Override
	public Map<String, Set<String>> additionalTables() {
		return this.additionalTables;
	}

	public MutableCachalotSettings setAdditionalTables(Map<String, ? extends Collection<String>> additionalTables) {
		this.additionalTables = TableNames.normalize(additionalTables);
		return this;
	}

	@Override
	public QueryKeyGenerator queryKeyGenerator() {
		return this.queryKeyGenerator;
	}

	public MutableCachalotSettings setQueryKeyGenerator(QueryKeyGenerator queryKeyGenerator) {
		this.queryKeyGenerator = java.util.Objects.requireNonNull(queryKeyGenerator);
		return this;
	}

	@Override
	public TableKeyGenerator tableKeyGenerator() {
		return this.tableKeyGenerator;
	}

	public MutableCachalotSettings setTableKeyGenerator(TableKeyGenerator tableKeyGenerator) {
		this.tableKeyGenerator = java.util.Objects.requireNonNull(tableKeyGenerator);
		return this;
	}

	@Override
	public int maxResultRows() {
		return this.maxResultRows;
	}

	public MutableCachalotSettings setMaxResultRows(int maxResultRows) {
		this.maxResultRows = maxResultRows;
		return this;
	}

	@Override
	public long maxResultBytes() {
		return this.maxResultBytes;
	}

	public MutableCachalotSettings setMaxResultBytes(long maxResultBytes) {
		this.maxResultBytes = maxResultBytes;
		return this;
	}

	@Override
	public SharedMode sharedMode() {
		return this.sharedMode;
	}

	public MutableCachalotSettings setSharedMode(SharedMode sharedMode) {
		this.sharedMode = java.util.Objects.requireNonNull(sharedMode);
		return this;
	}

	@Override
	public Duration lease() {
		return this.lease;
	}

	public MutableCachalotSettings setLease(Duration lease) {
		this.lease = positive(lease, "lease");
		return this;
	}

	@Override
	public Duration maxStaleness() {
		return this.maxStaleness;
	}

	public MutableCachalotSettings setMaxStaleness(Duration maxStaleness) {
		this.maxStaleness = positive(maxStaleness, "max-staleness");
		return this;
	}

	@Override
	public CacheStore cacheStore() {
		return this.cacheStore;
	}

	/** See {@link CachalotSettings#cacheStore()}; {@code null} for the data source's own. */
	public MutableCachalotSettings setCacheStore(CacheStore cacheStore) {
		this.cacheStore = cacheStore;
		return this;
	}

	private static Duration positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, not " + duration);
		}
		return duration;
	}

}
