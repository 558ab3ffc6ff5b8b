package io.github.cachalot.sql;

/** Why the result of a {@link StatementKind#READ} statement must not (or should not) be cached. */
public enum UncacheableReason {
    /** A locking read: {@code FOR UPDATE}, {@code FOR SHARE}, {@code FOR [NO] KEY …}, {@code LOCK IN SHARE MODE}, advisory-lock functions. */
    LOCKING,
    /** Calls a random function: {@code random()}, {@code rand()}, {@code ORDER BY RAND()} … */
    RANDOM,
    /**
     * Calls something whose result depends on time, session, sequence or catalog state:
     * {@code now()}, {@code current_timestamp}, {@code uuid()}, {@code nextval()}, {@code current_user},
     * user variables, {@code FOUND_ROWS()}, PostgreSQL's special date/time strings ({@code 'now'},
     * {@code 'today'}, {@code 'tomorrow'}, {@code 'yesterday'} in any spelling or quoting), casts to
     * {@code reg*} types (OIDs change when an object is re-created); also MariaDB's
     * {@code SQL_CALC_FOUND_ROWS}, whose side effect a cache hit would skip.
     *
     * <p>A cast to a date/time type of anything but a plain literal or a column counts too, since
     * its value may be the text {@code 'now'}: {@code ?::timestamp} and {@code CAST(? AS date)} make
     * a read uncacheable, because the caller may bind the string {@code 'now'}. A parameter that is
     * not cast ({@code WHERE created_at < ?}) keeps the read cacheable: the driver sends it typed (a
     * timestamp, or text PostgreSQL does not read as a date), so its value, part of the cache key,
     * is what the database compares. (With PgJDBC's {@code stringtype=unspecified}, a string bound
     * there would be read as a date/time after all; binding {@code 'now'} so is the caller's risk.)
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
    MULTIPLE_STATEMENTS,
    /**
     * The statement reads differently in PostgreSQL and MariaDB ({@code #}, or {@code --} not
     * followed by a space, starts a comment in MariaDB only) and one reading could only be analysed
     * from its tokens: the tables it may read are counted, but the result is not cached.
     */
    AMBIGUOUS_COMMENT,
    /**
     * The parser could not read the statement (or gave up on it: deep nesting, very long lists),
     * but its tokens prove it a read that writes nothing: the tables it may read are counted, but
     * the result is not cached.
     */
    UNPARSED,
    /**
     * The statement has not been analysed yet, but its tokens prove it a read that writes nothing:
     * it runs on the database at once while its analysis is made off the caller's thread, for a
     * later execution.
     */
    NOT_YET_ANALYSED
}
