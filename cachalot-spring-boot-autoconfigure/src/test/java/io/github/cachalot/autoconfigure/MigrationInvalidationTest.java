package io.github.cachalot.autoconfigure;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway migrations run through the wrapped DataSource and invalidate what they change. */
class MigrationInvalidationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				FlywayAutoConfiguration.class, CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
		.withPropertyValues("spring.flyway.schemas=cachalot_flyway", "spring.flyway.locations=classpath:db/flyway-v1", "spring.datasource.hikari.maximum-pool-size=2");

	@BeforeEach
	void dropSchema() {
		TestDatabases.POSTGRESQL.execute("DROP SCHEMA IF EXISTS cachalot_flyway CASCADE");
	}

	@Test
	void aMigrationThatChangesATableInvalidatesItsCachedReads() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String count = "SELECT COUNT(*) FROM cachalot_flyway.fw_items";
			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
			assertThat(dataSource.statistics().hits()).as("the read is cached").isEqualTo(1);

			Flyway flyway = context.getBean(Flyway.class);
			Flyway next = Flyway.configure()
				.configuration(flyway.getConfiguration())
				.locations("classpath:db/flyway-v1", "classpath:db/flyway-v2")
				.load();
			assertThat(next.getConfiguration().getDataSource()).isSameAs(context.getBean(DataSource.class));
			assertThat(next.migrate().migrationsExecuted).isEqualTo(1);

			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(2);
			assertThat(jdbc.queryForList("SELECT * FROM cachalot_flyway.fw_items ORDER BY id").get(0))
				.containsKey("price");
		});
	}

	@Test
	void theMigrationHistoryIsNeverCached() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			// Flyway's own reads at startup bypass too, some for other reasons first (it runs SET
			// statements, which leave the next transaction's isolation level unknown)
			assertThat(dataSource.statistics().uncacheableTotal()).as("Flyway's own reads at startup").isPositive();
			assertThat(dataSource.statistics().hits()).as("hits at startup").isZero();
			long flywaysOwn = dataSource.statistics().uncacheable("uncachable table");
			String history = "SELECT COUNT(*) FROM cachalot_flyway.flyway_schema_history";
			jdbc.queryForObject(history, Integer.class);
			jdbc.queryForObject(history, Integer.class);
			assertThat(dataSource.statistics().hits()).isZero();
			assertThat(dataSource.statistics().uncacheable("uncachable table")).isEqualTo(flywaysOwn + 2);
		});
	}

}
