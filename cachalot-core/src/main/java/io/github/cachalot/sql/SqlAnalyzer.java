package io.github.cachalot.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.function.Function;

/**
 * Statically analyses SQL strings: what kind of statement, which tables are read and written,
 * and whether a read may be cached. See {@link StatementAnalysis}.
 *
 * <p>Analyses are memoized per exact SQL string in a bounded cache, so each distinct string is
 * parsed once. Parsing happens in the calling thread. Thread-safe; {@link #analyze} never throws.
 */
public final class SqlAnalyzer {

    /** The default number of memoized analyses. */
    public static final int DEFAULT_MAX_MEMOIZED_STATEMENTS = 10_000;

    private final Cache<String, StatementAnalysis> memo; // null when memoization is disabled
    private final Function<String, StatementAnalysis> uncachedAnalysis;

    /** Creates an analyzer memoizing up to {@value #DEFAULT_MAX_MEMOIZED_STATEMENTS} analyses. */
    public SqlAnalyzer() {
        this(DEFAULT_MAX_MEMOIZED_STATEMENTS);
    }

    /**
     * Creates an analyzer memoizing up to {@code maxMemoizedStatements} analyses.
     *
     * @param maxMemoizedStatements the memo bound; 0 disables memoization
     * @throws IllegalArgumentException if negative
     */
    public SqlAnalyzer(int maxMemoizedStatements) {
        this(maxMemoizedStatements, SqlAnalysisEngine::analyze);
    }

    /** For tests: an analyzer whose uncached analysis is {@code uncachedAnalysis}. */
    SqlAnalyzer(int maxMemoizedStatements, Function<String, StatementAnalysis> uncachedAnalysis) {
        if (maxMemoizedStatements < 0) {
            throw new IllegalArgumentException("maxMemoizedStatements must be >= 0: " + maxMemoizedStatements);
        }
        this.uncachedAnalysis = Objects.requireNonNull(uncachedAnalysis, "uncachedAnalysis");
        // maintenance on the calling thread: a hand-off to the common pool wakes a thread per batch of reads
        this.memo = maxMemoizedStatements == 0 ? null
                : Caffeine.newBuilder().maximumSize(maxMemoizedStatements).executor(Runnable::run).build();
    }

    /**
     * Analyses {@code sql}. Never throws: SQL that cannot be understood (including {@code null})
     * yields {@link StatementKind#UNKNOWN} with {@code writesUnknownTables = true}.
     *
     * @param sql the SQL string exactly as sent to the driver
     * @return the (possibly memoized) analysis
     */
    public StatementAnalysis analyze(String sql) {
        if (sql == null) {
            return StatementAnalysis.unknown();
        }
        if (memo == null) {
            return analyzeSafely(sql);
        }
        try {
            return memo.get(sql, this::analyzeSafely);
        } catch (RuntimeException e) {
            return analyzeSafely(sql);
        }
    }

    private StatementAnalysis analyzeSafely(String sql) {
        try {
            StatementAnalysis analysis = uncachedAnalysis.apply(sql);
            return analysis != null ? analysis : StatementAnalysis.unknown();
        } catch (RuntimeException | StackOverflowError e) {
            return StatementAnalysis.unknown();
        }
    }
}
