package io.github.cachalot.key;

/**
 * Names the cache keys under which the invalidation tokens of tables and databases are kept. Keys
 * of different tables or databases must differ. The id it is given names the data source's
 * database, its invalidation domain (16 hex digits derived from the database, or the configured
 * key scope; see {@code CachingDataSource.database()}): equal for every data source on one
 * database, so that a write through any of them invalidates what the others cached. A custom
 * generator must keep it in the key, for data sources on different databases not to share tokens
 * (sharing them is safe, only slower: each invalidates the other's reads).
 */
public interface TableKeyGenerator {

	/** The default naming: {@code cachalot:t:<database>:<table>} and {@code cachalot:d:<database>}. */
	TableKeyGenerator DEFAULT = new TableKeyGenerator() {
		@Override
		public String tableKey(String dataSourceId, String table) {
			return "cachalot:t:" + dataSourceId + ":" + table;
		}

		@Override
		public String dataSourceKey(String dataSourceId) {
			return "cachalot:d:" + dataSourceId;
		}
	};

	/** The key of the token of a table (normalized name) of a database. */
	String tableKey(String dataSourceId, String table);

	/** The key of the token that every read of the database, through any data source, depends on. */
	String dataSourceKey(String dataSourceId);

}
