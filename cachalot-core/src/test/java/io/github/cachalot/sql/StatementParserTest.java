package io.github.cachalot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The guarded JSqlParser invocation. */
class StatementParserTest {

    @Test
    void parsesSeveralStatements() {
        assertThat(StatementParser.parse(SqlLexer.scan("SELECT 1; SELECT 2"))).hasSize(2);
    }

    @Test
    void unbalancedParenthesesAreNotParsedAtAll() {
        // JSqlParser 5.3 backtracks for minutes on "SELECT (((" with complex parsing
        long start = System.nanoTime();
        assertThat(StatementParser.parse(SqlLexer.scan("SELECT (((((("))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theTimeBudgetStopsLongParses() {
        StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (?");
        sql.append(", ?".repeat(20_000)).append(")");
        long start = System.nanoTime();
        assertThat(StatementParser.parse(SqlLexer.scan(sql.toString()), new StatementParser.Budget(5))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anExhaustedBudgetDoesNotParse() {
        assertThat(StatementParser.parse(SqlLexer.scan("SELECT 1"), new StatementParser.Budget(0))).isNull();
    }

    @Test
    void retriesWithSquareBracketsAndBackslashEscapes() {
        assertThat(StatementParser.parse(SqlLexer.scan("SELECT * FROM [books]"))).hasSize(1);
        assertThat(StatementParser.parse(SqlLexer.scan("SELECT 'it\\'s' FROM books"))).hasSize(1);
    }
}
