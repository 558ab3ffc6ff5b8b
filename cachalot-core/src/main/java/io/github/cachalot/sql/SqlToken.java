package io.github.cachalot.sql;

/**
 * One lexical token of a SQL string, as produced by {@link SqlLexer}.
 *
 * @param type  the token type
 * @param text  the token text exactly as written (quotes included)
 * @param start offset of the first character in the scanned string
 * @param end   offset just after the last character
 */
record SqlToken(Type type, String text, int start, int end) {

    /** Token types. Comments and whitespace produce no token. */
    enum Type {
        /** An unquoted identifier or keyword. */
        WORD,
        /** A {@code "quoted"} or {@code `backquoted`} identifier. */
        QUOTED_IDENTIFIER,
        /** A string literal: {@code '…'} (any prefix is a separate WORD) or {@code $tag$…$tag$}. */
        STRING,
        /** A numeric literal. */
        NUMBER,
        /** A {@code ?}, {@code $1} or {@code :name} parameter. */
        PARAMETER,
        /** Any other single character: {@code ; ( ) , { } = . [ ]} … */
        SYMBOL
    }

    /** Whether this is the unquoted word {@code keyword} (case-insensitive). */
    boolean isWord(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Whether this is the single-character symbol {@code c}. */
    boolean isSymbol(char c) {
        return type == Type.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    /** Whether this token can name an object: an unquoted word or a quoted identifier. */
    boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }
}
