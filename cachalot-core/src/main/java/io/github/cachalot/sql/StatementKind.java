package io.github.cachalot.sql;

/**
 * What a SQL string does, as far as caching is concerned.
 *
 * <p>Only {@link #READ} statements are candidates for caching; everything else is either a write
 * (which invalidates tables), transaction control (which the caller tracks), session state, or
 * something that is executed without being cached.
 */
public enum StatementKind {
    /** A query: {@code SELECT}, {@code WITH … SELECT}, set operations, {@code VALUES}, {@code TABLE t}. */
    READ,
    /**
     * A data modification: {@code INSERT/UPDATE/DELETE/MERGE/UPSERT/REPLACE/TRUNCATE}, a
     * data-modifying CTE, {@code SELECT … INTO table}, or a multi-statement string containing one.
     */
    WRITE,
    /** A schema change ({@code CREATE/ALTER/DROP/RENAME/COMMENT ON/GRANT …}); also a write. */
    DDL,
    /** A procedure call or procedural block ({@code CALL}, {@code {call …}}, {@code EXEC}, {@code DO}): may write anything. */
    CALL,
    /** {@code BEGIN}, {@code BEGIN WORK/TRANSACTION}, {@code START TRANSACTION …}. */
    BEGIN,
    /** {@code COMMIT [WORK]}, {@code END [TRANSACTION]}. */
    COMMIT,
    /** {@code ROLLBACK [WORK]}, {@code ABORT}. */
    ROLLBACK,
    /** {@code SAVEPOINT name}. */
    SAVEPOINT,
    /** {@code ROLLBACK [WORK] TO [SAVEPOINT] name}. */
    ROLLBACK_TO_SAVEPOINT,
    /** {@code RELEASE [SAVEPOINT] name}. */
    RELEASE_SAVEPOINT,
    /** Changes session state but writes no table: {@code SET …}, {@code RESET …}, {@code USE db}, {@code LOCK TABLES} … */
    SESSION,
    /** Reads metadata or plans, never cached, writes nothing: {@code SHOW}, {@code EXPLAIN} (without ANALYZE), {@code DESCRIBE}. */
    OTHER_READ,
    /** Could not be parsed or understood: may write anything. */
    UNKNOWN;

    /** Whether this kind is one of the raw SQL transaction-control kinds. */
    public boolean isTransactionControl() {
        return switch (this) {
            case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> true;
            default -> false;
        };
    }

    /** Whether statements of this kind modify (or may modify) table data by themselves. */
    public boolean isWriteKind() {
        return switch (this) {
            case WRITE, DDL, CALL, UNKNOWN -> true;
            default -> false;
        };
    }
}
