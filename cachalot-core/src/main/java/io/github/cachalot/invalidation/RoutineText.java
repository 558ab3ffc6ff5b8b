package io.github.cachalot.invalidation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A lexical reading of the text of triggers and routines as the catalog stores it: split into
 * statements, and, for PL/pgSQL, the tables it writes and the functions it calls. Errs towards
 * "unknown": whatever it does not recognise is reported so, never guessed.
 */
final class RoutineText {

	/** The quoting and comment rules of one database. */
	enum Syntax {

		/** {@code '…'} without backslash escapes, {@code E'…'}, {@code $tag$…$tag$}, nested block comments. */
		POSTGRESQL,
		/** Backslash escapes in strings, {@code `…`} identifiers, {@code #} comments. */
		MARIADB,
		/** {@code `…`} and {@code […]} identifiers. */
		SQLITE

	}

	/** What a lexical token is. */
	enum Type {

		WORD, IDENTIFIER, STRING, NUMBER, SYMBOL

	}

	/**
	 * One token; {@code text} is lower-cased for words and identifiers.
	 */
	record Token(Type type, String text, int start, int end) {

		boolean isWord(String word) {
			return this.type == Type.WORD && this.text.equals(word);
		}

		boolean isSymbol(String symbol) {
			return this.type == Type.SYMBOL && this.text.equals(symbol);
		}

		boolean isName() {
			return this.type == Type.WORD || this.type == Type.IDENTIFIER;
		}

	}

	/**
	 * What a PL/pgSQL or SQL function body does to tables.
	 * @param written the tables it writes (unqualified, lower-cased)
	 * @param calls the names of what it calls with parentheses, {@code schema.name} when qualified
	 * @param unknown whether it does something whose effects cannot be told (dynamic SQL, CALL, DDL …)
	 */
	record BodyEffects(Set<String> written, Set<String> calls, boolean unknown) {
	}

	/** Statements that make the effects of a body unknowable, wherever they appear. */
	private static final Set<String> UNKNOWN_WORDS = Set.of("execute", "call", "copy", "create", "alter", "drop",
			"refresh", "grant", "revoke", "cluster", "reindex", "import", "prepare");

	private RoutineText() {
	}

