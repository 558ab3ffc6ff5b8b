package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * The uncached analysis pipeline: rewrite JDBC escapes, split the string into statements, classify
 * each (lexically when its leading keywords decide, else with JSqlParser, else lexically as a
 * fallback: {@link LexicalProof}, then {@link LexicalClassifier#classifyUnparsed}) and assemble the
 * result. Never throws.
 */
final class SqlAnalysisEngine {

    private SqlAnalysisEngine() {
    }

    /**
     * Analyses {@code sql} from scratch. When PostgreSQL and MariaDB read its comments differently
     * ({@code #}, {@code --x}), both readings are analysed and the result covers either; a reading
     * the parser cannot read is then judged from its tokens (see {@link
     * LexicalClassifier#classifyUnparsedRead}), so that a MariaDB {@code #} comment does not make a
     * read UNKNOWN.
     */
    static StatementAnalysis analyze(String sql) {
        return analyze(sql, new StatementParser.Budget(StatementParser.PARSE_BUDGET_MILLIS));
    }

    /**
     * As {@link #analyze(String)}, parsing within {@code budget}: a statement the parser gives up on
     * for lack of time is judged from its tokens ({@link StatementParser.Budget#exhausted()} tells).
     */
    static StatementAnalysis analyze(String sql, StatementParser.Budget budget) {
        if (sql == null) {
            return StatementAnalysis.unknown();
        }
        try {
            String rewritten = JdbcEscapes.rewrite(sql);
            boolean ambiguous = (rewritten.indexOf('#') >= 0 || rewritten.contains("--"))
                    && SqlLexer.scan(rewritten).dialectComments();
            StatementAnalysis standard = analyzeReading(rewritten, ambiguous, false, budget);
            if (!ambiguous) {
                return standard;
            }
            StatementAnalysis mariaDb = analyzeReading(SqlLexer.mariaDbReading(rewritten), true, true, budget);
            return mariaDb == null ? standard : AnalysisAssembler.eitherOf(standard, mariaDb);
        } catch (RuntimeException | StackOverflowError e) {
            return StatementAnalysis.unknown();
        }
    }

    /**
     * Analyses one reading; for the MariaDB reading ({@code mariaDb}), statements MariaDB certainly
     * rejects are left out, and {@code null} means that none remains.
     */
    private static StatementAnalysis analyzeReading(String sql, boolean ambiguous, boolean mariaDb,
            StatementParser.Budget budget) {
        List<StatementFacts> statements = new ArrayList<>();
        boolean rejected = false;
        for (String piece : SqlLexer.splitStatements(sql)) {
            SqlLexer.Scan scan = SqlLexer.scan(piece);
            if (mariaDb && LexicalClassifier.isRejectedByMariaDb(scan)) {
                // e.g. PostgreSQL's (data #>> '{a}') read as MariaDB: "(data" and a comment; it never runs there
                rejected = true;
                continue;
            }
            statements.addAll(analyzePiece(scan, ambiguous, budget));
        }
        return rejected && statements.isEmpty() ? null : AnalysisAssembler.assemble(statements);
    }

    private static List<StatementFacts> analyzePiece(SqlLexer.Scan scan, boolean ambiguous,
            StatementParser.Budget budget) {
        if (scan.isEmpty()) {
            return List.of();
        }
        if (scan.executableComment()) {
            // MySQL runs the content of /*! … */ comments, which no parser sees
            return List.of(StatementFacts.writingAnything(StatementKind.UNKNOWN));
        }
        StatementFacts byKeywords = LexicalClassifier.classifyLeading(scan);
        if (byKeywords != null) {
            return List.of(byKeywords);
        }
        boolean locking = LexicalClassifier.hasLockingClause(scan);
        List<Statement> parsed = StatementParser.parse(LexicalClassifier.withoutLockInShareMode(scan), budget);
        if (parsed == null) {
            StatementFacts read = ambiguous ? LexicalClassifier.classifyUnparsedRead(scan) : unparsedRead(scan);
            return List.of(read != null ? read : LexicalClassifier.classifyUnparsed(scan));
        }
        List<StatementFacts> result = new ArrayList<>(parsed.size());
        for (Statement statement : parsed) {
            StatementFacts facts = StatementClassifier.classify(statement);
            if (locking) {
                facts.reason(UncacheableReason.LOCKING);
            }
            LexicalClassifier.addLexicalReasons(scan, facts);
            result.add(facts);
        }
        return result;
    }

    /** A read the parser could not read, judged from its tokens (see {@link UncacheableReason#UNPARSED}). */
    private static StatementFacts unparsedRead(SqlLexer.Scan scan) {
        StatementFacts read = LexicalProof.read(scan);
        if (read != null) {
            read.reason(UncacheableReason.UNPARSED);
        }
        return read;
    }

    /**
     * A never-analysed statement that its tokens alone prove a read writing nothing: its analysis
     * ({@link UncacheableReason#NOT_YET_ANALYSED}) and whether it carries literal values (numbers or
     * strings, which a stream of never-repeated statements differs by).
     */
    record ProvisionalRead(StatementAnalysis analysis, boolean carriesLiterals) {
    }

    /** The provisional read of {@code sql}, in time linear in its length; {@code null} if its tokens do not prove one. */
    static ProvisionalRead provisionalRead(String sql) {
        try {
            SqlLexer.Scan scan = SqlLexer.scan(JdbcEscapes.rewrite(sql));
            StatementFacts read = LexicalProof.read(scan);
            if (read == null) {
                return null;
            }
            read.reason(UncacheableReason.NOT_YET_ANALYSED);
            boolean literals = false;
            for (SqlToken token : scan.tokens()) {
                if (token.type() == SqlToken.Type.NUMBER || token.type() == SqlToken.Type.STRING) {
                    literals = true;
                    break;
                }
            }
            return new ProvisionalRead(AnalysisAssembler.assemble(List.of(read)), literals);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
