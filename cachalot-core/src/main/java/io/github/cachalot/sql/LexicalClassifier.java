package io.github.cachalot.sql;

import java.util.List;
import java.util.Set;

/**
 * Classification from tokens alone, by leading keywords: used before parsing for statements whose
 * kind their keywords decide (transaction control, {@code SHOW}/{@code EXPLAIN}, calls, session
 * commands), and after parsing failed, as a conservative fallback.
 */
final class LexicalClassifier {

    /** Words that may follow BEGIN / START TRANSACTION in a plain transaction start (all dialects). */
    private static final Set<String> TRANSACTION_MODE_WORDS = Set.of(
            "WORK", "TRANSACTION", "TRAN", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "ISOLATION", "LEVEL",
            "READ", "WRITE", "ONLY", "COMMITTED", "UNCOMMITTED", "REPEATABLE", "SERIALIZABLE", "SNAPSHOT",
            "NOT", "DEFERRABLE", "WITH", "CONSISTENT");

    /** Words that may follow COMMIT / END / ROLLBACK in a plain commit or rollback. */
    private static final Set<String> END_WORDS = Set.of("WORK", "TRANSACTION", "TRAN", "AND", "NO", "CHAIN", "RELEASE");

    private static final Set<String> SESSION_COMMANDS = Set.of(
            "USE", "RESET", "LOCK", "UNLOCK", "DISCARD", "DEALLOCATE", "LISTEN", "UNLISTEN", "NOTIFY", "PRAGMA",
            "ATTACH", "DETACH");

