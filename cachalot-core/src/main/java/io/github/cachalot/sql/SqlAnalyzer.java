package io.github.cachalot.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Statically analyses SQL strings: what kind of statement, which tables are read and written,
 * and whether a read may be cached. See {@link StatementAnalysis}.
 *
 * <p>Analyses are memoized per exact SQL string in a bounded cache, so each distinct string is
 * parsed once. {@link #analyze} analyses in full on the calling thread. {@link #analyzeForExecution},
 * for a statement about to run, never parses for long there: a statement is parsed within {@value
 * #CALLER_PARSE_BUDGET_MILLIS} ms, and beyond that judged from its tokens, conservatively (a read its
 * tokens prove runs uncached, {@link UncacheableReason#NOT_YET_ANALYSED}) while its full analysis is
 * made off the caller's thread for later executions. A read with literal values in it waits for its
 * second sighting before any parse, so that SQL that never repeats (literal ids) is never parsed.
 * Thread-safe; neither method throws.
 */
public final class SqlAnalyzer {

    /** The default number of memoized analyses. */
    public static final int DEFAULT_MAX_MEMOIZED_STATEMENTS = 10_000;

    /** What JSqlParser may take on the caller's thread, per statement about to run. */
    static final long CALLER_PARSE_BUDGET_MILLIS = 1;

    /** Analyses waiting for the shared background thread, beyond which new ones are dropped. */
    private static final int MAX_QUEUED_ANALYSES = 1_024;

    private final Cache<String, StatementAnalysis> memo; // null when memoization is disabled
    private final BiFunction<String, StatementParser.Budget, StatementAnalysis> uncachedAnalysis;
    /** Runs full analyses off the caller's thread; null when every statement is analysed in full before it runs. */
    private final Executor background;
    /** What a parse may take on the caller's thread before its statement runs. */
    private final long callerBudgetMillis;
    private final Doorkeeper doorkeeper = new Doorkeeper();
    /**
     * The analyses of recently run statements, one per slot of their hash: a statement run again
     * is answered without the memo's bookkeeping (its read buffer and frequency sketch, shared by
     * every thread). Safe to read racily: an analysis depends on its SQL alone and {@link Recent}
     * is immutable.
     */
    private final Recent[] recent = new Recent[RECENT];

    /** Slots of {@link #recent}: a power of two. */
    private static final int RECENT = 1024;

    /**
     * The longest statement {@link #recent} keeps, in characters: it holds its statements beyond
     * the memo's bound, so at most 1,024 × 4 K characters; a longer statement's own parse and hash
     * dwarf what the table saves.
     */
    private static final int RECENT_MAX_LENGTH = 4_096;

    private record Recent(String sql, StatementAnalysis analysis) {
    }
    /** Statements whose background analysis is queued or running, so that each is queued once. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** Creates an analyzer memoizing up to {@value #DEFAULT_MAX_MEMOIZED_STATEMENTS} analyses. */
    public SqlAnalyzer() {
        this(DEFAULT_MAX_MEMOIZED_STATEMENTS);
    }

    /**
     * Creates an analyzer memoizing up to {@code maxMemoizedStatements} analyses, analysing off the
     * caller's thread on one shared daemon thread.
     *
     * @param maxMemoizedStatements the memo bound; 0 disables memoization (and analyses everything
     *                              on the caller's thread)
     * @throws IllegalArgumentException if negative
     */
    public SqlAnalyzer(int maxMemoizedStatements) {
        this(maxMemoizedStatements, (Executor) task -> SharedThread.EXECUTOR.execute(task));
    }

    /**
     * Creates an analyzer memoizing up to {@code maxMemoizedStatements} analyses, analysing off the
     * caller's thread with {@code background} (which may refuse tasks: they are then dropped).
     *
     * @throws IllegalArgumentException if {@code maxMemoizedStatements} is negative
     */
    public SqlAnalyzer(int maxMemoizedStatements, Executor background) {
        this(maxMemoizedStatements, background, Duration.ofMillis(CALLER_PARSE_BUDGET_MILLIS));
    }

    /**
     * As {@link #SqlAnalyzer(int)}, parsing for at most {@code callerBudget} on the caller's thread
     * (at least a millisecond) before a statement runs.
     *
     * @throws IllegalArgumentException if {@code maxMemoizedStatements} is negative
     */
    public SqlAnalyzer(int maxMemoizedStatements, Duration callerBudget) {
        this(maxMemoizedStatements, (Executor) task -> SharedThread.EXECUTOR.execute(task), callerBudget);
    }

    /**
     * As {@link #SqlAnalyzer(int, Executor)}, parsing for at most {@code callerBudget} on the
     * caller's thread (at least a millisecond) before a statement runs.
     *
     * @throws IllegalArgumentException if {@code maxMemoizedStatements} is negative
     */
    public SqlAnalyzer(int maxMemoizedStatements, Executor background, Duration callerBudget) {
        this(maxMemoizedStatements, Objects.requireNonNull(background, "background"), SqlAnalysisEngine::analyze,
                Math.max(1, callerBudget.toMillis()));
    }

    /**
     * An analyzer that analyses every statement in full on the caller's thread before it runs, so
     * that a read may be cached from its first execution, at the cost of a parse (up to seconds for
     * pathological SQL) on the caller's path the first time each string runs.
     */
    public static SqlAnalyzer synchronous(int maxMemoizedStatements) {
        return new SqlAnalyzer(maxMemoizedStatements, null, SqlAnalysisEngine::analyze);
    }

    /** For tests: a synchronous analyzer whose uncached analysis is {@code uncachedAnalysis}. */
    static SqlAnalyzer synchronous(int maxMemoizedStatements, Function<String, StatementAnalysis> uncachedAnalysis) {
        return new SqlAnalyzer(maxMemoizedStatements, null, (sql, budget) -> uncachedAnalysis.apply(sql));
    }

    /** For tests: an analyzer whose uncached analysis, given its parse budget, is {@code uncachedAnalysis}. */
    SqlAnalyzer(int maxMemoizedStatements, Executor background,
            BiFunction<String, StatementParser.Budget, StatementAnalysis> uncachedAnalysis) {
        this(maxMemoizedStatements, background, uncachedAnalysis, CALLER_PARSE_BUDGET_MILLIS);
    }

    private SqlAnalyzer(int maxMemoizedStatements, Executor background,
            BiFunction<String, StatementParser.Budget, StatementAnalysis> uncachedAnalysis, long callerBudgetMillis) {
        this.callerBudgetMillis = callerBudgetMillis;
        if (maxMemoizedStatements < 0) {
            throw new IllegalArgumentException("maxMemoizedStatements must be >= 0: " + maxMemoizedStatements);
        }
        this.uncachedAnalysis = Objects.requireNonNull(uncachedAnalysis, "uncachedAnalysis");
        this.background = background;
        // maintenance on the calling thread: a hand-off to the common pool wakes a thread per batch of reads
        this.memo = maxMemoizedStatements == 0 ? null
                : Caffeine.newBuilder().maximumSize(maxMemoizedStatements).executor(Runnable::run).build();
    }

    /**
     * Analyses {@code sql} in full. Never throws: SQL that cannot be understood (including {@code
     * null}) yields {@link StatementKind#UNKNOWN} with {@code writesUnknownTables = true}.
     *
     * @param sql the SQL string exactly as sent to the driver
     * @return the (possibly memoized) analysis
     */
    public StatementAnalysis analyze(String sql) {
        if (sql == null) {
            return StatementAnalysis.unknown();
        }
        if (memo == null) {
            return analyzeSafely(sql, fullBudget());
        }
        try {
            return memo.get(sql, text -> analyzeSafely(text, fullBudget()));
        } catch (RuntimeException e) {
            return analyzeSafely(sql, fullBudget());
        }
    }

    /**
     * Analyses {@code sql} about to run, spending at most {@value #CALLER_PARSE_BUDGET_MILLIS} ms
     * parsing on this thread: the memoized analysis when there is one; for a read its tokens prove
     * that carries literal values and was not seen before, or whose analysis is queued, one that
     * makes it run uncached ({@link UncacheableReason#NOT_YET_ANALYSED}); else the analysis within
     * that budget, and where the parser gave up, the proven read or what the tokens tell (a write's
     * tables stay known, possibly with unknown tables besides), the full analysis following off this
     * thread. Never throws.
     */
    public StatementAnalysis analyzeForExecution(String sql) {
        if (sql == null || memo == null || background == null) {
            return analyze(sql);
        }
        int slot = sql.hashCode() & (RECENT - 1);
        Recent recent = this.recent[slot];
        if (recent != null && (recent.sql == sql || recent.sql.equals(sql))) {
            return recent.analysis;
        }
        StatementAnalysis known = memo.getIfPresent(sql);
        if (known != null) {
            remember(slot, sql, known);
            return known;
        }
        SqlAnalysisEngine.ProvisionalRead read = SqlAnalysisEngine.provisionalRead(sql);
        if (read != null && ((read.carriesLiterals() && !doorkeeper.seenBefore(sql)) || pending.contains(sql))) {
            // SQL with literal values in it may never come again (a stream of them): not worth a parse
            // yet; and one the parser had no time for waits for its analysis off this thread
            return read.analysis();
        }
        StatementParser.Budget budget = new StatementParser.Budget(callerBudgetMillis);
        StatementAnalysis analysis = analyzeSafely(sql, budget);
        if (budget.exhausted()) {
            analyzeLater(sql);
            return (read != null) ? read.analysis() : analysis;
        }
        memo.put(sql, analysis);
        remember(slot, sql, analysis);
        return analysis;
    }

    /** Keeps a statement's analysis in its slot of the recent ones, unless the statement is long. */
    private void remember(int slot, String sql, StatementAnalysis analysis) {
        if (sql.length() <= RECENT_MAX_LENGTH) {
            this.recent[slot] = new Recent(sql, analysis);
        }
    }

    /** Queues the full analysis of {@code sql}, unless it is queued already or the queue is full. */
    private void analyzeLater(String sql) {
        if (!pending.add(sql)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    memo.put(sql, analyzeSafely(sql, fullBudget()));
                } finally {
                    pending.remove(sql);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(sql); // a later sighting tries again
        }
    }

    private static StatementParser.Budget fullBudget() {
        return new StatementParser.Budget(StatementParser.PARSE_BUDGET_MILLIS);
    }

    private StatementAnalysis analyzeSafely(String sql, StatementParser.Budget budget) {
        try {
            StatementAnalysis analysis = uncachedAnalysis.apply(sql, budget);
            return analysis != null ? analysis : StatementAnalysis.unknown();
        } catch (RuntimeException | StackOverflowError e) {
            return StatementAnalysis.unknown();
        }
    }

    /** The lazily started daemon thread that analyses for every analyzer made without an executor. */
    private static final class SharedThread {

        static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_ANALYSES), runnable -> {
                    Thread thread = new Thread(runnable, "cachalot-sql-analysis");
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }
}
