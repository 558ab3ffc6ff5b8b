package io.github.cachalot.result;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.github.cachalot.testsupport.TestDatabase;

/**
 * A table per test database with a column of every type that database offers and a row of typical
 * values (id 1), of low extremes (id 2), of high extremes (id 3) and, last, of NULLs. SQLite has one
 * more row before the NULLs (id 4) whose values do not match the declared types.
 */
final class AllTypesTable {

	static final String NAME = "rt_all_types";

	private AllTypesTable() {
	}

	/** A column: its name, its type in DDL and a SQL literal per non-NULL row. */
	record Column(String name, String type, String... values) {
	}

	static List<Column> columns(TestDatabase database) {
		return switch (database) {
			case H2 -> h2();
			case POSTGRESQL -> postgresql();
			case MARIADB -> mariadb();
			case SQLITE -> sqlite();
		};
	}

	/** (Re)creates the table with its rows through the database's shared pool. */
	static void create(TestDatabase database) {
		database.dropTables(NAME);
		execute(database, (sql) -> database.execute(sql));
	}

	/** (Re)creates the table with its rows through the given pool. */
	static void create(TestDatabase database, javax.sql.DataSource dataSource) {
		execute(database, (sql) -> {
			try (java.sql.Connection connection = dataSource.getConnection();
					java.sql.Statement statement = connection.createStatement()) {
				for (String each : sql) {
					statement.execute(each);
				}
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static void execute(TestDatabase database, java.util.function.Consumer<String[]> executor) {
		String drop = "DROP TABLE IF EXISTS " + NAME + ((database == TestDatabase.POSTGRESQL) ? " CASCADE" : "");
		executor.accept(new String[] { drop });
		List<Column> columns = columns(database);
		List<String> sql = new ArrayList<>();
		if (database == TestDatabase.POSTGRESQL) {
			sql.add("DROP TYPE IF EXISTS rt_mood CASCADE");
			sql.add("CREATE TYPE rt_mood AS ENUM ('sad', 'ok', 'happy')");
		}
		StringJoiner ddl = new StringJoiner(", ", "CREATE TABLE " + NAME + " (id INT PRIMARY KEY, ", ")");
		for (Column column : columns) {
			ddl.add(column.name() + " " + column.type());
		}
		sql.add(ddl.toString());
		int rows = columns.get(0).values().length;
		for (int row = 0; row < rows; row++) {
			StringJoiner names = new StringJoiner(", ", "INSERT INTO " + NAME + " (id, ", ")");
			StringJoiner values = new StringJoiner(", ", " VALUES (" + (row + 1) + ", ", ")");
			for (Column column : columns) {
				names.add(column.name());
				values.add(column.values()[row]);
			}
			sql.add(names + values.toString());
		}
		sql.add("INSERT INTO " + NAME + " (id) VALUES (" + (rows + 1) + ")");
		executor.accept(sql.toArray(String[]::new));
	}

	static String select(TestDatabase database) {
		return "SELECT * FROM " + NAME + " ORDER BY id";
	}

	private static Column c(String name, String type, String... values) {
		return new Column(name, type, values);
	}

	private static final String LONG_TEXT = "'" + "lorem ipsum ".repeat(400) + "'";

	private static final String UNICODE = "'Grüße, 世界 \uD83D\uDC33 ñ'";

	// A serialized java.lang.Integer 42.
	private static final String SERIALIZED_42 = "aced0005737200116a6176612e6c616e672e496e746567657212e2a0a4f78187380200014900"
			+ "0576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b02000078700000002a";

	private static List<Column> h2() {
		return List.of(
				c("c_char", "CHAR(5)", "'ab'", "''", UNICODE.substring(0, 6) + "'"),
				c("c_varchar", "VARCHAR(10000)", "'hello'", "''", LONG_TEXT),
				c("c_varchar_ic", "VARCHAR_IGNORECASE(50)", "'Hello'", "''", UNICODE),
				c("c_clob", "CLOB", "'clob text'", "''", LONG_TEXT),
				c("c_binary", "BINARY(4)", "X'DEADBEEF'", "X'00000000'", "X'FFFFFFFF'"),
				c("c_varbinary", "VARBINARY(100)", "X'CAFEBABE'", "X''", "X'00FF10'"),
				c("c_blob", "BLOB", "X'0102'", "X''", "X'FF'"),
				c("c_boolean", "BOOLEAN", "TRUE", "FALSE", "TRUE"),
				c("c_tinyint", "TINYINT", "12", "-128", "127"),
				c("c_smallint", "SMALLINT", "1234", "-32768", "32767"),
				c("c_integer", "INTEGER", "123456", "-2147483648", "2147483647"),
				c("c_bigint", "BIGINT", "1234567890123", "-9223372036854775808", "9223372036854775807"),
				c("c_numeric", "NUMERIC(20,5)", "12345.67891", "-999999999999999.99999", "0.00001"),
				c("c_numeric0", "NUMERIC(30)", "1", "-999999999999999999999999999999", "999999999999999999999999999999"),
				c("c_real", "REAL", "1.5", "-3.4028235E38", "1.4E-45"),
				c("c_double", "DOUBLE PRECISION", "2.718281828459045", "-1.7976931348623157E308", "4.9E-324"),
				c("c_decfloat", "DECFLOAT", "3.14159", "-1E+100", "'Infinity'"),
				c("c_date", "DATE", "DATE '2024-02-29'", "DATE '0001-01-01'", "DATE '9999-12-31'"),
				c("c_time", "TIME", "TIME '13:45:30'", "TIME '00:00:00'", "TIME '23:59:59'"),
				c("c_time9", "TIME(9)", "TIME '13:45:30.123456789'", "TIME '00:00:00'", "TIME '23:59:59.999999999'"),
				c("c_timetz", "TIME WITH TIME ZONE", "TIME WITH TIME ZONE '13:45:30+02:00'",
						"TIME WITH TIME ZONE '00:00:00-18:00'", "TIME WITH TIME ZONE '23:59:59.999+18:00'"),
				c("c_timestamp", "TIMESTAMP", "TIMESTAMP '2024-02-29 13:45:30.123456'", "TIMESTAMP '0001-01-01 00:00:00'",
						"TIMESTAMP '9999-12-31 23:59:59.999999'"),
				c("c_timestamp9", "TIMESTAMP(9)", "TIMESTAMP '2024-03-31 02:30:00.123456789'",
						"TIMESTAMP '1900-01-01 00:00:00'", "TIMESTAMP '2038-01-19 03:14:08'"),
				c("c_timestamptz", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE '2024-02-29 13:45:30.123456+02:00'",
						"TIMESTAMP WITH TIME ZONE '0001-01-01 00:00:00-18:00'",
						"TIMESTAMP WITH TIME ZONE '9999-12-31 23:59:59.999999+18:00'"),
				c("c_interval_year", "INTERVAL YEAR", "INTERVAL '3' YEAR", "INTERVAL '-5' YEAR", "INTERVAL '0' YEAR"),
				c("c_interval_ym", "INTERVAL YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH",
						"INTERVAL '-1-11' YEAR TO MONTH", "INTERVAL '99-11' YEAR TO MONTH"),
				c("c_interval_day", "INTERVAL DAY", "INTERVAL '3' DAY", "INTERVAL '-1' DAY", "INTERVAL '99' DAY"),
				c("c_interval_ds", "INTERVAL DAY TO SECOND", "INTERVAL '1 02:03:04.5' DAY TO SECOND",
						"INTERVAL '-1 00:00:00' DAY TO SECOND", "INTERVAL '99 23:59:59.999999' DAY TO SECOND"),
				c("c_interval_hm", "INTERVAL HOUR TO MINUTE", "INTERVAL '10:30' HOUR TO MINUTE",
						"INTERVAL '-0:01' HOUR TO MINUTE", "INTERVAL '99:59' HOUR TO MINUTE"),
				c("c_interval_second", "INTERVAL SECOND(2,6)", "INTERVAL '1.5' SECOND", "INTERVAL '-0.000001' SECOND",
						"INTERVAL '99.999999' SECOND"),
				c("c_java_object", "JAVA_OBJECT", "CAST(X'" + SERIALIZED_42 + "' AS JAVA_OBJECT)",
						"CAST(X'" + SERIALIZED_42 + "' AS JAVA_OBJECT)", "CAST(X'" + SERIALIZED_42 + "' AS JAVA_OBJECT)"),
				c("c_enum", "ENUM('sad', 'ok', 'happy')", "'ok'", "'sad'", "'happy'"),
				c("c_geometry", "GEOMETRY", "'POINT (1 2)'", "'POINT EMPTY'", "'LINESTRING (0 0, 1 1)'"),
				c("c_json", "JSON", "JSON '{\"a\":1}'", "JSON '\"\"'", "JSON '[1,\"x\",null,{\"b\":true}]'"),
				c("c_uuid", "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'",
						"'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
				c("c_int_array", "INTEGER ARRAY", "ARRAY[1, 2, 3]", "ARRAY[]", "ARRAY[NULL, -2147483648, 2147483647]"),
				c("c_varchar_array", "VARCHAR(20) ARRAY", "ARRAY['a', 'b c']", "ARRAY['']", "ARRAY[NULL, 'x']"),
				c("c_boolean_array", "BOOLEAN ARRAY", "ARRAY[TRUE, FALSE]", "ARRAY[]", "ARRAY[NULL]"),
				c("c_numeric_array", "NUMERIC(10,2) ARRAY", "ARRAY[1.5, 2]", "ARRAY[]", "ARRAY[-99999999.99]"),
				c("c_date_array", "DATE ARRAY", "ARRAY[DATE '2024-02-29']", "ARRAY[]", "ARRAY[DATE '9999-12-31', NULL]"),
				c("c_timestamp_array", "TIMESTAMP ARRAY", "ARRAY[TIMESTAMP '2024-02-29 13:45:30.5']", "ARRAY[]",
						"ARRAY[NULL]"),
				c("c_varbinary_array", "VARBINARY ARRAY", "ARRAY[X'01', X'']", "ARRAY[]", "ARRAY[NULL]"),
				c("c_int_matrix", "INTEGER ARRAY ARRAY", "ARRAY[ARRAY[1, 2], ARRAY[3]]", "ARRAY[ARRAY[]]", "ARRAY[NULL]"),
				c("c_row", "ROW(a INT, b VARCHAR(10))", "ROW(1, 'x')", "ROW(NULL, '')", "ROW(2147483647, 'yyy')"));
	}

	private static List<Column> postgresql() {
		return List.of(
				c("c_smallint", "smallint", "1234", "-32768", "32767"),
				c("c_integer", "integer", "123456", "-2147483648", "2147483647"),
				c("c_bigint", "bigint", "1234567890123", "-9223372036854775808", "9223372036854775807"),
				c("c_numeric", "numeric(20,5)", "12345.67891", "-999999999999999.99999", "0.00001"),
				c("c_numeric_any", "numeric", "3.14159", "'-Infinity'", "'NaN'"),
				c("c_real", "real", "1.5", "'-Infinity'", "'NaN'"),
				c("c_double", "double precision", "2.718281828459045", "-1.7976931348623157E308", "'Infinity'"),
				c("c_money", "money", "12.34", "-92233720368547758.08", "92233720368547758.07"),
				c("c_boolean", "boolean", "true", "false", "true"),
				c("c_char", "char(5)", "'ab'", "''", UNICODE.substring(0, 6) + "'"),
				c("c_char1", "\"char\"", "'x'", "''", "'z'"),
				c("c_varchar", "varchar(10000)", "'hello'", "''", LONG_TEXT),
				c("c_text", "text", "'1'", "''", UNICODE),
				c("c_name", "name", "'aname'", "''", "'" + "n".repeat(63) + "'"),
				c("c_bytea", "bytea", "'\\xdeadbeef'", "'\\x'", "'\\x00ff10'"),
				c("c_date", "date", "'2024-02-29'", "'4713-01-01 BC'", "'infinity'"),
				c("c_date2", "date", "'1900-01-01'", "'0001-01-01'", "'9999-12-31'"),
				c("c_time", "time", "'13:45:30.123456'", "'00:00:00'", "'24:00:00'"),
				c("c_time0", "time(0)", "'13:45:30'", "'00:00:00'", "'23:59:59'"),
				c("c_timetz", "timetz", "'13:45:30+02'", "'00:00:00-15:59'", "'23:59:59.999999+15:59'"),
				c("c_timestamp", "timestamp", "'2024-02-29 13:45:30.123456'", "'4713-01-01 00:00:00 BC'", "'infinity'"),
				c("c_timestamp2", "timestamp(3)", "'2024-03-31 02:30:00.123'", "'1900-01-01 00:00:00'", "'9999-12-31 23:59:59.999'"),
				c("c_timestamptz", "timestamptz", "'2024-02-29 13:45:30.123456+02'", "'-infinity'", "'2038-01-19 03:14:08+00'"),
				c("c_timestamptz2", "timestamptz", "'1970-01-01 00:00:00+00'", "'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'"),
				c("c_interval", "interval", "'1 year 2 mons 3 days 04:05:06.5'", "'-178000000 years'", "'00:00:00'"),
				c("c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'",
						"'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
				c("c_json", "json", "'{\"a\": 1}'", "'\"\"'", "'[1, \"x\", null]'"),
				c("c_jsonb", "jsonb", "'{\"b\": [1, 2]}'", "'{}'", "'{\"ü\": \"\\u00e9\"}'"),
				c("c_xml", "xml", "'<a>x</a>'", "''", "'<b/>'"),
				c("c_inet", "inet", "'192.168.0.1/24'", "'::1'", "'255.255.255.255'"),
				c("c_cidr", "cidr", "'10.0.0.0/8'", "'::/0'", "'192.168.100.128/25'"),
				c("c_macaddr", "macaddr", "'08:00:2b:01:02:03'", "'00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff'"),
				c("c_macaddr8", "macaddr8", "'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff:ff:ff'"),
				c("c_bit", "bit(3)", "B'101'", "B'000'", "B'111'"),
				c("c_bit1", "bit(1)", "B'1'", "B'0'", "B'1'"),
				c("c_varbit", "varbit", "B'1101'", "B''", "B'1'"),
				c("c_int_array", "int[]", "'{1,2,3}'", "'{}'", "'{NULL,-2147483648,2147483647}'"),
				c("c_smallint_array", "smallint[]", "'{1,2}'", "'{}'", "'{-32768}'"),
				c("c_bigint_array", "bigint[]", "'{1,2}'", "'{}'", "'{9223372036854775807}'"),
				c("c_text_array", "text[]", "'{\"a\",\"b c\"}'", "'{\"\"}'", "'{NULL,\"x,y\",\"\\\\\"}'"),
				c("c_varchar_array", "varchar(10)[]", "'{a}'", "'{}'", "'{NULL}'"),
				c("c_numeric_array", "numeric[]", "'{1.5,2}'", "'{}'", "'{NaN}'"),
				c("c_real_array", "real[]", "'{1.5}'", "'{}'", "'{Infinity}'"),
				c("c_float8_array", "float8[]", "'{1.5,-0.0}'", "'{}'", "'{NaN}'"),
				c("c_bool_array", "boolean[]", "'{t,f}'", "'{}'", "'{NULL}'"),
				c("c_date_array", "date[]", "'{2024-02-29}'", "'{}'", "'{infinity}'"),
				c("c_timestamp_array", "timestamp[]", "'{\"2024-02-29 13:45:30.5\"}'", "'{}'", "'{NULL}'"),
				c("c_timestamptz_array", "timestamptz[]", "'{\"2024-02-29 13:45:30.5+02\"}'", "'{}'", "'{NULL}'"),
				c("c_uuid_array", "uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'", "'{}'", "'{NULL}'"),
				c("c_bytea_array", "bytea[]", "'{\"\\\\x01\"}'", "'{}'", "'{NULL}'"),
				c("c_json_array", "jsonb[]", "ARRAY['{\"a\":1}'::jsonb]", "'{}'", "'{NULL}'"),
				c("c_int_matrix", "int[][]", "'{{1,2},{3,4}}'", "'{}'", "'{{NULL}}'"),
				c("c_point", "point", "'(1,2)'", "'(0,0)'", "'(-1.5,1e10)'"),
				c("c_box", "box", "'((0,0),(1,1))'", "'((0,0),(0,0))'", "'((-1,-1),(2,2))'"),
				c("c_circle", "circle", "'<(0,0),1>'", "'<(0,0),0>'", "'<(1,1),5>'"),
				c("c_line", "line", "'{1,2,3}'", "'{1,0,0}'", "'{0,1,5}'"),
				c("c_lseg", "lseg", "'[(0,0),(1,1)]'", "'[(0,0),(0,0)]'", "'[(1,2),(3,4)]'"),
				c("c_path", "path", "'[(0,0),(1,1)]'", "'((0,0),(1,1),(1,0))'", "'[(1,2)]'"),
				c("c_polygon", "polygon", "'((0,0),(1,1),(1,0))'", "'((0,0))'", "'((1,2),(3,4))'"),
				c("c_enum", "rt_mood", "'ok'", "'sad'", "'happy'"),
				c("c_oid", "oid", "12345", "0", "4294967295"),
				c("c_int4range", "int4range", "'[1,10)'", "'empty'", "'(,)'"),
				c("c_tsvector", "tsvector", "'a fat cat'", "''", "'x:1A'"),
				c("c_regclass", "regclass", "'pg_class'", "'pg_type'", "'pg_proc'"));
	}

	private static List<Column> mariadb() {
		return List.of(
				c("c_tinyint", "TINYINT", "12", "-128", "127"),
				c("c_tinyint1", "TINYINT(1)", "1", "0", "127"),
				c("c_bool", "BOOLEAN", "TRUE", "FALSE", "-1"),
				c("c_tinyint_u", "TINYINT UNSIGNED", "12", "0", "255"),
				c("c_smallint", "SMALLINT", "1234", "-32768", "32767"),
				c("c_smallint_u", "SMALLINT UNSIGNED", "1234", "0", "65535"),
				c("c_mediumint", "MEDIUMINT", "123456", "-8388608", "8388607"),
				c("c_mediumint_u", "MEDIUMINT UNSIGNED", "123456", "0", "16777215"),
				c("c_int", "INT", "123456", "-2147483648", "2147483647"),
				c("c_int_u", "INT UNSIGNED", "123456", "0", "4294967295"),
				c("c_int_zerofill", "INT(6) ZEROFILL", "42", "0", "4294967295"),
				c("c_bigint", "BIGINT", "1234567890123", "-9223372036854775808", "9223372036854775807"),
				c("c_bigint_u", "BIGINT UNSIGNED", "1234567890123", "0", "18446744073709551615"),
				c("c_decimal", "DECIMAL(20,5)", "12345.67891", "-999999999999999.99999", "0.00001"),
				c("c_decimal0", "DECIMAL(65,0)", "1", "-" + "9".repeat(65), "9".repeat(65)),
				c("c_float", "FLOAT", "1.5", "-3.40282e38", "1.17549e-38"),
				c("c_double", "DOUBLE", "2.718281828459045", "-1.7976931348623157E308", "2.2250738585072014E-308"),
				c("c_bit1", "BIT(1)", "b'1'", "b'0'", "b'1'"),
				c("c_bit8", "BIT(8)", "b'10100101'", "b'0'", "b'11111111'"),
				c("c_bit64", "BIT(64)", "b'101'", "b'0'", "18446744073709551615"),
				c("c_char", "CHAR(5)", "'ab'", "''", UNICODE.substring(0, 6) + "'"),
				c("c_varchar", "VARCHAR(10000)", "'hello'", "''", LONG_TEXT),
				c("c_tinytext", "TINYTEXT", "'1'", "''", UNICODE),
				c("c_text", "TEXT", "'text'", "''", LONG_TEXT),
				c("c_mediumtext", "MEDIUMTEXT", "'medium'", "''", UNICODE),
				c("c_longtext", "LONGTEXT", "'long'", "''", LONG_TEXT),
				c("c_binary", "BINARY(4)", "X'DEADBEEF'", "X''", "X'FFFFFFFF'"),
				c("c_varbinary", "VARBINARY(100)", "X'CAFEBABE'", "X''", "X'00FF10'"),
				c("c_tinyblob", "TINYBLOB", "X'0102'", "X''", "X'FF'"),
				c("c_blob", "BLOB", "X'0102'", "X''", "X'FF'"),
				c("c_mediumblob", "MEDIUMBLOB", "X'0102'", "X''", "X'FF'"),
				c("c_longblob", "LONGBLOB", "X'0102'", "X''", "X'FF'"),
				c("c_date", "DATE", "'2024-02-29'", "'1000-01-01'", "'9999-12-31'"),
				c("c_date0", "DATE", "'1970-01-01'", "'0000-00-00'", "'2038-01-19'"),
				c("c_time", "TIME", "'13:45:30'", "'-838:59:59'", "'838:59:59'"),
				c("c_time6", "TIME(6)", "'13:45:30.123456'", "'00:00:00'", "'23:59:59.999999'"),
				c("c_datetime", "DATETIME", "'2024-02-29 13:45:30'", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'"),
				c("c_datetime6", "DATETIME(6)", "'2024-03-31 02:30:00.123456'", "'0000-00-00 00:00:00'",
						"'9999-12-31 23:59:59.999999'"),
				c("c_timestamp6", "TIMESTAMP(6) NULL", "'2024-02-29 13:45:30.123456'", "'1970-01-01 00:00:01'",
						"'2038-01-19 03:14:07.999999'"),
				c("c_year", "YEAR", "2024", "1901", "2155"),
				c("c_enum", "ENUM('sad', 'ok', 'happy')", "'ok'", "'sad'", "'happy'"),
				c("c_set", "SET('a', 'b', 'c')", "'a,c'", "''", "'a,b,c'"),
				c("c_json", "JSON", "'{\"a\": 1}'", "'\"\"'", "'[1, \"x\", null]'"),
				c("c_uuid", "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'",
						"'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
				c("c_inet6", "INET6", "'::1'", "'::'", "'2001:db8::ff00:42:8329'"),
				c("c_inet4", "INET4", "'192.168.0.1'", "'0.0.0.0'", "'255.255.255.255'"),
				c("c_point", "POINT", "ST_GeomFromText('POINT(1 2)')", "ST_GeomFromText('POINT(0 0)')",
						"ST_GeomFromText('POINT(-1.5 1e10)')"));
	}

	private static List<Column> sqlite() {
		return List.of(
				c("c_integer", "INTEGER", "123456", "-9223372036854775808", "9223372036854775807", "'abc'"),
				c("c_int", "INT", "42", "-2147483648", "2147483647", "1.5"),
				c("c_bigint", "BIGINT", "1234567890123", "0", "9223372036854775807", "'12'"),
				c("c_real", "REAL", "1.5", "-1.7976931348623157E308", "4.9E-324", "'x'"),
				c("c_double", "DOUBLE", "2.718281828459045", "0.0", "1e308", "3"),
				c("c_float", "FLOAT", "1.25", "-0.5", "3.4028235E38", "X'01'"),
				c("c_numeric", "NUMERIC", "12345.67891", "-1", "'1e5'", "'text'"),
				c("c_decimal", "DECIMAL(10,2)", "12.34", "-99999999.99", "99999999.99", "'12.340'"),
				c("c_text", "TEXT", "'hello'", "''", UNICODE, "42"),
				c("c_varchar", "VARCHAR(50)", "'1'", "''", LONG_TEXT, "X'41'"),
				c("c_char", "CHAR(5)", "'ab'", "''", "'true'", "0"),
				c("c_clob", "CLOB", "'clob'", "''", UNICODE, "1.0"),
				c("c_blob", "BLOB", "X'DEADBEEF'", "X''", "X'00FF10'", "'str'"),
				c("c_boolean", "BOOLEAN", "1", "0", "TRUE", "'yes'"),
				c("c_date", "DATE", "'2024-02-29'", "'0001-01-01'", "'9999-12-31'", "1709164800000"),
				c("c_datetime", "DATETIME", "'2024-02-29 13:45:30'", "'1970-01-01 00:00:00.000'", "'9999-12-31 23:59:59.999'",
						"1709214330123"),
				c("c_timestamp", "TIMESTAMP", "'2024-02-29 13:45:30.123'", "0", "'2038-01-19 03:14:08'", "'not a date'"),
				c("c_time", "TIME", "'13:45:30'", "'00:00:00'", "'23:59:59.999'", "45000"),
				c("c_untyped", "", "'x'", "0", "1.5", "X'00'"));
	}

}
