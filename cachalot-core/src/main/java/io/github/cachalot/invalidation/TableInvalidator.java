package io.github.cachalot.invalidation;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.memo.BoundedMemo;
import io.github.cachalot.store.CacheStore;

/**
 * Invalidates the cached reads of one data source by replacing the tokens of the tables written
 * (or the data source's own token). A cached result stays valid only while every token it was read
 * under is unchanged, so no clock is compared. An invalidation the store fails to take is kept as
 * pending: reads of those tables go to the database until a retry succeeds.
 */
public final class TableInvalidator {

	private static final Logger logger = LoggerFactory.getLogger(TableInvalidator.class);

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final String dataSourceId;

	/** What token keys are built from: the data source's name under its key scope. */
	private final Supplier<String> keyId;

	private final CacheStore store;

	private final CachalotSettings settings;

	private final CachalotStatistics statistics;

	private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

	/** Tables whose invalidation is in flight or failed, with the generation of the latest attempt. */
	private final Map<String, Long> pendingTables = new ConcurrentHashMap<>();

	/** The generation of an in-flight or failed data source invalidation, 0 when none. */
	private final AtomicLong pendingDataSource = new AtomicLong();

	/** The tables whose invalidation the store refused, by generation: only these are retried. */
	private final Map<String, Long> failedTables = new ConcurrentHashMap<>();

	/** The generation of a data source invalidation the store refused, or 0. */
	private final AtomicLong failedDataSource = new AtomicLong();

	private final AtomicLong generations = new AtomicLong();

	private volatile long lastRetryNanos;

	private volatile long lastFailureLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

	private final Map<String, Instant> lastInvalidations = new ConcurrentHashMap<>();

	/** The token key of each table invalidated (a key generator concatenates on every call). */
	private final BoundedMemo<String, TableKey> tableKeys = new BoundedMemo<>(10_000);

	private final Clock clock;

	/** An invalidator whose token keys are built from the data source's name itself. */
	public TableInvalidator(String dataSourceId, CacheStore store, CachalotSettings settings,
			CachalotStatistics statistics) {
		this(dataSourceId, () -> dataSourceId, store, settings, statistics, Clock.systemUTC());
	}

	/**
	 * An invalidator whose token keys are built from {@code keyId} (the name under its key scope),
	 * asked for on each invalidation until it answers; when it throws, the invalidation stays
	 * pending, as when the store fails.
	 */
	public TableInvalidator(String dataSourceId, Supplier<String> keyId, CacheStore store, CachalotSettings settings,
			CachalotStatistics statistics) {
		this(dataSourceId, keyId, store, settings, statistics, Clock.systemUTC());
	}

	TableInvalidator(String dataSourceId, Supplier<String> keyId, CacheStore store, CachalotSettings settings,
			CachalotStatistics statistics, Clock clock) {
		this.dataSourceId = dataSourceId;
		this.keyId = keyId;
		this.store = store;
		this.settings = settings;
		this.statistics = statistics;
		this.clock = clock;
	}

	/** Adds a listener told of every invalidation that took effect. */
	public void addListener(InvalidationListener listener) {
		this.listeners.add(listener);
	}

	/** A fresh random token: equal to an earlier one with probability 2^-64. */
	public static long newToken() {
		long token;
		do {
			token = ThreadLocalRandom.current().nextLong();
		}
		while (token == 0);
		return token;
	}

	/**
	 * Invalidates the given tables; returns whether the store took it. Until it does, the tables
	 * count as pending, so that reads of them bypass the cache, and a later call retries.
	 */
	public boolean invalidate(Set<String> tables) {
		if (tables.isEmpty()) {
			return true;
		}
		long generation = this.generations.incrementAndGet();
		tables.forEach((table) -> this.pendingTables.put(table, generation));
		if (!putNewTokens(tables, "invalidate tables")) {
			// only while still pending: a newer invalidation that succeeded meanwhile supersedes this one
			tables.forEach((table) -> {
				if (Long.valueOf(generation).equals(this.pendingTables.get(table))) {
					this.failedTables.put(table, generation);
				}
			});
			return false;
		}
		tables.forEach((table) -> {
			this.pendingTables.remove(table, generation);
			// this newer invalidation supersedes one that failed before it
			this.failedTables.computeIfPresent(table, (key, failed) -> (failed < generation) ? null : failed);
		});
		tookEffect(tables);
		return true;
	}

	/** Invalidates every cached read of the data source; returns whether the store took it. */
	public boolean invalidateDataSource() {
		long generation = this.generations.incrementAndGet();
		this.pendingDataSource.set(generation);
		if (!putDataSourceToken("invalidate data source")) {
			if (this.pendingDataSource.get() == generation) {
				this.failedDataSource.set(generation);
			}
			return false;
		}
		this.pendingDataSource.compareAndSet(generation, 0);
		this.failedDataSource.getAndUpdate((failed) -> (failed < generation) ? 0 : failed);
		dataSourceTookEffect();
		return true;
	}

	/**
	 * Whether a read of the given tables must bypass the cache because an invalidation of them is
	 * in flight or failed. Retries failed invalidations first (at most every 200 ms).
	 */
	public boolean isPending(Set<String> tables) {
		if (!hasPending()) {
			return false;
		}
		retryPending();
		return isPendingNow(tables);
	}

