package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * Runs JSqlParser in the caller's thread ({@code CCJSqlParserUtil.parse} would start a thread per
 * call) and retries with more permissive features when the plain parse fails: complex parsing
 * (only for SQL nested at most {@link CCJSqlParserUtil#ALLOWED_NESTING_DEPTH} deep, as JSqlParser
 * itself does), backslash escapes in string literals (MySQL) and square-bracket identifiers.
 *
 * <p>JSqlParser backtracks exponentially on some inputs (a few unbalanced parentheses can take
 * minutes), so SQL with unbalanced parentheses is not parsed at all, and all attempts on one
 * statement share a time budget: a single shared daemon watchdog thread raises the parser's own
 * {@code interrupted} flag when the budget is spent, which makes it give up promptly. A parse that
 * gives up is treated like unparseable SQL (conservatively).
 */
final class StatementParser {

    /** Time budget for all parse attempts of one statement; generous, as 10 000-element IN lists take seconds. */
    static final long PARSE_BUDGET_MILLIS = 10_000;

    private StatementParser() {
    }

    /** Parses the scanned SQL into its statements, or returns {@code null} if it cannot be parsed in time. */
    static List<Statement> parse(SqlLexer.Scan scan) {
        return parse(scan, new Budget(PARSE_BUDGET_MILLIS));
    }

    /** As {@link #parse(SqlLexer.Scan)}, within what remains of {@code budget}. */
    static List<Statement> parse(SqlLexer.Scan scan, Budget budget) {
        int depth = scan.parenthesesDepth();
        if (depth < 0) {
            return null;
        }
        String sql = scan.sql();
        long deadline = budget.deadline;
        boolean complex = depth <= CCJSqlParserUtil.ALLOWED_NESTING_DEPTH;
        List<Statement> statements = attempt(sql, false, false, false, deadline);
        if (statements == null && complex) {
            statements = attempt(sql, true, false, false, deadline);
        }
        if (statements == null && sql.indexOf('\\') >= 0) {
            statements = attempt(sql, complex, true, false, deadline);
        }
        if (statements == null && sql.indexOf('[') >= 0) {
            statements = attempt(sql, complex, false, true, deadline);
        }
        if (statements == null && System.nanoTime() - deadline >= 0) {
            budget.markExhausted(); // it might have parsed with more time
        }
        return statements;
    }

    private static List<Statement> attempt(String sql, boolean complexParsing, boolean backslashEscapes,
            boolean squareBrackets, long deadline) {
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
            return null;
        }
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql)
                .withAllowComplexParsing(complexParsing)
                .withBackslashEscapeCharacter(backslashEscapes)
                .withSquareBracketQuotation(squareBrackets);
        ScheduledFuture<?> watchdog = Watchdog.EXECUTOR.schedule(
                () -> parser.interrupted = true, remainingNanos, TimeUnit.NANOSECONDS);
        try {
            Statements statements = parser.Statements();
            if (parser.interrupted) {
                return null;
            }
            List<Statement> result = new ArrayList<>(statements.size());
            for (Statement statement : statements) {
                if (statement != null) {
                    result.add(statement);
                }
            }
            return result;
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return null;
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * The time all parses of one analysis may take, from its creation; records whether a parse
     * gave up for lack of it (the analysis is then less precise than it could be).
     */
    static final class Budget {

        final long millis;
        private final long deadline;
        private boolean exhausted;

        Budget(long millis) {
            this.millis = millis;
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        }

        /** Whether some parse gave up because the budget was spent. */
        boolean exhausted() {
            return exhausted;
        }

        void markExhausted() {
            exhausted = true;
        }
    }

    /** The lazily started, shared watchdog thread. */
    private static final class Watchdog {

        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "cachalot-sql-parse-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
