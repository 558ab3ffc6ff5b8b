package io.github.cachalot.review2;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Second review: Spring's transaction paths on PostgreSQL READ COMMITTED keep their hits. Each case
 * reads once outside (stored), then twice inside a transaction: both inside reads should be hits.
 */
class Review2SpringTransactionsTest {

	private static final String READ = "SELECT v FROM r2_sp WHERE id = 1";

	private final TestDatabase database = TestDatabase.POSTGRESQL;

	private HikariDataSource pool;

	@BeforeEach
	void setUp() {
		this.database.execute("DROP TABLE IF EXISTS r2_sp", "CREATE TABLE r2_sp (id INT PRIMARY KEY, v TEXT)",
				"INSERT INTO r2_sp VALUES (1, 'a')");
		this.pool = this.database.newPool(2);
	}

	@AfterEach
	void tearDown() {
		this.pool.close();
		this.database.execute("DROP TABLE IF EXISTS r2_sp");
	}

	private List<Integer> executionsInside(CachalotFixture fixture, TransactionTemplate template) {
		JdbcTemplate jdbc = new JdbcTemplate(fixture.dataSource());
		jdbc.queryForObject(READ, String.class);
		List<Integer> executions = new ArrayList<>();
		template.executeWithoutResult((status) -> {
			for (int i = 0; i < 2; i++) {
				int before = fixture.databaseExecutions();
				jdbc.queryForObject(READ, String.class);
				executions.add(fixture.databaseExecutions() - before);
			}
		});
		return executions;
	}

	@Test
	void readOnlyTransaction() {
		CachalotFixture fixture = new CachalotFixture(this.database, new CaffeineCacheStore(), this.pool);
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(fixture.dataSource()));
		template.setReadOnly(true);
		assertThat(executionsInside(fixture, template)).containsExactly(0, 0);
	}

	@Test
	void readOnlyTransactionWithIsolationReadCommitted() {
		CachalotFixture fixture = new CachalotFixture(this.database, new CaffeineCacheStore(), this.pool);
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(fixture.dataSource()));
		template.setReadOnly(true);
		template.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		assertThat(executionsInside(fixture, template)).containsExactly(0, 0);
	}

	/** Spring's enforceReadOnly runs SET TRANSACTION READ ONLY: it does not change the level. */
	@Test
	void readOnlyTransactionEnforcedBySetTransactionReadOnly() {
		CachalotFixture fixture = new CachalotFixture(this.database, new CaffeineCacheStore(), this.pool);
		DataSourceTransactionManager manager = new DataSourceTransactionManager(fixture.dataSource());
		manager.setEnforceReadOnly(true);
		TransactionTemplate template = new TransactionTemplate(manager);
		template.setReadOnly(true);
		assertThat(executionsInside(fixture, template)).containsExactly(0, 0);
	}

}
