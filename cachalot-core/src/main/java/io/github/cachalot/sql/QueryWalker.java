package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ParenthesedStatement;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.expression.WindowDefinition;

/**
 * Walks queries (selects, set operations, {@code VALUES}, CTEs, FROM items and joins) and records
 * the tables they read into a {@link StatementFacts}. Expressions are delegated to an {@link
 * ExpressionWalker}, data-modifying statements (also found inside CTEs) to a {@link DmlWalker}.
 *
 * <p>Anything it does not recognise marks the statement as not understood rather than being
 * silently skipped.
 */
final class QueryWalker {

    private final StatementFacts facts;
    private final ExpressionWalker expressionWalker;
    private final DmlWalker dmlWalker;

    QueryWalker(StatementFacts facts) {
        this.facts = facts;
        this.expressionWalker = new ExpressionWalker(this, facts);
        this.dmlWalker = new DmlWalker(this, facts);
    }

    /** The walker for INSERT/UPDATE/DELETE/MERGE/UPSERT sharing this walker's facts. */
    DmlWalker dml() {
        return dmlWalker;
    }

    /** Walks any query: plain select, set operation, parenthesised select, VALUES or TABLE. */
    void select(Select select, CteScope scope) {
        if (select == null) {
            return;
        }
        CteScope inner = withItems(select.getWithItemsList(), scope);
        if (select instanceof PlainSelect plainSelect) {
            plainSelect(plainSelect, inner);
        } else if (select instanceof SetOperationList setOperations) {
            for (Select part : setOperations.getSelects()) {
                select(part, inner);
            }
        } else if (select instanceof ParenthesedSelect parenthesed) {
            select(parenthesed.getSelect(), inner);
        } else if (select instanceof Values values) {
            expression(values.getExpressions(), inner);
        } else if (select instanceof TableStatement tableStatement) {
            table(tableStatement.getTable(), inner);
        } else {
            facts.notUnderstood = true;
        }
        selectTail(select, inner);
    }

    /**
     * Walks the bodies of {@code WITH} items and returns the scope in which the main query sees
     * them. Non-recursive items see only the items before them; recursive ones see all.
     */
    CteScope withItems(List<WithItem<?>> withItems, CteScope scope) {
        if (withItems == null || withItems.isEmpty()) {
            return scope;
        }
        List<CteScope.CteName> names = new ArrayList<>(withItems.size());
        boolean recursive = false;
        for (WithItem<?> item : withItems) {
            names.add(CteScope.CteName.of(item.getAliasName() == null ? "" : item.getAliasName()));
            recursive |= item.isRecursive();
        }
        CteScope bodyScope = recursive ? scope.with(names) : scope;
        for (int i = 0; i < withItems.size(); i++) {
            withItemBody(withItems.get(i).getParenthesedStatement(), bodyScope);
            if (!recursive) {
                bodyScope = bodyScope.with(List.of(names.get(i)));
            }
        }
        return scope.with(names);
    }

    private void withItemBody(ParenthesedStatement body, CteScope scope) {
        if (body instanceof ParenthesedSelect select) {
            select(select, scope);
        } else if (body instanceof ParenthesedInsert insert) {
            dmlWalker.insert(insert.getInsert(), scope);
        } else if (body instanceof ParenthesedUpdate update) {
            dmlWalker.update(update.getUpdate(), scope);
        } else if (body instanceof ParenthesedDelete delete) {
            dmlWalker.delete(delete.getDelete(), scope);
        } else if (body != null) {
            facts.notUnderstood = true;
        }
    }

    private void plainSelect(PlainSelect select, CteScope scope) {
        Distinct distinct = select.getDistinct();
        if (distinct != null) {
            selectItems(distinct.getOnSelectItems(), scope);
        }
        selectItems(select.getSelectItems(), scope);
        if (select.getIntoTables() != null) {
            for (Table into : select.getIntoTables()) {
                facts.write(TableNames.of(into));
                facts.reason(UncacheableReason.SELECT_INTO);
            }
        }
        if (select.getIntoTempTable() != null) {
            facts.write(TableNames.of(select.getIntoTempTable()));
            facts.reason(UncacheableReason.SELECT_INTO);
        }
        fromItem(select.getFromItem(), scope);
        joins(select.getJoins(), scope);
        if (select.getLateralViews() != null) {
            for (LateralView lateralView : select.getLateralViews()) {
                expression(lateralView.getGeneratorFunction(), scope);
            }
        }
        expression(select.getWhere(), scope);
        GroupByElement groupBy = select.getGroupBy();
        if (groupBy != null) {
            expression(groupBy.getGroupByExpressionList(), scope);
            if (groupBy.getGroupingSets() != null) {
                expressions(groupBy.getGroupingSets(), scope);
            }
        }
        expression(select.getHaving(), scope);
        expression(select.getQualify(), scope);
        if (select.getWindowDefinitions() != null) {
            for (WindowDefinition window : select.getWindowDefinitions()) {
                expressionWalker.windowDefinition(window, scope);
            }
        }
        if (select.getOracleHierarchical() != null) {
            expression(select.getOracleHierarchical(), scope);
        }
    }