	/** Like {@link #isPending(Set)}, without retrying. */
	public boolean isPendingNow(Set<String> tables) {
		if (this.pendingDataSource.get() != 0) {
			return true;
		}
		if (this.pendingTables.isEmpty()) {
			return false;
		}
		for (String table : tables) {
			if (this.pendingTables.containsKey(table)) {
				return true;
			}
		}
		return false;
	}

	/** Whether any invalidation is in flight or waiting for the store. */
	public boolean hasPending() {
		return this.pendingDataSource.get() != 0 || !this.pendingTables.isEmpty();
	}

	/** Retries pending invalidations, unless tried less than 200 ms ago. */
	public void retryPending() {
		if (this.failedDataSource.get() == 0 && this.failedTables.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastRetryNanos < RETRY_INTERVAL_NANOS) {
			return;
		}
		this.lastRetryNanos = now;
		// only invalidations the store refused are replayed; those still in flight finish by themselves
		long dataSourceGeneration = this.failedDataSource.get();
		if (dataSourceGeneration != 0) {
			if (!putDataSourceToken("retry invalidating data source")) {
				return;
			}
			if (this.failedDataSource.compareAndSet(dataSourceGeneration, 0)) {
				this.pendingDataSource.compareAndSet(dataSourceGeneration, 0);
				dataSourceTookEffect();
			}
		}
		Map<String, Long> attempt = Map.copyOf(this.failedTables);
		if (attempt.isEmpty()) {
			return;
		}
		if (!putNewTokens(attempt.keySet(), "retry invalidating tables")) {
			return;
		}
		// a table that failed again meanwhile has a newer generation and stays pending
		Set<String> done = new LinkedHashSet<>();
		attempt.forEach((table, generation) -> {
			if (this.failedTables.remove(table, generation)) {
				this.pendingTables.remove(table, generation);
				done.add(table);
			}
		});
		if (!done.isEmpty()) {
			logger.info("Cache store answers again: replayed pending invalidations of {} in data source '{}'", done,
					this.dataSourceId);
			tookEffect(done);
		}
	}

	private boolean putNewTokens(Set<String> tables, String what) {
		try {
			TableKeyGenerator generator = this.settings.tableKeyGenerator();
			Map<String, Object> tokens = new HashMap<>();
			for (String table : tables) {
				tokens.put(tableKey(generator, table), newToken());
			}
			this.store.putAll(tokens, null);
			return true;
		}
		catch (Exception ex) {
			failed(what + " " + tables, ex);
			return false;
		}
	}

	/** The key of a table's token, remembered for the generator that made it. */
	private String tableKey(TableKeyGenerator generator, String table) {
		TableKey known = this.tableKeys.get(table);
		if (known == null || known.generator != generator) {
			known = new TableKey(generator, generator.tableKey(this.keyId.get(), table));
			this.tableKeys.put(table, known);
		}
		return known.key;
	}

	/** A table's token key and the generator (a setting, which may change) that made it. */
	private record TableKey(TableKeyGenerator generator, String key) {
	}

	private boolean putDataSourceToken(String what) {
		try {
			this.store.putAll(Map.of(this.settings.tableKeyGenerator().dataSourceKey(this.keyId.get()), newToken()),
					null);
			return true;
		}
		catch (Exception ex) {
			failed(what, ex);
			return false;
		}
	}

	/** When this process last invalidated each table ({@code *} for the whole data source). */
	public Map<String, Instant> lastInvalidations() {
		return Map.copyOf(this.lastInvalidations);
	}

	/** The data source whose reads this invalidates. */
	public String dataSourceId() {
		return this.dataSourceId;
	}

	private void tookEffect(Set<String> tables) {
		Instant now = this.clock.instant();
		tables.forEach((table) -> this.lastInvalidations.put(table, now));
		this.statistics.recordInvalidations(tables.size());
		if (this.listeners.isEmpty()) {
			return;
		}
		Set<String> copy = Set.copyOf(tables);
		for (InvalidationListener listener : this.listeners) {
			try {
				listener.tablesInvalidated(this.dataSourceId, copy);
			}
			catch (Throwable ex) { // an Error too: the invalidation (and a commit before it) took effect
				logger.warn("Invalidation listener {} failed for tables {}", listener, copy, ex);
			}
		}
	}

	private void dataSourceTookEffect() {
		this.lastInvalidations.put("*", this.clock.instant());
		this.statistics.recordInvalidations(1);
		for (InvalidationListener listener : this.listeners) {
			try {
				listener.dataSourceInvalidated(this.dataSourceId);
			}
			catch (Throwable ex) { // an Error too: the invalidation (and a commit before it) took effect
				logger.warn("Invalidation listener {} failed for data source '{}'", listener, this.dataSourceId, ex);
			}
		}
	}

	private void failed(String what, Exception ex) {
		this.statistics.recordStoreFailure();
		long now = System.nanoTime();
		if (now - this.lastFailureLogNanos >= LOG_INTERVAL_NANOS) {
			this.lastFailureLogNanos = now;
			// the store, or before the data source's first connection the database (its key scope)
			logger.warn("cachalot could not {} of data source '{}'; the affected tables are read from the "
					+ "database until a retry succeeds", what, this.dataSourceId, ex);
		}
	}

}
