package io.github.cachalot.sql;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Mutable accumulator of what is learnt about one statement while walking it; turned into an
 * immutable {@link StatementAnalysis} by {@link AnalysisAssembler}.
 */
final class StatementFacts {

    StatementKind kind = StatementKind.UNKNOWN;
    final Set<String> readTables = new HashSet<>();
    final Set<String> writtenTables = new HashSet<>();
    final Set<UncacheableReason> reasons = EnumSet.noneOf(UncacheableReason.class);
    /** Functions trusted by name ({@link StatementAnalysis#functions()}). */
    final Set<String> functions = new HashSet<>();
    boolean writesUnknownTables;
    /** Set when the walker met a construct it cannot analyse: the statement becomes UNKNOWN. */
    boolean notUnderstood;

    StatementFacts() {
    }

    StatementFacts(StatementKind kind) {
        this.kind = kind;
    }

    /** Facts for a statement of {@code kind} that may write anything. */
    static StatementFacts writingAnything(StatementKind kind) {
        StatementFacts facts = new StatementFacts(kind);
        facts.writesUnknownTables = true;
        return facts;
    }

    void read(String table) {
        if (table != null) {
            readTables.add(table);
        }
    }

    void write(String table) {
        if (table != null) {
            writtenTables.add(table);
        }
    }

    void reason(UncacheableReason reason) {
        reasons.add(reason);
    }

    /**
     * Adds the consequences of calling the function {@code name} (qualified as written): a function
     * trusted by name is remembered, so that the catalog can confirm it.
     */
    void functionCall(FunctionClassifier.Category category, String name) {
        functionCall(category);
        if (category == FunctionClassifier.Category.SAFE && name != null && !FunctionClassifier.isSyntax(name)) {
            functions.add(name);
        }
    }

    /** Adds the function-call consequences of a classified function. */
    void functionCall(FunctionClassifier.Category category) {
        switch (category) {
            case SAFE -> { }
            case RANDOM -> reasons.add(UncacheableReason.RANDOM);
            case NON_DETERMINISTIC -> reasons.add(UncacheableReason.NON_DETERMINISTIC);
            case LOCKING -> reasons.add(UncacheableReason.LOCKING);
            case SESSION -> {
                reasons.add(UncacheableReason.NON_DETERMINISTIC);
                changesSession = true;
            }
            case UNKNOWN -> {
                reasons.add(UncacheableReason.UNKNOWN_FUNCTION);
                writesUnknownTables = true;
            }
        }
    }

    /** The effective kind: UNKNOWN when something was not understood. */
    StatementKind effectiveKind() {
        if (notUnderstood) {
            return StatementKind.UNKNOWN;
        }
        return (changesSession && kind == StatementKind.READ) ? StatementKind.SESSION : kind;
    }

    /** A function called changes session settings. */
    boolean changesSession;
}