    /** ORDER BY, LIMIT/OFFSET/FETCH and locking clauses, which any kind of query may carry. */
    private void selectTail(Select select, CteScope scope) {
        orderBy(select.getOrderByElements(), scope);
        limit(select.getLimit(), scope);
        limit(select.getLimitBy(), scope);
        Offset offset = select.getOffset();
        if (offset != null) {
            expression(offset.getOffset(), scope);
        }
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            expression(fetch.getExpression(), scope);
        }
        if (select.getForMode() != null || select.getForUpdateTable() != null || select.isNoWait()
                || select.isSkipLocked() || select.getWait() != null) {
            facts.reason(UncacheableReason.LOCKING);
        }
    }

    /** Walks a FROM item (table, derived table, lateral subquery, table function, parenthesised join). */
    void fromItem(FromItem item, CteScope scope) {
        if (item == null) {
            return;
        }
        if (item.getSampleClause() != null) {
            // TABLESAMPLE picks rows at random (REPEATABLE or not, the pick changes with the table's layout)
            facts.reason(UncacheableReason.RANDOM);
        }
        if (item instanceof Table table) {
            table(table, scope);
        } else if (item instanceof Select select) {
            select(select, scope);
        } else if (item instanceof TableFunction tableFunction) {
            expression(tableFunction.getFunction(), scope);
        } else if (item instanceof ParenthesedFromItem parenthesed) {
            fromItem(parenthesed.getFromItem(), scope);
            joins(parenthesed.getJoins(), scope);
        } else {
            facts.notUnderstood = true;
        }
    }

    /** Walks joined items and their ON conditions. */
    void joins(List<Join> joins, CteScope scope) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            fromItem(join.getRightItem(), scope);
            joinConditions(join, scope);
        }
    }

    /** Walks the ON conditions of a join. */
    void joinConditions(Join join, CteScope scope) {
        Collection<Expression> conditions = join.getOnExpressions();
        if (conditions != null) {
            expressions(conditions, scope);
        }
    }

    /**
     * Records a read of {@code table} unless it names a CTE in scope. Reading a system catalog
     * makes the statement non-deterministic: DDL changes catalogs without writing them by name.
     */
    void table(Table table, CteScope scope) {
        if (table != null && !scope.isCte(table)) {
            facts.read(TableNames.of(table));
            if (TableNames.isSystemCatalog(table)) {
                facts.reason(UncacheableReason.NON_DETERMINISTIC);
            }
        }
    }

    /** Walks one expression (null-safe). */
    void expression(Expression expression, CteScope scope) {
        if (expression != null) {
            expression.accept(expressionWalker, scope);
        }
    }

    /** Walks several expressions (null-safe). */
    void expressions(Collection<? extends Expression> expressions, CteScope scope) {
        if (expressions != null) {
            for (Expression expression : expressions) {
                expression(expression, scope);
            }
        }
    }

    /** Walks select items, RETURNING items or any list mixing select items and expressions. */
    void selectItems(List<?> items, CteScope scope) {
        if (items == null) {
            return;
        }
        for (Object item : items) {
            if (item instanceof SelectItem<?> selectItem) {
                expression(selectItem.getExpression(), scope);
            } else if (item instanceof Expression expression) {
                expression(expression, scope);
            }
        }
    }

    /** Walks ORDER BY elements. */
    void orderBy(List<OrderByElement> elements, CteScope scope) {
        if (elements != null) {
            for (OrderByElement element : elements) {
                expression(element.getExpression(), scope);
            }
        }
    }

    /** Walks a LIMIT clause. */
    void limit(Limit limit, CteScope scope) {
        if (limit != null) {
            expression(limit.getRowCount(), scope);
            expression(limit.getOffset(), scope);
            expression(limit.getByExpressions(), scope);
        }
    }
}
