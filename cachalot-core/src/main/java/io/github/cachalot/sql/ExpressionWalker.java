package io.github.cachalot.sql;

import java.util.List;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.JsonKeyValuePair;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.WindowRange;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.MemberOfExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.piped.FromQuery;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PivotXml;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks expressions: classifies every function call (select list, WHERE, ORDER BY, join
 * conditions, window definitions …) with {@link FunctionClassifier} and hands subqueries back to
 * the {@link QueryWalker}. The visitor context is the {@link CteScope} of the enclosing query.
 *
 * <p>Builds on {@link ExpressionVisitorAdapter} for the plain recursion and overrides the nodes it
 * does not fully descend into (ANY/ALL subqueries, window clauses, TRIM … FROM, named arguments,
 * array subscripts of columns, the right-hand operands of {@code ->}, {@code ->>}, {@code #>},
 * {@code #>>}, {@code AT TIME ZONE} operands, JSON_OBJECT key/value pairs).
 */
final class ExpressionWalker extends ExpressionVisitorAdapter<Void> {

    private final QueryWalker queries;
    private final StatementFacts facts;

    ExpressionWalker(QueryWalker queries, StatementFacts facts) {
        this.queries = queries;
        this.facts = facts;
    }

    private static CteScope scope(Object context) {
        return context instanceof CteScope scope ? scope : CteScope.EMPTY;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        List<String> name = function.getMultipartName();
        if (name == null || name.isEmpty()) {
            name = function.getName() == null ? List.of() : List.of(function.getName());
        }
        int argumentCount = function.getParameters() == null ? 0 : function.getParameters().size();
        if (function.getNamedParameters() != null) {
            argumentCount += function.getNamedParameters().size();
            queries.expression(function.getNamedParameters(), scope(context));
        }
        facts.functionCall(FunctionClassifier.classifyCall(name, argumentCount), FunctionClassifier.qualifiedName(name));
        castNotation(name, function.getParameters());
        if (function.getAttribute() instanceof Expression attribute) {
            queries.expression(attribute, scope(context));
        }
        return super.visit(function, context);
    }

    /** {@code timestamptz(?)}, {@code regclass('t')}: PostgreSQL's function notation for a cast. */
    private void castNotation(List<String> name, ExpressionList<?> arguments) {
        if (name.size() > 2 || (name.size() == 2 && !"pg_catalog".equals(TableNames.normalize(name.get(0))))) {
            return;
        }
        String type = FunctionClassifier.baseTypeName(TableNames.normalize(name.get(name.size() - 1)));
        if (FunctionClassifier.isDateTimeType(type) && arguments != null) {
            for (Expression argument : arguments) {
                if (!isPlainValue(argument)) {
                    facts.reason(UncacheableReason.NON_DETERMINISTIC);
                }
            }
        }
    }

    /**
     * Casts to {@code reg*} types yield OIDs (which change when an object is re-created); casts to a
     * date/time type of anything but a plain literal or a column may yield the current time, as the
     * value may be the text {@code 'now'} ({@code ?::timestamp}, {@code ('n' || 'ow')::date}).
     */
    @Override
    public <S> Void visit(CastExpression cast, S context) {
        String type = FunctionClassifier.baseTypeName(cast.getColDataType() == null ? null : cast.getColDataType().getDataType());
        if (FunctionClassifier.isObjectIdentifierType(type)
                || (FunctionClassifier.isDateTimeType(type) && !isPlainValue(cast.getLeftExpression()))) {
            facts.reason(UncacheableReason.NON_DETERMINISTIC);
        }
        return super.visit(cast, context);
    }

    /** A literal (checked for {@code 'now'} on its own), a column, or a cast of one: not the current time in disguise. */
    private static boolean isPlainValue(Expression expression) {
        if (expression instanceof StringValue || expression instanceof LongValue || expression instanceof DoubleValue
                || expression instanceof NullValue || expression instanceof Column
                || expression instanceof DateTimeLiteralExpression) {
            return true;
        }
        if (expression instanceof SignedExpression signed) {
            return isPlainValue(signed.getExpression());
        }
        if (expression instanceof CastExpression cast) {
            return isPlainValue(cast.getLeftExpression());
        }
        return expression instanceof ParenthesedExpressionList<?> list && list.size() == 1 && isPlainValue(list.get(0));
    }

    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
        CteScope scope = scope(context);
        Expression argument = analytic.getExpression();
        int argumentCount = argument == null ? 0
                : argument instanceof ExpressionList<?> list ? list.size() : 1;
        List<String> name = analytic.getName() == null ? List.of() : List.of(analytic.getName().split("\\."));
        facts.functionCall(FunctionClassifier.classifyCall(name, argumentCount), FunctionClassifier.qualifiedName(name));
        queries.expression(argument, scope);
        queries.expression(analytic.getOffset(), scope);
        queries.expression(analytic.getDefaultValue(), scope);
        queries.expression(analytic.getKeep(), scope);
        queries.expression(analytic.getFilterExpression(), scope);
        queries.expression(analytic.getPartitionExpressionList(), scope);
        queries.orderBy(analytic.getOrderByElements(), scope);
        queries.orderBy(analytic.getFuncOrderBy(), scope);
        windowElement(analytic.getWindowElement(), scope);
        windowDefinition(analytic.getWindowDefinition(), scope);
        return null;
    }

    /** Walks a window definition ({@code OVER (…)} or {@code WINDOW w AS (…)}). */
    void windowDefinition(WindowDefinition window, CteScope scope) {
        if (window == null) {
            return;
        }
        queries.expression(window.getPartitionExpressionList(), scope);
        queries.orderBy(window.getOrderByElements(), scope);
        windowElement(window.getWindowElement(), scope);
    }

    private void windowElement(WindowElement element, CteScope scope) {
        if (element == null) {
            return;
        }
        windowOffset(element.getOffset(), scope);
        WindowRange range = element.getRange();
        if (range != null) {
            windowOffset(range.getStart(), scope);
            windowOffset(range.getEnd(), scope);
        }
    }

    private void windowOffset(WindowOffset offset, CteScope scope) {
        if (offset != null) {
            queries.expression(offset.getExpression(), scope);
        }
    }

    @Override
    public <S> Void visit(AnyComparisonExpression any, S context) {
        queries.select(any.getSelect(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
        queries.select(select, scope(context));
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        queries.select(select, scope(context));
        return null;
    }

    @Override
    public <S> Void visit(PivotXml pivot, S context) {
        super.visit(pivot, context);
        queries.select(pivot.getInSelect(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(FromQuery fromQuery, S context) {
        facts.notUnderstood = true;
        return null;
    }

    @Override
    public <S> Void visit(TrimFunction trim, S context) {
        queries.expression(trim.getExpression(), scope(context));
        queries.expression(trim.getFromExpression(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(MemberOfExpression memberOf, S context) {
        queries.expression(memberOf.getLeftExpression(), scope(context));
        queries.expression(memberOf.getRightExpression(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(Column column, S context) {
        String name = column.getColumnName();
        if (column.getTable() == null || column.getTable().getName() == null) {
            if (name != null && !TableNames.isQuoted(name) && FunctionClassifier.isKeywordFunction(name)) {
                facts.reason(UncacheableReason.NON_DETERMINISTIC);
            }
        }
        // arr[(SELECT …)]: the parser hangs the subscripts on the column
        queries.expression(column.getArrayConstructor(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(JsonExpression json, S context) {
        // the adapter only visits the left operand of -> / ->> / #> / #>> chains
        queries.expression(json.getExpression(), scope(context));
        for (Expression operand : json.getIdents()) {
            queries.expression(operand, scope(context));
        }
        return null;
    }

    @Override
    public <S> Void visit(TimezoneExpression timezone, S context) {
        queries.expression(timezone.getLeftExpression(), scope(context));
        queries.expressions(timezone.getTimezoneExpressions(), scope(context));
        return null;
    }

    @Override
    public <S> Void visit(JsonFunction json, S context) {
        super.visit(json, context);
        if (json.getKeyValuePairs() != null) {
            for (JsonKeyValuePair pair : json.getKeyValuePairs()) {
                jsonPart(pair.getKey(), context);
                jsonPart(pair.getValue(), context);
            }
        }
        return null;
    }

    @Override
    public <S> Void visit(JsonAggregateFunction json, S context) {
        super.visit(json, context);
        jsonPart(json.getKey(), context);
        jsonPart(json.getValue(), context);
        return null;
    }

    /** JSON key/value parts are typed {@code Object}: expressions or plain names. */
    private void jsonPart(Object part, Object context) {
        if (part instanceof Expression expression) {
            queries.expression(expression, scope(context));
        }
    }

    @Override
    public <S> Void visit(TimeKeyExpression timeKey, S context) {
        facts.reason(UncacheableReason.NON_DETERMINISTIC);
        return null;
    }

    @Override
    public <S> Void visit(NextValExpression nextVal, S context) {
        facts.reason(UncacheableReason.NON_DETERMINISTIC);
        return null;
    }

    @Override
    public <S> Void visit(UserVariable variable, S context) {
        // @var / @@system_var: session state
        facts.reason(UncacheableReason.NON_DETERMINISTIC);
        return null;
    }

    @Override
    public <S> Void visit(StringValue value, S context) {
        if (FunctionClassifier.isCurrentTimeLiteral(value.getValue())) {
            facts.reason(UncacheableReason.NON_DETERMINISTIC);
        }
        return null;
    }

    @Override
    public <S> Void visit(DateTimeLiteralExpression literal, S context) {
        String value = literal.getValue();
        if (value != null && FunctionClassifier.isCurrentTimeLiteral(stripQuotes(value))) {
            facts.reason(UncacheableReason.NON_DETERMINISTIC);
        }
        return null;
    }

    private static String stripQuotes(String value) {
        String trimmed = value.trim();
        if (trimmed.length() >= 2 && trimmed.charAt(0) == '\'' && trimmed.charAt(trimmed.length() - 1) == '\'') {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}
