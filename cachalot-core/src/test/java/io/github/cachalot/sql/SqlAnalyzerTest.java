package io.github.cachalot.sql;

import static io.github.cachalot.sql.StatementKind.BEGIN;
import static io.github.cachalot.sql.StatementKind.CALL;
import static io.github.cachalot.sql.StatementKind.COMMIT;
import static io.github.cachalot.sql.StatementKind.DDL;
import static io.github.cachalot.sql.StatementKind.OTHER_READ;
import static io.github.cachalot.sql.StatementKind.READ;
import static io.github.cachalot.sql.StatementKind.RELEASE_SAVEPOINT;
import static io.github.cachalot.sql.StatementKind.ROLLBACK;
import static io.github.cachalot.sql.StatementKind.ROLLBACK_TO_SAVEPOINT;
import static io.github.cachalot.sql.StatementKind.SAVEPOINT;
import static io.github.cachalot.sql.StatementKind.SESSION;
import static io.github.cachalot.sql.StatementKind.UNKNOWN;
import static io.github.cachalot.sql.StatementKind.WRITE;
import static io.github.cachalot.sql.UncacheableReason.LOCKING;
import static io.github.cachalot.sql.UncacheableReason.MULTIPLE_STATEMENTS;
import static io.github.cachalot.sql.UncacheableReason.NON_DETERMINISTIC;
import static io.github.cachalot.sql.UncacheableReason.NO_TABLES;
import static io.github.cachalot.sql.UncacheableReason.RANDOM;
import static io.github.cachalot.sql.UncacheableReason.SELECT_INTO;
import static io.github.cachalot.sql.UncacheableReason.UNKNOWN_FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The specification of {@link SqlAnalyzer}: one nested class per topic.
 *
 * <p>Table expectations are written {@code SQL | read tables | written tables}, tables separated by
 * spaces, an empty column meaning "none".
 */
class SqlAnalyzerTest {

    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    static StatementAnalysis analyze(String sql) {
        return ANALYZER.analyze(sql);
    }

    static Set<String> tables(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(spaceSeparated.trim().split("\\s+")).collect(Collectors.toSet());
    }

    static void assertTables(StatementAnalysis analysis, String reads, String writes) {
        assertThat(analysis.readTables()).as("read tables").containsExactlyInAnyOrderElementsOf(tables(reads));
        assertThat(analysis.writtenTables()).as("written tables").containsExactlyInAnyOrderElementsOf(tables(writes));
    }

    static void assertCacheableRead(String sql, String reads) {
        StatementAnalysis analysis = analyze(sql);
        assertThat(analysis.kind()).as("kind of %s", sql).isEqualTo(READ);
        assertTables(analysis, reads, null);
        assertThat(analysis.uncacheableReasons()).as("reasons").isEmpty();
        assertThat(analysis.writesUnknownTables()).as("writesUnknownTables").isFalse();
        assertThat(analysis.isCacheableRead()).isTrue();
    }

