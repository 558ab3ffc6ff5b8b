package io.github.cachalot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, dialect-tolerant SQL tokenizer used where the parser cannot be trusted or is not needed:
 * splitting statements, finding the leading keywords, spotting {@code FOR UPDATE}, rewriting JDBC
 * escapes.
 *
 * <p>It skips {@code --} and {@code /* … *}{@code /} comments and understands {@code '…'} strings
 * (with {@code ''} escapes; backslash escapes only in PostgreSQL {@code E'…'} strings),
 * {@code "…"} and {@code `…`} identifiers and PostgreSQL dollar quoting. MySQL backslash escapes
 * ({@code 'it\'s'}) are deliberately not honoured: mis-scanning them can only split a statement
 * where it should not, which makes the analysis more conservative (the parser still decides how
 * many statements a piece holds), never less.
 *
 * <p>MySQL executable comments ({@code /*! … *}{@code /}) are reported, because their content runs
 * on MySQL while every parser ignores it. The lexer never fails: unterminated literals and comments
 * just extend to the end of the input.
 *
 * <p>Comments follow PostgreSQL (and the SQL standard): {@code --} always starts one and {@code #}
 * is an operator character. MariaDB differs: {@code --} starts a comment only when a space or a
 * control character follows ({@code v --(SELECT …)} is {@code v - -(SELECT …)}), and {@code #}
 * starts one. A scan reports when the text contains either ({@link Scan#dialectComments()}), and
 * {@link #mariaDbReading} rewrites a text into one that reads, under PostgreSQL's rules, as MariaDB
 * reads the original.
 */
final class SqlLexer {

    /**
     * The tokens of a SQL string.
     *
     * @param sql                the scanned string
     * @param tokens             its tokens, in order
     * @param executableComment  whether a comment may hide what runs: a MySQL executable comment
     *                           {@code /*! … *}{@code /}, or a comment within a comment (PostgreSQL
     *                           nests them)
     * @param dialectComments    whether MariaDB reads its comments differently: it contains a
     *                           {@code --} not followed by a space or control character, or a
     *                           {@code #} outside literals and comments
     */
    record Scan(String sql, List<SqlToken> tokens, boolean executableComment, boolean dialectComments) {

        /** Whether there is no token at all (blank or comment-only SQL). */
        boolean isEmpty() {
            return tokens.isEmpty();
        }

        /** The token at {@code index}, or {@code null} past the end. */
        SqlToken token(int index) {
            return index < tokens.size() ? tokens.get(index) : null;
        }

        /** Whether the token at {@code index} is the word {@code keyword}. */
        boolean isWord(int index, String keyword) {
            SqlToken token = token(index);
            return token != null && token.isWord(keyword);
        }

        /** The index of the first token of the first occurrence of consecutive words {@code keywords}, or -1. */
        int indexOfWords(String... keywords) {
            outer:
            for (int i = 0; i + keywords.length <= tokens.size(); i++) {
                for (int k = 0; k < keywords.length; k++) {
                    if (!tokens.get(i + k).isWord(keywords[k])) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /**
         * The maximum nesting depth of parentheses (outside literals and comments), or -1 if they
         * are unbalanced.
         */
        int parenthesesDepth() {
            int depth = 0;
            int max = 0;
            for (SqlToken token : tokens) {
                if (token.isSymbol('(')) {
                    max = Math.max(max, ++depth);
                } else if (token.isSymbol(')') && --depth < 0) {
                    return -1;
                }
            }
            return depth == 0 ? max : -1;
        }

        /** Whether the word {@code keyword} appears anywhere. */
        boolean containsWord(String keyword) {
            return indexOfWords(keyword) >= 0;
        }
    }

    private final String sql;
    private final int length;
    private final List<SqlToken> tokens = new ArrayList<>();
    /** Whether comments follow MariaDB's rules rather than PostgreSQL's. */
    private final boolean mariaDb;
    /** In MariaDB mode: {start, end} of each {@code #} comment, {start, start} after each lone dash of {@code --x}. */
    private final List<int[]> mariaDbEdits = new ArrayList<>();
    private boolean executableComment;
    private boolean dialectComments;
    private int pos;

    private SqlLexer(String sql, boolean mariaDb) {
        this.sql = sql;
        this.length = sql.length();
        this.mariaDb = mariaDb;
    }

    /** Tokenizes {@code sql}; never throws. */
    static Scan scan(String sql) {
        SqlLexer lexer = new SqlLexer(sql, false);
        lexer.run();
        return new Scan(sql, List.copyOf(lexer.tokens), lexer.executableComment, lexer.dialectComments);
    }

    /**
     * {@code sql} as MariaDB reads it, spelt so that PostgreSQL's comment rules read it the same:
     * {@code #} comments blanked out (line breaks kept) and a space put between the dashes of every
     * {@code --} that MariaDB does not take for a comment.
     */
    static String mariaDbReading(String sql) {
        SqlLexer lexer = new SqlLexer(sql, true);
        lexer.run();
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int copied = 0;
        for (int[] edit : lexer.mariaDbEdits) {
            out.append(sql, copied, edit[0]);
            if (edit[0] == edit[1]) {
                out.append(' ');
            }
            for (int i = edit[0]; i < edit[1]; i++) {
                char c = sql.charAt(i);
                out.append(c == '\n' || c == '\r' ? c : ' ');
            }
            copied = edit[1];
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /**
     * Splits {@code sql} into the texts of its statements, at semicolons outside literals and
     * comments. Pieces that contain no token are dropped.
     */
    static List<String> splitStatements(String sql) {
        Scan scan = scan(sql);
        List<String> pieces = new ArrayList<>();
        int pieceStart = 0;
        boolean pieceHasTokens = false;
        for (SqlToken token : scan.tokens()) {
            if (token.isSymbol(';')) {
                if (pieceHasTokens) {
                    pieces.add(sql.substring(pieceStart, token.start()));
                }
                pieceStart = token.end();
                pieceHasTokens = false;
            } else {
                pieceHasTokens = true;
            }
        }
        if (pieceHasTokens) {
            pieces.add(sql.substring(pieceStart));
        }
        return pieces;
    }

    /** Upper-cases a keyword independently of the default locale. */
    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-' && (!mariaDb || startsMariaDbComment())) {
                dialectComments |= !startsMariaDbComment();
                skipLineComment();
            } else if (c == '#' && mariaDb) {
                int start = pos;
                skipLineComment();
                mariaDbEdits.add(new int[] {start, pos});
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                quoted(SqlToken.Type.STRING, '\'', isEscapeStringPrefix());
            } else if (c == '"') {
                quoted(SqlToken.Type.QUOTED_IDENTIFIER, '"', false);
            } else if (c == '`') {
                quoted(SqlToken.Type.QUOTED_IDENTIFIER, '`', false);
            } else if (c == '$' && dollarQuote()) {
                // handled
            } else if (c == '$' && isDigit(peek(1))) {
                int start = pos++;
                while (pos < length && isDigit(sql.charAt(pos))) {
                    pos++;
                }
                add(SqlToken.Type.PARAMETER, start);
            } else if (c == '?') {
                pos++;
                add(SqlToken.Type.PARAMETER, pos - 1);
            } else if (c == ':' && isWordStart(peek(1)) && peek(-1) != ':') {
                int start = pos++;
                skipWordChars();
                add(SqlToken.Type.PARAMETER, start);
            } else if (isWordStart(c)) {
                int start = pos;
                skipWordChars();
                add(SqlToken.Type.WORD, start);
            } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                number();
            } else {
                pos++;
                add(SqlToken.Type.SYMBOL, pos - 1);
                if (c == '#') {
                    dialectComments = true; // an operator here, a comment in MariaDB
                } else if (c == '-' && mariaDb && peek(0) == '-') {
                    mariaDbEdits.add(new int[] {pos, pos}); // MariaDB's "- -"
                }
            }
        }
    }

    /** Whether the {@code --} at {@code pos} starts a comment for MariaDB too: a space or control character (or the end) follows. */
    private boolean startsMariaDbComment() {
        char next = peek(2);
        return next <= ' ' || next == 0x7f;
    }

    /** Whether the quote at {@code pos} starts a PostgreSQL escape string {@code E'…'}. */
    private boolean isEscapeStringPrefix() {
        if (tokens.isEmpty()) {
            return false;
        }
        SqlToken previous = tokens.get(tokens.size() - 1);
        return previous.end() == pos && previous.isWord("E");
    }

    private char peek(int offset) {
        int index = pos + offset;
        return index >= 0 && index < length ? sql.charAt(index) : '\0';
    }

    private void add(SqlToken.Type type, int start) {
        tokens.add(new SqlToken(type, sql.substring(start, pos), start, pos));
    }

    private void skipLineComment() {
        while (pos < length && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void skipBlockComment() {
        if (peek(2) == '!' || (peek(2) == 'M' && peek(3) == '!')) {
            executableComment = true;
        }
        int close = sql.indexOf("*/", pos + 2);
        int nested = sql.indexOf("/*", pos + 2);
        if (nested >= 0 && (close < 0 || nested < close)) {
            // PostgreSQL nests comments, MariaDB and this lexer do not: what runs is unclear
            executableComment = true;
        }
        pos = close < 0 ? length : close + 2;
    }

    private void quoted(SqlToken.Type type, char quote, boolean backslashEscapes) {
        int start = pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    break;
                }
            } else {
                pos++;
            }
        }
        pos = Math.min(pos, length);
        add(type, start);
    }

    /** Scans a PostgreSQL {@code $tag$ … $tag$} string if one starts here. */
    private boolean dollarQuote() {
        int tagEnd = pos + 1;
        while (tagEnd < length && isWordPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
            tagEnd++;
        }
        if (tagEnd >= length || sql.charAt(tagEnd) != '$' || (tagEnd > pos + 1 && isDigit(sql.charAt(pos + 1)))) {
            return false;
        }
        String tag = sql.substring(pos, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        int start = pos;
        pos = close < 0 ? length : close + tag.length();
        add(SqlToken.Type.STRING, start);
        return true;
    }

    private void number() {
        int start = pos;
        while (pos < length && (isWordPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
            char c = sql.charAt(pos);
            pos++;
            if ((c == 'e' || c == 'E') && pos < length && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
        }
        add(SqlToken.Type.NUMBER, start);
    }

    private void skipWordChars() {
        while (pos < length && isWordPart(sql.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '@';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
    }
}
