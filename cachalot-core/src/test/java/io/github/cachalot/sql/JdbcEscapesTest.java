package io.github.cachalot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** JDBC escape syntax is rewritten to plain SQL before parsing. */
class JdbcEscapesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {call p(?)}                                   |  CALL p(?) 
            {? = call f(?)}                               |  CALL f(?) 
            SELECT {fn ucase(x)} FROM t                   | SELECT  ucase(x)  FROM t
            SELECT {fn concat({fn ucase(x)}, 'y')} FROM t | SELECT  concat(  ucase(x) , 'y')  FROM t
            WHERE d = {d '2020-01-01'}                    | WHERE d =  DATE '2020-01-01' 
            WHERE t = {t '10:00:00'}                      | WHERE t =  TIME '10:00:00' 
            WHERE ts = {ts '2020-01-01 10:00:00'}         | WHERE ts =  TIMESTAMP '2020-01-01 10:00:00' 
            FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}    | FROM   a LEFT OUTER JOIN b ON a.x = b.x 
            WHERE a LIKE 'x' {escape '!'}                 | WHERE a LIKE 'x'  ESCAPE '!' 
            SELECT * FROM t {limit 5}                     | SELECT * FROM t  LIMIT 5 
            """)
    void rewritesEscapes(String sql, String expected) {
        assertThat(normalizeSpaces(JdbcEscapes.rewrite(sql))).isEqualTo(normalizeSpaces(expected));
    }

    private static String normalizeSpaces(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    @Test
    void leavesBracesInLiteralsAndNonEscapeBracesAlone() {
        String sql = "SELECT '{fn x}', \"{d}\", '{\"a\": 1}' FROM t -- {fn y}";
        assertThat(JdbcEscapes.rewrite(sql)).isSameAs(sql);
        String array = "SELECT '{1,2}'::int[] FROM t";
        assertThat(JdbcEscapes.rewrite(array)).isSameAs(array);
    }

    @Test
    void returnsTheSameInstanceWithoutBraces() {
        String sql = "SELECT 1";
        assertThat(JdbcEscapes.rewrite(sql)).isSameAs(sql);
    }
}
