package io.github.cachalot.result;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

/** The getters the round trip compares, and which of them frameworks use on each kind of column. */
final class Getters {

	private static final TimeZone CALENDAR_ZONE = TimeZone.getTimeZone("GMT+05:00");

	static final Map<String, Outcome.Getter> ALL = new LinkedHashMap<>();

	static {
		ALL.put("getObject", (rs, i) -> rs.getObject(i));
		ALL.put("getString", (rs, i) -> rs.getString(i));
		ALL.put("getBoolean", (rs, i) -> rs.getBoolean(i));
		ALL.put("getByte", (rs, i) -> rs.getByte(i));
		ALL.put("getShort", (rs, i) -> rs.getShort(i));
		ALL.put("getInt", (rs, i) -> rs.getInt(i));
		ALL.put("getLong", (rs, i) -> rs.getLong(i));
		ALL.put("getFloat", (rs, i) -> rs.getFloat(i));
		ALL.put("getDouble", (rs, i) -> rs.getDouble(i));
		ALL.put("getBigDecimal", (rs, i) -> rs.getBigDecimal(i));
		ALL.put("getBytes", (rs, i) -> rs.getBytes(i));
		ALL.put("getDate", (rs, i) -> rs.getDate(i));
		ALL.put("getTime", (rs, i) -> rs.getTime(i));
		ALL.put("getTimestamp", (rs, i) -> rs.getTimestamp(i));
		ALL.put("getDate(cal)", (rs, i) -> rs.getDate(i, Calendar.getInstance(CALENDAR_ZONE)));
		ALL.put("getTime(cal)", (rs, i) -> rs.getTime(i, Calendar.getInstance(CALENDAR_ZONE)));
		ALL.put("getTimestamp(cal)", (rs, i) -> rs.getTimestamp(i, Calendar.getInstance(CALENDAR_ZONE)));
		ALL.put("getArray", (rs, i) -> rs.getArray(i));
		ALL.put("getCharacterStream", (rs, i) -> rs.getCharacterStream(i));
		ALL.put("getBinaryStream", (rs, i) -> rs.getBinaryStream(i));
		for (Class<?> type : new Class<?>[] { String.class, Integer.class, Long.class, Short.class, Byte.class,
				Double.class, Float.class, BigDecimal.class, BigInteger.class, Boolean.class, byte[].class, UUID.class,
				LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, OffsetTime.class,
				Instant.class, ZonedDateTime.class, Date.class, Time.class, Timestamp.class, Object.class }) {
			ALL.put("getObject(" + type.getSimpleName() + ")", (rs, i) -> rs.getObject(i, type));
		}
		// what Spring's and MyBatis's java.util.Date mappings ask for
		ALL.put("getObject(java.util.Date)", (rs, i) -> rs.getObject(i, java.util.Date.class));
	}

	private static final Set<String> TEXT = Set.of("getObject(String)", "getCharacterStream");

	private static final Set<String> BOOLEAN = Set.of("getBoolean", "getObject(Boolean)", "getInt", "getLong",
			"getShort", "getByte");

	private static final Set<String> NUMBER = Set.of("getBoolean", "getByte", "getShort", "getInt", "getLong",
			"getFloat", "getDouble", "getBigDecimal", "getObject(Integer)", "getObject(Long)", "getObject(Short)",
			"getObject(Byte)", "getObject(Double)", "getObject(Float)", "getObject(BigDecimal)", "getObject(BigInteger)",
			"getObject(Boolean)");

	private static final Set<String> BINARY = Set.of("getBytes", "getObject(byte[])", "getBinaryStream");

	/** The getObject conversions frameworks ask of every date and timestamp column (java.time and java.util.Date mappings). */
	private static final Set<String> DATE_TIME_OBJECTS = Set.of("getObject(OffsetDateTime)", "getObject(Instant)",
			"getObject(ZonedDateTime)", "getObject(LocalDateTime)", "getObject(java.util.Date)");

	private static final Set<String> DATE = union(DATE_TIME_OBJECTS, "getDate", "getDate(cal)", "getTimestamp",
			"getTimestamp(cal)", "getObject(LocalDate)", "getObject(Date)");

	private static final Set<String> TIME = Set.of("getTime", "getTime(cal)", "getObject(LocalTime)",
			"getObject(Time)");

	private static final Set<String> TIME_TZ = Set.of("getTime", "getObject(OffsetTime)");

	private static final Set<String> TIMESTAMP = union(DATE_TIME_OBJECTS, "getTimestamp", "getTimestamp(cal)",
			"getDate", "getDate(cal)", "getTime", "getTime(cal)", "getObject(LocalDate)", "getObject(LocalTime)",
			"getObject(Timestamp)");

	private static final Set<String> TIMESTAMP_TZ = union(DATE_TIME_OBJECTS, "getTimestamp", "getTimestamp(cal)",
			"getDate", "getDate(cal)", "getTime", "getObject(Timestamp)");

	private Getters() {
	}

	private static Set<String> union(Set<String> common, String... more) {
		Set<String> all = new java.util.HashSet<>(common);
		all.addAll(Set.of(more));
		return Set.copyOf(all);
	}

	/**
	 * Whether frameworks use this getter on a column of this JDBC type (and class of value): these
	 * must replay exactly. The others must never replay a different value (they may throw instead).
	 */
	static boolean strict(String getter, int sqlType, String typeName, Object sample) {
		if (getter.equals("getObject") || getter.equals("getString")) {
			return true;
		}
		if (sample instanceof UUID && getter.equals("getObject(UUID)")) {
			return true;
		}
		if (typeName.equals("timestamptz")) {
			return TIMESTAMP_TZ.contains(getter);
		}
		if (typeName.equals("timetz")) {
			return TIME_TZ.contains(getter);
		}
		return switch (sqlType) {
			case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
					Types.CLOB ->
				TEXT.contains(getter);
			case Types.BOOLEAN, Types.BIT -> BOOLEAN.contains(getter);
			case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL,
					Types.FLOAT, Types.DOUBLE ->
				NUMBER.contains(getter);
			case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY.contains(getter);
			case Types.DATE -> DATE.contains(getter);
			case Types.TIME -> TIME.contains(getter);
			case Types.TIME_WITH_TIMEZONE -> TIME_TZ.contains(getter);
			case Types.TIMESTAMP -> TIMESTAMP.contains(getter);
			case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ.contains(getter);
			case Types.ARRAY -> getter.equals("getArray");
			default -> false;
		};
	}

}
