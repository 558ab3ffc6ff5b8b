package io.github.cachalot.result;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trip of {@link CachedResultRoundTripTest} in a JVM whose default time zone has daylight
 * saving time and a half-hour offset, on connections opened in that zone: derived dates, times and
 * timestamps follow the drivers there too.
 */
class CachedResultTimeZoneTest {

	private static final TimeZone ZONE = TimeZone.getTimeZone("Australia/Adelaide");

	private static TimeZone previous;

	@BeforeAll
	static void switchZone() {
		previous = TimeZone.getDefault();
		TimeZone.setDefault(ZONE);
		// H2 caches the default zone
		org.h2.util.DateTimeUtils.resetCalendar();
	}

	@AfterAll
	static void restoreZone() {
		TimeZone.setDefault(previous);
		org.h2.util.DateTimeUtils.resetCalendar();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void everyColumnReplaysLikeTheDriver(TestDatabase database) throws SQLException {
		try (HikariDataSource pool = database.newPool(1)) {
			AllTypesTable.create(database, pool);
			List<AllTypesTable.Column> columns = AllTypesTable.columns(database);
			int rows = columns.get(0).values().length + 1;
			List<String> problems = new ArrayList<>();
			for (AllTypesTable.Column column : columns) {
				for (int id = 1; id <= rows; id++) {
					boolean cacheable = id == rows || CachedResultRoundTripTest.cacheable(database, column.name(), id);
					List<String> found = new ArrayList<>();
					CachedResultRoundTripTest.roundTrip(pool,
							"SELECT " + column.name() + " FROM " + AllTypesTable.NAME + " WHERE id = " + id, cacheable,
							column.name() + " row " + id, found);
					problems.addAll(found);
				}
			}
			assertThat(problems).isEmpty();
		}
	}

}
