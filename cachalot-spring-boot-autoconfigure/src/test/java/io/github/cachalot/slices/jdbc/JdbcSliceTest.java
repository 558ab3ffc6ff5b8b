package io.github.cachalot.slices.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.slices.PostgreSqlSliceTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @JdbcTest} includes cachalot: JdbcTemplate reads through the cache. On PostgreSQL. */
@JdbcTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
class JdbcSliceTest extends PostgreSqlSliceTest {

	@Autowired
	JdbcTemplate jdbc;

	@BeforeAll
	static void createParcels() {
		DATABASE.execute("drop table if exists sl_parcels",
				"create table sl_parcels (id int primary key, weight int not null)",
				"insert into sl_parcels values (1, 3), (2, 4)");
	}

	@Test
	void aRepeatedReadIsAnsweredFromTheCacheAndAWriteIsSeen() {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNotNull();
		CachalotStatistics statistics = statistics();
		long hits = statistics.hits();

		assertThat(this.jdbc.queryForObject("select sum(weight) from sl_parcels", Integer.class)).isEqualTo(7);
		assertThat(this.jdbc.queryForObject("select sum(weight) from sl_parcels", Integer.class)).isEqualTo(7);
		assertThat(statistics.hits() - hits).isEqualTo(1);

		this.jdbc.update("update sl_parcels set weight = 10 where id = 2");
		assertThat(this.jdbc.queryForObject("select sum(weight) from sl_parcels", Integer.class)).isEqualTo(13);
	}

}
