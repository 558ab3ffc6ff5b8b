package io.github.cachalot.result;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates and timestamps at the daylight saving time transitions of the JVM's default zone (a gap at
 * midnight in America/Santiago, at 02:00 in Europe/Berlin, and the repeated hour of each), on
 * connections opened in that zone: the getters of {@link CachedResultRoundTripTest} replay like the
 * driver, including the java.time and java.util.Date forms of {@code getObject(column, type)}.
 */
class CachedResultDaylightSavingTest {

	private static final String SANTIAGO = "America/Santiago";

	private static final String BERLIN = "Europe/Berlin";

	private static final String[] DATES = { "2024-09-08", "2024-04-06", "2024-04-07", "2024-03-31", "2024-10-27",
			"1000-01-01", "2024-09-07", "2024-03-30" };

	/** In a gap, in the repeated hour, just after each gap (where a shifted value lands), and far back. */
	private static final String[] TIMESTAMPS = { "2024-09-08 00:30:00.5", "2024-04-06 23:30:00",
			"2024-04-07 00:00:00", "2024-03-31 02:30:00.123456", "2024-10-27 02:30:00", "1000-01-01 00:00:00",
			"2024-09-08 01:30:00.5", "2024-03-31 03:30:00.123456" };

	private static final String TABLE = "rt_dst";

	private TimeZone previous;

