package io.github.cachalot.sql;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines the {@link StatementFacts} of every statement of a SQL string into one immutable {@link
 * StatementAnalysis}.
 *
 * <p>Several statements: tables and reasons are united and {@link
 * UncacheableReason#MULTIPLE_STATEMENTS} is added. The kind is the common kind if all statements
 * agree; otherwise UNKNOWN if any part is UNKNOWN or transaction control (a transaction boundary
 * hidden among other statements cannot be tracked), else the first of CALL, DDL, WRITE, SESSION,
 * OTHER_READ present, else READ; a session statement among those of another kind counts as
 * writing unknown tables (what it changes of the session is then forgotten). Two readings of one string (PostgreSQL's and MariaDB's, see
 * {@link #eitherOf}) combine the same way.
 */
final class AnalysisAssembler {

    private static final List<StatementKind> PRECEDENCE = List.of(
            StatementKind.UNKNOWN, StatementKind.CALL, StatementKind.DDL, StatementKind.WRITE,
            StatementKind.SESSION, StatementKind.OTHER_READ);

    private AnalysisAssembler() {
    }

    /** The analysis of a string made of these statements (none: blank or comment-only SQL). */
    static StatementAnalysis assemble(List<StatementFacts> statements) {
        if (statements.isEmpty()) {
            return new StatementAnalysis(StatementKind.OTHER_READ, Set.of(), Set.of(), Set.of(), false);
        }
        Set<String> readTables = new HashSet<>();
        Set<String> writtenTables = new HashSet<>();
        Set<UncacheableReason> reasons = EnumSet.noneOf(UncacheableReason.class);
        Set<String> functions = new HashSet<>();
        boolean writesUnknownTables = false;
        boolean session = false;
        for (StatementFacts facts : statements) {
            readTables.addAll(facts.readTables);
            functions.addAll(facts.functions);
            writtenTables.addAll(facts.writtenTables);
            reasons.addAll(facts.reasons);
            writesUnknownTables |= facts.writesUnknownTables;
            // a write that also changes session settings: the conservative path (it forgets the session)
            writesUnknownTables |= facts.changesSession && facts.effectiveKind() != StatementKind.SESSION;
            session |= facts.effectiveKind() == StatementKind.SESSION;
        }
        StatementKind kind = combinedKind(statements);
        if (kind == StatementKind.UNKNOWN || kind == StatementKind.CALL) {
            writesUnknownTables = true;
        }
        // a session statement among others (SET autocommit, search_path behind a write): the conservative path
        writesUnknownTables |= session && kind != StatementKind.SESSION;
        if (statements.size() > 1) {
            reasons.add(UncacheableReason.MULTIPLE_STATEMENTS);
        }
        if (kind == StatementKind.READ && readTables.isEmpty()) {
            reasons.add(UncacheableReason.NO_TABLES);
        }
        return new StatementAnalysis(kind, readTables, writtenTables, reasons, writesUnknownTables, functions);
    }

    /**
     * The analysis of a string that one database reads as {@code first} and another as {@code
     * second}: whatever either reading may read, write or call, the kind combined as for several
     * statements.
     */
    static StatementAnalysis eitherOf(StatementAnalysis first, StatementAnalysis second) {
        if (first.equals(second)) {
            return first;
        }
        Set<String> readTables = new HashSet<>(first.readTables());
        readTables.addAll(second.readTables());
        Set<String> writtenTables = new HashSet<>(first.writtenTables());
        writtenTables.addAll(second.writtenTables());
        Set<String> functions = new HashSet<>(first.functions());
        functions.addAll(second.functions());
        Set<UncacheableReason> reasons = EnumSet.noneOf(UncacheableReason.class);
        reasons.addAll(first.uncacheableReasons());
        reasons.addAll(second.uncacheableReasons());
        reasons.remove(UncacheableReason.NO_TABLES); // decided again on the united tables
        StatementKind kind = combinedKind(EnumSet.of(first.kind(), second.kind()));
        boolean writesUnknownTables = first.writesUnknownTables() || second.writesUnknownTables()
                || kind == StatementKind.UNKNOWN || kind == StatementKind.CALL
                || ((first.kind() == StatementKind.SESSION || second.kind() == StatementKind.SESSION)
                        && kind != StatementKind.SESSION);
        if (kind == StatementKind.READ && readTables.isEmpty()) {
            reasons.add(UncacheableReason.NO_TABLES);
        }
        return new StatementAnalysis(kind, readTables, writtenTables, reasons, writesUnknownTables, functions);
    }

    private static StatementKind combinedKind(List<StatementFacts> statements) {
        Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        for (StatementFacts facts : statements) {
            kinds.add(facts.effectiveKind());
        }
        return combinedKind(kinds);
    }

    private static StatementKind combinedKind(Set<StatementKind> kinds) {
        if (kinds.size() == 1) {
            return kinds.iterator().next();
        }
        for (StatementKind kind : kinds) {
            if (kind.isTransactionControl()) {
                return StatementKind.UNKNOWN;
            }
        }
        for (StatementKind kind : PRECEDENCE) {
            if (kinds.contains(kind)) {
                return kind;
            }
        }
        return StatementKind.READ;
    }
}
