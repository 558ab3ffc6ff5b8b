package io.github.cachalot.sql;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The result of statically analysing one SQL string.
 *
 * <p>Table names are unqualified, lower-cased and unquoted ({@code public."Books"} becomes
 * {@code books}). Sets are immutable and sorted.
 *
 * @param kind                what the statement does
 * @param readTables          every table (or view) the statement reads; CTE names are not tables
 * @param writtenTables       every table the statement writes (for DDL: the created, altered,
 *                            dropped or renamed tables, old and new names)
 * @param uncacheableReasons  why a read must not be cached; empty means cacheable
 * @param writesUnknownTables whether the statement may write tables that cannot be named (procedure
 *                            calls, unparseable SQL, functions not known to be side-effect free …)
 * @param functions           the functions the statement calls (in subqueries and CTEs too) that were
 *                            trusted by name as side-effect-free deterministic built-ins, lower-cased,
 *                            unquoted and qualified as written ({@code lower}, {@code pg_catalog.lower}):
 *                            a user function may carry such a name (or overload it), so these are the
 *                            names to check against the database catalog before trusting the analysis
 */
public record StatementAnalysis(
        StatementKind kind,
        Set<String> readTables,
        Set<String> writtenTables,
        Set<UncacheableReason> uncacheableReasons,
        boolean writesUnknownTables,
        Set<String> functions) {

    /** Validates the components and makes immutable, sorted copies of the sets. */
    public StatementAnalysis {
        Objects.requireNonNull(kind, "kind");
        readTables = sortedCopy(Objects.requireNonNull(readTables, "readTables"));
        writtenTables = sortedCopy(Objects.requireNonNull(writtenTables, "writtenTables"));
        uncacheableReasons = reasonsCopy(Objects.requireNonNull(uncacheableReasons, "uncacheableReasons"));
        functions = sortedCopy(Objects.requireNonNull(functions, "functions"));
    }

    /** An analysis that trusts no function by name (the form before {@link #functions} existed). */
    public StatementAnalysis(StatementKind kind, Set<String> readTables, Set<String> writtenTables,
            Set<UncacheableReason> uncacheableReasons, boolean writesUnknownTables) {
        this(kind, readTables, writtenTables, uncacheableReasons, writesUnknownTables, Set.of());
    }

    /** An analysis for SQL that could not be understood: it may write anything. */
    public static StatementAnalysis unknown() {
        return new StatementAnalysis(StatementKind.UNKNOWN, Set.of(), Set.of(), Set.of(), true);
    }

    /** Whether this statement may modify table data (a write kind, or it may write unknown tables). */
    public boolean isWrite() {
        return kind.isWriteKind() || writesUnknownTables;
    }

    /** Whether this is a {@link StatementKind#READ} (cacheable or not). */
    public boolean isRead() {
        return kind == StatementKind.READ;
    }

    /** Whether the result of this statement may be cached: a read with no reason against it that writes nothing. */
    public boolean isCacheableRead() {
        return kind == StatementKind.READ && uncacheableReasons.isEmpty() && !writesUnknownTables;
    }

    /** Whether this is raw SQL transaction control ({@code BEGIN}, {@code COMMIT}, {@code SAVEPOINT} …). */
    public boolean isTransactionControl() {
        return kind.isTransactionControl();
    }

    /** Whether this statement may invalidate every table: it may write tables that cannot be named. */
    public boolean invalidatesEverything() {
        return writesUnknownTables;
    }

    /** Every table named by this statement, read or written. */
    public Set<String> allTables() {
        if (writtenTables.isEmpty()) {
            return readTables;
        }
        TreeSet<String> all = new TreeSet<>(readTables);
        all.addAll(writtenTables);
        return TableSet.of(all);
    }

    private static Set<String> sortedCopy(Collection<String> tables) {
        return (tables instanceof TableSet known) ? known : TableSet.of(tables);
    }

    private static Set<UncacheableReason> reasonsCopy(Collection<UncacheableReason> reasons) {
        if (reasons.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(reasons));
    }
}
