package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * The uncached analysis pipeline: rewrite JDBC escapes, split the string into statements, classify
 * each (lexically when its leading keywords decide, else with JSqlParser, else lexically as a
 * fallback) and assemble the result. Never throws.
 */
final class SqlAnalysisEngine {

    private SqlAnalysisEngine() {
    }

    /** Analyses {@code sql} from scratch. */
    static StatementAnalysis analyze(String sql) {
        if (sql == null) {
            return StatementAnalysis.unknown();
        }
        try {
            String rewritten = JdbcEscapes.rewrite(sql);
            List<StatementFacts> statements = new ArrayList<>();
            for (String piece : SqlLexer.splitStatements(rewritten)) {
                statements.addAll(analyzePiece(piece));
            }
            return AnalysisAssembler.assemble(statements);
        } catch (RuntimeException | StackOverflowError e) {
            return StatementAnalysis.unknown();
        }
    }

    private static List<StatementFacts> analyzePiece(String piece) {
        SqlLexer.Scan scan = SqlLexer.scan(piece);
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
        List<Statement> parsed = StatementParser.parse(LexicalClassifier.withoutLockInShareMode(scan));
        if (parsed == null) {
            return List.of(LexicalClassifier.classifyUnparsed(scan));
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
}
