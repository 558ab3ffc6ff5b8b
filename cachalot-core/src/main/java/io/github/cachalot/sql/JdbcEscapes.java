package io.github.cachalot.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Rewrites JDBC escape syntax into plain SQL before parsing.
 *
 * <ul>
 *   <li>{@code {call p(?)}} and {@code {? = call f(?)}} become {@code CALL p(?)} / {@code CALL f(?)};</li>
 *   <li>{@code {fn f(x)}} becomes {@code f(x)} and {@code {oj …}} becomes {@code …};</li>
 *   <li>{@code {d '…'}}, {@code {t '…'}}, {@code {ts '…'}} become {@code DATE '…'}, {@code TIME '…'},
 *       {@code TIMESTAMP '…'};</li>
 *   <li>{@code {escape '\'}} and {@code {limit n}} become {@code ESCAPE '\'} / {@code LIMIT n}.</li>
 * </ul>
 *
 * Braces inside literals and comments are left alone, as are braces that do not start an escape.
 */
final class JdbcEscapes {

    private JdbcEscapes() {
    }

    /** Returns {@code sql} with its JDBC escapes rewritten (the same instance when there is none). */
    static String rewrite(String sql) {
        if (sql.indexOf('{') < 0) {
            return sql;
        }
        List<SqlToken> tokens = SqlLexer.scan(sql).tokens();
        StringBuilder out = new StringBuilder(sql.length());
        Deque<Boolean> openBraces = new ArrayDeque<>(); // true = an escape brace, to be removed
        int copied = 0;
        boolean changed = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isSymbol('{')) {
                Replacement replacement = escapeAt(tokens, i);
                openBraces.push(replacement != null);
                if (replacement != null) {
                    out.append(sql, copied, token.start()).append(replacement.text());
                    copied = tokens.get(i + replacement.tokenCount() - 1).end();
                    i += replacement.tokenCount() - 1;
                    changed = true;
                }
            } else if (token.isSymbol('}') && !openBraces.isEmpty()) {
                if (openBraces.pop()) {
                    out.append(sql, copied, token.start()).append(' ');
                    copied = token.end();
                }
            }
        }
        if (!changed) {
            return sql;
        }
        out.append(sql, copied, sql.length());
        return out.toString();
    }

    /** The text replacing an escape opening and how many tokens (from the brace) it replaces. */
    private record Replacement(String text, int tokenCount) {
    }

    private static Replacement escapeAt(List<SqlToken> tokens, int braceIndex) {
        SqlToken next = braceIndex + 1 < tokens.size() ? tokens.get(braceIndex + 1) : null;
        if (next == null) {
            return null;
        }
        if (next.type() == SqlToken.Type.PARAMETER && next.text().equals("?")) {
            // {? = call f(?)}
            if (braceIndex + 3 < tokens.size()
                    && tokens.get(braceIndex + 2).isSymbol('=')
                    && tokens.get(braceIndex + 3).isWord("call")) {
                return new Replacement(" CALL", 4);
            }
            return null;
        }
        if (next.type() != SqlToken.Type.WORD) {
            return null;
        }
        return switch (SqlLexer.upper(next.text())) {
            case "CALL" -> new Replacement(" CALL", 2);
            case "FN", "OJ" -> new Replacement(" ", 2);
            case "D" -> new Replacement(" DATE", 2);
            case "T" -> new Replacement(" TIME", 2);
            case "TS" -> new Replacement(" TIMESTAMP", 2);
            case "ESCAPE" -> new Replacement(" ESCAPE", 2);
            case "LIMIT" -> new Replacement(" LIMIT", 2);
            default -> null;
        };
    }
}