    private static final Set<String> DML_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT",
            "TRUNCATE", "LOAD");

    /** Modifiers that may sit between a DML keyword and its target table. */
    private static final Set<String> DML_MODIFIERS = Set.of("INTO", "FROM", "TABLE", "ONLY", "IGNORE", "LOW_PRIORITY",
            "HIGH_PRIORITY", "DELAYED", "QUICK", "OR", "REPLACE", "ROLLBACK", "ABORT", "FAIL");

    private static final Set<String> DDL_WORDS = Set.of("CREATE", "ALTER", "DROP", "RENAME", "COMMENT", "GRANT",
            "REVOKE");

    private static final Set<String> STATEMENT_WORDS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH",
            "REPLACE", "MERGE", "VALUES", "TABLE");

    private LexicalClassifier() {
    }

    /**
     * Classifies statements whose leading keywords decide their kind, without parsing; returns
     * {@code null} when the parser should decide.
     */
    static StatementFacts classifyLeading(SqlLexer.Scan scan) {
        int first = firstWordIndex(scan);
        String word = wordAt(scan, first);
        return switch (word) {
            case "BEGIN" -> onlyModeWords(scan, first + 1, TRANSACTION_MODE_WORDS)
                    ? new StatementFacts(StatementKind.BEGIN) : null;
            case "START" -> scan.isWord(first + 1, "TRANSACTION")
                    && onlyModeWords(scan, first + 2, TRANSACTION_MODE_WORDS)
                    ? new StatementFacts(StatementKind.BEGIN) : unknown();
            case "COMMIT", "END" -> onlyModeWords(scan, first + 1, END_WORDS) && !chains(scan)
                    ? new StatementFacts(StatementKind.COMMIT) : unknown();
            case "ROLLBACK", "ABORT" -> rollback(scan, first + 1);
            case "SAVEPOINT" -> isSingleName(scan, first + 1) ? new StatementFacts(StatementKind.SAVEPOINT) : unknown();
            case "RELEASE" -> isSingleName(scan, first + (scan.isWord(first + 1, "SAVEPOINT") ? 2 : 1))
                    ? new StatementFacts(StatementKind.RELEASE_SAVEPOINT) : unknown();
            case "SHOW" -> new StatementFacts(StatementKind.OTHER_READ);
            case "EXPLAIN", "DESCRIBE", "DESC" -> scan.containsWord("ANALYZE") || scan.containsWord("ANALYSE")
                    ? unknown() : new StatementFacts(StatementKind.OTHER_READ);
            case "ANALYZE", "ANALYSE" -> containsAnyWord(scan, STATEMENT_WORDS)
                    ? unknown() : new StatementFacts(StatementKind.OTHER_READ); // MariaDB ANALYZE <stmt> runs it
            case "VACUUM", "CHECKPOINT" -> new StatementFacts(StatementKind.OTHER_READ);
            case "CALL", "EXEC", "EXECUTE", "DO" -> StatementFacts.writingAnything(StatementKind.CALL);
            case "PREPARE" -> scan.isWord(first + 1, "TRANSACTION") ? unknown() : new StatementFacts(StatementKind.SESSION);
            // the access mode changes neither what names resolve to nor the isolation level (Spring's
            // enforceReadOnly runs it in every read-only transaction)
            case "SET" -> setsAccessModeOnly(scan, first) ? new StatementFacts(StatementKind.OTHER_READ) : null;
            default -> SESSION_COMMANDS.contains(word) ? new StatementFacts(StatementKind.SESSION) : null;
        };
    }

    /** {@code SET [SESSION CHARACTERISTICS AS] TRANSACTION READ ONLY|WRITE}, and nothing else. */
    private static boolean setsAccessModeOnly(SqlLexer.Scan scan, int first) {
        int index = first + 1;
        if (scan.isWord(index, "SESSION") && scan.isWord(index + 1, "CHARACTERISTICS") && scan.isWord(index + 2, "AS")) {
            index += 3;
        }
        return scan.isWord(index, "TRANSACTION") && scan.isWord(index + 1, "READ")
                && (scan.isWord(index + 2, "ONLY") || scan.isWord(index + 2, "WRITE"))
                && scan.tokens().size() == index + 3;
    }

    /**
     * Conservative classification of SQL that the parser could not read: a write of its target
     * alone when its tokens prove that ({@link LexicalProof#write}), else of its target and
     * unknown tables.
     */
    static StatementFacts classifyUnparsed(SqlLexer.Scan scan) {
        int first = firstWordIndex(scan);
        String word = wordAt(scan, first);
        if (word.equals("SET") || SESSION_COMMANDS.contains(word)) {
            return new StatementFacts(StatementKind.SESSION);
        }
        if (DML_WORDS.contains(word)) {
            StatementFacts proven = LexicalProof.write(scan);
            if (proven != null) {
                return proven;
            }
            StatementFacts facts = StatementFacts.writingAnything(StatementKind.WRITE);
            facts.write(dmlTarget(scan, first));
            return facts;
        }
        if (DDL_WORDS.contains(word)) {
            StatementFacts drop = simpleDrop(scan, first);
            return drop != null ? drop : StatementFacts.writingAnything(StatementKind.DDL);
        }
        return unknown();
    }

    /**
     * Adds what the tokens alone reveal, whatever the parser made of them: a string literal that
     * PostgreSQL may read as the current time ({@code 'now'}, {@code ' Today '}, {@code $$now$$},
     * {@code E'\\x6eow'}, {@code 'no'} + newline + {@code 'w'} …) and MariaDB's
     * {@code SQL_CALC_FOUND_ROWS} (a cache hit would skip setting what {@code FOUND_ROWS()} returns)
     * make the statement {@link UncacheableReason#NON_DETERMINISTIC}.
     */
    static void addLexicalReasons(SqlLexer.Scan scan, StatementFacts facts) {
        List<SqlToken> tokens = scan.tokens();
        String pending = null; // a '…' literal PostgreSQL may continue on the next line
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isWord("SQL_CALC_FOUND_ROWS")) {
                facts.reason(UncacheableReason.NON_DETERMINISTIC);
            }
            if (token.type() != SqlToken.Type.STRING) {
                pending = null;
                continue;
            }
            String content = stringContent(tokens, i);
            if (content == null) {
                facts.reason(UncacheableReason.NON_DETERMINISTIC); // cannot tell what it spells
                continue;
            }
            SqlToken previous = i > 0 ? tokens.get(i - 1) : null;
            if (pending != null && previous != null && scan.sql().substring(previous.end(), token.start()).contains("\n")) {
                content = pending + content;
            }
            if (FunctionClassifier.isCurrentTimeLiteral(content)) {
                facts.reason(UncacheableReason.NON_DETERMINISTIC);
            }
            pending = token.text().startsWith("'") && content.length() <= 100 ? content : null;
        }
    }

    /** The text of the string literal at {@code index}, escapes decoded; {@code null} if it cannot be told. */
    private static String stringContent(List<SqlToken> tokens, int index) {
        SqlToken token = tokens.get(index);
        String text = token.text();
        if (text.startsWith("$")) {
            int tagEnd = text.indexOf('$', 1);
            String tag = text.substring(0, tagEnd + 1);
            String body = text.substring(tag.length());
            return body.endsWith(tag) ? body.substring(0, body.length() - tag.length()) : body;
        }
        String body = text.length() >= 2 && text.endsWith("'") ? text.substring(1, text.length() - 1) : text.substring(1);
        SqlToken previous = index > 0 ? tokens.get(index - 1) : null;
        boolean prefixed = previous != null && previous.end() == token.start();
        if (prefixed && previous.isWord("E")) {
            return unescapeBackslashes(body);
        }
        if (prefixed && previous.isSymbol('&') && index > 1 && tokens.get(index - 2).isWord("U")) {
            // U&'\006eow', with a UESCAPE character of the caller's choice when followed by UESCAPE
            return index + 1 < tokens.size() && tokens.get(index + 1).isWord("UESCAPE") ? null : unescapeUnicode(body);
        }
        return body.replace("''", "'");
    }

    /** Decodes PostgreSQL {@code E'…'} escapes: {@code \\n}, octal, {@code \\xhh}, {@code \\u}, {@code \\U}. */
    private static String unescapeBackslashes(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            int[] end = {i + 1};
            switch (next) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> out.appendCodePoint(digits(body, i + 1, 2, 16, end));
                case 'u' -> out.appendCodePoint(digits(body, i + 1, 4, 16, end));
                case 'U' -> out.appendCodePoint(digits(body, i + 1, 8, 16, end));
                default -> {
                    if (next >= '0' && next <= '7') {
                        out.appendCodePoint(digits(body, i, 3, 8, end));
                    } else {
                        out.append(next);
                    }
                }
            }
            i = Math.max(i, end[0] - 1);
        }
        return out.toString().replace("''", "'");
    }

    /** Decodes PostgreSQL {@code U&'…'} escapes: {@code \\XXXX}, {@code \\+XXXXXX}, {@code \\\\}. */
    private static String unescapeUnicode(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
            } else if (body.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else {
                boolean plus = body.charAt(i + 1) == '+';
                int[] end = {i + 1};
                out.appendCodePoint(digits(body, plus ? i + 2 : i + 1, plus ? 6 : 4, 16, end));
                i = end[0] - 1;
            }
        }
        return out.toString().replace("''", "'");
    }

    /** Reads up to {@code max} digits of {@code radix} from {@code from}; stores the end in {@code end[0]}. */
    private static int digits(String text, int from, int max, int radix, int[] end) {
        int value = 0;
        int i = from;
        while (i < text.length() && i < from + max && Character.digit(text.charAt(i), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(i), radix);
            i++;
        }
        end[0] = i;
        return Character.isValidCodePoint(value) ? value : '?';
    }

    /**
     * Conservative classification, from tokens alone, of a read the parser could not read in one of
     * its dialect readings (see {@link UncacheableReason#AMBIGUOUS_COMMENT}); {@code null} unless it
     * leads with SELECT, WITH, VALUES or TABLE and names nothing that writes. Every name after
     * FROM, JOIN or TABLE (and after commas in a FROM list), in any subquery, counts as a read table
     * (CTE names and a few aliases too: extra tables only cost invalidations); every call is
     * classified as the parser path would, unknown functions writing unknown tables.
     */
    static StatementFacts classifyUnparsedRead(SqlLexer.Scan scan) {
        String leading = wordAt(scan, firstWordIndex(scan));
        if (!LexicalProof.READ_WORDS.contains(leading)) {
            return null;
        }
        StatementFacts facts = new StatementFacts(StatementKind.READ);
        facts.reason(UncacheableReason.AMBIGUOUS_COMMENT);
        if (hasLockingClause(scan)) {
            facts.reason(UncacheableReason.LOCKING);
        }
        if (!LexicalProof.walk(scan, 0, Set.of(), true, facts)) {
            return null;
        }
        addLexicalReasons(scan, facts);
        return facts;
    }

    /**
     * Whether MariaDB certainly rejects this (MariaDB-reading) statement: its parentheses do not
     * balance, and nothing in it is lexed differently by MariaDB (backslash escapes, which this
     * lexer does not honour, or dollar quotes, which MariaDB does not know).
     */
    static boolean isRejectedByMariaDb(SqlLexer.Scan scan) {
        if (scan.parenthesesDepth() >= 0) {
            return false;
        }
        for (SqlToken token : scan.tokens()) {
            if ((token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.QUOTED_IDENTIFIER)
                    && (token.text().indexOf('\\') >= 0 || token.text().startsWith("$"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the tokens contain a locking clause ({@code FOR UPDATE}, {@code FOR [NO] KEY …}, {@code FOR SHARE}, {@code LOCK IN SHARE MODE}). */
    static boolean hasLockingClause(SqlLexer.Scan scan) {
        return scan.indexOfWords("FOR", "UPDATE") >= 0
                || scan.indexOfWords("FOR", "SHARE") >= 0
                || scan.indexOfWords("FOR", "NO", "KEY", "UPDATE") >= 0
                || scan.indexOfWords("FOR", "KEY", "SHARE") >= 0
                || scan.indexOfWords("LOCK", "IN", "SHARE", "MODE") >= 0;
    }

    /**
     * The scanned SQL without MySQL's {@code LOCK IN SHARE MODE} (which JSqlParser rejects); the
     * caller records the lock from {@link #hasLockingClause}.
     */
    static SqlLexer.Scan withoutLockInShareMode(SqlLexer.Scan scan) {
        int index = scan.indexOfWords("LOCK", "IN", "SHARE", "MODE");
        if (index < 0) {
            return scan;
        }
        String sql = scan.sql();
        return SqlLexer.scan(sql.substring(0, scan.token(index).start()) + " " + sql.substring(scan.token(index + 3).end()));
    }

    private static StatementFacts unknown() {
        return StatementFacts.writingAnything(StatementKind.UNKNOWN);
    }

    private static int firstWordIndex(SqlLexer.Scan scan) {
        int index = 0;
        while (scan.token(index) != null && scan.token(index).isSymbol('(')) {
            index++;
        }
        return index;
    }

    private static String wordAt(SqlLexer.Scan scan, int index) {
        SqlToken token = scan.token(index);
        return token != null && token.type() == SqlToken.Type.WORD ? SqlLexer.upper(token.text()) : "";
    }

    private static boolean onlyModeWords(SqlLexer.Scan scan, int from, Set<String> allowed) {
        for (int i = from; i < scan.tokens().size(); i++) {
            SqlToken token = scan.token(i);
            boolean ok = token.isSymbol(',') || (token.type() == SqlToken.Type.WORD && allowed.contains(SqlLexer.upper(token.text())));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAnyWord(SqlLexer.Scan scan, Set<String> words) {
        for (SqlToken token : scan.tokens()) {
            if (token.type() == SqlToken.Type.WORD && words.contains(SqlLexer.upper(token.text()))) {
                return true;
            }
        }
        return false;
    }

    /** ROLLBACK [WORK|TRANSACTION] [TO [SAVEPOINT] name] [AND [NO] CHAIN]. */
    private static StatementFacts rollback(SqlLexer.Scan scan, int from) {
        int index = from;
        while (scan.isWord(index, "WORK") || scan.isWord(index, "TRANSACTION") || scan.isWord(index, "TRAN")) {
            index++;
        }
        if (scan.isWord(index, "TO")) {
            index++;
            if (scan.isWord(index, "SAVEPOINT")) {
                index++;
            }
            return isSingleName(scan, index) ? new StatementFacts(StatementKind.ROLLBACK_TO_SAVEPOINT) : unknown();
        }
        return onlyModeWords(scan, index, END_WORDS) && !chains(scan)
                ? new StatementFacts(StatementKind.ROLLBACK) : unknown();
    }

    /**
     * Whether a COMMIT or ROLLBACK opens the next transaction at once ({@code AND CHAIN}): it does
     * not end the transaction as far as tracking goes, so it is left to the conservative path.
     */
    private static boolean chains(SqlLexer.Scan scan) {
        return scan.containsWord("CHAIN") && !scan.containsWord("NO");
    }

    /** Whether exactly one identifier remains from {@code index}. */
    private static boolean isSingleName(SqlLexer.Scan scan, int index) {
        return scan.tokens().size() == index + 1 && scan.token(index).isIdentifier();
    }

    /**
     * The table right after a DML keyword and its modifiers ({@code INSERT IGNORE INTO t},
     * {@code MERGE INTO t}, {@code DELETE FROM t} …), or null. Informative only: unparsed writes
     * also write unknown tables.
     */
    private static String dmlTarget(SqlLexer.Scan scan, int first) {
        int index = first + 1;
        while (scan.token(index) != null && scan.token(index).type() == SqlToken.Type.WORD
                && DML_MODIFIERS.contains(SqlLexer.upper(scan.token(index).text()))) {
            index++;
        }
        StringBuilder name = new StringBuilder();
        return LexicalProof.qualifiedName(scan.tokens(), index, name) < 0 ? null : TableNames.normalize(name.toString());
    }

    /** {@code DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] a [, b …] [CASCADE|RESTRICT]}, or null if not that. */
    private static StatementFacts simpleDrop(SqlLexer.Scan scan, int first) {
        if (!wordAt(scan, first).equals("DROP")) {
            return null;
        }
        int index = first + 1;
        if (scan.isWord(index, "TEMPORARY")) {
            index++;
        }
        if (scan.isWord(index, "MATERIALIZED")) {
            index++;
        }
        if (!scan.isWord(index, "TABLE") && !scan.isWord(index, "VIEW")) {
            return null;
        }
        index++;
        if (scan.isWord(index, "IF") && scan.isWord(index + 1, "EXISTS")) {
            index += 2;
        }
        StatementFacts facts = new StatementFacts(StatementKind.DDL);
        List<SqlToken> tokens = scan.tokens();
        while (true) {
            StringBuilder name = new StringBuilder();
            index = LexicalProof.qualifiedName(tokens, index, name);
            if (index < 0) {
                return null;
            }
            facts.write(TableNames.normalize(name.toString()));
            if (index < tokens.size() && tokens.get(index).isSymbol(',')) {
                index++;
                continue;
            }
            break;
        }
        if (scan.isWord(index, "CASCADE")) {
            facts.writesUnknownTables = true;
            index++;
        } else if (scan.isWord(index, "RESTRICT")) {
            index++;
        }
        return index == tokens.size() ? facts : null;
    }
}
