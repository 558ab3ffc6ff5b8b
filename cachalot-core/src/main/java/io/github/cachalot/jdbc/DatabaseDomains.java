package io.github.cachalot.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The data sources of this JVM by database (their invalidation domain), so that DDL run through
 * one of them, or by a migration on a connection cachalot does not wrap, makes the others look up
 * the catalog again (a view redefined through one changes what reads of it depend on in all).
 * Their tokens need no such help: they share them through the store. Held weakly: a data source
 * that is no longer used leaves by itself.
 */
final class DatabaseDomains {

	private static final Map<DataSourceCache, String> DOMAINS = new WeakHashMap<>();

	private DatabaseDomains() {
	}

	/** The data source learned which database it is on. */
	static void joined(String database, DataSourceCache cache) {
		synchronized (DOMAINS) {
			DOMAINS.put(cache, database);
		}
	}

	/**
	 * DDL ran on the database through {@code source} ({@code null}: through none of this JVM's data
	 * sources): every other data source on it forgets what it looked up of the catalog.
	 */
	static void catalogChanged(String database, DataSourceCache source) {
		if (database == null) {
			return;
		}
		List<DataSourceCache> others = new ArrayList<>();
		synchronized (DOMAINS) {
			DOMAINS.forEach((cache, domain) -> {
				if (cache != source && domain.equals(database)) {
					others.add(cache);
				}
			});
		}
		others.forEach(DataSourceCache::catalogChangedElsewhere);
	}

}
