package io.github.cachalot.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * under is unchanged, so no clock is compared (a store may keep a token no reader has fetched
 * since it was written, under which nothing is stored). An invalidation the store fails to take is
 * kept as pending: reads of those tables go to the database until a retry succeeds.
 * <p>
 * With a shared store, a write also <em>announces</em> its tables before it commits (a lease that
 * keeps every process off them until the invalidation after the commit, or until it runs out), so
 * that losing the invalidation after the commit never leaves another process trusting old results.
 */
public final class TableInvalidator {

	private static final Logger logger = LoggerFactory.getLogger(TableInvalidator.class);

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	/**
	 * Sends announcements while the transaction goes on; when all its threads are busy, the caller
	 * sends its own.
	 */
	private static final ExecutorService ANNOUNCER = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS,
			new SynchronousQueue<>(), (task) -> {
				Thread thread = new Thread(task, "cachalot-announce");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.CallerRunsPolicy());

	/** How many tables {@link #lastInvalidations()} remembers: the most recently invalidated ones. */
	public static final int MAX_REMEMBERED_INVALIDATIONS = 1_000;

	private final String dataSourceId;

	/** What token keys are built from: the data source's database (its invalidation domain). */
	private final Supplier<String> keyId;

	private final CacheStore store;

	private final CachalotSettings settings;

	private final CachalotStatistics statistics;

	private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

	/** Tables whose invalidation is in flight or failed, with the generation of the latest attempt. */
	private final Map<String, Long> pendingTables = new ConcurrentHashMap<>();

	/** The generation of an in-flight or failed data source invalidation, 0 when none. */
	private final AtomicLong pendingDataSource = new AtomicLong();

	/** The tables whose invalidation the store refused, with their generation and lease: only these are retried. */
	private final Map<String, Failed> failedTables = new ConcurrentHashMap<>();

	/** The generation of a data source invalidation the store refused, or 0. */
	private final AtomicLong failedDataSource = new AtomicLong();

	/** The lease of the data source invalidation the store refused. */
	private volatile long failedDataSourceLease;

	private final AtomicLong generations = new AtomicLong();

	/** Whether any invalidation was attempted. */
	private volatile boolean invalidated;

	private volatile long lastRetryNanos;

	private volatile long lastFailureLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

	private final RecentInvalidations lastInvalidations = new RecentInvalidations(MAX_REMEMBERED_INVALIDATIONS);

	/** The token key of each table invalidated (a key generator concatenates on every call). */
	private final BoundedMemo<String, TableKey> tableKeys = new BoundedMemo<>(10_000);

	private final Clock clock;

	/** An invalidator whose token keys are built from the data source's name itself. */
	public TableInvalidator(String dataSourceId, CacheStore store, CachalotSettings settings,
			CachalotStatistics statistics) {
		this(dataSourceId, () -> dataSourceId, store, settings, statistics, Clock.systemUTC());
	}

	/**
	 * An invalidator whose token keys are built from {@code keyId} (the data source's database),
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
		return invalidate(tables, 0);
	}

	/**
	 * Invalidates the given tables written under a lease (0 for none), ending it; returns whether
	 * the store took it. Until it does, the tables count as pending, so that reads of them bypass
	 * the cache (on a shared store from the start, on an in-process one once it failed), and a
	 * later call retries.
	 */
	public boolean invalidate(Set<String> tables, long leaseId) {
		if (tables.isEmpty()) {
			return true;
		}
		if (!this.invalidated) {
			this.invalidated = true;
		}
		// while a shared store takes it (a round trip), reads of these tables bypass; an in-process
		// store takes it at once, and marking there would only make concurrent writers of one table
		// wait on each other's map lock
		boolean inFlight = this.store.isShared();
		// a generation orders invalidations of one table for the pending ones only: none in the
		// usual in-process case, where writers then share no counter
		long generation = (inFlight || !this.pendingTables.isEmpty()) ? this.generations.incrementAndGet() : 0;
		if (inFlight) {
			long marked = generation;
			tables.forEach((table) -> this.pendingTables.put(table, marked));
		}
		if (!storeInvalidate(tables, leaseId, "invalidate tables")) {
			// taken after the attempt when none was: an invalidation that began before this one
			// failed then never supersedes it
			long failed = (generation != 0) ? generation : this.generations.incrementAndGet();
			// only while still pending: a newer invalidation that succeeded meanwhile supersedes this one
			tables.forEach((table) -> {
				if (!inFlight) {
					this.pendingTables.merge(table, failed, Math::max);
				}
				if (Long.valueOf(failed).equals(this.pendingTables.get(table))) {
					this.failedTables.put(table, new Failed(failed, leaseId));
				}
			});
			return false;
		}
		if (generation != 0) {
			succeeded(tables, generation, inFlight);
		}
		tookEffect(tables);
		return true;
	}

	/** Ends what a successful invalidation of the given generation supersedes. */
	private void succeeded(Set<String> tables, long generation, boolean inFlight) {
		tables.forEach((table) -> {
			if (inFlight) {
				this.pendingTables.remove(table, generation);
			}
			else {
				// an older failure is superseded; an older invalidation still in flight (the store
				// became shared meanwhile) is not
				Failed failed = this.failedTables.get(table);
				if (failed != null && failed.generation < generation) {
					this.pendingTables.remove(table, failed.generation);
				}
			}
			// this newer invalidation supersedes one that failed before it
			this.failedTables.computeIfPresent(table, (key, failed) -> (failed.generation < generation) ? null : failed);
		});
	}

	/** Whether this data source has invalidated anything since it was created. */
	public boolean hasInvalidated() {
		return this.invalidated;
	}

	/** Invalidates every cached read of the data source; returns whether the store took it. */
	public boolean invalidateDataSource() {
		return invalidateDataSource(0);
	}

