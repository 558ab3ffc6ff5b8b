/**
 * Static SQL analysis for the caching proxy: {@link io.github.cachalot.sql.SqlAnalyzer} tells, for a
 * SQL string, its {@link io.github.cachalot.sql.StatementKind kind}, the tables it reads and writes
 * and why a read may not be cached ({@link io.github.cachalot.sql.StatementAnalysis}).
 *
 * <p>Pipeline (package-private helpers): {@code JdbcEscapes} rewrites JDBC escapes,
 * {@code SqlLexer} splits the string into statements, {@code LexicalClassifier} decides
 * keyword-led statements (transaction control, SHOW/EXPLAIN, CALL, SET …), {@code StatementParser}
 * runs JSqlParser in the caller's thread under a time budget, {@code StatementClassifier},
 * {@code QueryWalker}, {@code DmlWalker} and {@code ExpressionWalker} collect tables and function
 * calls (classified by {@code FunctionClassifier}), and {@code AnalysisAssembler} combines the
 * statements. Whenever something is not understood the answer errs towards "may write anything".
 */
package io.github.cachalot.sql;
