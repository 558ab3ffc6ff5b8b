package io.github.cachalot.sql;

import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Block;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.DeclareStatement;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.IfElseStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterSession;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.create.synonym.CreateSynonym;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Turns one parsed JSqlParser {@link Statement} into {@link StatementFacts}: decides its {@link
 * StatementKind} and collects its read and written tables with a {@link QueryWalker}. Statement
 * types it does not know become {@link StatementKind#UNKNOWN}.
 */
final class StatementClassifier {

    private StatementClassifier() {
    }

    /** Classifies one parsed statement. */
    static StatementFacts classify(Statement statement) {
        StatementFacts facts = new StatementFacts();
        QueryWalker walker = new QueryWalker(facts);
        if (statement instanceof Select select) {
            walker.select(select, CteScope.EMPTY);
            facts.kind = facts.writtenTables.isEmpty() ? StatementKind.READ : StatementKind.WRITE;
        } else if (classifyDml(statement, facts, walker)) {
            // TRUNCATE is DDL in effect: MySQL and MariaDB commit the open transaction before it
            facts.kind = (statement instanceof Truncate) ? StatementKind.DDL : StatementKind.WRITE;
        } else if (classifyDdl(statement, facts, walker)) {
            facts.kind = StatementKind.DDL;
        } else {
            classifyOther(statement, facts, walker);
        }
        if (facts.kind == StatementKind.CALL || facts.kind == StatementKind.UNKNOWN) {
            facts.writesUnknownTables = true;
        }
        return facts;
    }

    private static boolean classifyDml(Statement statement, StatementFacts facts, QueryWalker walker) {
        DmlWalker dml = walker.dml();
        if (statement instanceof Insert insert) {
            dml.insert(insert, CteScope.EMPTY);
        } else if (statement instanceof ParenthesedInsert insert) {
            dml.insert(insert.getInsert(), CteScope.EMPTY);
        } else if (statement instanceof Update update) {
            dml.update(update, CteScope.EMPTY);
        } else if (statement instanceof ParenthesedUpdate update) {
            dml.update(update.getUpdate(), CteScope.EMPTY);
        } else if (statement instanceof Delete delete) {
            dml.delete(delete, CteScope.EMPTY);
        } else if (statement instanceof ParenthesedDelete delete) {
            dml.delete(delete.getDelete(), CteScope.EMPTY);
        } else if (statement instanceof Merge merge) {
            dml.merge(merge, CteScope.EMPTY);
        } else if (statement instanceof Upsert upsert) {
            dml.upsert(upsert, CteScope.EMPTY);
        } else if (statement instanceof Truncate truncate) {
            truncate(truncate, facts);
        } else if (statement instanceof RefreshMaterializedViewStatement refresh) {
            facts.write(TableNames.of(refresh.getView()));
        } else {
            return false;
        }
        return true;
    }

    private static void truncate(Truncate truncate, StatementFacts facts) {
        facts.write(TableNames.of(truncate.getTable()));
        if (truncate.getTables() != null) {
            for (Table table : truncate.getTables()) {
                facts.write(TableNames.of(table));
            }
        }
        if (truncate.getCascade()) {
            // TRUNCATE … CASCADE also empties every table referencing these ones
            facts.writesUnknownTables = true;
        }
    }

    private static boolean classifyDdl(Statement statement, StatementFacts facts, QueryWalker walker) {
        if (statement instanceof CreateTable create) {
            facts.write(TableNames.of(create.getTable()));
            walker.table(create.getLikeTable(), CteScope.EMPTY);
            walker.select(create.getSelect(), CteScope.EMPTY);
        } else if (statement instanceof CreateView create) {
            facts.write(TableNames.of(create.getView()));
            readsOfViewBody(create.getSelect(), facts);
        } else if (statement instanceof AlterView alter) {
            facts.write(TableNames.of(alter.getView()));
            readsOfViewBody(alter.getSelect(), facts);
        } else if (statement instanceof CreateIndex create) {
            facts.write(TableNames.of(create.getTable()));
        } else if (statement instanceof Alter alter) {
            alter(alter, facts);
        } else if (statement instanceof Drop drop) {
            drop(drop, facts);
        } else if (statement instanceof RenameTableStatement rename) {
            for (Map.Entry<Table, Table> entry : rename.getTableNames()) {
                facts.write(TableNames.of(entry.getKey()));
                facts.write(TableNames.of(entry.getValue()));
            }
        } else if (statement instanceof Comment comment) {
            facts.write(TableNames.of(comment.getTable()));
            facts.write(TableNames.of(comment.getView()));
            if (comment.getColumn() != null) {
                facts.write(TableNames.of(comment.getColumn().getTable()));
            }
        } else if (statement instanceof Grant grant) {
            facts.write(TableNames.lastOf(grant.getObjectNameParts()));
        } else if (statement instanceof CreateSchema || statement instanceof CreateSequence
                || statement instanceof AlterSequence || statement instanceof CreateSynonym
                || statement instanceof CreateFunctionalStatement) {
            // no table is written
            return true;
        } else {
            return false;
        }
        return true;
    }

    /** Creating a view reads nothing and runs nothing; its body only tells which tables it depends on. */
    private static void readsOfViewBody(Select body, StatementFacts facts) {
        StatementFacts bodyFacts = new StatementFacts();
        new QueryWalker(bodyFacts).select(body, CteScope.EMPTY);
        facts.readTables.addAll(bodyFacts.readTables);
        facts.functions.addAll(bodyFacts.functions);
        facts.notUnderstood |= bodyFacts.notUnderstood;
    }

    private static void alter(Alter alter, StatementFacts facts) {
        facts.write(TableNames.of(alter.getTable()));
        List<AlterExpression> expressions = alter.getAlterExpressions();
        if (expressions != null) {
            for (AlterExpression expression : expressions) {
                facts.write(TableNames.normalize(expression.getNewTableName()));
                facts.write(TableNames.normalize(expression.getExchangePartitionTableName()));
            }
        }
    }

    private static void drop(Drop drop, StatementFacts facts) {
        String type = drop.getType() == null ? "" : SqlLexer.upper(drop.getType());
        List<String> parameters = drop.getParameters() == null ? List.of() : drop.getParameters();
        if (type.contains("TABLE") || type.contains("VIEW")) {
            facts.write(TableNames.of(drop.getName()));
        } else if (type.equals("INDEX")) {
            int on = indexOfIgnoreCase(parameters, "ON");
            if (on >= 0 && on + 1 < parameters.size()) {
                facts.write(TableNames.normalize(parameters.get(on + 1)));
            }
        } else if (type.equals("SCHEMA") || type.equals("DATABASE") || type.equals("OWNED")) {
            facts.writesUnknownTables = true;
        }
        if (indexOfIgnoreCase(parameters, "CASCADE") >= 0) {
            // CASCADE may drop dependent objects (views, columns of other tables …)
            facts.writesUnknownTables = true;
        }
    }

    private static int indexOfIgnoreCase(List<String> values, String wanted) {
        for (int i = 0; i < values.size(); i++) {
            if (wanted.equalsIgnoreCase(values.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void classifyOther(Statement statement, StatementFacts facts, QueryWalker walker) {
        if (statement instanceof Execute || statement instanceof Block || statement instanceof IfElseStatement
                || statement instanceof DeclareStatement) {
            facts.kind = StatementKind.CALL;
        } else if (statement instanceof SetStatement set) {
            facts.kind = StatementKind.SESSION;
            walker.expressions(set.getExpressions(), CteScope.EMPTY);
        } else if (statement instanceof ResetStatement || statement instanceof UseStatement
                || statement instanceof AlterSession) {
            facts.kind = StatementKind.SESSION;
        } else if (statement instanceof ShowStatement || statement instanceof ShowColumnsStatement
                || statement instanceof ShowIndexStatement || statement instanceof ShowTablesStatement
                || statement instanceof DescribeStatement || statement instanceof Analyze) {
            facts.kind = StatementKind.OTHER_READ;
        } else if (statement instanceof ExplainStatement explain) {
            facts.kind = explain.getOption(ExplainStatement.OptionType.ANALYZE) == null
                    ? StatementKind.OTHER_READ : StatementKind.UNKNOWN;
        } else if (statement instanceof Commit) {
            facts.kind = StatementKind.COMMIT;
        } else if (statement instanceof RollbackStatement rollback) {
            facts.kind = rollback.getSavepointName() == null
                    ? StatementKind.ROLLBACK : StatementKind.ROLLBACK_TO_SAVEPOINT;
        } else if (statement instanceof SavepointStatement) {
            facts.kind = StatementKind.SAVEPOINT;
        } else {
            facts.kind = StatementKind.UNKNOWN;
        }
    }
}
