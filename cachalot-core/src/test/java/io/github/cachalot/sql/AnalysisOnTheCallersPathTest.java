package io.github.cachalot.sql;

import static io.github.cachalot.sql.StatementKind.READ;
import static io.github.cachalot.sql.StatementKind.WRITE;
import static io.github.cachalot.sql.UncacheableReason.NOT_YET_ANALYSED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A statement about to run costs its caller no parse beyond {@value SqlAnalyzer#CALLER_PARSE_BUDGET_MILLIS}
 * ms: a never-seen read with literal values in it runs uncached until it is seen again (a stream of
 * literal SQL is never parsed); any other statement is parsed within that budget, and what the parser
 * has no time for is judged from its tokens (a read runs uncached) and analysed off the caller's
 * thread. Time is never
 * measured here: the analyzer's engine is observed (was it called, with which budget) and its
 * background executor run by hand.
 */
class AnalysisOnTheCallersPathTest {

    /** Background tasks, run when the test says. */
    private final Deque<Runnable> queued = new ArrayDeque<>();

    /** The budget of every analysis the analyzer asked for, in order. */
    private final List<Long> budgets = new ArrayList<>();

    /**
     * How long the engine really parses, whatever budget the analyzer asked for (recorded in {@link
     * #budgets}): short, so that pathological SQL gives up quickly; 0 or long to decide whether a
     * parse gives up, whatever the machine's load.
     */
    private long parseMillis = 50;

    private final SqlAnalyzer analyzer = new SqlAnalyzer(100, (Executor) this.queued::add, (sql, budget) -> {
        this.budgets.add(budget.millis);
        StatementParser.Budget real = new StatementParser.Budget(this.parseMillis);
        StatementAnalysis analysis = SqlAnalysisEngine.analyze(sql, real);
        if (real.exhausted()) {
            budget.markExhausted();
        }
        return analysis;
    });

    private void runBackgroundAnalyses() {
        while (!this.queued.isEmpty()) {
            this.queued.poll().run();
        }
    }

    static String nested(int depth) {
        return "SELECT * FROM books WHERE id = " + "(".repeat(depth) + "SELECT max(id) FROM authors"
                + ")".repeat(depth);
    }

    /** The statements of issue 18 that JSqlParser takes seconds (or forever) on, and 64 KB ones. */
    static Stream<String> pathologicalReads() {
        return Stream.of(
                nested(8), nested(10), nested(12), nested(20),
                // about 145 characters of nested arithmetic
                "SELECT b.id, ((((((((((b.price + 1) * 2) - 3) / 4) + 5) * 6) - 7) / 8) + 9) * 10) AS p "
                        + "FROM books b JOIN authors a ON a.id = b.author_id WHERE b.id > 0",
                "SELECT * FROM books WHERE id IN (" + numbers(10_000, ", ") + ")",
                "SELECT * FROM books WHERE " + IntStream.range(0, 10_000).mapToObj(i -> "id <> " + i)
                        .collect(Collectors.joining(" AND ")),
                "SELECT title " + " || 'x'".repeat(20_000) + " FROM books",
                "SELECT * FROM books WHERE id IN (" + "?, ".repeat(69_999) + "?)",
                "SELECT * FROM books WHERE id IN (" + numbers(12_000, ",") + ")", // 64 KB
                "SELECT " + "lower(".repeat(10_000) + "title" + ")".repeat(10_000) + " FROM books", // 64 KB of calls
                "SELECT * FROM books WHERE " + "(".repeat(30_000) + "id = 1" + ")".repeat(30_000)); // 60 KB deep
    }

    private static String numbers(int count, String separator) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(separator));
    }

    @Nested
    class NeverSeenReads {

        @ParameterizedTest(name = "[{index}]")
        @MethodSource("io.github.cachalot.sql.AnalysisOnTheCallersPathTest#pathologicalReads")
        void runUncachedAtOnceWithNoParseBeyondTheSmallBudget(String sql) {
            parseMillis = 0; // whatever the parser would take, it has no time
            StatementAnalysis first = analyzer.analyzeForExecution(sql);

            assertThat(budgets).as("at most the small budget on the caller's thread")
                    .hasSizeLessThanOrEqualTo(1).allMatch(budget -> budget == SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            assertThat(first.kind()).isEqualTo(READ);
            assertThat(first.writesUnknownTables()).isFalse();
            assertThat(first.uncacheableReasons()).contains(NOT_YET_ANALYSED);
            assertThat(first.readTables()).contains("books");
        }

        @ParameterizedTest(name = "[{index}]")
        @MethodSource("io.github.cachalot.sql.AnalysisOnTheCallersPathTest#pathologicalReads")
        void areAnalysedOffTheCallersThreadAsReadsThatWriteNothing(String sql) {
            parseMillis = 0;
            analyzer.analyzeForExecution(sql);
            analyzer.analyzeForExecution(sql);
            analyzer.analyzeForExecution(sql);
            assertThat(budgets).as("one small budget, not one per execution while the analysis is queued")
                    .containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            parseMillis = 50;
            runBackgroundAnalyses();

            StatementAnalysis analysed = analyzer.analyzeForExecution(sql);
            assertThat(budgets).containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS,
                    StatementParser.PARSE_BUDGET_MILLIS);
            assertThat(analysed.kind()).isEqualTo(READ);
            assertThat(analysed.writesUnknownTables()).as("invalidate-raw must not flush for it").isFalse();
            assertThat(analysed.uncacheableReasons()).doesNotContain(NOT_YET_ANALYSED);
            assertThat(analysed.readTables()).contains("books");
        }

        @Test
        void withLiteralValuesAreParsedFromTheirSecondSightingOnlySoThatSqlThatNeverRepeatsIsNeverParsed() {
            for (int i = 0; i < 1_000; i++) {
                StatementAnalysis first = analyzer.analyzeForExecution("SELECT * FROM books WHERE id = " + i);
                assertThat(first.uncacheableReasons()).contains(NOT_YET_ANALYSED);
            }
            assertThat(budgets).as("none taken for seen before").isEmpty();

            String repeated = "SELECT * FROM books WHERE title = 'x'";
            analyzer.analyzeForExecution(repeated);
            assertThat(budgets).isEmpty();
            StatementAnalysis second = analyzer.analyzeForExecution(repeated);
            StatementAnalysis third = analyzer.analyzeForExecution(repeated);
            assertThat(budgets).as("parsed once, within the small budget").containsExactly(
                    SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            assertThat(second.isCacheableRead()).isTrue();
            assertThat(third).isSameAs(second);
            assertThat(queued).isEmpty();
        }

        @Test
        void withoutLiteralValuesAreParsedWithinTheSmallBudgetAtTheFirstExecution() {
            String sql = "SELECT * FROM books WHERE author_id = ? AND title = ?";
            StatementAnalysis first = analyzer.analyzeForExecution(sql);

            assertThat(budgets).containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            assertThat(first.isCacheableRead()).as("cached from its first execution").isTrue();
            assertThat(queued).isEmpty();
        }

        @Test
        void oneTheExecutorRefusesIsQueuedAgainLater() {
            List<Runnable> accepted = new ArrayList<>();
            boolean[] refuse = {true};
            SqlAnalyzer refusing = new SqlAnalyzer(100, task -> {
                if (refuse[0]) {
                    throw new RejectedExecutionException("full");
                }
                accepted.add(task);
            }, (sql, budget) -> {
                StatementParser.Budget real = new StatementParser.Budget(refuse[0] || accepted.isEmpty() ? 0 : 50);
                StatementAnalysis analysis = SqlAnalysisEngine.analyze(sql, real);
                if (real.exhausted()) {
                    budget.markExhausted();
                }
                return analysis;
            });
            String sql = "SELECT * FROM books";
            refusing.analyzeForExecution(sql);
            refusing.analyzeForExecution(sql);
            refuse[0] = false;
            refusing.analyzeForExecution(sql);
            assertThat(accepted).hasSize(1);
            accepted.get(0).run();

            assertThat(refusing.analyzeForExecution(sql).isCacheableRead()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books FOR UPDATE",
            "SELECT * FROM books LOCK IN SHARE MODE",
            "SELECT make_title(1) FROM books",
            "SELECT set_config('search_path', 'x', false)",
            "WITH d AS (DELETE FROM books RETURNING *) SELECT * FROM d",
            "SELECT * INTO copy FROM books",
            "SELECT 1; DELETE FROM books",
            "SELECT '\\'' ; DELETE FROM books; -- '",
            "SELECT \"a\\\" FROM books",
            "SELECT @a := 1",
            "SELECT title +++ 1 FROM books",
            "SELECT 1 # a comment in MariaDB\nFROM books",
            "SELECT 1 --x\nFROM books",
            "SELECT /*! sleep(1), */ 1 FROM books",
            "SELECT $$x$$ FROM books",
            "{call p()}",
            "SELECT * FROM FINAL TABLE (INSERT INTO books VALUES (1))",
            "SELECT update FROM books",
            "SELECT (1 FROM books",
            // PostgreSQL nests comments: the call is outside them there
            "SELECT id /* old /* v1 */ it's gone */, log_access(id) FROM books WHERE title = 'x'",
            "SELECT tags[1:audit_touch(id)] FROM books WHERE id = 7",
            "SELECT 9lives(id) FROM books",
            "SELECT 0x1f(id) FROM books",
            // words that may name a user function in PostgreSQL
            "SELECT last(price) FROM books WHERE id = 42",
            "SELECT minus(1) FROM books",
            "SELECT convert(title) FROM books",
            "SELECT like(title, 'x') FROM books",
            "SELECT join(1) FROM books",
            "SELECT a.id, join(1) FROM books a",
            "SELECT over(1) FROM books",
            "SELECT count(*) FILTER (WHERE id > 0), filter(id) FROM books",
            "SELECT last\u2003(price) FROM books",
        })
        void areProvenReadsOnlyWhenNothingCouldWrite(String sql) {
            StatementAnalysis analysis = analyzer.analyzeForExecution(sql);
            assertThat(analysis.uncacheableReasons()).doesNotContain(NOT_YET_ANALYSED);
            assertThat(budgets).as("analysed on the caller's thread, within the small budget")
                    .containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
        }
    }

    @Nested
    class ProvenReads {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT count(*) OVER (PARTITION BY author_id ORDER BY id) FROM books WHERE id > 1",
            "SELECT count(*) FILTER (WHERE id > 1) FROM books",
            "SELECT b.id FROM books b JOIN (SELECT id FROM authors) a ON a.id = b.id WHERE b.id = 2",
            "SELECT id FROM books WHERE title LIKE 'a%' AND price > 1.5e3",
            "SELECT id /* a comment */ FROM books WHERE id = 3",
        })
        void includeWindowsFiltersJoinedSubqueriesAndComments(String sql) {
            StatementAnalysis first = analyzer.analyzeForExecution(sql);
            assertThat(first.uncacheableReasons()).contains(NOT_YET_ANALYSED);
            assertThat(first.readTables()).contains("books");
            assertThat(budgets).isEmpty();
        }
    }

    @Nested
    class EverythingElse {

        @Test
        void isParsedWithinTheSmallBudgetAndMemoizedWhenThatSuffices() {
            String sql = "UPDATE books SET title = 'x' WHERE id = 1";
            parseMillis = StatementParser.PARSE_BUDGET_MILLIS; // as if the parse fitted
            StatementAnalysis analysis = analyzer.analyzeForExecution(sql);
            analyzer.analyzeForExecution(sql);

            assertThat(budgets).containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            assertThat(analysis.writtenTables()).containsExactly("books");
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(queued).isEmpty();
        }

        @ParameterizedTest(name = "[{index}]")
        @ValueSource(strings = {
            "INSERT INTO books (id, title) VALUES (1, 'a')",
            "INSERT IGNORE INTO books SET id = 1, title = 'a'",
            "INSERT INTO books AS b (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET title = 'b'",
            "INSERT INTO books (id) VALUES (1) ON DUPLICATE KEY UPDATE title = 'b'",
            "INSERT INTO books (id) SELECT id FROM authors WHERE id > 1",
            "REPLACE INTO books (id) VALUES (1)",
            "UPDATE books SET title = 'x' WHERE id = ((((((((((((((((((((1))))))))))))))))))))",
            "UPDATE ONLY books b SET title = lower(title)",
            "DELETE FROM books WHERE id IN (SELECT id FROM authors)",
            "DELETE FROM ONLY books AS b USING authors a WHERE a.id = b.author_id",
        })
        void aWriteTheParserHasNoTimeForWritesTheTargetItsTokensProve(String sql) {
            parseMillis = 0; // the parse gives up at once
            StatementAnalysis analysis = analyzer.analyzeForExecution(sql);

            assertThat(budgets).containsExactly(SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertThat(analysis.writtenTables()).containsExactly("books");
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "INSERT INTO books (id) VALUES (make_id())",
            "UPDATE books, authors SET books.title = authors.name",
            "UPDATE books JOIN authors ON true SET title = name",
            "DELETE books FROM books JOIN authors ON true",
            "DELETE FROM books, authors USING books JOIN authors ON true",
            "INSERT INTO books (id) VALUES (1) RETURNING (SELECT 1 FROM authors FOR UPDATE)",
        })
        void aWriteTheParserHasNoTimeForAndItsTokensCannotProveMayWriteAnything(String sql) {
            parseMillis = 0;
            StatementAnalysis analysis = analyzer.analyzeForExecution(sql);

            assertThat(analysis.isWrite()).isTrue();
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @Test
        void eachStatementOfSeveralIsJudgedOnItsOwn() {
            parseMillis = 0;
            StatementAnalysis analysis = analyzer.analyzeForExecution(
                    "UPDATE books SET title = 'x' WHERE id = 1; DELETE FROM authors");

            assertThat(analysis.writtenTables()).containsExactlyInAnyOrder("books", "authors");
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @Test
        void aWriteTheParserHadNoTimeForIsAnalysedInFullOffTheCallersThread() {
            String sql = "WITH a AS (SELECT id FROM authors) UPDATE books SET title = 'x' WHERE id IN (SELECT id FROM a)";
            parseMillis = 0;
            analyzer.analyzeForExecution(sql);
            StatementAnalysis second = analyzer.analyzeForExecution(sql);
            assertThat(second.invalidatesEverything()).as("unclear to its tokens: it may write anything").isTrue();
            assertThat(queued).hasSize(1);

            parseMillis = StatementParser.PARSE_BUDGET_MILLIS;
            runBackgroundAnalyses();
            budgets.clear();
            StatementAnalysis analysed = analyzer.analyzeForExecution(sql);
            assertThat(budgets).as("memoized").isEmpty();
            assertThat(analysed.writtenTables()).containsExactly("books");
            assertThat(analysed.writesUnknownTables()).isFalse();
        }

        @Test
        void statementsRunAgainAreAnsweredWithoutAParseEachWithItsOwnAnalysis() {
            // "Aa" and "BB" hash alike: the two statements share a slot of the recent analyses
            String first = "UPDATE Aa SET title = 'x' WHERE id = ?";
            String second = "UPDATE BB SET title = 'x' WHERE id = ?";
            assertThat(first.hashCode()).isEqualTo(second.hashCode());
            for (int i = 0; i < 3; i++) {
                assertThat(analyzer.analyzeForExecution(first).writtenTables()).containsExactly("aa");
                assertThat(analyzer.analyzeForExecution(second).writtenTables()).containsExactly("bb");
                assertThat(analyzer.analyzeForExecution(new String(first.toCharArray())).writtenTables())
                    .as("an equal string, not the same one").containsExactly("aa");
            }
            assertThat(budgets).as("each parsed once").hasSize(2);
        }
    }
}
