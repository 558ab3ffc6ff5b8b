package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.OutputClause;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Walks data-modifying statements (top-level or inside a CTE): records their target tables as
 * written and everything else they touch (sources, subqueries, RETURNING, ON CONFLICT / ON
 * DUPLICATE KEY clauses) through the {@link QueryWalker}.
 *
 * <p>MySQL multi-table {@code UPDATE a JOIN b … SET a.x = …} writes the tables whose columns are
 * assigned when every assigned column is qualified, otherwise every table named before {@code SET};
 * multi-table {@code DELETE a, b FROM …} writes the listed targets, aliases resolved.
 */
final class DmlWalker {

    private final QueryWalker queries;
    private final StatementFacts facts;

    DmlWalker(QueryWalker queries, StatementFacts facts) {
        this.queries = queries;
        this.facts = facts;
    }

    /** {@code INSERT} (including {@code INSERT IGNORE}, {@code ON CONFLICT}, {@code ON DUPLICATE KEY UPDATE}). */
    void insert(Insert insert, CteScope scope) {
        CteScope inner = queries.withItems(insert.getWithItemsList(), scope);
        facts.write(TableNames.of(insert.getTable()));
        queries.select(insert.getSelect(), inner);
        updateSets(insert.getSetUpdateSets(), inner);
        updateSets(insert.getDuplicateUpdateSets(), inner);
        InsertConflictAction conflictAction = insert.getConflictAction();
        if (conflictAction != null) {
            updateSets(conflictAction.getUpdateSets(), inner);
            queries.expression(conflictAction.getWhereExpression(), inner);
        }
        returning(insert.getReturningClause(), inner);
        output(insert.getOutputClause(), inner);
    }

    /** {@code UPDATE}, including PostgreSQL {@code UPDATE … FROM} and MySQL multi-table updates. */
    void update(Update update, CteScope scope) {
        CteScope inner = queries.withItems(update.getWithItemsList(), scope);
        TargetTables targets = new TargetTables();
        targets.add(update.getTable());
        List<Join> startJoins = update.getStartJoins();
        if (startJoins != null) {
            for (Join join : startJoins) {
                FromItem item = join.getRightItem();
                if (item instanceof Table table) {
                    targets.add(table);
                } else {
                    queries.fromItem(item, inner);
                }
                queries.joinConditions(join, inner);
            }
        }
        if (startJoins == null || startJoins.isEmpty()) {
            facts.write(TableNames.of(update.getTable()));
        } else {
            List<String> written = targets.assignedBy(update.getUpdateSets());
            for (String table : targets.all()) {
                if (written.contains(table)) {
                    facts.write(table);
                } else {
                    facts.read(table);
                }
            }
        }
        queries.fromItem(update.getFromItem(), inner);
        queries.joins(update.getJoins(), inner);
        updateSets(update.getUpdateSets(), inner);
        queries.expression(update.getWhere(), inner);
        queries.orderBy(update.getOrderByElements(), inner);
        queries.limit(update.getLimit(), inner);
        returning(update.getReturningClause(), inner);
        output(update.getOutputClause(), inner);
    }

    /** {@code DELETE}, including PostgreSQL {@code DELETE … USING} and MySQL multi-table deletes. */
    void delete(Delete delete, CteScope scope) {
        CteScope inner = queries.withItems(delete.getWithItemsList(), scope);
        TargetTables targets = new TargetTables();
        targets.add(delete.getTable());
        if (delete.getJoins() != null) {
            for (Join join : delete.getJoins()) {
                if (join.getRightItem() instanceof Table table) {
                    targets.add(table);
                }
            }
        }
        List<Table> listed = delete.getTables();
        if (listed == null || listed.isEmpty()) {
            facts.write(TableNames.of(delete.getTable()));
        } else {
            for (Table table : listed) {
                facts.write(targets.resolve(TableNames.of(table)));
            }
        }
        if (delete.getUsingList() != null) {
            for (Table using : delete.getUsingList()) {
                queries.table(using, inner);
            }
        }
        queries.joins(delete.getJoins(), inner);
        queries.expression(delete.getWhere(), inner);
        queries.orderBy(delete.getOrderByElements(), inner);
        queries.limit(delete.getLimit(), inner);
        returning(delete.getReturningClause(), inner);
        output(delete.getOutputClause(), inner);
    }

