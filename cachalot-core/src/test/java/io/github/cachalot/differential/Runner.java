package io.github.cachalot.differential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * Replays a history on both sides and compares every step. Each run starts from scratch: both
 * databases are emptied and rebuilt from the schema, new pools are opened, and side A gets a new
 * cachalot with an empty cache. Side A goes through cachalot (or, for the self-test, through a
 * plain pool too); side B is a plain pool and is the oracle.
 *
 * <p>The two sides of one step run at the same time on two threads (each side always on its own
 * thread), so that a lock wait that times out costs the wait once; within a side the history is
 * strictly sequential, which makes every lock wait end in a timeout, the same on both sides.
 *
 * <p>After every step that is not a read, the freshness oracle reads the largest committed
 * {@code ver} of every table on side B through a separate autocommit connection. A {@code SELECT
 * max(ver)} read made in autocommit must return exactly that: a read may not miss a commit that
 * returned before it began.
 */
final class Runner implements AutoCloseable {

	enum FailureKind {
		/** The two sides answered the same step differently. */
		MISMATCH,
		/** Side A's autocommit read missed a commit that had returned before it began. */
		STALE_READ,
		/** Side B disagreed with its own committed state: a bug of the checker, not of cachalot. */
		ORACLE_INCONSISTENT,
		/** A step did not finish. */
		HANG
	}

	/** {@code aFromCache}: side A's answer to the failing step came from the cache (the database never saw it). */
	record Failure(int step, FailureKind kind, Action action, Outcome a, Outcome b, String detail, boolean aFromCache) {

		Failure(int step, FailureKind kind, Action action, Outcome a, Outcome b, String detail) {
			this(step, kind, action, a, b, detail, false);
		}

		Failure answeredFromCache(boolean fromCache) {
			return new Failure(this.step, this.kind, this.action, this.a, this.b, this.detail, fromCache);
		}

	}

	record Step(Action action, Outcome a, Outcome b) {
	}

	/** {@code statistics}: what side A's cache did (hits, misses, reasons it bypassed), or null for the self-test. */
	record Result(Failure failure, List<Step> trace, long millis, io.github.cachalot.CachalotStatistics statistics) {
	}

	private static final long STEP_TIMEOUT_SECONDS = 60;

	/** {@code -Dcachalot.diff.profile=true} prints where the time of each run went. */
	private static final boolean PROFILE = Boolean.getBoolean("cachalot.diff.profile");

	private final Map<String, Long> profile = new java.util.TreeMap<>();

	private final DiffDatabase database;

	private final Schema schema;

	private final boolean plainOnBothSides;

	private final ExecutorService threadA = Executors.newSingleThreadExecutor(r -> daemon(r, "diff-side-a"));

	private final ExecutorService threadB = Executors.newSingleThreadExecutor(r -> daemon(r, "diff-side-b"));

	Runner(DiffDatabase database, Schema schema, boolean plainOnBothSides) {
		this(database, schema, plainOnBothSides, () -> io.github.cachalot.sql.SqlAnalyzer.synchronous(1_000));
	}

	/** A runner whose cachalot side analyses SQL with a new analyzer of {@code analyzers} per run. */
	Runner(DiffDatabase database, Schema schema, boolean plainOnBothSides,
			java.util.function.Supplier<io.github.cachalot.sql.SqlAnalyzer> analyzers) {
		this.database = database;
		this.schema = schema;
		this.plainOnBothSides = plainOnBothSides;
		this.analyzers = analyzers;
	}

