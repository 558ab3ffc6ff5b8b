package io.github.cachalot.key;

/**
 * Names the cache keys under which the invalidation tokens of tables and data sources are kept.
 * Keys of different tables or data sources must differ. The data source id it is given is the
 * name under its key scope ({@code <scope>:<name>}), which a custom generator must keep in the key
 * for applications on different databases not to share tokens.
 */
public interface TableKeyGenerator {

	/**
	 * The default naming: {@code cachalot:t:<scope>:<data source>:<table>} and
	 * {@code cachalot:d:<scope>:<data source>}.
	 */
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

	/** The key of the token of a table (normalized name) of a data source. */
	String tableKey(String dataSourceId, String table);

	/** The key of the token that every read of the data source depends on. */
	String dataSourceKey(String dataSourceId);

}
