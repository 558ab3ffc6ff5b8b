package io.github.cachalot.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the tokens alone prove about a statement, in time linear in its length: that it is a read
 * that writes nothing ({@link #read}), or a plain {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * that writes only its target table ({@link #write}). Used where the parser is not (yet) run or
 * gives up, so that neither pathological SQL nor SQL never seen before costs a parse on the
 * caller's thread.
 *
 * <p>A proof is refused ({@code null}) for anything a database might read differently from this
 * lexer: several statements, unbalanced parentheses, MariaDB's comments or executable comments,
 * backslashes in literals or quoted names, dollar quotes, user variables, operators that are not
 * standard (a PostgreSQL operator may call any function), a locking clause. Every called function
 * must be known not to write nor change the session; any word that writes ({@link
 * #NOT_READ_WORDS}) refuses it too.
 */
final class LexicalProof {

    /** Words (unless they name a called function) that make a statement more than a read. */
    static final Set<String> NOT_READ_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE",
            "UPSERT", "TRUNCATE", "INTO", "CREATE", "ALTER", "DROP", "CALL", "COPY", "DO", "EXECUTE", "EXEC", "GRANT",
            "REVOKE", "SET", "LOCK", "LOAD", "HANDLER", "RENAME", "COMMENT", "PREPARE", "DEALLOCATE", "REFRESH",
            "VACUUM", "ANALYZE", "ANALYSE", "CLUSTER", "REINDEX", "LISTEN", "NOTIFY", "UNLISTEN");

    /**
     * Words that stand before a parenthesis without calling a function, and cannot name one in
     * PostgreSQL or MariaDB (words that can, such as {@code LIKE}, {@code LAST} or {@code CONVERT},
     * are calls here unless {@link #NOT_CALLS_AFTER} says otherwise).
     */
    private static final Set<String> NOT_FUNCTION_WORDS = Set.of("IN", "EXISTS", "AS", "FROM", "VALUES", "USING",
            "ON", "AND", "OR", "NOT", "SELECT", "WHERE", "ANY", "ALL", "SOME", "CAST", "ARRAY", "ROW", "LATERAL", "BY",
            "THEN", "ELSE", "WHEN", "CASE", "GROUP", "HAVING", "UNION", "INTERSECT", "EXCEPT", "LIMIT", "OFFSET",
            "WINDOW", "TABLE", "DISTINCT", "INTERVAL", "TRIM", "EXTRACT", "SUBSTRING", "POSITION", "OVERLAY",
            "BETWEEN", "GROUPING", "ORDER", "WITH", "FETCH", "TO", "FOR", "ONLY", "DESC", "ASC");

    /**
     * Words that may name a function, and call none where they follow one of the given tokens
     * ({@code count(*) OVER (…)}, {@code GROUPING SETS (…)}, {@code AS MATERIALIZED (…)}).
     */
    private static final Map<String, Set<String>> NOT_CALLS_AFTER = Map.of("OVER", Set.of(")"), "FILTER",
            Set.of(")"), "WITHIN", Set.of(")"), "SETS", Set.of("GROUPING"), "CONFLICT", Set.of("ON"), "MATERIALIZED",
            Set.of("AS", "NOT"));

    /**
     * Words after which {@code JOIN (} starts an expression, where it would call a function named
     * join (PostgreSQL allows one); elsewhere it joins a subquery.
     */
    private static final Set<String> EXPRESSION_STARTS = Set.of("SELECT", "WHERE", "AND", "OR", "NOT", "ON", "BY",
            "HAVING", "THEN", "ELSE", "WHEN", "CASE", "DISTINCT", "ALL", "SET", "RETURNING", "IN", "IS", "LIKE",
            "BETWEEN", "VALUES", "USING", "LIMIT", "OFFSET");

    static final Set<String> READ_WORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE");

    /**
     * Operators every dialect implements itself: the parts of a run of adjacent symbol characters
     * between parentheses, brackets, commas and semicolons (which end an operator in every dialect).
     */
    private static final Set<String> STANDARD_OPERATORS = Set.of(".", ".*", "*", "=", "<", ">", "<=", ">=", "<>",
            "!=", "+", "-", "/", "%", "||", "::");

    /**
     * Words of an INSERT or UPDATE, after its target, that write nothing more where they stand (see
     * {@link #dmlTailWordsInPlace}): {@code SET}, {@code ON CONFLICT … DO UPDATE SET}, {@code ON
     * DUPLICATE KEY UPDATE}.
     */
    private static final Set<String> DML_TAIL_WORDS = Set.of("SET", "UPDATE", "DO");

    private static final Set<String> DML_MODIFIERS = Set.of("LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED", "QUICK",
            "IGNORE");

    /** Words after a DML target that are no alias. */
    private static final Set<String> AFTER_DML_TARGET = Set.of("VALUES", "VALUE", "SELECT", "WITH", "DEFAULT", "SET",
            "USING", "RETURNING", "ORDER", "LIMIT", "WHERE", "ON", "PARTITION");

    private LexicalProof() {
    }

    /**
     * A read proven from tokens alone ({@code SELECT}, {@code WITH … SELECT}, {@code VALUES},
     * {@code TABLE}): READ facts with the tables named after FROM, JOIN or TABLE (CTE names and
     * some column names too: extra tables only cost invalidations, and these facts are never
     * cached, see the callers) and the functions it calls; {@code null} if not proven.
     */
    static StatementFacts read(SqlLexer.Scan scan) {
        if (!unambiguous(scan) || !READ_WORDS.contains(leadingWord(scan)) || LexicalClassifier.hasLockingClause(scan)) {
            return null;
        }
        StatementFacts facts = new StatementFacts(StatementKind.READ);
        return walk(scan, 0, Set.of(), false, facts) && writesNothing(facts) ? facts : null;
    }

    /**
     * A statement proven, from tokens alone, to write its target table only: {@code INSERT [INTO] t
     * …}, {@code REPLACE INTO t …}, {@code UPDATE t [[AS] a] SET …}, {@code DELETE FROM t [[AS] a]
     * …} whose rest reads, and calls, nothing that writes; {@code null} if not proven.
     */
    static StatementFacts write(SqlLexer.Scan scan) {
        if (!unambiguous(scan)) {
            return null;
        }
        List<SqlToken> tokens = scan.tokens();
        String leading = leadingWord(scan);
        boolean insert = leading.equals("INSERT") || leading.equals("REPLACE");
        boolean update = leading.equals("UPDATE");
        if (!(insert || update || leading.equals("DELETE")) || !tokens.get(0).isWord(leading)) {
            return null;
        }
        int index = 1;
        while (scan.token(index) != null && scan.token(index).type() == SqlToken.Type.WORD
                && DML_MODIFIERS.contains(SqlLexer.upper(scan.token(index).text()))) {
            index++;
        }
        if (insert && scan.isWord(index, "INTO")) {
            index++;
        } else if (!insert && !update) {
            if (!scan.isWord(index, "FROM")) {
                return null; // DELETE a FROM a JOIN b … (MariaDB) may delete from several tables
            }
            index++;
        }
        if (!insert && scan.isWord(index, "ONLY")) {
            index++;
        }
        StringBuilder name = new StringBuilder();
        index = qualifiedName(tokens, index, name);
        if (index < 0) {
            return null;
        }
        if (scan.isWord(index, "AS")) {
            index++;
        }
        if (scan.token(index) != null && scan.token(index).type() == SqlToken.Type.WORD
                && !AFTER_DML_TARGET.contains(SqlLexer.upper(scan.token(index).text()))) {
            index++; // an alias
        }
        if ((update && !scan.isWord(index, "SET")) || (scan.token(index) != null && scan.token(index).isSymbol(','))) {
            return null; // UPDATE a, b SET …, UPDATE a JOIN b …, DELETE FROM a, b USING … write several tables
        }
        if (!dmlTailWordsInPlace(tokens, index)) {
            return null;
        }
        StatementFacts facts = new StatementFacts(StatementKind.WRITE);
        facts.write(TableNames.normalize(name.toString()));
        return walk(scan, index, insert || update ? DML_TAIL_WORDS : Set.of(), false, facts) && writesNothing(facts)
                ? facts : null;
    }

    /**
     * Whether each of {@link #DML_TAIL_WORDS} from {@code from} stands where it writes nothing more:
     * {@code SET} first or after {@code UPDATE}, {@code UPDATE} after {@code DO} or {@code KEY},
     * {@code DO} before {@code UPDATE} or {@code NOTHING}.
     */
    private static boolean dmlTailWordsInPlace(List<SqlToken> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean inPlace = !(token.isWord("SET") && i != from && !tokens.get(i - 1).isWord("UPDATE"))
                    && !(token.isWord("UPDATE") && !tokens.get(i - 1).isWord("DO") && !tokens.get(i - 1).isWord("KEY"))
                    && !(token.isWord("DO") && !(i + 1 < tokens.size()
                            && (tokens.get(i + 1).isWord("UPDATE") || tokens.get(i + 1).isWord("NOTHING"))));
            if (!inPlace) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks the tokens from {@code from}, adding to {@code facts} the tables read after FROM, JOIN or
     * TABLE and the consequences of each call; false if a word that writes appears ({@code allowed}
     * ones aside). After a {@code #} (with {@code afterHash}: MariaDB's comment, PostgreSQL's
     * operator) words are taken for operands, not statements. Linear in the number of tokens.
     */
    static boolean walk(SqlLexer.Scan scan, int from, Set<String> allowed, boolean afterHash, StatementFacts facts) {
        List<SqlToken> tokens = scan.tokens();
        Parentheses parentheses = Parentheses.of(tokens);
        boolean inExpressionAfterHash = false;
        for (int i = from; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('(');
            String word = token.type() == SqlToken.Type.WORD ? SqlLexer.upper(token.text()) : "";
            inExpressionAfterHash |= afterHash && token.type() != SqlToken.Type.WORD && token.text().startsWith("#");
            if (NOT_READ_WORDS.contains(word) && !call && !inExpressionAfterHash && !allowed.contains(word)) {
                return false;
            }
            SqlToken previous = (i > 0) ? tokens.get(i - 1) : null;
            if (call && token.type() != SqlToken.Type.SYMBOL && !token.isIdentifier()) {
                return false; // 9lives(…) is a call in MariaDB, :name(…) in an array slice
            }
            if (word.equals("JOIN") && call && startsExpression(previous)) {
                functionCall(tokens, i, parentheses, facts);
            } else if (word.equals("FROM") || word.equals("JOIN") || word.equals("STRAIGHT_JOIN")
                    || word.equals("TABLE")) {
                tableList(tokens, i + 1, parentheses, facts);
            } else if (call && token.isIdentifier() && !NOT_FUNCTION_WORDS.contains(word)
                    && !(previous != null && previous.isWord("AS"))
                    && !(previous != null && NOT_CALLS_AFTER.getOrDefault(word, Set.of())
                        .contains(previous.type() == SqlToken.Type.SYMBOL ? previous.text()
                                : SqlLexer.upper(previous.text())))) {
                functionCall(tokens, i, parentheses, facts);
            }
        }
        return true;
    }

    /** Whether what follows {@code previous} starts an expression (where {@code JOIN (} calls a function). */
    private static boolean startsExpression(SqlToken previous) {
        if (previous == null) {
            return true;
        }
        if (previous.type() == SqlToken.Type.SYMBOL) {
            return !previous.isSymbol(')');
        }
        return previous.type() == SqlToken.Type.WORD && EXPRESSION_STARTS.contains(SqlLexer.upper(previous.text()));
    }

    /** Whether the facts show nothing that may write or change the session. */
    private static boolean writesNothing(StatementFacts facts) {
        return !facts.writesUnknownTables && !facts.changesSession;
    }

    /**
     * Whether every database reads these tokens as this lexer does, as one statement, and their
     * operators are standard.
     */
    private static boolean unambiguous(SqlLexer.Scan scan) {
        if (scan.isEmpty() || scan.executableComment() || scan.dialectComments() || scan.parenthesesDepth() < 0) {
            return false;
        }
        StringBuilder run = new StringBuilder();
        int runEnd = -1;
        boolean ended = false;
        for (SqlToken token : scan.tokens()) {
            if (ended && !token.isSymbol(';')) {
                return false; // several statements
            }
            if (token.type() == SqlToken.Type.SYMBOL) {
                if (token.start() != runEnd && !isStandardOperatorRun(run)) {
                    return false;
                }
                if (token.start() != runEnd) {
                    run.setLength(0);
                }
                run.append(token.text());
                runEnd = token.end();
                ended = token.isSymbol(';');
                continue;
            }
            if ((token.type() == SqlToken.Type.PARAMETER && token.text().startsWith(":"))
                    || (token.type() == SqlToken.Type.NUMBER && !isPlainNumber(token.text()))) {
                return false; // a slice bound (a[1:f(x)]), or a MariaDB name that starts with a digit
            }
            boolean quoted = token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.QUOTED_IDENTIFIER;
            if ((quoted && (token.text().indexOf('\\') >= 0 || token.text().startsWith("$")))
                    || (token.type() == SqlToken.Type.WORD && token.text().indexOf('@') >= 0)) {
                return false; // backslash escapes (MariaDB), dollar quotes (PostgreSQL), user variables
            }
        }
        return isStandardOperatorRun(run) && asciiBetweenTokens(scan);
    }

    /** Digits, one point and an exponent: nothing a name could be made of. */
    private static boolean isPlainNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean exponent = (c == 'e' || c == 'E') && i > 0 && i + 1 < text.length();
            if (!(c >= '0' && c <= '9') && c != '.' && !exponent && !((c == '+' || c == '-') && i > 0
                    && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether only ASCII stands outside the tokens: PostgreSQL takes any other character (an em
     * space) for part of a name, where this lexer may have seen a space.
     */
    private static boolean asciiBetweenTokens(SqlLexer.Scan scan) {
        String sql = scan.sql();
        int from = 0;
        for (SqlToken token : scan.tokens()) {
            if (!ascii(sql, from, token.start())
                    || (token.type() == SqlToken.Type.WORD && !ascii(token.text(), 0, token.text().length()))) {
                return false;
            }
            from = token.end();
        }
        return ascii(sql, from, sql.length());
    }

    private static boolean ascii(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether adjacent symbols are standard operators and punctuation: split at parentheses,
     * commas and semicolons (which end an operator in every dialect), each part must be standard.
     */
    private static boolean isStandardOperatorRun(CharSequence run) {
        int start = 0;
        for (int i = 0; i <= run.length(); i++) {
            char c = i < run.length() ? run.charAt(i) : '(';
            if (c == '(' || c == ')' || c == ',' || c == ';' || c == '[' || c == ']') {
                String part = run.subSequence(start, i).toString();
                if (!part.isEmpty() && !STANDARD_OPERATORS.contains(part) && !isSigned(part)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** An operator followed by the sign of its operand ({@code =-1}, {@code <>-1}, {@code *+1}). */
    private static boolean isSigned(String part) {
        char last = part.charAt(part.length() - 1);
        return (last == '-' || last == '+') && STANDARD_OPERATORS.contains(part.substring(0, part.length() - 1));
    }

    private static String leadingWord(SqlLexer.Scan scan) {
        for (SqlToken token : scan.tokens()) {
            if (!token.isSymbol('(')) {
                return token.type() == SqlToken.Type.WORD ? SqlLexer.upper(token.text()) : "";
            }
        }
        return "";
    }

    /** Reads the tables of {@code name [[AS] alias [(columns)]] [, …]} from {@code index}; stops at anything else. */
    private static void tableList(List<SqlToken> tokens, int index, Parentheses parentheses, StatementFacts facts) {
        while (index < tokens.size()) {
            // FROM ONLY t, LATERAL …, (t JOIN u …)
            while (tokens.get(index).isWord("ONLY") || tokens.get(index).isWord("LATERAL") || tokens.get(index).isSymbol('(')) {
                if (++index >= tokens.size()) {
                    return;
                }
            }
            if (READ_WORDS.contains(SqlLexer.upper(tokens.get(index).text()))) {
                return; // a subquery: the caller walks its tokens anyway
            }
            StringBuilder name = new StringBuilder();
            index = qualifiedName(tokens, index, name);
            if (index < 0 || (index < tokens.size() && tokens.get(index).isSymbol('('))) {
                return; // a subquery or a function: the caller walks its tokens anyway
            }
            facts.read(TableNames.normalize(name.toString()));
            if (index < tokens.size() && tokens.get(index).isWord("AS")) {
                index++;
            }
            if (index < tokens.size() && tokens.get(index).isIdentifier()) {
                index++;
            }
            if (index < tokens.size() && tokens.get(index).isSymbol('(')) {
                index = parentheses.closing(index) + 1;
            }
            if (index >= tokens.size() || !tokens.get(index).isSymbol(',')) {
                return;
            }
            index++;
        }
    }

    /** Classifies the call whose (last) name part is at {@code index}, followed by its parenthesis. */
    private static void functionCall(List<SqlToken> tokens, int index, Parentheses parentheses, StatementFacts facts) {
        List<String> name = new ArrayList<>();
        name.add(tokens.get(index).text());
        for (int i = index - 1; i >= 1 && tokens.get(i).isSymbol('.') && tokens.get(i - 1).isIdentifier(); i -= 2) {
            name.add(0, tokens.get(i - 1).text());
        }
        facts.functionCall(FunctionClassifier.classifyCall(name, parentheses.arguments(index + 1)),
                FunctionClassifier.qualifiedName(name));
    }

    /** Reads {@code part(.part)*} into {@code name}; returns the next index or -1. */
    static int qualifiedName(List<SqlToken> tokens, int index, StringBuilder name) {
        while (true) {
            if (index >= tokens.size()) {
                return -1;
            }
            SqlToken token = tokens.get(index);
            if (token.isIdentifier()) {
                name.append(token.text());
                index++;
            } else if (token.isSymbol('[') && index + 2 < tokens.size() && tokens.get(index + 1).isIdentifier()
                    && tokens.get(index + 2).isSymbol(']')) {
                name.append('[').append(tokens.get(index + 1).text()).append(']');
                index += 3;
            } else {
                return -1;
            }
            if (index < tokens.size() && tokens.get(index).isSymbol('.')) {
                name.append('.');
                index++;
            } else {
                return index;
            }
        }
    }

    /**
     * For each opening parenthesis, computed in one pass: the index of the one closing it (the last
     * index if unbalanced) and how many arguments it holds (top-level commas plus one, zero if empty).
     */
    private record Parentheses(int[] closing, int[] arguments) {

        static Parentheses of(List<SqlToken> tokens) {
            int[] closing = new int[tokens.size()];
            int[] arguments = new int[tokens.size()];
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (token.isSymbol('(')) {
                    open.push(i);
                    closing[i] = tokens.size() - 1;
                } else if (token.isSymbol(')') && !open.isEmpty()) {
                    int opening = open.pop();
                    closing[opening] = i;
                    arguments[opening] = i == opening + 1 ? 0 : arguments[opening] + 1;
                } else if (token.isSymbol(',') && !open.isEmpty()) {
                    arguments[open.peek()]++;
                }
            }
            while (!open.isEmpty()) {
                int opening = open.pop();
                arguments[opening] = opening + 1 == tokens.size() - 1 ? 0 : arguments[opening] + 1;
            }
            return new Parentheses(closing, arguments);
        }

        int closing(int open) {
            return closing[open];
        }

        int arguments(int open) {
            return arguments[open];
        }
    }
}
