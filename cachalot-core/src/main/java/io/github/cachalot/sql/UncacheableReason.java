package io.github.cachalot.sql;

/** Why the result of a {@link StatementKind#READ} statement must not (or should not) be cached. */
public enum UncacheableReason {
    /** A locking read: {@code FOR UPDATE}, {@code FOR SHARE}, {@code FOR [NO] KEY …}, {@code LOCK IN SHARE MODE}, advisory-lock functions. */
    LOCKING,
    /** Calls a random function: {@code random()}, {@code rand()}, {@code ORDER BY RAND()} … */
    RANDOM,
    /**
     * Calls something whose result depends on time, session or sequence state: {@code now()},
     * {@code current_timestamp}, {@code uuid()}, {@code nextval()}, {@code current_user}, user
     * variables, the PostgreSQL literals {@code 'now'}/{@code 'today'} …
     */
    NON_DETERMINISTIC,
    /** Calls a function that is not known to be side-effect free (user-defined functions included). */
    UNKNOWN_FUNCTION,
    /**
     * Reads no table at all (e.g. {@code SELECT 1}, {@code VALUES (1)}): no write could ever
     * invalidate it; the caller decides whether that is acceptable.
     */
    NO_TABLES,
    /** {@code SELECT … INTO table}: creates or fills a table. */
    SELECT_INTO,
    /** The SQL string contains several statements. */
    MULTIPLE_STATEMENTS
}
