package io.github.cachalot.sql;

import java.util.List;
import net.sf.jsqlparser.schema.Table;

/**
 * Normalizes table names: unqualified, unquoted, lower-case. {@code public."Books"},
 * {@code `books`}, {@code [books]} and {@code test.BOOKS} all become {@code books}.
 */
final class TableNames {

    private TableNames() {
    }

    /** The normalized name of {@code table}, or {@code null} if it has no usable name. */
    static String of(Table table) {
        if (table == null) {
            return null;
        }
        return normalize(table.getName());
    }

    /**
     * Whether {@code table} is a system catalog or statistics view ({@code information_schema.*},
     * {@code pg_catalog.*}, {@code pg_*}, {@code mysql.*}, {@code performance_schema.*},
     * {@code sys.*}, {@code sqlite_master} …), whose content changes with DDL or server activity
     * rather than with writes to the named table.
     */
    static boolean isSystemCatalog(Table table) {
        String schema = normalize(table.getSchemaName());
        if (schema != null && SYSTEM_SCHEMAS.contains(schema)) {
            return true;
        }
        String name = of(table);
        return name != null && (name.startsWith("pg_") || name.startsWith("sqlite_"));
    }

    private static final java.util.Set<String> SYSTEM_SCHEMAS = java.util.Set.of(
            "information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys");

    /** The normalized form of a possibly qualified, possibly quoted name; {@code null} if blank. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String normalized = io.github.cachalot.config.TableNames.normalize(name);
        return normalized.isEmpty() ? null : normalized;
    }

    /** The normalized last element of a multi-part name. */
    static String lastOf(List<String> parts) {
        return parts == null || parts.isEmpty() ? null : normalize(parts.get(parts.size() - 1));
    }

    /** Removes one level of identifier quoting. */
    static String unquote(String name) {
        return io.github.cachalot.config.TableNames.unquote(name);
    }

    /** Whether {@code name} is written with identifier quotes. */
    static boolean isQuoted(String name) {
        return name != null && !name.isEmpty() && "\"`[".indexOf(name.charAt(0)) >= 0;
    }
}
