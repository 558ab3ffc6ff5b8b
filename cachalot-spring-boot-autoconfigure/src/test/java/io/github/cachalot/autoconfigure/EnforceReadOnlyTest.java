package io.github.cachalot.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code DataSourceTransactionManager.setEnforceReadOnly(true)} runs {@code SET TRANSACTION READ
 * ONLY} at the start of each read-only transaction: it changes neither the level nor what keys
 * reads, so the transaction's reads stay cached (issue 16, "also check"). The control is the same
 * transaction without enforcing: as many hits. On MariaDB (at READ COMMITTED, where its
 * transactions are answered from the cache) the first read of a transaction reaches the database.
 */
class EnforceReadOnlyTest {

	private static final String READ = "SELECT name FROM er_items WHERE id = 1";

	@ParameterizedTest(name = "{0}, enforceReadOnly={1}")
	@CsvSource({ "POSTGRESQL, true, 2", "POSTGRESQL, false, 2", "MARIADB, true, 1", "MARIADB, false, 1" })
	void readOnlyTransactionsAreCached(TestDatabases database, boolean enforce, int hitsInTransaction) {
		database.execute("DROP TABLE IF EXISTS er_items", "CREATE TABLE er_items (id INT PRIMARY KEY, name VARCHAR(20))",
				"INSERT INTO er_items VALUES (1, 'one')");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class))
			.withUserConfiguration(TransactionManagerConfiguration.class)
			.withPropertyValues(database.springProperties())
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2",
					"spring.datasource.hikari.transaction-isolation=TRANSACTION_READ_COMMITTED",
					"test.enforce-read-only=" + enforce)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				CachalotStatistics statistics = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class))
					.statistics();
				jdbc.queryForObject(READ, String.class); // stored
				TransactionTemplate readOnly = new TransactionTemplate(
						context.getBean(DataSourceTransactionManager.class));
				readOnly.setReadOnly(true);
				long hits = statistics.hits();
				readOnly.executeWithoutResult((status) -> {
					assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
					assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
				});
				assertThat(statistics.hits() - hits).isEqualTo(hitsInTransaction);
				assertThat(statistics.uncacheable("isolation unknown")).isZero();
				if (enforce) {
					assertThatExceptionOfType(DataAccessException.class).as("the transaction is read-only")
						.isThrownBy(() -> readOnly.executeWithoutResult(
								(status) -> jdbc.update("UPDATE er_items SET name = 'two' WHERE id = 1")));
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionManagerConfiguration {

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource,
				org.springframework.core.env.Environment environment) {
			DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
			manager.setEnforceReadOnly(environment.getProperty("test.enforce-read-only", Boolean.class, false));
			return manager;
		}

	}

}
