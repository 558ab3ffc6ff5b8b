package io.github.cachalot.key;

/**
 * Everything a read's result depends on besides the data: the data source (its name under its key
 * scope, {@code <scope>:<name>}, which tells apart databases that look alike), the connection's
 * catalog and schema, the SQL text, the bound parameters and the statement settings that change
 * results. {@link #canonicalBytes()} encodes all of it unambiguously (length-prefixed fields).
 */
public final class QueryKey {

	private final String dataSourceId;

	private final String catalog;

	private final String schema;

	private final String sql;

	private final StatementOptions options;

	private final BoundParameters parameters;

	public QueryKey(String dataSourceId, String catalog, String schema, String sql, StatementOptions options,
			BoundParameters parameters) {
		this.dataSourceId = dataSourceId;
		this.catalog = catalog;
		this.schema = schema;
		this.sql = sql;
		this.options = options;
		this.parameters = parameters;
	}

	public String dataSourceId() {
		return this.dataSourceId;
	}

	public String catalog() {
		return this.catalog;
	}

	public String schema() {
		return this.schema;
	}

	public String sql() {
		return this.sql;
	}

	public StatementOptions options() {
		return this.options;
	}

	/** The bound parameters; empty for a plain statement. */
	public BoundParameters parameters() {
		return this.parameters;
	}

	/** An unambiguous encoding of every part of this key. */
	public byte[] canonicalBytes() {
		KeyBuffer buffer = new KeyBuffer(64 + this.sql.length() * 2);
		writeStatementTo(buffer);
		writeParametersTo(buffer);
		return buffer.toByteArray();
	}

	/** The part shared by every execution of the statement: data source, session, SQL, options. */
	void writeStatementTo(KeyBuffer buffer) {
		buffer.putString(this.dataSourceId);
		buffer.putString(this.catalog);
		buffer.putString(this.schema);
		buffer.putString(this.sql);
		this.options.writeTo(buffer);
	}

	/** The part of this execution: the bound parameters. */
	void writeParametersTo(KeyBuffer buffer) {
		if (this.parameters != null) {
			this.parameters.writeTo(buffer);
		}
		else {
			buffer.putInt(0);
		}
	}

	@Override
	public String toString() {
		return "QueryKey[" + this.dataSourceId + ", " + this.catalog + "." + this.schema + ", "
				+ this.sql + "]";
	}

}
