package io.github.cachalot.config;

import java.util.Collection;
import java.util.Locale;
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

	/** The normalized form of a possibly qualified and quoted table name. */
	public static String normalize(String name) {
		String trimmed = name.trim();
		int dot = lastDotOutsideQuotes(trimmed);
		String bare = (dot >= 0) ? trimmed.substring(dot + 1) : trimmed;
		if (bare.length() >= 2) {
			char first = bare.charAt(0);
			char last = bare.charAt(bare.length() - 1);
			if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
				bare = bare.substring(1, bare.length() - 1);
			}
		}
		return bare.toLowerCase(Locale.ROOT);
	}

	/** The normalized forms of the given names. */
	public static Set<String> normalize(Collection<String> names) {
		return names.stream().filter((name) -> name != null && !name.isBlank()).map(TableNames::normalize)
			.collect(Collectors.toUnmodifiableSet());
	}

	private static int lastDotOutsideQuotes(String name) {
		char quote = 0;
		int dot = -1;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (quote != 0) {
				if (c == quote || (quote == '[' && c == ']')) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '`' || c == '[') {
				quote = c;
			}
			else if (c == '.') {
				dot = i;
			}
		}
		return dot;
	}

}