	/**
	 * Invalidates every cached read of the data source after a write of unknown tables under a lease
	 * (0 for none), ending it; returns whether the store took it.
	 */
	public boolean invalidateDataSource(long leaseId) {
		this.invalidated = true;
		long generation = this.generations.incrementAndGet();
		this.pendingDataSource.set(generation);
		if (!storeInvalidateDataSource(leaseId, "invalidate data source")) {
			if (this.pendingDataSource.get() == generation) {
				this.failedDataSourceLease = leaseId;
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
	 * Announces to the store, before a commit, that the given tables (or, when {@code everything},
	 * all of them) are being written under a lease, so that no process trusts or stores reads of
	 * them until {@link #invalidate(Set, long)} ends the lease. Throws what the store threw.
	 */
	public void announce(Set<String> tables, boolean everything, long leaseId, Duration lease) {
		TableKeyGenerator generator = this.settings.tableKeyGenerator();
		String[] keys;
		if (everything) {
			keys = new String[] { generator.dataSourceKey(this.keyId.get()) };
		}
		else {
			keys = new String[tables.size()];
			int i = 0;
			for (String table : tables) {
				keys[i++] = tableKey(generator, table);
			}
		}
		try {
			this.store.announce(keys, leaseId, lease);
		}
		catch (RuntimeException ex) {
			this.statistics.recordStoreFailure();
			throw ex;
		}
	}

	/**
	 * Sends, without waiting, the announcement of the writes a transaction has not announced yet;
	 * {@link #awaitAnnounced} waits for it before the commit.
	 */
	public void announceLater(Announcement announcement, Set<String> tables, boolean everything, Duration lease) {
		if (announcement.covers(tables, everything)) {
			return;
		}
		Set<String> copy = Set.copyOf(tables);
		long leaseId = announcement.leaseId();
		announcement.sent(copy, everything,
				CompletableFuture.runAsync(() -> announce(copy, everything, leaseId, lease), ANNOUNCER),
				System.nanoTime());
	}

	/**
	 * Before a commit: waits for the transaction's announcements, sends again those that failed,
	 * and renews all of them when half the lease has passed since they were sent, so that the lease
	 * outlasts the commit. Throws what the store threw when they could not be made.
	 */
	public void awaitAnnounced(Announcement announcement, Duration lease) {
		if (announcement.isEmpty()) {
			return;
		}
		boolean failed;
		try {
			announcement.inFlight().get(lease.toNanos() / 2, TimeUnit.NANOSECONDS);
			failed = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed = true;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			failed = true;
		}
		long now = System.nanoTime();
		if (failed || now - announcement.sentNanos() > lease.toNanos() / 2) {
			announce(announcement.tables(), announcement.everything(), announcement.leaseId(), lease);
		}
		announcement.confirmed(now);
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
			if (!storeInvalidateDataSource(this.failedDataSourceLease, "retry invalidating data source")) {
				return;
			}
			if (this.failedDataSource.compareAndSet(dataSourceGeneration, 0)) {
				this.pendingDataSource.compareAndSet(dataSourceGeneration, 0);
				dataSourceTookEffect();
			}
		}
		Map<String, Failed> attempt = Map.copyOf(this.failedTables);
		if (attempt.isEmpty()) {
			return;
		}
		// each table's lease is ended by its own writer's id
		Map<Long, Set<String>> byLease = new HashMap<>();
		attempt.forEach((table, failed) -> byLease.computeIfAbsent(failed.leaseId, (lease) -> new LinkedHashSet<>())
			.add(table));
		for (Map.Entry<Long, Set<String>> group : byLease.entrySet()) {
			if (!storeInvalidate(group.getValue(), group.getKey(), "retry invalidating tables")) {
				return;
			}
		}
		// a table that failed again meanwhile has a newer generation and stays pending
		Set<String> done = new LinkedHashSet<>();
		attempt.forEach((table, failed) -> {
			if (this.failedTables.remove(table, failed)) {
				this.pendingTables.remove(table, failed.generation);
				done.add(table);
			}
		});
		if (!done.isEmpty()) {
			logger.info("Cache store answers again: replayed pending invalidations of {} in data source '{}'", done,
					this.dataSourceId);
			tookEffect(done);
		}
	}

	private boolean storeInvalidate(Set<String> tables, long leaseId, String what) {
		try {
			TableKeyGenerator generator = this.settings.tableKeyGenerator();
			String[] keys = new String[tables.size()];
			int i = 0;
			for (String table : tables) {
				keys[i++] = tableKey(generator, table);
			}
			this.store.invalidate(keys, leaseId);
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

	private boolean storeInvalidateDataSource(long leaseId, String what) {
		try {
			this.store.invalidate(new String[] { this.settings.tableKeyGenerator().dataSourceKey(this.keyId.get()) },
					leaseId);
			return true;
		}
		catch (Exception ex) {
			failed(what, ex);
			return false;
		}
	}

	/** A refused invalidation of a table: its generation, and the lease its retry ends. */
	private record Failed(long generation, long leaseId) {
	}

	/**
	 * When this process last invalidated each table ({@code *} for the whole data source), for the
	 * {@value #MAX_REMEMBERED_INVALIDATIONS} most recently invalidated.
	 */
	public Map<String, Instant> lastInvalidations() {
		return this.lastInvalidations.snapshot();
	}

	/** The data source whose reads this invalidates. */
	public String dataSourceId() {
		return this.dataSourceId;
	}

	private void tookEffect(Set<String> tables) {
		long now = this.clock.millis();
		for (String table : tables) {
			this.lastInvalidations.record(table, now);
		}
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
		this.lastInvalidations.record("*", this.clock.millis());
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