	/**
	 * The tokens of the text; {@code null} when it cannot be read (an unterminated string or comment).
	 */
	static List<Token> tokens(String text, Syntax syntax) {
		List<Token> tokens = new ArrayList<>();
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			char next = (i + 1 < length) ? text.charAt(i + 1) : '\0';
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if ((c == '-' && next == '-') || (c == '#' && syntax == Syntax.MARIADB)) {
				int end = text.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
			}
			else if (c == '/' && next == '*') {
				i = endOfBlockComment(text, i, syntax == Syntax.POSTGRESQL);
				if (i < 0) {
					return null;
				}
			}
			else if (c == '\'') {
				int end = endOfQuoted(text, i, '\'', syntax == Syntax.MARIADB);
				if (end < 0) {
					return null;
				}
				tokens.add(new Token(Type.STRING, text.substring(i, end), i, end));
				i = end;
			}
			else if ((c == 'e' || c == 'E') && next == '\'' && syntax == Syntax.POSTGRESQL) {
				int end = endOfQuoted(text, i + 1, '\'', true);
				if (end < 0) {
					return null;
				}
				tokens.add(new Token(Type.STRING, text.substring(i, end), i, end));
				i = end;
			}
			else if (c == '"' || (c == '`' && syntax != Syntax.POSTGRESQL)) {
				int end = endOfQuoted(text, i, c, false);
				if (end < 0) {
					return null;
				}
				String name = text.substring(i + 1, end - 1).replace(String.valueOf(c) + c, String.valueOf(c));
				tokens.add(new Token(Type.IDENTIFIER, name.toLowerCase(Locale.ROOT), i, end));
				i = end;
			}
			else if (c == '[' && syntax == Syntax.SQLITE) {
				int end = text.indexOf(']', i);
				if (end < 0) {
					return null;
				}
				tokens.add(new Token(Type.IDENTIFIER, text.substring(i + 1, end).toLowerCase(Locale.ROOT), i, end + 1));
				i = end + 1;
			}
			else if (c == '$' && syntax == Syntax.POSTGRESQL && dollarTag(text, i) != null) {
				String tag = dollarTag(text, i);
				int end = text.indexOf(tag, i + tag.length());
				if (end < 0) {
					return null;
				}
				end += tag.length();
				tokens.add(new Token(Type.STRING, text.substring(i, end), i, end));
				i = end;
			}
			else if (Character.isLetter(c) || c == '_' || (c == '@' && syntax == Syntax.MARIADB)) {
				int end = i + 1;
				while (end < length && isWordPart(text.charAt(end))) {
					end++;
				}
				tokens.add(new Token(Type.WORD, text.substring(i, end).toLowerCase(Locale.ROOT), i, end));
				i = end;
			}
			else if (Character.isDigit(c)) {
				int end = i + 1;
				while (end < length && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.')) {
					end++;
				}
				tokens.add(new Token(Type.NUMBER, text.substring(i, end), i, end));
				i = end;
			}
			else if (c == ':' && next == ':') {
				tokens.add(new Token(Type.SYMBOL, "::", i, i + 2));
				i += 2;
			}
			else {
				tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i, i + 1));
				i++;
			}
		}
		return tokens;
	}

	private static boolean isWordPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
	}

	private static int endOfBlockComment(String text, int start, boolean nested) {
		int depth = 0;
		int i = start;
		while (i < text.length() - 1) {
			if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
				depth = nested ? depth + 1 : 1;
				i += 2;
			}
			else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
				depth--;
				i += 2;
				if (depth == 0) {
					return i;
				}
			}
			else {
				i++;
			}
		}
		return -1;
	}

	/** The index after the closing quote (a doubled quote is part of the text); -1 when unterminated. */
	private static int endOfQuoted(String text, int start, char quote, boolean backslashEscapes) {
		int i = start + 1;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (backslashEscapes && c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return -1;
	}

	private static String dollarTag(String text, int start) {
		int i = start + 1;
		while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
			i++;
		}
		if (i < text.length() && text.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(text.charAt(start + 1)))) {
			return text.substring(start, i + 1);
		}
		return null;
	}

	/**
	 * The statements of a MariaDB trigger or routine body, or of the part of an SQLite trigger
	 * between BEGIN and END: an enclosing {@code BEGIN … END} is removed and the rest split at
	 * semicolons outside parentheses. Control flow is left in the pieces (it makes them
	 * unanalysable, so unknown); {@code null} when the text cannot be read.
	 */
	static List<String> statements(String body, Syntax syntax) {
		List<Token> tokens = tokens(body, syntax);
		if (tokens == null) {
			return null;
		}
		int from = 0;
		int to = tokens.size();
		if (to >= 2 && tokens.get(0).isWord("begin") && tokens.get(to - 1).isWord("end")) {
			from = 1;
			to--;
		}
		List<String> statements = new ArrayList<>();
		int depth = 0;
		int start = -1;
		for (int i = from; i < to; i++) {
			Token token = tokens.get(i);
			if (token.isSymbol("(")) {
				depth++;
			}
			else if (token.isSymbol(")")) {
				depth--;
			}
			if (token.isSymbol(";") && depth == 0) {
				if (start >= 0) {
					statements.add(body.substring(start, tokens.get(i - 1).end()));
				}
				start = -1;
			}
			else if (start < 0) {
				start = token.start();
			}
		}
		if (start >= 0) {
			statements.add(body.substring(start, tokens.get(to - 1).end()));
		}
		return statements;
	}

	/**
	 * The body of an SQLite {@code CREATE TRIGGER} statement, between its BEGIN and its last END;
	 * {@code null} when they cannot be found.
	 */
	static String sqliteTriggerBody(String createTrigger) {
		List<Token> tokens = tokens(createTrigger, Syntax.SQLITE);
		if (tokens == null) {
			return null;
		}
		int begin = -1;
		for (int i = 0; i < tokens.size() && begin < 0; i++) {
			if (tokens.get(i).isWord("begin")) {
				begin = i;
			}
		}
		int end = tokens.size() - 1;
		while (end >= 0 && tokens.get(end).isSymbol(";")) {
			end--;
		}
		if (begin < 0 || end <= begin || !tokens.get(end).isWord("end")) {
			return null;
		}
		return createTrigger.substring(tokens.get(begin).end(), tokens.get(end).start());
	}

	/**
	 * Whether a MariaDB routine body may create temporary tables: it mentions TEMPORARY, runs
	 * dynamic SQL (PREPARE/EXECUTE) or calls another routine; also when it cannot be read.
	 */
	static boolean mayCreateTemporaryTables(String body) {
		List<Token> tokens = tokens(body, Syntax.MARIADB);
		if (tokens == null) {
			return true;
		}
		for (Token token : tokens) {
			if (token.type() == Type.WORD && (token.text().equals("temporary") || token.text().equals("prepare")
					|| token.text().equals("execute") || token.text().equals("call"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads a PL/pgSQL or SQL function body lexically: the targets of INSERT INTO, UPDATE, DELETE
	 * FROM, MERGE INTO and TRUNCATE, and every name called with parentheses (the caller checks they
	 * are built-ins). EXECUTE, CALL, COPY, DDL or unreadable text make it unknown.
	 */
	static BodyEffects postgresBodyEffects(String source) {
		List<Token> tokens = tokens(source, Syntax.POSTGRESQL);
		if (tokens == null) {
			return new BodyEffects(Set.of(), Set.of(), true);
		}
		Set<String> written = new HashSet<>();
		Set<String> calls = new HashSet<>();
		int i = 0;
		while (i < tokens.size()) {
			Token token = tokens.get(i);
			if (token.type() == Type.WORD && UNKNOWN_WORDS.contains(token.text())) {
				return new BodyEffects(Set.of(), Set.of(), true);
			}
			int target = -1;
			if (token.isWord("insert") || token.isWord("merge")) {
				target = wordAt(tokens, i + 1, "into") ? skipOnly(tokens, i + 2) : -1;
			}
			else if (token.isWord("delete")) {
				target = wordAt(tokens, i + 1, "from") ? skipOnly(tokens, i + 2) : -1;
			}
			else if (token.isWord("update")) {
				int candidate = skipOnly(tokens, i + 1);
				// FOR UPDATE [OF …], ON CONFLICT DO UPDATE SET, WHEN MATCHED THEN UPDATE SET: no target
				if (candidate < tokens.size() && tokens.get(candidate).isName() && !isAny(tokens.get(candidate),
						"set", "of", "nowait", "skip")) {
					target = candidate;
				}
			}
			else if (token.isWord("truncate")) {
				int next = wordAt(tokens, i + 1, "table") ? i + 2 : i + 1;
				while (true) {
					next = skipOnly(tokens, next);
					int after = name(tokens, next, written);
					if (after == next) {
						return new BodyEffects(Set.of(), Set.of(), true);
					}
					next = (after < tokens.size() && tokens.get(after).isSymbol("*")) ? after + 1 : after;
					if (next < tokens.size() && tokens.get(next).isSymbol(",")) {
						next++;
						continue;
					}
					break;
				}
				i = next;
				continue;
			}
			if (target >= 0) {
				int after = name(tokens, target, written);
				if (after == target) {
					return new BodyEffects(Set.of(), Set.of(), true);
				}
				i = after; // the target's own "(columns)" is not a call
				continue;
			}
			if (token.isName() && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")
					&& !(i > 0 && tokens.get(i - 1).isSymbol("."))) {
				calls.add(token.text());
			}
			else if (token.isName() && i + 3 < tokens.size() && tokens.get(i + 1).isSymbol(".")
					&& tokens.get(i + 2).isName() && tokens.get(i + 3).isSymbol("(")) {
				calls.add(token.text() + "." + tokens.get(i + 2).text());
			}
			i++;
		}
		return new BodyEffects(Set.copyOf(written), Set.copyOf(calls), false);
	}

	private static boolean wordAt(List<Token> tokens, int i, String word) {
		return i < tokens.size() && tokens.get(i).isWord(word);
	}

	private static boolean isAny(Token token, String... words) {
		for (String word : words) {
			if (token.isWord(word)) {
				return true;
			}
		}
		return false;
	}

	private static int skipOnly(List<Token> tokens, int i) {
		return wordAt(tokens, i, "only") ? i + 1 : i;
	}

	/**
	 * Reads a possibly qualified name at {@code i} and adds its last part; returns the index after
	 * it, or {@code i} when there is no name.
	 */
	private static int name(List<Token> tokens, int i, Set<String> names) {
		if (i >= tokens.size() || !tokens.get(i).isName()) {
			return i;
		}
		int last = i;
		while (last + 2 < tokens.size() && tokens.get(last + 1).isSymbol(".") && tokens.get(last + 2).isName()) {
			last += 2;
		}
		names.add(tokens.get(last).text());
		return last + 1;
	}

}