	private final java.util.function.Supplier<io.github.cachalot.sql.SqlAnalyzer> analyzers;

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	Result run(List<Action> history) {
		long start = System.nanoTime();
		try {
			Future<?> prepareA = this.threadA.submit(() -> prepare(DiffDatabase.SIDE_A));
			Future<?> prepareB = this.threadB.submit(() -> prepare(DiffDatabase.SIDE_B));
			prepareA.get();
			prepareB.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot create the schema on " + this.database + ": " + this.schema.describe(), ex);
		}
		if (PROFILE) {
			this.profile.put("setup", (System.nanoTime() - start) / 1000);
		}
		int poolSize = this.schema.connections + 2;
		List<Step> trace = new ArrayList<>();
		Failure failure = null;
		io.github.cachalot.CachalotStatistics statistics = null;
		try (HikariDataSource poolA = this.database.pool(DiffDatabase.SIDE_A, poolSize);
				HikariDataSource poolB = this.database.pool(DiffDatabase.SIDE_B, poolSize);
				Connection oracle = this.database.open(DiffDatabase.SIDE_B)) {
			DataSource dataSourceA = this.plainOnBothSides ? poolA
					: Cachalot.builder().settings(new MutableCachalotSettings()).store(new CaffeineCacheStore())
						.sqlAnalyzer(this.analyzers.get()).build()
						.wrap(poolA, "differential");
			if (dataSourceA instanceof io.github.cachalot.jdbc.CachingDataSource caching) {
				statistics = caching.statistics();
			}
			Side a = new Side("A", dataSourceA, this.database.postgres(), this.schema.connections);
			Side b = new Side("B", poolB, this.database.postgres(), this.schema.connections);
			Map<String, String> committed = committedVersions(oracle);
			Map<String, Integer> committedAt = new HashMap<>();
			try {
				for (int i = 0; i < history.size() && failure == null; i++) {
					Action action = history.get(i);
					long hitsBefore = (statistics != null) ? statistics.hits() : 0;
					Future<Outcome> futureA = this.threadA.submit(() -> a.execute(action));
					Future<Outcome> futureB = this.threadB.submit(() -> b.execute(action));
					long stepStart = System.nanoTime();
					Outcome outcomeA;
					Outcome outcomeB;
					try {
						outcomeA = futureA.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
						outcomeB = futureB.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
					}
					catch (TimeoutException ex) {
						failure = new Failure(i, FailureKind.HANG, action, null, null, "no answer within " + STEP_TIMEOUT_SECONDS + " s");
						break;
					}
					trace.add(new Step(action, outcomeA, outcomeB));
					if (PROFILE) {
						String key = action.kind() + (outcomeB.isError() ? " " + outcomeB.toString().split(" ")[1] : "");
						this.profile.merge(key, (System.nanoTime() - stepStart) / 1000, Long::sum);
					}
					failure = compare(i, action, outcomeA, outcomeB, b, committed, committedAt);
					if (failure != null && statistics != null) {
						failure = failure.answeredFromCache(statistics.hits() > hitsBefore);
					}
					if (failure == null && !action.isRead()) {
						Map<String, String> now = committedVersions(oracle);
						for (Map.Entry<String, String> entry : now.entrySet()) {
							if (!entry.getValue().equals(committed.get(entry.getKey()))) {
								committedAt.put(entry.getKey(), i);
							}
						}
						committed = now;
					}
				}
			}
			finally {
				Future<?> closeA = this.threadA.submit(a::closeAll);
				Future<?> closeB = this.threadB.submit(b::closeAll);
				closeA.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
				closeB.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			if (failure == null) {
				throw new IllegalStateException("the run on " + this.database + " broke down", ex);
			}
		}
		if (PROFILE) {
			System.out.println("profile (microseconds per kind of step): " + this.profile);
			this.profile.clear();
		}
		return new Result(failure, trace, (System.nanoTime() - start) / 1_000_000, statistics);
	}

	private Failure compare(int step, Action action, Outcome a, Outcome b, Side sideB, Map<String, String> committed,
			Map<String, Integer> committedAt) {
		if (action.probedTable() >= 0 && sideB.plainAutoCommit(action.connection())) {
			String table = this.schema.table(action.probedTable()).name();
			String expected = committed.get(table);
			String since = committedAt.containsKey(table) ? " (committed by step " + committedAt.get(table) + ")" : " (initial data)";
			if (!expected.equals(b.singleValue())) {
				return new Failure(step, FailureKind.ORACLE_INCONSISTENT, action, a, b,
						"side B's autocommit read of " + table + " is not its committed max(ver) " + expected + since);
			}
			if (!expected.equals(a.singleValue())) {
				return new Failure(step, FailureKind.STALE_READ, action, a, b,
						"autocommit read of max(ver) of " + table + " on side A returned " + a + ", but max(ver) = " + expected
								+ " was committed before the read began" + since);
			}
		}
		if (!a.equals(b)) {
			return new Failure(step, FailureKind.MISMATCH, action, a, b, null);
		}
		return null;
	}

	private Map<String, String> committedVersions(Connection oracle) throws SQLException {
		Map<String, String> versions = new HashMap<>();
		try (Statement statement = oracle.createStatement(); ResultSet rs = statement.executeQuery(this.schema.versionsQuery())) {
			while (rs.next()) {
				Object value = rs.getObject(2);
				versions.put(rs.getString(1), (value == null) ? "NULL" : Long.toString(((Number) value).longValue()));
			}
		}
		return versions;
	}

	/** Empties the database and creates the schema and its data (in one transaction where DDL is transactional). */
	private Void prepare(String databaseName) throws SQLException {
		try (Connection connection = this.database.open(databaseName); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(!this.database.postgres());
			this.database.dropEverything(connection, databaseName);
			for (String sql : this.schema.statements()) {
				try {
					statement.execute(sql);
				}
				catch (SQLException ex) {
					throw new SQLException(ex.getMessage() + " in: " + sql, ex.getSQLState(), ex);
				}
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.threadA.shutdownNow();
		this.threadB.shutdownNow();
	}

}