	static Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (String zone : new String[] { SANTIAGO, BERLIN }) {
			for (TestDatabase database : TestDatabase.values()) {
				cases.add(Arguments.of(zone, database));
			}
		}
		return cases.stream();
	}

	private void switchZone(String zone) {
		this.previous = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone(zone));
		org.h2.util.DateTimeUtils.resetCalendar();
	}

	@AfterEach
	void restoreZone() {
		if (this.previous != null) {
			TimeZone.setDefault(this.previous);
			org.h2.util.DateTimeUtils.resetCalendar();
		}
	}

	@ParameterizedTest
	@MethodSource("cases")
	void transitionsReplayLikeTheDriver(String zone, TestDatabase database) throws SQLException {
		switchZone(zone);
		List<String> problems = new ArrayList<>();
		try (HikariDataSource pool = database.newPool(1)) {
			for (String sql : queries(database, pool)) {
				CachedResultRoundTripTest.roundTrip(pool, sql, true, zone + " " + sql, problems);
			}
		}
		assertThat(problems).isEmpty();
	}

	/**
	 * The same through prepared statements on connections that transfer values in binary
	 * (PostgreSQL, as for any statement prepared on the server after a few executions) or use the
	 * binary protocol (MariaDB with {@code useServerPrepStmts}).
	 */
	@ParameterizedTest
	@MethodSource("zones")
	void binaryTransitionsReplayLikeTheDriver(String zone) throws SQLException {
		switchZone(zone);
		List<String> problems = new ArrayList<>();
		for (TestDatabase database : new TestDatabase[] { TestDatabase.POSTGRESQL, TestDatabase.MARIADB }) {
			String options = (database == TestDatabase.POSTGRESQL) ? "?prepareThreshold=-1" : "&useServerPrepStmts=true";
			try (HikariDataSource pool = pool(database, database.url() + options, "")) {
				for (String sql : queries(database, pool)) {
					CachedResultRoundTripTest.roundTrip(pool, sql, true, true, zone + " binary " + sql, problems);
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	/** A pool of one connection, with the given "&name=value" options as connection properties. */
	private static HikariDataSource pool(TestDatabase database, String url, String properties) {
		String name = database.name();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		for (String option : properties.split("&")) {
			if (!option.isEmpty()) {
				config.addDataSourceProperty(option.substring(0, option.indexOf('=')),
						option.substring(option.indexOf('=') + 1));
			}
		}
		config.setUsername(System.getenv().getOrDefault("CACHALOT_TEST_" + name + "_USER",
				(database == TestDatabase.POSTGRESQL) ? "postgres" : "root"));
		config.setPassword(System.getenv().getOrDefault("CACHALOT_TEST_" + name + "_PASSWORD", ""));
		config.setMaximumPoolSize(1);
		return new HikariDataSource(config);
	}

	/**
	 * MariaDB with {@code preserveInstants} (in the URL or in the connection properties): DATETIME
	 * values are instants of the connection's zone, which the getters treat in ways a replay does not
	 * follow: they are not cached, even where the default zone has the offset of the connection's
	 * (London in winter: its getTime still differs, through London's offset in 1970). DATE values are
	 * not affected and replay exactly.
	 */
	@ParameterizedTest
	@MethodSource("zonesAndLondon")
	void mariaDbPreservingInstantsIsNotCached(String zone) throws SQLException {
		switchZone(zone);
		List<String> problems = new ArrayList<>();
		for (boolean inUrl : new boolean[] { true, false }) {
			String options = "&preserveInstants=true&connectionTimeZone=UTC";
			try (HikariDataSource pool = pool(TestDatabase.MARIADB, TestDatabase.MARIADB.url() + (inUrl ? options : ""),
					inUrl ? "" : options)) {
				for (String value : new String[] { "2024-04-07 02:30:00", "2024-04-07 03:30:00", "2024-10-27 01:30:00",
						"2024-02-29 13:45:30.123456" }) {
					String sql = "SELECT CAST('" + value + "' AS DATETIME(6))";
					CachedResultRoundTripTest.roundTrip(pool, sql, false, zone + " " + inUrl + " " + sql, problems);
				}
				for (String date : DATES) {
					String sql = "SELECT CAST('" + date + "' AS DATE)";
					CachedResultRoundTripTest.roundTrip(pool, sql, true, zone + " " + inUrl + " " + sql, problems);
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	static Stream<String> zones() {
		return Stream.of(SANTIAGO, BERLIN);
	}

	static Stream<String> zonesAndLondon() {
		return Stream.of(SANTIAGO, BERLIN, "Europe/London");
	}

	private static List<String> queries(TestDatabase database, HikariDataSource pool) throws SQLException {
		List<String> queries = new ArrayList<>();
		switch (database) {
			case MARIADB -> {
				for (String date : DATES) {
					queries.add("SELECT CAST('" + date + "' AS DATE)");
				}
				for (String timestamp : TIMESTAMPS) {
					queries.add("SELECT CAST('" + timestamp + "' AS DATETIME(6))");
				}
			}
			case POSTGRESQL -> {
				for (String date : DATES) {
					queries.add("SELECT DATE '" + date + "'");
				}
				for (String timestamp : TIMESTAMPS) {
					queries.add("SELECT TIMESTAMP '" + timestamp + "'");
					queries.add("SELECT TIMESTAMPTZ '" + timestamp + "+00'");
				}
			}
			case H2 -> {
				for (String date : DATES) {
					queries.add("SELECT DATE '" + date + "'");
				}
				for (String timestamp : TIMESTAMPS) {
					queries.add("SELECT TIMESTAMP '" + timestamp + "'");
					queries.add("SELECT TIMESTAMP WITH TIME ZONE '" + timestamp + "+00'");
				}
			}
			case SQLITE -> {
				// declared types only exist on table columns
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("DROP TABLE IF EXISTS " + TABLE);
					statement.execute("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY, d DATE, dt DATETIME)");
					for (int i = 0; i < DATES.length; i++) {
						// the driver's text form has milliseconds
						String timestamp = TIMESTAMPS[i].replace(".5", ".500").replace(".123456", ".123");
						statement.execute("INSERT INTO " + TABLE + " VALUES (" + i + ", '" + DATES[i] + "', '"
								+ timestamp + "')");
					}
				}
				for (int i = 0; i < DATES.length; i++) {
					queries.add("SELECT d FROM " + TABLE + " WHERE id = " + i);
					queries.add("SELECT dt FROM " + TABLE + " WHERE id = " + i);
				}
			}
		}
		return queries;
	}

}
