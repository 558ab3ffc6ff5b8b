package io.github.cachalot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lexical scanner: tokens, comments, literals, statement splitting. */
class SqlLexerTest {

    private static List<String> texts(String sql) {
        return SqlLexer.scan(sql).tokens().stream().map(SqlToken::text).toList();
    }

    @Nested
    class Tokens {

        @Test
        void wordsSymbolsNumbersAndParameters() {
            assertThat(texts("SELECT a.b, 1.5e+3, ? FROM t WHERE x = $1 AND y = :name"))
                    .containsExactly("SELECT", "a", ".", "b", ",", "1.5e+3", ",", "?", "FROM", "t", "WHERE", "x", "=",
                            "$1", "AND", "y", "=", ":name");
        }

        @Test
        void commentsProduceNoToken() {
            assertThat(texts("SELECT /* a ; b */ 1 -- c ; d\n FROM t")).containsExactly("SELECT", "1", "FROM", "t");
        }

        @Test
        void literalsAndQuotedIdentifiersAreSingleTokens() {
            List<SqlToken> tokens = SqlLexer.scan("SELECT 'it''s; --', \"a \"\" b\", `c;d`, $$x;'y$$, $tag$ ; $tag$").tokens();
            assertThat(tokens).extracting(SqlToken::type).containsExactly(
                    SqlToken.Type.WORD, SqlToken.Type.STRING, SqlToken.Type.SYMBOL, SqlToken.Type.QUOTED_IDENTIFIER,
                    SqlToken.Type.SYMBOL, SqlToken.Type.QUOTED_IDENTIFIER, SqlToken.Type.SYMBOL, SqlToken.Type.STRING,
                    SqlToken.Type.SYMBOL, SqlToken.Type.STRING);
        }

        @Test
        void backslashEscapesOnlyInPostgresEscapeStrings() {
            assertThat(texts("SELECT E'a\\'b', 'C:\\' FROM t"))
                    .containsExactly("SELECT", "E", "'a\\'b'", ",", "'C:\\'", "FROM", "t");
        }

        @Test
        void castsAreNotNamedParameters() {
            assertThat(texts("SELECT x::int")).containsExactly("SELECT", "x", ":", ":", "int");
        }

        @Test
        void unterminatedLiteralsRunToTheEnd() {
            assertThat(texts("SELECT 'abc")).containsExactly("SELECT", "'abc");
            assertThat(texts("SELECT /* abc")).containsExactly("SELECT");
        }

        @Test
        void mysqlExecutableCommentsAreReported() {
            assertThat(SqlLexer.scan("SELECT 1 /*! , 2 */").executableComment()).isTrue();
            assertThat(SqlLexer.scan("SELECT 1 /*M! , 2 */").executableComment()).isTrue();
            assertThat(SqlLexer.scan("SELECT 1 /* ! */").executableComment()).isFalse();
            assertThat(SqlLexer.scan("SELECT '/*!' FROM t").executableComment()).isFalse();
        }

        @Test
        void parenthesesDepth() {
            assertThat(SqlLexer.scan("SELECT (1 + (2))").parenthesesDepth()).isEqualTo(2);
            assertThat(SqlLexer.scan("SELECT ')' FROM t").parenthesesDepth()).isZero();
            assertThat(SqlLexer.scan("SELECT ((1)").parenthesesDepth()).isEqualTo(-1);
            assertThat(SqlLexer.scan("SELECT 1)(").parenthesesDepth()).isEqualTo(-1);
        }
    }

    @Nested
    class DialectComments {

        @ParameterizedTest
        @ValueSource(strings = {"SELECT v --(SELECT 1) FROM t", "SELECT 1 --x", "SELECT * FROM t # note",
            "SELECT data #>> '{a}' FROM t", "SELECT a#b FROM t"})
        void areReportedWhenMariaDbReadsThemDifferently(String sql) {
            assertThat(SqlLexer.scan(sql).dialectComments()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1 -- note", "SELECT 1 --\tnote", "SELECT 1 --", "SELECT '#', '--x' FROM t",
            "SELECT \"a#b\" FROM t", "SELECT 1 /* # --x */"})
        void areNotReportedWhenBothReadThemAlike(String sql) {
            assertThat(SqlLexer.scan(sql).dialectComments()).isFalse();
        }

        @Test
        void hashIsAnOperatorCharacterNotPartOfAWord() {
            assertThat(texts("SELECT a#>b")).containsExactly("SELECT", "a", "#", ">", "b");
        }

        @Test
        void theMariaDbReadingSplitsDashesAndBlanksHashComments() {
            assertThat(SqlLexer.mariaDbReading("SELECT v --(SELECT 1) FROM t")).isEqualTo("SELECT v - -(SELECT 1) FROM t");
            assertThat(SqlLexer.mariaDbReading("SELECT v ---1")).isEqualTo("SELECT v - - -1");
            assertThat(SqlLexer.mariaDbReading("SELECT * FROM t # note\nWHERE x")).isEqualTo("SELECT * FROM t       \nWHERE x");
            assertThat(SqlLexer.mariaDbReading("SELECT '#', 1 -- # x\n")).isEqualTo("SELECT '#', 1 -- # x\n");
        }
    }

    @Nested
    class Splitting {

        @Test
        void splitsAtTopLevelSemicolons() {
            assertThat(SqlLexer.splitStatements("SELECT 1; SELECT ';'; -- x;\n UPDATE t SET a = 1;"))
                    .containsExactly("SELECT 1", " SELECT ';'", " -- x;\n UPDATE t SET a = 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", ";", ";;", "-- c", "/* c */ ;"})
        void dropsEmptyPieces(String sql) {
            assertThat(SqlLexer.splitStatements(sql)).isEmpty();
        }
    }
}