    @Nested
    class Reads {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT * FROM books                                                                  | books
                SELECT id, title FROM books WHERE id = ?                                             | books
                SELECT b.title, a.name FROM books b JOIN authors a ON a.id = b.author_id             | books authors
                SELECT * FROM books b INNER JOIN authors a ON a.id = b.author_id                      | books authors
                SELECT * FROM books b LEFT JOIN authors a ON a.id = b.author_id RIGHT JOIN publishers p ON p.id = b.publisher_id | books authors publishers
                SELECT * FROM books b FULL OUTER JOIN authors a ON a.id = b.author_id                 | books authors
                SELECT * FROM books, authors WHERE authors.id = books.author_id                       | books authors
                SELECT * FROM books CROSS JOIN authors                                                | books authors
                SELECT * FROM books NATURAL JOIN authors                                              | books authors
                SELECT * FROM books JOIN authors USING (author_id)                                    | books authors
                SELECT * FROM (books JOIN authors ON authors.id = books.author_id) LEFT JOIN publishers ON publishers.id = books.publisher_id | books authors publishers
                SELECT * FROM books b JOIN authors a ON a.id = (SELECT max(id) FROM archived_authors) | books authors archived_authors
                SELECT * FROM ONLY books                                                              | books
                SELECT DISTINCT ON (author_id) author_id, title FROM books ORDER BY author_id, title   | books
                SELECT * FROM books ORDER BY title LIMIT 10 OFFSET 20                                 | books
                SELECT * FROM books FETCH FIRST 10 ROWS ONLY                                          | books
                SELECT author_id, count(*) FROM books GROUP BY author_id                              | books
                SELECT * FROM books WINDOW w AS (PARTITION BY author_id)                              | books
                """)
        void joinsAndPlainQueries(String sql, String reads) {
            assertCacheableRead(sql, reads);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT title, (SELECT name FROM authors a WHERE a.id = b.author_id) FROM books b        | books authors
                SELECT * FROM books WHERE author_id IN (SELECT id FROM authors)                         | books authors
                SELECT * FROM books WHERE author_id NOT IN (SELECT id FROM banned_authors)              | books banned_authors
                SELECT * FROM books b WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.book_id = b.id)     | books reviews
                SELECT * FROM books b WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.book_id = b.id) | books reviews
                SELECT * FROM books WHERE id = ANY (SELECT book_id FROM reviews)                        | books reviews
                SELECT * FROM books WHERE price > ALL (SELECT price FROM cheap_books)                   | books cheap_books
                SELECT * FROM books WHERE id = SOME (SELECT book_id FROM reviews)                       | books reviews
                SELECT * FROM books WHERE price = (SELECT max(price) FROM books_archive)                | books books_archive
                SELECT * FROM books WHERE (id, title) IN (SELECT book_id, title FROM reviews)           | books reviews
                SELECT * FROM books WHERE price BETWEEN (SELECT 1 FROM lows) AND (SELECT 2 FROM highs)  | books lows highs
                SELECT * FROM books WHERE id = (SELECT max(a) FROM x) + (SELECT min(b) FROM y)          | books x y
                SELECT author_id FROM books GROUP BY author_id HAVING count(*) > (SELECT count(*) FROM authors) | books authors
                SELECT * FROM books ORDER BY (SELECT max(rating) FROM reviews)                          | books reviews
                SELECT CASE (SELECT 1 FROM c1) WHEN 1 THEN (SELECT 2 FROM c2) ELSE (SELECT 3 FROM c3) END | c1 c2 c3
                SELECT coalesce((SELECT max(price) FROM books), 0)                                      | books
                SELECT count(*) FILTER (WHERE id IN (SELECT book_id FROM reviews)) FROM books           | books reviews
                SELECT sum(price) OVER (PARTITION BY (SELECT 1 FROM partitions) ORDER BY id) FROM books | books partitions
                SELECT ARRAY(SELECT id FROM books)                                                      | books
                SELECT * FROM (SELECT * FROM books) AS sub                                              | books
                SELECT * FROM (SELECT * FROM (SELECT * FROM books) a JOIN authors ON true) b            | books authors
                SELECT * FROM authors a, LATERAL (SELECT * FROM books b WHERE b.author_id = a.id) x     | authors books
                SELECT * FROM authors a CROSS JOIN LATERAL (SELECT * FROM books b WHERE b.author_id = a.id) x | authors books
                SELECT * FROM books b LEFT JOIN LATERAL (SELECT * FROM reviews r WHERE r.book_id = b.id LIMIT 3) x ON true | books reviews
                SELECT * FROM books WHERE id IN (VALUES (1), (2))                                       | books
                """)
        void subqueriesInEveryClause(String sql, String reads) {
            assertCacheableRead(sql, reads);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT data -> (SELECT k FROM b) FROM a                           | a b
                SELECT data ->> (SELECT k FROM b) FROM a                          | a b
                SELECT data -> 'x' -> (SELECT k FROM b) FROM a                    | a b
                SELECT data #> (SELECT k FROM b) FROM a                           | a b
                SELECT data #>> ARRAY[(SELECT k FROM b)] FROM a                   | a b
                SELECT arr[(SELECT x FROM b)] FROM a                              | a b
                SELECT a.arr[(SELECT x FROM b)] FROM a                            | a b
                SELECT arr[(SELECT x FROM b):(SELECT y FROM c)] FROM a            | a b c
                SELECT arr[1][(SELECT x FROM b)] FROM a                           | a b
                SELECT (arr)[(SELECT x FROM b)] FROM a                            | a b
                SELECT ts AT TIME ZONE (SELECT tz FROM b) FROM a                  | a b
                SELECT JSON_OBJECT('k' VALUE (SELECT y FROM b)) FROM a            | a b
                SELECT json_object('k': (SELECT y FROM b)) FROM a                 | a b
                SELECT data @> (SELECT k FROM b) FROM a                           | a b
                """)
        void subqueriesInOperatorsAndSubscripts(String sql, String reads) {
            // operands the parser keeps outside the generic expression tree
            assertCacheableRead(sql, reads);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT title FROM books UNION SELECT title FROM old_books                        | books old_books
                SELECT title FROM books UNION ALL SELECT title FROM old_books                    | books old_books
                SELECT title FROM books INTERSECT SELECT title FROM old_books                    | books old_books
                SELECT title FROM books EXCEPT SELECT title FROM banned                          | books banned
                SELECT title FROM books MINUS SELECT title FROM banned                           | books banned
                SELECT title FROM books INTERSECT SELECT title FROM old EXCEPT SELECT title FROM banned | books old banned
                (SELECT title FROM books) UNION (SELECT title FROM old_books) ORDER BY 1 LIMIT 3 | books old_books
                SELECT * FROM (SELECT id FROM a UNION SELECT id FROM b) u                        | a b
                TABLE books                                                                      | books
                """)
        void setOperationsAndTableStatement(String sql, String reads) {
            assertCacheableRead(sql, reads);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT 1",
            "SELECT 1 + 1 AS two",
            "VALUES (1, 'a'), (2, 'b')",
            "SELECT * FROM (VALUES (1), (2)) AS v(x)",
            "SELECT x FROM generate_series(1, 10) AS g(x)",
            "SELECT lower('ABC')",
        })
        void aReadOfNoTableIsMarkedNoTables(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.readTables()).isEmpty();
            assertThat(analysis.uncacheableReasons()).containsExactly(NO_TABLES);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isCacheableRead()).isFalse();
        }
    }

    @Nested
    class CommonTableExpressions {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                WITH recent AS (SELECT * FROM books WHERE year > 2000) SELECT * FROM recent              | books
                WITH a AS (SELECT * FROM books), b AS (SELECT * FROM a JOIN authors ON true) SELECT * FROM b | books authors
                WITH recent AS (SELECT * FROM books) SELECT * FROM recent r JOIN authors a ON a.id = r.author_id | books authors
                WITH recent AS (SELECT * FROM books) SELECT * FROM authors WHERE id IN (SELECT author_id FROM recent) | books authors
                WITH c AS (SELECT id FROM books) SELECT id FROM c UNION SELECT id FROM c                 | books
                WITH RECURSIVE tree(id, parent_id) AS (SELECT id, parent_id FROM categories WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT * FROM tree | categories
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT * FROM n JOIN books ON books.id = n.i | books
                SELECT * FROM (WITH c AS (SELECT * FROM books) SELECT * FROM c) s                        | books
                """)
        void cteNamesAreNotTables(String sql, String reads) {
            assertCacheableRead(sql, reads);
        }

        @Test
        void aCteBodyReadsTheRealTableOfTheSameName() {
            assertCacheableRead("WITH books AS (SELECT * FROM books WHERE price > 10) SELECT * FROM books", "books");
        }

        @Test
        void aNonRecursiveCteCannotSeeLaterCtes() {
            // inside x, "y" is the real table y: the CTE y is only declared after x
            assertCacheableRead("WITH x AS (SELECT * FROM y), y AS (SELECT * FROM books) SELECT * FROM x", "books y");
        }

        @Test
        void aCteIsNotVisibleOutsideItsSubquery() {
            assertCacheableRead("SELECT * FROM (WITH c AS (SELECT * FROM books) SELECT * FROM c) s JOIN c ON true", "books c");
        }

        @Test
        void aQualifiedNameIsNeverACte() {
            assertCacheableRead("WITH books AS (SELECT 1) SELECT * FROM shop.books", "books");
        }

        @Test
        void aQuotedCteNameOnlyMatchesTheSameSpelling() {
            // PostgreSQL: "Recent" and recent are different names; when in doubt, it is a table
            assertCacheableRead("WITH \"Recent\" AS (SELECT * FROM books) SELECT * FROM recent", "books recent");
            assertCacheableRead("WITH \"Recent\" AS (SELECT * FROM books) SELECT * FROM \"Recent\"", "books");
            assertCacheableRead("WITH recent AS (SELECT * FROM books) SELECT * FROM RECENT", "books");
        }
    }

    @Nested
    class TableNaming {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books",
            "SELECT * FROM BOOKS",
            "SELECT * FROM Books",
            "SELECT * FROM public.books",
            "SELECT * FROM PUBLIC.BOOKS",
            "SELECT * FROM test.books",
            "SELECT * FROM shop.public.books",
            "SELECT * FROM \"Books\"",
            "SELECT * FROM \"books\"",
            "SELECT * FROM public.\"Books\"",
            "SELECT * FROM \"public\".\"books\"",
            "SELECT * FROM `books`",
            "SELECT * FROM `shop`.`Books`",
            "SELECT * FROM [books]",
            "SELECT * FROM dbo.[Books]",
            "SELECT * FROM books AS b",
            "SELECT * FROM books b",
        })
        void areUnqualifiedUnquotedAndLowerCase(String sql) {
            assertCacheableRead(sql, "books");
        }

        @Test
        void applyToWrittenTablesToo() {
            assertTables(analyze("UPDATE shop.\"Books\" SET title = 'x'"), null, "books");
            assertTables(analyze("INSERT INTO `shop`.`Books` (title) VALUES ('x')"), null, "books");
            assertTables(analyze("DELETE FROM PUBLIC.BOOKS"), null, "books");
        }

        @Test
        void viewsAreJustTableNames() {
            assertCacheableRead("SELECT * FROM cheap_books_view", "cheap_books_view");
        }
    }

    @Nested
    class Writes {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                INSERT INTO books (title) VALUES ('x')                                                   |                 | books
                INSERT INTO books (title) VALUES (?), (?)                                                |                 | books
                INSERT INTO books (title) VALUES (?) RETURNING id                                        |                 | books
                INSERT INTO books SELECT * FROM staging                                                  | staging         | books
                INSERT INTO books (title) SELECT title FROM staging s WHERE s.flag IN (SELECT id FROM flags) | staging flags | books
                INSERT INTO books (title) VALUES ((SELECT name FROM authors LIMIT 1))                    | authors         | books
                INSERT INTO books SET title = 'x'                                                        |                 | books
                WITH src AS (SELECT * FROM staging) INSERT INTO books SELECT * FROM src                  | staging         | books
                UPDATE books SET title = 'x' WHERE id = 1                                                |                 | books
                UPDATE books SET price = price * 2 RETURNING *                                           |                 | books
                UPDATE books SET author_id = (SELECT id FROM authors WHERE name = 'x')                   | authors         | books
                UPDATE books SET title = 'x' WHERE author_id IN (SELECT id FROM authors)                 | authors         | books
                UPDATE books b SET title = a.name FROM authors a WHERE a.id = b.author_id                | authors         | books
                WITH x AS (SELECT 1) UPDATE books SET price = (SELECT * FROM x)                          |                 | books
                DELETE FROM books WHERE id = 1                                                           |                 | books
                DELETE FROM books WHERE author_id IN (SELECT id FROM authors) RETURNING id               | authors         | books
                DELETE FROM books b USING authors a WHERE a.id = b.author_id                             | authors         | books
                WITH x AS (SELECT 1) DELETE FROM books WHERE id IN (SELECT * FROM x)                     |                 | books
                """)
        void insertUpdateDelete(String sql, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertTables(analysis, reads, writes);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isWrite()).isTrue();
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                TRUNCATE TABLE books                                                                     |                 | books
                TRUNCATE books                                                                           |                 | books
                TRUNCATE books, authors                                                                  |                 | books authors
                """)
        void truncateIsDdlBecauseSomeDatabasesCommitImplicitlyBeforeIt(String sql, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(StatementKind.DDL);
            assertTables(analysis, reads, writes);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isWrite()).isTrue();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT * FROM                                  |
                SELECT * FROM books WHERE                      | books
                SELECT x COLLATE "C" FROM books                | books
                SELECT * FROM books WHERE price = = 1          | books
                """)
        void aReadTheParserCannotReadIsAnUncacheableReadThatWritesNothing(String sql, String table) {
            // the database rejects it or reads it: either way nothing is written, and nothing cached
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.uncacheableReasons()).contains(UncacheableReason.UNPARSED);
            assertThat(analysis.readTables()).isEqualTo(table == null ? Set.of() : Set.of(table));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                UPDATE books b JOIN authors a ON a.id = b.author_id SET b.title = a.name                 | authors         | books
                UPDATE books AS b INNER JOIN authors AS a ON a.id = b.author_id SET b.title = a.name     | authors         | books
                UPDATE books b JOIN authors a ON a.id = b.author_id SET b.title = 'x', a.name = 'y'      |                 | books authors
                UPDATE books, authors SET books.title = authors.name WHERE authors.id = books.author_id  | authors         | books
                UPDATE books JOIN authors ON authors.id = books.author_id SET title = 'x'                |                 | books authors
                DELETE b FROM books b JOIN authors a ON a.id = b.author_id                               | authors         | books
                DELETE books FROM books JOIN authors ON authors.id = books.author_id                     | authors         | books
                DELETE b, a FROM books b JOIN authors a ON a.id = b.author_id                            | authors         | books authors
                """)
        void mysqlMultiTableUpdateAndDeleteWriteTheirTargets(String sql, String reads, String writes) {
            // unqualified SET columns: every table named before SET is assumed written
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertTables(analysis, reads, writes);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                INSERT INTO books (id, title) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET title = excluded.title | | books
                INSERT INTO books (id, title) VALUES (1, 'x') ON CONFLICT DO NOTHING                  |                 | books
                INSERT INTO books (id, title) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET title = excluded.title RETURNING id | | books
                INSERT INTO books (id, title) VALUES (1, 'x') ON DUPLICATE KEY UPDATE title = VALUES(title) |           | books
                INSERT INTO books (id, title) VALUES (1, 'x') ON DUPLICATE KEY UPDATE title = (SELECT name FROM authors LIMIT 1) | authors | books
                INSERT IGNORE INTO books (id) VALUES (1)                                               |                 | books
                REPLACE INTO books (id, title) VALUES (1, 'x')                                         |                 | books
                REPLACE INTO books SELECT * FROM staging                                               | staging         | books
                UPSERT INTO books (id) VALUES (1)                                                      |                 | books
                MERGE INTO books b USING staging s ON b.id = s.id WHEN MATCHED THEN UPDATE SET title = s.title WHEN NOT MATCHED THEN INSERT (id, title) VALUES (s.id, s.title) | staging | books
                MERGE INTO books b USING (SELECT * FROM staging WHERE ok) s ON b.id = s.id WHEN MATCHED THEN DELETE | staging | books
                """)
        void upserts(String sql, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertTables(analysis, reads, writes);
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @Test
        void truncateCascadeMayWriteReferencingTables() {
            StatementAnalysis analysis = analyze("TRUNCATE books CASCADE");
            assertThat(analysis.kind()).isEqualTo(StatementKind.DDL);
            assertThat(analysis.writtenTables()).containsExactly("books");
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @Test
        void aWriteCallingAnUnknownFunctionMayWriteAnything() {
            StatementAnalysis analysis = analyze("INSERT INTO books (title) VALUES (make_title())");
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertThat(analysis.writtenTables()).containsExactly("books");
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                MERGE INTO books KEY (id) VALUES (1, 'x')                  | books
                INSERT OR REPLACE INTO books (id) VALUES (1) ON CONFLICT ABORT | books
                """)
        void unparseableWritesAreWritesOfUnknownTables(String sql, String target) {
            // JSqlParser 5.3 rejects these dialect forms: the target is named when obvious
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertThat(analysis.writesUnknownTables()).isTrue();
            assertThat(analysis.writtenTables()).containsExactly(target);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                DELETE FROM books USING books JOIN authors ON true         | books
                """)
        void anUnparseableWriteWhoseTokensProveItsTargetWritesOnlyThat(String sql, String target) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.writtenTables()).containsExactly(target);
        }
    }

    @Nested
    class DataModifyingCtes {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                WITH deleted AS (DELETE FROM books WHERE id = 1 RETURNING *) SELECT * FROM deleted         |         | books
                WITH u AS (UPDATE books SET price = 0 WHERE author_id IN (SELECT id FROM authors) RETURNING *) SELECT * FROM u | authors | books
                WITH i AS (INSERT INTO books (title) VALUES ('x') RETURNING id) SELECT * FROM i            |         | books
                WITH i AS (INSERT INTO log SELECT * FROM books RETURNING *) SELECT count(*) FROM i         | books   | log
                WITH moved AS (DELETE FROM books RETURNING *) INSERT INTO archive SELECT * FROM moved      |         | books archive
                WITH d AS (DELETE FROM books RETURNING author_id) SELECT * FROM authors WHERE id IN (SELECT author_id FROM d) | authors | books
                """)
        void areWrites(String sql, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertTables(analysis, reads, writes);
            assertThat(analysis.isCacheableRead()).isFalse();
        }
    }

    @Nested
    class SelectInto {

        @Test
        void writesTheTargetTable() {
            StatementAnalysis analysis = analyze("SELECT * INTO books_backup FROM books WHERE price > 10");
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertTables(analysis, "books", "books_backup");
            assertThat(analysis.uncacheableReasons()).contains(SELECT_INTO);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * INTO TEMP books_backup FROM books",
            "SELECT title INTO @v FROM books LIMIT 1",
        })
        void formsJSqlParserRejectsAreUnknown(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }
    }

    @Nested
    class Ddl {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                CREATE TABLE books (id int PRIMARY KEY, title varchar(100))               |              | books
                CREATE TABLE IF NOT EXISTS public.books (id int)                           |              | books
                CREATE TEMPORARY TABLE tmp_books (id int)                                  |              | tmp_books
                CREATE TABLE cheap_books AS SELECT * FROM books WHERE price < 10           | books        | cheap_books
                CREATE TABLE books_copy LIKE books                                         | books        | books_copy
                CREATE VIEW cheap_books AS SELECT * FROM books WHERE price < 10            | books        | cheap_books
                CREATE OR REPLACE VIEW book_authors AS SELECT * FROM books JOIN authors ON true | books authors | book_authors
                CREATE MATERIALIZED VIEW book_stats AS SELECT count(*) FROM books          | books        | book_stats
                CREATE INDEX idx_title ON books (title)                                    |              | books
                CREATE UNIQUE INDEX idx_isbn ON public.books (isbn)                        |              | books
                ALTER TABLE books ADD COLUMN isbn varchar(13)                              |              | books
                ALTER TABLE books DROP COLUMN isbn                                         |              | books
                ALTER TABLE books ADD CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id) | | books
                ALTER TABLE books RENAME TO volumes                                        |              | books volumes
                ALTER TABLE public.books RENAME TO "Volumes"                               |              | books volumes
                DROP TABLE books                                                           |              | books
                DROP TABLE IF EXISTS books                                                 |              | books
                DROP TABLE books, authors                                                  |              | books authors
                DROP TABLE IF EXISTS shop.books, "Authors"                                 |              | books authors
                DROP VIEW cheap_books                                                      |              | cheap_books
                DROP INDEX idx_title ON books                                              |              | books
                DROP INDEX idx_title                                                       |              |
                RENAME TABLE books TO volumes                                              |              | books volumes
                RENAME TABLE a TO b, c TO d                                                |              | a b c d
                COMMENT ON TABLE books IS 'all the books'                                  |              | books
                COMMENT ON COLUMN books.title IS 'the title'                               |              | books
                GRANT SELECT ON books TO reader                                            |              | books
                GRANT SELECT, INSERT ON public.books TO writer                             |              | books
                CREATE SEQUENCE book_ids                                                   |              |
                CREATE SCHEMA shop                                                         |              |
                """)
        void namesTheTablesItChanges(String sql, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(DDL);
            assertTables(analysis, reads, writes);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isWrite()).isTrue();
        }

        @Test
        void aViewBodyIsNotExecuted() {
            StatementAnalysis analysis = analyze("CREATE VIEW v AS SELECT my_func(id), now() FROM books");
            assertThat(analysis.kind()).isEqualTo(DDL);
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "DROP SCHEMA shop CASCADE",
            "DROP SCHEMA shop",
            "DROP TABLE books CASCADE",
            "DROP TABLE books, authors CASCADE",
            "DROP TYPE mood CASCADE",
            "REVOKE SELECT ON books FROM reader",
            "CREATE TABLE copy (LIKE books INCLUDING ALL)",
        })
        void mayWriteTablesItCannotName(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(DDL);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }
    }

    @Nested
    class MultipleStatements {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT * FROM a; SELECT * FROM b                     | READ       | a b |
                SELECT * FROM a; UPDATE b SET x = 1                  | WRITE      | a   | b
                UPDATE a SET x = 1; DELETE FROM b                    | WRITE      |     | a b
                CREATE TABLE a (id int); INSERT INTO a VALUES (1)    | DDL        |     | a
                SELECT * FROM a; CALL refresh()                      | CALL       | a   |
                SELECT * FROM a; SELEC * FRM b                       | UNKNOWN    | a   |
                SET search_path TO shop; SELECT * FROM a             | SESSION    | a   |
                SHOW TABLES; SELECT * FROM a                         | OTHER_READ | a   |
                BEGIN; UPDATE a SET x = 1; COMMIT                    | UNKNOWN    |     | a
                COMMIT; COMMIT                                       | COMMIT     |     |
                """)
        void combineKindsAndTables(String sql, StatementKind kind, String reads, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(kind);
            assertTables(analysis, reads, writes);
            assertThat(analysis.uncacheableReasons()).contains(MULTIPLE_STATEMENTS);
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "UPDATE a SET x = 1; SET autocommit = 0",
            "SET search_path TO shop; UPDATE a SET x = 1",
            "CREATE TABLE a (id int); SET search_path TO shop",
        })
        void aSessionStatementAmongWritesMayChangeAnythingOfTheSession(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isNotEqualTo(StatementKind.SESSION);
            assertThat(analysis.writesUnknownTables()).as("the session is forgotten after it").isTrue();
        }

        @Test
        void aTransactionBoundaryHiddenAmongOtherStatementsMayWriteAnything() {
            StatementAnalysis analysis = analyze("BEGIN; UPDATE a SET x = 1; COMMIT");
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM a;",
            "SELECT * FROM a ;  ",
            "SELECT * FROM a; -- trailing comment",
            "SELECT ';' FROM a",
            "SELECT * FROM a -- ; DROP TABLE a",
            "SELECT * FROM a /* ; DROP TABLE a */",
            "SELECT $$;$$ FROM a",
            "SELECT \";\" FROM a",
        })
        void semicolonsInLiteralsCommentsOrAtTheEndDoNotCount(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.readTables()).containsExactly("a");
            assertThat(analysis.uncacheableReasons()).doesNotContain(MULTIPLE_STATEMENTS);
        }
    }

    @Nested
    class Calls {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "CALL refresh_stats()",
            "CALL shop.refresh_stats(1, ?)",
            "call refresh_stats()",
            "{call refresh_stats(?)}",
            "{ call refresh_stats(?, ?) }",
            "{? = call compute_price(?)}",
            "{?= call compute_price(?)}",
            "  /* comment */ {call refresh_stats()}",
            "EXEC refresh_stats 1",
            "EXECUTE refresh_stats(1)",
            "EXECUTE my_prepared_statement (1, 2)",
            "DO $$ BEGIN UPDATE books SET price = 0; END $$",
            "DO 'BEGIN NULL; END'",
        })
        void mayWriteAnything(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(CALL);
            assertThat(analysis.writesUnknownTables()).isTrue();
            assertThat(analysis.readTables()).isEmpty();
            assertThat(analysis.writtenTables()).isEmpty();
            assertThat(analysis.isWrite()).isTrue();
        }

        @Test
        void aProceduralBeginEndBlockIsNotATransactionStart() {
            StatementAnalysis analysis = analyze("BEGIN UPDATE books SET price = 0; END");
            assertThat(analysis.kind()).isNotEqualTo(BEGIN).isIn(CALL, UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }
    }

    @Nested
    class TransactionControl {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                BEGIN                                                  | BEGIN
                begin                                                  | BEGIN
                BEGIN;                                                 | BEGIN
                /* comment */ BEGIN                                    | BEGIN
                BEGIN WORK                                             | BEGIN
                BEGIN TRANSACTION                                      | BEGIN
                BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE         | BEGIN
                BEGIN ISOLATION LEVEL READ COMMITTED, READ ONLY        | BEGIN
                BEGIN READ ONLY                                        | BEGIN
                BEGIN DEFERRED                                         | BEGIN
                BEGIN IMMEDIATE TRANSACTION                            | BEGIN
                START TRANSACTION                                      | BEGIN
                START TRANSACTION READ ONLY                            | BEGIN
                START TRANSACTION READ WRITE                           | BEGIN
                START TRANSACTION WITH CONSISTENT SNAPSHOT             | BEGIN
                START TRANSACTION ISOLATION LEVEL REPEATABLE READ      | BEGIN
                COMMIT                                                 | COMMIT
                commit;                                                | COMMIT
                COMMIT WORK                                            | COMMIT
                COMMIT TRANSACTION                                     | COMMIT
                COMMIT AND NO CHAIN                                    | COMMIT
                END                                                    | COMMIT
                END WORK                                               | COMMIT
                END TRANSACTION                                        | COMMIT
                ROLLBACK                                               | ROLLBACK
                ROLLBACK WORK                                          | ROLLBACK
                ROLLBACK TRANSACTION                                   | ROLLBACK
                ROLLBACK AND NO CHAIN                                  | ROLLBACK
                ABORT                                                  | ROLLBACK
                SAVEPOINT sp1                                          | SAVEPOINT
                SAVEPOINT "my savepoint"                               | SAVEPOINT
                ROLLBACK TO SAVEPOINT sp1                              | ROLLBACK_TO_SAVEPOINT
                ROLLBACK TO sp1                                        | ROLLBACK_TO_SAVEPOINT
                ROLLBACK WORK TO SAVEPOINT sp1                         | ROLLBACK_TO_SAVEPOINT
                ROLLBACK TRANSACTION TO SAVEPOINT sp1                  | ROLLBACK_TO_SAVEPOINT
                RELEASE SAVEPOINT sp1                                  | RELEASE_SAVEPOINT
                RELEASE sp1                                            | RELEASE_SAVEPOINT
                """)
        void isRecognised(String sql, StatementKind kind) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(kind);
            assertThat(analysis.isTransactionControl()).isTrue();
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.readTables()).isEmpty();
            assertThat(analysis.writtenTables()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "COMMIT AND CHAIN", "ROLLBACK AND CHAIN", "COMMIT WORK AND CHAIN" })
        void aChainedEndOpensTheNextTransactionSoItIsLeftToTheConservativePath(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(StatementKind.UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "COMMIT PREPARED 'tx1'",
            "ROLLBACK PREPARED 'tx1'",
            "PREPARE TRANSACTION 'tx1'",
            "END IF",
            "SAVEPOINT",
            "RELEASE",
            "START SLAVE",
        })
        void lookalikesAreUnknown(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @Test
        void kindsKnowWhetherTheyAreTransactionControl() {
            assertThat(BEGIN.isTransactionControl()).isTrue();
            assertThat(RELEASE_SAVEPOINT.isTransactionControl()).isTrue();
            assertThat(SESSION.isTransactionControl()).isFalse();
            assertThat(READ.isTransactionControl()).isFalse();
        }
    }

    @Nested
    class SessionCommands {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SET search_path TO shop, public",
            "SET search_path = shop",
            "SET SCHEMA 'shop'",
            "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            "SET NAMES utf8mb4",
            "SET @x = 1",
            "SET autocommit = 0",
            "SET time_zone = '+00:00'",
            "SET LOCAL statement_timeout = 1000",
            "SET ROLE admin",
            "SET MODE MySQL",
            "RESET ALL",
            "RESET search_path",
            "USE shop",
            "DISCARD ALL",
            "DEALLOCATE ALL",
            "LISTEN events",
            "LOCK TABLES books WRITE",
            "UNLOCK TABLES",
            "LOCK TABLE books IN EXCLUSIVE MODE",
            "PREPARE stmt FROM 'SELECT 1'",
            "PRAGMA foreign_keys = ON",
            "ATTACH DATABASE 'other.db' AS other",
        })
        void changeSessionStateAndWriteNoTable(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(SESSION);
            assertThat(analysis.writtenTables()).isEmpty();
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isWrite()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "SET TRANSACTION READ ONLY",
            "set transaction read write",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        })
        void theAccessModeAloneChangesNothingThatKeysOrIsolatesReads(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(OTHER_READ);
            assertThat(analysis.isWrite()).isFalse();
            assertThat(analyze("SET TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE").kind()).isEqualTo(SESSION);
        }

        @ParameterizedTest
        @ValueSource(strings = { "SELECT set_config('search_path', 'x', false)",
                "SELECT pg_catalog.set_config('app.tenant', ?, true)" })
        void aSelectOfSetConfigChangesTheSession(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(StatementKind.SESSION);
            assertThat(analysis.writtenTables()).isEmpty();
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @Test
        void aVariableAssignedFromAnUnknownFunctionMayWriteAnything() {
            StatementAnalysis analysis = analyze("SET @x = my_func()");
            assertThat(analysis.kind()).isEqualTo(SESSION);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }
    }

    @Nested
    class OtherReads {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SHOW TABLES",
            "SHOW search_path",
            "SHOW CREATE TABLE books",
            "SHOW COLUMNS FROM books",
            "SHOW INDEX FROM books",
            "SHOW VARIABLES LIKE 'max%'",
            "EXPLAIN SELECT * FROM books",
            "EXPLAIN (FORMAT JSON) SELECT * FROM books",
            "EXPLAIN FORMAT=JSON SELECT * FROM books",
            "EXPLAIN UPDATE books SET price = 0",
            "DESCRIBE books",
            "DESC books",
            "ANALYZE books",
            "VACUUM books",
        })
        void areNeverCachedAndWriteNothing(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(OTHER_READ);
            assertThat(analysis.writtenTables()).isEmpty();
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isCacheableRead()).isFalse();
            assertThat(analysis.isWrite()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "EXPLAIN ANALYZE SELECT * FROM books",
            "EXPLAIN ANALYSE SELECT * FROM books",
            "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM books",
            "EXPLAIN ANALYZE DELETE FROM books",
            "ANALYZE SELECT * FROM books",
        })
        void explainAnalyzeExecutesTheStatementSoIsUnknown(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }
    }

    @Nested
    class UnparseableSql {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "SELEC * FRM x",
            "SELECT (((",
            "garbage",
            "'unterminated",
            "\"unterminated",
            "SELECT * FROM books WHERE (price > 1",
            "SELECT * FROM books WHERE price > 1)",
            "WITH x AS (SELECT 1 SELECT * FROM x",
            "}{",
            "SELECT 1 /*! , sleep(5) */",
        })
        void isUnknownWithoutTablesAndNeverThrows(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(UNKNOWN);
            assertThat(analysis.writesUnknownTables()).isTrue();
            assertThat(analysis.readTables()).isEmpty();
            assertThat(analysis.writtenTables()).isEmpty();
            assertThat(analysis.isWrite()).isTrue();
        }

        @ParameterizedTest
        @NullSource
        void nullIsUnknown(String sql) {
            assertThat(analyze(sql).kind()).isEqualTo(UNKNOWN);
            assertThat(analyze(sql).writesUnknownTables()).isTrue();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"", "   ", ";", " ; ; ", "-- only a comment", "/* only a comment */", "/* unterminated comment"})
        void blankSqlDoesNothing(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(OTHER_READ);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isWrite()).isFalse();
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @Test
        void deeplyNestedSqlDoesNotThrow() {
            String sql = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000) + " FROM books";
            assertThatCode(() -> analyze(sql)).doesNotThrowAnyException();
            assertThat(analyze(sql).kind()).isIn(READ, UNKNOWN);
        }
    }

    /**
     * PostgreSQL (and H2, SQLite) always take {@code --} for a comment and {@code #} for an operator
     * character; MariaDB takes {@code --} for a comment only before a space or control character,
     * and {@code #} for one. Not knowing the database, the analysis covers both readings.
     */
    @Nested
    class DialectDependentComments {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT v --(SELECT COUNT(*) FROM b) FROM a                          | a b
                ~SELECT v --(SELECT COUNT(*) FROM b)\n FROM a~                      | a b
                ~SELECT v --1 FROM\n b~                                             | b
                SELECT * FROM a WHERE x = 1 --1 OR id IN (SELECT id FROM b)         | a b
                SELECT data #>> '{a}' FROM a WHERE id = (SELECT 1 FROM b)           | a b
                SELECT count(*) FROM a WHERE (data #>> '{x}') = (SELECT v FROM b)   | a b
                """)
        void tablesOfEitherReadingAreRead(String sql, String reads) {
            // MariaDB reads "v - -(SELECT …)": the subquery runs there; both readings parse, so it may be cached
            assertCacheableRead(sql, reads);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT * FROM t # note                             | t
                ~SELECT * FROM t # note\n JOIN u ON true~          | t u
                SELECT * FROM t # (SELECT 1 FROM b)                | t b
                SELECT x # (SELECT 1 FROM b) FROM a                | a b
                SELECT * FROM a, b # c                             | a b
                SELECT * FROM (a JOIN b ON true) # x               | a b
                SELECT * FROM a STRAIGHT_JOIN b # x                | a b
                SELECT * FROM a --note                             | a
                """)
        void aReadingTheParserCannotReadIsJudgedFromItsTokens(String sql, String reads) {
            // not UNKNOWN (that would invalidate everything on each run), not cached, every table after FROM/JOIN counted
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).as(sql).isEqualTo(READ);
            assertTables(analysis, reads, null);
            assertThat(analysis.uncacheableReasons()).as(sql).containsExactly(UncacheableReason.AMBIGUOUS_COMMENT);
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM a WHERE x = 1 --my_writer(1)",
            "SELECT * FROM a --my_writer(1)",
            "SELECT * FROM t # my_writer()",
            "SELECT my_writer() # x\n FROM t",
        })
        void callsOfEitherReadingCount(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.uncacheableReasons()).as(sql).contains(UNKNOWN_FUNCTION);
            assertThat(analysis.writesUnknownTables()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT 1 --x; DELETE FROM u        | u
                SELECT * FROM t # ; DELETE FROM u  | u
                """)
        void statementsOfEitherReadingCount(String sql, String writes) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(WRITE);
            assertThat(analysis.writtenTables()).containsExactlyInAnyOrderElementsOf(tables(writes));
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM t -- note",
            "SELECT * FROM t --\tnote",
            "SELECT '#', '--x' FROM t",
            "SELECT * FROM t /* # --x */",
        })
        void commentsBothReadAlikeChangeNothing(String sql) {
            assertCacheableRead(sql, "t");
        }
    }

    @Nested
    class Locking {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books WHERE id = 1 FOR UPDATE",
            "select * from books for update",
            "SELECT * FROM books FOR UPDATE NOWAIT",
            "SELECT * FROM books FOR UPDATE SKIP LOCKED",
            "SELECT * FROM books FOR UPDATE OF books",
            "SELECT * FROM books FOR UPDATE WAIT 5",
            "SELECT * FROM books FOR SHARE",
            "SELECT * FROM books FOR NO KEY UPDATE",
            "SELECT * FROM books FOR KEY SHARE",
            "SELECT * FROM books LOCK IN SHARE MODE",
            "SELECT * FROM (SELECT * FROM books FOR UPDATE) b",
            "WITH b AS (SELECT * FROM books FOR UPDATE) SELECT * FROM b",
        })
        void lockingReadsAreNotCacheable(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.readTables()).containsExactly("books");
            assertThat(analysis.uncacheableReasons()).containsExactly(LOCKING);
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT pg_advisory_lock(1)",
            "SELECT pg_try_advisory_xact_lock(42)",
            "SELECT GET_LOCK('name', 10)",
        })
        void lockFunctionsAreLocking(String sql) {
            assertThat(analyze(sql).uncacheableReasons()).contains(LOCKING);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT 'FOR UPDATE' FROM books",
            "SELECT * FROM books -- FOR UPDATE",
            "SELECT * FROM books /* FOR SHARE */",
        })
        void lockingWordsInLiteralsOrCommentsDoNotCount(String sql) {
            assertCacheableRead(sql, "books");
        }
    }

    @Nested
    class Functions {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT random()",
            "SELECT RAND()",
            "SELECT rand(42) FROM books",
            "SELECT * FROM books ORDER BY RAND() LIMIT 1",
            "SELECT * FROM books ORDER BY random()",
            "SELECT randomblob(16)",
            "SELECT random_bytes(8)",
            "SELECT * FROM books WHERE price > random() * 10",
        })
        void randomFunctions(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.uncacheableReasons()).contains(RANDOM);
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "now()", "NOW()", "current_timestamp", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP(3)", "current_date",
            "current_time", "localtimestamp", "localtime", "LOCALTIME(2)", "sysdate", "SYSDATE()", "curdate()",
            "curtime()", "utc_timestamp()", "utc_timestamp", "utc_date()", "clock_timestamp()",
            "statement_timestamp()", "transaction_timestamp()", "timeofday()", "uuid()", "gen_random_uuid()",
            "uuid_generate_v4()", "uuid_generate_v1()", "random_uuid()", "newid()", "nextval('seq')",
            "currval('seq')", "lastval()", "setval('seq', 1)", "NEXT VALUE FOR seq", "last_insert_id()",
            "found_rows()", "row_count()", "connection_id()", "current_user", "session_user", "user", "user()",
            "current_role", "current_schema", "current_schema()", "pg_backend_pid()", "txid_current()",
            "version()", "database()", "unix_timestamp()", "age(published)", "date('now')", "'now'::timestamp",
            "TIMESTAMP 'now'", "DATE 'today'", "@user_var", "@@version", "last_insert_rowid()", "changes()",
            "pg_sleep(1)", "sleep(1)", "current_setting('search_path')",
            "extract(epoch FROM now())", "coalesce(published, now())", "now() - interval '1 day'",
            "CURRENT_DATE - 1", "CURRENT_TIMESTAMP AT TIME ZONE 'UTC'", "{fn now()}",
        })
        void nonDeterministicFunctions(String expression) {
            String sql = "SELECT title, " + expression + " FROM books";
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).as(sql).isEqualTo(READ);
            assertThat(analysis.readTables()).containsExactly("books");
            assertThat(analysis.uncacheableReasons()).as(sql).contains(NON_DETERMINISTIC);
            assertThat(analysis.writesUnknownTables()).isFalse();
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books WHERE published < now()",
            "SELECT * FROM books WHERE published < CURRENT_DATE",
            "SELECT author_id FROM books GROUP BY author_id HAVING max(published) > now()",
            "SELECT * FROM books ORDER BY published < now()",
            "SELECT * FROM books b JOIN authors a ON a.id = b.author_id AND a.born < now()",
            "SELECT * FROM books WHERE id IN (SELECT book_id FROM reviews WHERE at > now())",
            "WITH recent AS (SELECT * FROM books WHERE published > now()) SELECT * FROM recent",
            "SELECT CASE WHEN published > now() THEN 1 ELSE 0 END FROM books",
            "SELECT * FROM books WHERE status = 'today'",
        })
        void nonDeterministicAnywhereInTheQuery(String sql) {
            assertThat(analyze(sql).uncacheableReasons()).as(sql).contains(NON_DETERMINISTIC);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT my_func(id) FROM books",
            "SELECT shop.compute_price(id) FROM books",
            "SELECT * FROM books WHERE is_visible(id)",
            "SELECT * FROM books ORDER BY my_rank(id)",
            "SELECT * FROM books b JOIN authors a ON my_match(a.id, b.author_id)",
            "SELECT * FROM books WHERE id IN (SELECT f(id) FROM authors)",
            "SELECT my_agg(price) OVER () FROM books",
            "SELECT author_id FROM books GROUP BY author_id HAVING my_check(count(*))",
            "WITH x AS (SELECT audit_read(id) FROM books) SELECT * FROM x",
            "SELECT * FROM books CROSS JOIN LATERAL my_srf(books.id) s",
            "SELECT * FROM set_returning_function(1)",
        })
        void unknownFunctionsMayWriteAnything(String sql) {
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).as(sql).isEqualTo(READ);
            assertThat(analysis.uncacheableReasons()).as(sql).contains(UNKNOWN_FUNCTION);
            assertThat(analysis.writesUnknownTables()).as(sql).isTrue();
            assertThat(analysis.isWrite()).isTrue();
            assertThat(analysis.isCacheableRead()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "lower(title)", "UPPER(title)", "pg_catalog.lower(title)", "\"lower\"(title)", "trim(title)",
            "TRIM(BOTH 'x' FROM title)", "ltrim(title)", "substring(title, 1, 3)", "SUBSTRING(title FROM 1 FOR 3)",
            "substr(title, 1)", "concat(title, 'x')", "concat_ws(',', title, isbn)", "length(title)",
            "char_length(title)", "replace(title, 'a', 'b')", "POSITION('a' IN title)", "locate('a', title)",
            "left(title, 3)", "lpad(title, 10, ' ')", "split_part(title, ' ', 1)",
            "regexp_replace(title, 'a', 'b')", "format('%s', title)", "ucase(title)", "{fn ucase(title)}",
            "abs(price)", "ceil(price)", "floor(price)", "round(price, 2)", "mod(id, 2)", "power(price, 2)",
            "greatest(price, 1)", "least(price, 1)", "coalesce(price, 0)", "nullif(price, 0)",
            "ifnull(price, 0)", "nvl(price, 0)", "if(price > 1, 1, 0)", "CASE WHEN price > 1 THEN 1 END",
            "CAST(price AS int)", "price::int", "CONVERT(title USING utf8)", "extract(year FROM published)",
            "date_part('year', published)", "date_trunc('day', published)", "to_char(published, 'YYYY')",
            "date_format(published, '%Y')", "year(published)", "datediff(published, published)",
            "unix_timestamp(published)", "age(published, published)", "date(published)",
            "json_extract(meta, '$.a')", "jsonb_build_object('a', id)", "meta->>'a'", "array_length(tags, 1)",
            "cardinality(tags)", "count(*)", "count(DISTINCT author_id)", "sum(price)", "avg(price)",
            "string_agg(title, ',')", "group_concat(title ORDER BY title SEPARATOR ',')", "array_agg(title)",
            "json_agg(title)", "bool_and(price > 0)", "row_number() OVER (ORDER BY id)",
            "rank() OVER (PARTITION BY author_id ORDER BY price)", "lag(price, 1) OVER (ORDER BY id)",
            "sum(price) FILTER (WHERE price > 1)", "md5(title)",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY price)",
        })
        void knownSafeFunctionsKeepAReadCacheable(String expression) {
            assertCacheableRead("SELECT " + expression + " FROM books", "books");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT total(price) FROM books",
            "SELECT public.total(price) FROM books",
            "SELECT json_frobnicate(meta) FROM books",
            "SELECT jsonb_whatever(meta) FROM books",
            "SELECT array_frobnicate(tags) FROM books",
            "SELECT st_frobnicate(geom) FROM books",
            "SELECT public.lower(title) FROM books",
            "SELECT shop.json_extract(meta, '$.a') FROM books",
            "SELECT \"Lower\"(title) FROM books",
            "SELECT pg_catalog.public.lower(title) FROM books",
        })
        void namesThatOnlyLookBuiltInAreNotTrusted(String sql) {
            // a prefix or a schema other than pg_catalog proves nothing: it may be a user function that writes
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.uncacheableReasons()).as(sql).contains(UNKNOWN_FUNCTION);
            assertThat(analysis.writesUnknownTables()).as(sql).isTrue();
            assertThat(analysis.functions()).as(sql).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT lower(title) FROM books                                                   | lower
                SELECT LOWER(title), Upper(title) FROM books                                      | lower upper
                SELECT pg_catalog.lower(title) FROM books                                         | pg_catalog.lower
                SELECT "pg_catalog"."lower"(title) FROM books                                     | pg_catalog.lower
                SELECT "lower"(title) FROM books                                                  | lower
                SELECT * FROM books WHERE author_id IN (SELECT abs(id) FROM authors)              | abs
                WITH c AS (SELECT md5(title) AS h FROM books) SELECT count(*) FROM c              | count md5
                SELECT row_number() OVER (ORDER BY id), sum(price) OVER () FROM books             | row_number sum
                SELECT json_extract(meta, '$.a'), array_length(tags, 1) FROM books                | json_extract array_length
                SELECT * FROM books WHERE id = ANY (ARRAY[1, 2]) AND EXISTS (SELECT 1 FROM a)     |
                SELECT title, now() FROM books                                                    |
                SELECT CAST(price AS int), trim(title), extract(year FROM published) FROM books   |
                """)
        void trustedCallsAreReportedForTheCatalogToConfirm(String sql, String functions) {
            // only calls trusted as side-effect-free built-ins, qualified as written; syntax such as ARRAY or EXISTS is none
            assertThat(analyze(sql).functions()).as(sql).containsExactlyInAnyOrderElementsOf(tables(functions));
        }

        @Test
        void trustedCallsOfAViewBodyAreReportedWithItsDefinition() {
            assertThat(analyze("CREATE VIEW v AS SELECT lower(title) FROM books").functions()).containsExactly("lower");
        }

        @Test
        void trustedCallsOfEveryStatementAreReported() {
            assertThat(analyze("SELECT lower(title) FROM books; SELECT upper(name) FROM authors").functions())
                    .containsExactly("lower", "upper");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books TABLESAMPLE SYSTEM (10)",
            "SELECT * FROM books TABLESAMPLE BERNOULLI (10)",
            "SELECT * FROM books TABLESAMPLE SYSTEM (10) REPEATABLE (1)",
        })
        void tableSamplesAreRandom(String sql) {
            // the sampled rows change with the table's physical layout, REPEATABLE or not
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.readTables()).containsExactly("books");
            assertThat(analysis.uncacheableReasons()).containsExactly(RANDOM);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "'   now'::timestamp", "'NOW'::timestamptz", "' Today '::date", "'tomorrow'", "'yesterday'::date",
            "$$now$$::timestamp", "$tag$now$tag$::timestamp", "$$ Today $$", "E'now'::timestamp",
            "E'\\x6eow'::timestamp", "E'\\156ow'::timestamp", "U&'\\006eow'::timestamp", "timestamp 'now'",
            "TIMESTAMP WITH TIME ZONE 'now'", "CAST('now' AS date)", "CAST(' now ' AS timestamp(3) with time zone)",
        })
        void specialDateTimeStringsInAnySpelling(String literal) {
            // PostgreSQL reads these strings as the current date or time wherever a date/time is expected
            String sql = "SELECT * FROM books WHERE published < " + literal;
            assertThat(analyze(sql).uncacheableReasons()).as(sql).containsExactly(NON_DETERMINISTIC);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "?::timestamp", "?::timestamptz", "?::date", "?::time", "?::timetz", "?::pg_catalog.timestamptz",
            "$1::timestamp", "CAST(? AS timestamp)", "CAST(? AS timestamp with time zone)", "CAST(? AS date)",
            "('n' || 'ow')::timestamptz", "(title || isbn)::date", "lower(title)::date", "timestamptz(?)",
            "CAST(? AS datetime)",
        })
        void castsToDateTimeOfAnythingButALiteralOrAColumn(String cast) {
            // the value may be the text 'now', e.g. a bound parameter: the analysis cannot prove it is not
            String sql = "SELECT * FROM books WHERE published < " + cast;
            assertThat(analyze(sql).uncacheableReasons()).as(sql).contains(NON_DETERMINISTIC);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT * FROM books WHERE published < ?",
            "SELECT * FROM books WHERE published < $1",
            "SELECT * FROM books WHERE published < '2020-01-01'::timestamp",
            "SELECT * FROM books WHERE published < CAST('2020-01-01' AS date)",
            "SELECT * FROM books WHERE published < DATE '2020-01-01'",
            "SELECT * FROM books WHERE published::date = created::date",
            "SELECT * FROM books WHERE published < created - ?::interval",
            "SELECT * FROM books WHERE id = ?::int",
            "SELECT date(published) FROM books",
            "SELECT * FROM books WHERE note = 'nowhere'",
        })
        void datesFromLiteralsColumnsAndUncastParametersStayCacheable(String sql) {
            assertCacheableRead(sql, "books");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT 'books'::regclass FROM books",
            "SELECT 'books'::regclass::oid FROM books",
            "SELECT * FROM books WHERE tableoid = 'books'::regclass",
            "SELECT * FROM books WHERE tableoid = ?::regclass",
            "SELECT 'int4'::regtype, 'public'::regnamespace, 'now'::regproc FROM books",
            "SELECT to_regclass('books') FROM books",
        })
        void objectIdentifierCastsAreNonDeterministic(String sql) {
            // an OID changes when the object is dropped and re-created, which writes no table
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.uncacheableReasons()).as(sql).containsExactly(NON_DETERMINISTIC);
            assertThat(analysis.writesUnknownTables()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT SQL_CALC_FOUND_ROWS * FROM books LIMIT 10",
            "SELECT * FROM authors WHERE id IN (SELECT SQL_CALC_FOUND_ROWS author_id FROM books)",
            "SELECT FOUND_ROWS() FROM books",
            "SELECT ROW_COUNT() FROM books",
            "SELECT LAST_INSERT_ID() FROM books",
        })
        void foundRowsAndItsSideEffectAreNotCached(String sql) {
            // a hit would skip the side effect that a later SELECT FOUND_ROWS() relies on
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertThat(analysis.uncacheableReasons()).as(sql).containsExactly(NON_DETERMINISTIC);
        }

        @Test
        void groupingExtensionsAreNotFunctions() {
            assertCacheableRead("SELECT author_id, sum(price) FROM books GROUP BY ROLLUP (author_id)", "books");
            assertCacheableRead("SELECT author_id, sum(price) FROM books GROUP BY GROUPING SETS ((author_id), ())", "books");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT * FROM information_schema.tables                 | tables
                SELECT * FROM INFORMATION_SCHEMA.COLUMNS                | columns
                SELECT * FROM pg_catalog.pg_class                       | pg_class
                SELECT * FROM pg_stat_activity                          | pg_stat_activity
                SELECT * FROM mysql.user                                | user
                SELECT * FROM performance_schema.threads                | threads
                SELECT name FROM sqlite_master WHERE type = 'table'     | sqlite_master
                """)
        void systemCatalogReadsAreNonDeterministic(String sql, String reads) {
            // DDL changes catalogs without naming them: such reads must not be cached
            StatementAnalysis analysis = analyze(sql);
            assertThat(analysis.kind()).isEqualTo(READ);
            assertTables(analysis, reads, null);
            assertThat(analysis.uncacheableReasons()).containsExactly(NON_DETERMINISTIC);
        }

        @Test
        void namedColumnsLookingLikeKeywordsAreFineWhenQualifiedOrQuoted() {
            assertCacheableRead("SELECT b.user, \"current_date\" FROM books b", "books");
        }
    }

    @Nested
    class JdbcEscapeSyntax {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT {fn ucase(title)} FROM books                                           | books
                SELECT {fn concat({fn ucase(title)}, 'x')} FROM books                         | books
                SELECT * FROM books WHERE published = {d '2020-01-01'}                        | books
                SELECT * FROM books WHERE updated > {ts '2020-01-01 10:00:00'}                | books
                SELECT * FROM books WHERE at < {t '10:00:00'}                                 | books
                SELECT * FROM {oj books b LEFT OUTER JOIN authors a ON a.id = b.author_id}    | books authors
                SELECT * FROM books WHERE title LIKE '50\\%' {escape '\\'}                    | books
                SELECT * FROM books {limit 10}                                                | books
                SELECT '{fn not_an_escape}' FROM books                                        | books
                """)
        void escapesInsideQueriesAreUnderstood(String sql, String reads) {
            assertCacheableRead(sql, reads);
        }
    }

    @Nested
    class Memoization {

        @Test
        void theSameStringIsAnalysedOnce() {
            CountingAnalysis counting = new CountingAnalysis();
            SqlAnalyzer analyzer = SqlAnalyzer.synchronous(100, counting);

            StatementAnalysis first = analyzer.analyze("SELECT * FROM books");
            StatementAnalysis second = analyzer.analyze("SELECT * FROM books");
            analyzer.analyze("SELECT * FROM authors");

            assertThat(second).isSameAs(first);
            assertThat(counting.calls).isEqualTo(2);
        }

        @Test
        void theDefaultAnalyzerReturnsTheSameInstance() {
            SqlAnalyzer analyzer = new SqlAnalyzer();
            String sql = "SELECT * FROM books WHERE id = ?";
            assertThat(analyzer.analyze(sql)).isSameAs(analyzer.analyze(sql));
        }

        @Test
        void memoizationCanBeDisabled() {
            CountingAnalysis counting = new CountingAnalysis();
            SqlAnalyzer analyzer = SqlAnalyzer.synchronous(0, counting);
            analyzer.analyze("SELECT 1");
            analyzer.analyze("SELECT 1");
            assertThat(counting.calls).isEqualTo(2);
        }

        @Test
        void aNegativeBoundIsRejected() {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new SqlAnalyzer(-1));
        }

        @Test
        void aFailingAnalysisBecomesUnknown() {
            SqlAnalyzer analyzer = SqlAnalyzer.synchronous(10, sql -> {
                throw new IllegalStateException("boom");
            });
            assertThat(analyzer.analyze("SELECT 1").kind()).isEqualTo(UNKNOWN);
        }

        @Test
        void concurrentCallersShareOneAnalysis() throws Exception {
            CountingAnalysis counting = new CountingAnalysis();
            SqlAnalyzer analyzer = SqlAnalyzer.synchronous(100, counting);
            Thread[] threads = new Thread[8];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    for (int j = 0; j < 100; j++) {
                        analyzer.analyze("SELECT * FROM books");
                    }
                });
                threads[i].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(counting.calls).isEqualTo(1);
        }

        private static final class CountingAnalysis implements java.util.function.Function<String, StatementAnalysis> {
            volatile int calls;

            @Override
            public synchronized StatementAnalysis apply(String sql) {
                calls++;
                return SqlAnalysisEngine.analyze(sql);
            }
        }
    }

    @Nested
    class ConvenienceMethods {

        @Test
        void aPlainSelectIsACacheableRead() {
            StatementAnalysis analysis = analyze("SELECT * FROM books");
            assertThat(analysis.isRead()).isTrue();
            assertThat(analysis.isCacheableRead()).isTrue();
            assertThat(analysis.isWrite()).isFalse();
            assertThat(analysis.isTransactionControl()).isFalse();
            assertThat(analysis.invalidatesEverything()).isFalse();
        }

        @Test
        void allTablesUnitesReadAndWrittenTables() {
            assertThat(analyze("INSERT INTO books SELECT * FROM staging").allTables())
                    .containsExactlyInAnyOrder("books", "staging");
        }

        @ParameterizedTest
        @EnumSource(value = StatementKind.class, names = {"WRITE", "DDL", "CALL", "UNKNOWN"})
        void writeKinds(StatementKind kind) {
            assertThat(kind.isWriteKind()).isTrue();
            assertThat(new StatementAnalysis(kind, Set.of(), Set.of(), Set.of(), false).isWrite()).isTrue();
        }

        @Test
        void setsAreImmutableCopies() {
            java.util.HashSet<String> reads = new java.util.HashSet<>(Set.of("b", "a"));
            StatementAnalysis analysis = new StatementAnalysis(READ, reads, Set.of(), Set.of(), false);
            reads.add("c");
            assertThat(analysis.readTables()).containsExactly("a", "b");
            assertThatCode(() -> analysis.readTables().add("x")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void theShorterConstructorTrustsNoFunction() {
            StatementAnalysis analysis = new StatementAnalysis(READ, Set.of("a"), Set.of(), Set.of(), false);
            assertThat(analysis.functions()).isEmpty();
            assertThat(analysis).isEqualTo(new StatementAnalysis(READ, Set.of("a"), Set.of(), Set.of(), false, Set.of()));
        }

        @Test
        void unknownMayWriteAnything() {
            StatementAnalysis unknown = StatementAnalysis.unknown();
            assertThat(unknown.kind()).isEqualTo(UNKNOWN);
            assertThat(unknown.invalidatesEverything()).isTrue();
            assertThat(unknown.isWrite()).isTrue();
        }
    }

    @Test
    void readsAreNotWrites() {
        assertThat(analyze("SELECT * FROM books").kind()).isNotIn(WRITE, DDL);
        assertThat(analyze("INSERT INTO books VALUES (1)").kind()).isEqualTo(WRITE);
        assertThat(analyze("COMMIT").kind()).isEqualTo(COMMIT);
        assertThat(analyze("ROLLBACK").kind()).isEqualTo(ROLLBACK);
        assertThat(analyze("SAVEPOINT a").kind()).isEqualTo(SAVEPOINT);
        assertThat(analyze("ROLLBACK TO a").kind()).isEqualTo(ROLLBACK_TO_SAVEPOINT);
    }
}
