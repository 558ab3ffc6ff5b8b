package io.github.cachalot.autoconfigure.observation;

import java.lang.management.ManagementFactory;

import javax.sql.DataSource;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each read through cachalot is a {@code cachalot.read} observation with its outcome, bypass reason
 * and data source, a child of the observation in scope; its SQL only when allowed. On PostgreSQL.
 */
class CachalotObservationTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private static final String READ = "select name from ob_items where id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class,
				CachalotObservationAutoConfiguration.class))
		.withPropertyValues(DATABASE.springProperties())
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2", "cachalot.observations.enabled=true");

	@BeforeEach
	void createTable() {
		DATABASE.execute("drop table if exists ob_items", "create table ob_items (id int primary key, name varchar(20))",
				"insert into ob_items values (1, 'one')");
	}

	@Test
	void eachReadIsAnObservationOfItsOutcome() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.queryForObject(READ, String.class);
			jdbc.queryForObject(READ, String.class);
			jdbc.queryForObject("select now() from ob_items", Object.class);

			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("cachalot.read", 3)
				.forAllObservationsWithNameEqualTo("cachalot.read",
						(observation) -> observation.hasLowCardinalityKeyValue("datasource", "dataSource")
							.hasHighCardinalityKeyValue("tables", "ob_items")
							.doesNotHaveHighCardinalityKeyValueWithKey("sql"))
				.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("cachalot miss")
					.hasLowCardinalityKeyValue("outcome", "miss")
					.hasLowCardinalityKeyValue("reason", "none"))
				.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("cachalot hit")
					.hasLowCardinalityKeyValue("outcome", "hit")
					.hasLowCardinalityKeyValue("reason", "none"))
				.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "bypass")
					.hasLowCardinalityKeyValue("reason", "non deterministic"));
		});
	}

	@Test
	void aReadAfterAWriteInItsTransactionSaysWhyItBypassed() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
				jdbc.update("update ob_items set name = 'uno' where id = 1");
				assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("uno");
			});

			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasSingleObservationThat()
				.hasNameEqualTo("cachalot.read")
				.hasLowCardinalityKeyValue("outcome", "bypass")
				.hasLowCardinalityKeyValue("reason", "written in transaction");
		});
	}

	@Test
	void aReadIsAChildOfTheObservationInScope() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Observation request = Observation.start("test.request", registry);
			try (Observation.Scope scope = request.openScope()) {
				jdbc.queryForObject(READ, String.class);
			}
			request.stop();

			TestObservationRegistryAssert.assertThat(registry)
				.forAllObservationsWithNameEqualTo("cachalot.read",
						(observation) -> observation.hasParentObservationEqualTo(request));
		});
	}

	@Test
	void theSqlIsObservedOnlyWhereAllowedAndTheSettingIsLive() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("cachalot.observations.include-sql=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.queryForObject(READ, String.class);
				TestObservationRegistryAssert.assertThat(registry)
					.hasSingleObservationThat()
					.hasHighCardinalityKeyValue("sql", READ);

				context.getBean(CachalotProperties.class).getObservations().setIncludeSql(false);
				registry.clear();
				jdbc.queryForObject(READ, String.class);
				TestObservationRegistryAssert.assertThat(registry)
					.hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts).singleElement()
						.isInstanceOfSatisfying(CachalotReadObservationContext.class,
								(read) -> assertThat(read.getSql()).as("the context does not hold it either").isNull()))
					.hasSingleObservationThat()
					.doesNotHaveHighCardinalityKeyValueWithKey("sql");
			});
	}

	@Test
	void anApplicationConventionReplacesTheDefault() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withBean(CachalotReadObservationConvention.class, () -> new DefaultCachalotReadObservationConvention() {
				@Override
				public String getName() {
					return "shop.sql.read";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(CachalotReadObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(KeyValue.of("shop", "bookshop"));
				}
			})
			.run((context) -> {
				context.getBean(JdbcTemplate.class).queryForObject(READ, String.class);
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasSingleObservationThat()
					.hasNameEqualTo("shop.sql.read")
					.hasLowCardinalityKeyValue("shop", "bookshop")
					.hasLowCardinalityKeyValue("outcome", "miss");
			});
	}

	@Test
	void withoutAnObservationRegistryOrWhenTurnedOffNoListenerIsRegistered() {
		this.runner.run((context) -> {
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class))).isNotNull();
			assertThat(context).doesNotHaveBean(ObservingReadListener.class);
		});
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("cachalot.observations.enabled=false")
			.run((context) -> {
				context.getBean(JdbcTemplate.class).queryForObject(READ, String.class);
				assertThat(context).doesNotHaveBean(ObservingReadListener.class);
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.doesNotHaveAnyObservation();
			});
	}

	@Test
	void aNoOpRegistryCostsAHitNoAllocation() {
		this.runner.withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP).run((context) -> {
			assertThat(context).hasSingleBean(ObservingReadListener.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.queryForObject(READ, String.class);
			ObservingReadListener listener = context.getBean(ObservingReadListener.class);
			java.util.Set<String> tables = java.util.Set.of("ob_items");
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			for (int i = 0; i < 100_000; i++) { // compiled before it is measured
				listener.read("dataSource", io.github.cachalot.ReadOutcome.HIT, null, tables, READ);
			}
			long before = threads.getCurrentThreadAllocatedBytes();
			for (int i = 0; i < 100_000; i++) {
				listener.read("dataSource", io.github.cachalot.ReadOutcome.HIT, null, tables, READ);
			}
			long allocated = threads.getCurrentThreadAllocatedBytes() - before;
			assertThat(allocated).as("bytes allocated by 100,000 observed reads on a no-op registry")
				.isLessThan(1_000);
			assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
		});
	}

}
