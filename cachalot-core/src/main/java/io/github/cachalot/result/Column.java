package io.github.cachalot.result;

import java.sql.Types;
import java.util.Locale;

/** What the capture and the conversions need to know of a column, worked out once per result. */
final class Column {

	static final int NOT_TEMPORAL = 0;

	static final int DATE = 1;

	static final int TIME = 2;

	static final int TIME_TZ = 3;

	static final int TIMESTAMP = 4;

	static final int TIMESTAMP_TZ = 5;

	/** The JDBC type from the metadata ({@link Types#OTHER} when it could not be read). */
	final int sqlType;

	/** The type name from the metadata, lower case ("" when it could not be read). */
	final String typeName;

	/** Whether the metadata calls the column signed. */
	final boolean signed;

	/** Which natural java.time value is captured, one of the constants above. */
	final int temporal;

	/**
	 * Whether no value of this column can be cached: serialized Java objects (whose copies would
	 * need Java serialization), structured types, references, row ids and XML.
	 */
	final boolean uncacheable;

	/** How the driver's conversions of this column went: not known (yet), as from text, or from binary. */
	static final int UNKNOWN = 0;

	static final int TEXT = 1;

	static final int BINARY = 2;

	/**
	 * Which of its text and binary conversions the driver applied to this column, where a dialect
	 * needs to know and the values told it ({@link #UNKNOWN} when they agree for every value). Set
	 * while the result is captured, never after it was built.
	 */
	int transfer = UNKNOWN;

	Column(Dialect dialect, CachedResultSetMetaData metaData, int index) {
		Object type = metaData.peek(index, CachedResultSetMetaData.TYPE);
		Object name = metaData.peek(index, CachedResultSetMetaData.TYPE_NAME);
		Object signed = metaData.peek(index, CachedResultSetMetaData.SIGNED);
		this.sqlType = (type != null) ? (Integer) type : Types.OTHER;
		this.typeName = (name != null) ? ((String) name).toLowerCase(Locale.ROOT) : "";
		this.signed = Boolean.TRUE.equals(signed);
		this.temporal = dialect.temporalKind(this);
		this.uncacheable = switch (this.sqlType) {
			case Types.JAVA_OBJECT, Types.STRUCT, Types.REF, Types.DATALINK, Types.ROWID, Types.SQLXML -> true;
			default -> false;
		};
	}

}
