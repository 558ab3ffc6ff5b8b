package io.github.cachalot.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How cachalot names tables: unqualified, unquoted and lower case, so that every spelling of a
 * table in SQL maps to one invalidation token. Same-named tables in different schemas share a
 * token, which can only cause extra invalidations, never stale reads.
 */
public final class TableNames {

	private TableNames() {
	}

	/** The normalized form of a possibly qualified and quoted table name (empty if it has none). */
	public static String normalize(String name) {
		return unquote(lastPart(name.trim())).trim().toLowerCase(Locale.ROOT);
	}

	/** Removes one level of {@code "…"}, {@code `…`} or {@code […]} quoting, un-doubling quotes. */
	public static String unquote(String name) {
		if (name.length() >= 2) {
			char first = name.charAt(0);
			char last = name.charAt(name.length() - 1);
			if ((first == '"' && last == '"') || (first == '`' && last == '`')) {
				String quote = String.valueOf(first);
				return name.substring(1, name.length() - 1).replace(quote + quote, quote);
			}
			if (first == '[' && last == ']') {
				return name.substring(1, name.length() - 1);
			}
		}
		return name;
	}

	/** The normalized forms of the given names. */
	public static Set<String> normalize(Collection<String> names) {
		return names.stream().filter((name) -> name != null && !name.isBlank()).map(TableNames::normalize)
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * The normalized form of a map from a table to tables: keys and values normalized, entries whose
	 * keys normalize alike merged. Unmodifiable.
	 */
	public static Map<String, Set<String>> normalize(Map<String, ? extends Collection<String>> tables) {
		Map<String, Set<String>> normalized = new LinkedHashMap<>();
		tables.forEach((table, dependents) -> normalized.computeIfAbsent(normalize(table), (key) -> new HashSet<>())
			.addAll(normalize(dependents)));
		normalized.replaceAll((table, dependents) -> Set.copyOf(dependents));
		return Map.copyOf(normalized);
	}

	/** The part of a dotted name after its last dot that is outside quotes. */
	private static String lastPart(String name) {
		char quote = 0;
		int lastDot = -1;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '`') {
				quote = c;
			}
			else if (c == '[') {
				quote = ']';
			}
			else if (c == '.') {
				lastDot = i;
			}
		}
		return (lastDot < 0) ? name : name.substring(lastDot + 1);
	}

}
