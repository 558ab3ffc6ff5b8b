package io.github.cachalot.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cachalot.analysis-budget}: by default a statement never seen is not parsed at length on the
 * thread that runs it (a read with literal values waits for its second execution); 0 analyses each
 * statement in full before it first runs. (The build sets 0 for the other tests of this module.)
 */
class AnalysisBudgetTest {

	private static final String READ_WITH_LITERALS = "SELECT name FROM ab_items WHERE id > 0 ORDER BY id";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2");

	@BeforeEach
	void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS ab_items",
				"CREATE TABLE ab_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO ab_items VALUES (1, 'one')");
	}

	@Test
	void theDefaultBudgetIsAMillisecond() {
		assertThat(new CachalotProperties().getAnalysisBudget()).hasMillis(1);
	}

	@Test
	void byDefaultAReadWithLiteralsRunsUncachedAtItsFirstExecutionAndIsCachedFromItsSecond() {
		this.runner.withPropertyValues("cachalot.analysis-budget=1ms").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotStatistics statistics = statistics(context);
			assertThat(jdbc.queryForList(READ_WITH_LITERALS, String.class)).containsExactly("one");
			assertThat(statistics.uncacheable("not yet analysed")).isOne();
			assertThat(statistics.misses()).isZero();

			assertThat(jdbc.queryForList(READ_WITH_LITERALS, String.class)).containsExactly("one");
			assertThat(jdbc.queryForList(READ_WITH_LITERALS, String.class)).containsExactly("one");
			assertThat(statistics.misses() + statistics.hits() + statistics.uncacheable("not yet analysed"))
				.isEqualTo(3);
		});
	}

	@Test
	void zeroAnalysesEveryStatementBeforeItFirstRuns() {
		this.runner.withPropertyValues("cachalot.analysis-budget=0").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotStatistics statistics = statistics(context);
			assertThat(jdbc.queryForList(READ_WITH_LITERALS, String.class)).containsExactly("one");
			assertThat(jdbc.queryForList(READ_WITH_LITERALS, String.class)).containsExactly("one");
			assertThat(statistics.misses()).isOne();
			assertThat(statistics.hits()).isOne();
			assertThat(statistics.uncacheable("not yet analysed")).isZero();
		});
	}

	private static CachalotStatistics statistics(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

}