    /** {@code MERGE INTO target USING source …}: writes the target, reads the source. */
    void merge(Merge merge, CteScope scope) {
        CteScope inner = queries.withItems(merge.getWithItemsList(), scope);
        facts.write(TableNames.of(merge.getTable()));
        queries.fromItem(merge.getFromItem(), inner);
        queries.expression(merge.getOnCondition(), inner);
        List<MergeOperation> operations = merge.getOperations();
        if (operations != null) {
            for (MergeOperation operation : operations) {
                mergeOperation(operation, inner);
            }
        }
        output(merge.getOutputClause(), inner);
    }

    private void mergeOperation(MergeOperation operation, CteScope scope) {
        if (operation instanceof MergeUpdate update) {
            updateSets(update.getUpdateSets(), scope);
            queries.expression(update.getAndPredicate(), scope);
            queries.expression(update.getWhereCondition(), scope);
            queries.expression(update.getDeleteWhereCondition(), scope);
        } else if (operation instanceof MergeInsert insert) {
            queries.expression(insert.getValues(), scope);
            queries.expression(insert.getAndPredicate(), scope);
            queries.expression(insert.getWhereCondition(), scope);
        } else if (operation instanceof MergeDelete delete) {
            queries.expression(delete.getAndPredicate(), scope);
        } else if (operation != null) {
            facts.notUnderstood = true;
        }
    }

    /** {@code UPSERT INTO} / {@code REPLACE INTO}. */
    void upsert(Upsert upsert, CteScope scope) {
        facts.write(TableNames.of(upsert.getTable()));
        queries.select(upsert.getSelect(), scope);
        updateSets(upsert.getUpdateSets(), scope);
        updateSets(upsert.getDuplicateUpdateSets(), scope);
        queries.expression(upsert.getExpressions(), scope);
    }

    private void updateSets(List<UpdateSet> updateSets, CteScope scope) {
        if (updateSets != null) {
            for (UpdateSet updateSet : updateSets) {
                queries.expression(updateSet.getValues(), scope);
            }
        }
    }

    private void returning(ReturningClause returning, CteScope scope) {
        if (returning != null) {
            queries.selectItems(returning.getDataItems(), scope);
        }
    }

    private void output(OutputClause output, CteScope scope) {
        if (output != null) {
            queries.selectItems(output.getSelectItemList(), scope);
            facts.write(TableNames.of(output.getOutputTable()));
        }
    }

    /** The candidate target tables of a multi-table statement, by name and by alias. */
    private static final class TargetTables {

        private final Set<String> tables = new LinkedHashSet<>();
        private final Map<String, String> byNameOrAlias = new HashMap<>();

        void add(Table table) {
            String name = TableNames.of(table);
            if (name == null) {
                return;
            }
            tables.add(name);
            byNameOrAlias.putIfAbsent(name, name);
            if (table.getAlias() != null) {
                String alias = TableNames.normalize(table.getAlias().getName());
                if (alias != null) {
                    byNameOrAlias.put(alias, name);
                }
            }
        }

        Set<String> all() {
            return tables;
        }

        /** The table an alias or name refers to; the name itself when unknown. */
        String resolve(String nameOrAlias) {
            return nameOrAlias == null ? null : byNameOrAlias.getOrDefault(nameOrAlias, nameOrAlias);
        }

        /**
         * The tables assigned by {@code SET} columns, when every column is qualified by a known
         * table or alias; otherwise all candidate tables.
         */
        List<String> assignedBy(List<UpdateSet> updateSets) {
            List<String> assigned = new ArrayList<>();
            if (updateSets == null) {
                return new ArrayList<>(tables);
            }
            for (UpdateSet updateSet : updateSets) {
                for (Column column : updateSet.getColumns()) {
                    String qualifier = column.getTable() == null ? null : TableNames.normalize(column.getTable().getName());
                    String table = qualifier == null ? null : byNameOrAlias.get(qualifier);
                    if (table == null) {
                        return new ArrayList<>(tables);
                    }
                    assigned.add(table);
                }
            }
            return assigned;
        }
    }
}
