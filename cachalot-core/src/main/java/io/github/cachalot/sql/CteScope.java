package io.github.cachalot.sql;

import java.util.Collection;
import java.util.Locale;
import net.sf.jsqlparser.schema.Table;

/**
 * The common table expression names visible at some point of a query, so that references to them
 * are not mistaken for tables. Immutable; scopes nest.
 *
 * <p>Matching is deliberately strict (a table reference is only treated as a CTE reference when it
 * is unqualified and its name matches under the usual quoting rules): when in doubt the reference
 * is kept as a table, which can only over-invalidate.
 */
final class CteScope {

    /** The scope with no CTE visible. */
    static final CteScope EMPTY = new CteScope(null, null);

    private final CteName name;
    private final CteScope parent;

    private CteScope(CteName name, CteScope parent) {
        this.name = name;
        this.parent = parent;
    }

    /** A CTE name as written, split into its unquoted text and whether it was quoted. */
    record CteName(String text, boolean quoted) {

        /** Parses a name as written in the query ({@code x}, {@code "X"} …). */
        static CteName of(String written) {
            String trimmed = written.trim();
            return new CteName(TableNames.unquote(trimmed), TableNames.isQuoted(trimmed));
        }

        boolean matches(CteName reference) {
            if (!quoted && !reference.quoted) {
                return text.toLowerCase(Locale.ROOT).equals(reference.text.toLowerCase(Locale.ROOT));
            }
            return text.equals(reference.text);
        }
    }

    /** This scope plus {@code names}. */
    CteScope with(Collection<CteName> names) {
        CteScope scope = this;
        for (CteName cteName : names) {
            scope = new CteScope(cteName, scope);
        }
        return scope;
    }

    /** Whether {@code table} refers to a CTE of this scope rather than to a real table. */
    boolean isCte(Table table) {
        if (this == EMPTY || table.getName() == null || table.getSchemaName() != null
                || table.getDatabaseName() != null) {
            return false;
        }
        CteName reference = CteName.of(table.getName());
        for (CteScope scope = this; scope != EMPTY; scope = scope.parent) {
            if (scope.name.matches(reference)) {
                return true;
            }
        }
        return false;
    }
}
