package io.github.cachalot.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotInvalidationEvent;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.ReadWriteRouting;
import io.github.cachalot.testsupport.TenantRouting;
import io.github.cachalot.testsupport.TestDatabases;
import io.github.cachalot.testsupport.TestPools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One invalidation domain per database (issue 16, items 1 and 2): every data source that reaches
 * one PostgreSQL database (routing targets, a migration data source, a second pool) shares its
 * invalidations, while two databases that merely share a name never share entries. Each case has
 * its control: the same application with {@code cachalot.enabled=false} gives the same answers.
 */
class OneDatabaseTest {

	private static final String PRICE = "SELECT price FROM od_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachalotAutoConfiguration.class));

	@BeforeEach
	void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS od_items",
				"CREATE TABLE od_items (id INT PRIMARY KEY, price INT)", "INSERT INTO od_items VALUES (1, 100)");
	}

	@AfterEach
	void closePools() {
		TestPools.closeAll();
	}

	// ---- read/write split

	@Test
	void aReadWriteSplitOnOneDatabaseReadsItsOwnWrites() {
		this.runner.withUserConfiguration(ReadWriteSplitConfiguration.class).run((context) -> {
			assertReadsItsOwnWrites(context);
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.names()).containsExactlyInAnyOrder("dataSource.target[primary]",
					"dataSource.target[replica]");
			CachingDataSource primary = wrapped.get("dataSource.target[primary]");
			CachingDataSource replica = wrapped.get("dataSource.target[replica]");
			assertThat(replica.statistics().hits()).as("read-only reads are cached on the replica").isEqualTo(1);
			assertThat(primary.statistics().hits() + primary.statistics().misses()).as("and go there only")
				.isZero();
			assertThat(replica.database()).as("one database, one invalidation domain")
				.isEqualTo(primary.database())
				.isNotNull();
		});
	}

	@Test
	void aReadWriteSplitOnOneDatabaseReadsItsOwnWritesWithCachalotOff() {
		this.runner.withUserConfiguration(ReadWriteSplitConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run(OneDatabaseTest::assertReadsItsOwnWrites);
	}

	private static void assertReadsItsOwnWrites(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		TransactionTemplate readOnly = new TransactionTemplate(context.getBean(DataSourceTransactionManager.class));
		readOnly.setReadOnly(true);
		TransactionTemplate readWrite = new TransactionTemplate(context.getBean(DataSourceTransactionManager.class));
		org.springframework.transaction.support.TransactionCallback<Integer> price = (status) -> jdbc
			.queryForObject(PRICE, Integer.class);
		assertThat(readOnly.execute(price)).isEqualTo(100);
		assertThat(readOnly.execute(price)).isEqualTo(100);
		readWrite.executeWithoutResult((status) -> jdbc.update("UPDATE od_items SET price = 200 WHERE id = 1"));
		assertThat(readOnly.execute(price)).isEqualTo(200);
	}

	/** The common read/write split, both pools on one database (a replica without lag). */
	@Configuration(proxyBeanMethods = false)
	static class ReadWriteSplitConfiguration {

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			ReadWriteRouting routing = new ReadWriteRouting();
			routing.setTargetDataSources(Map.of("primary", TestPools.open(TestDatabases.POSTGRESQL), "replica",
					TestPools.open(TestDatabases.POSTGRESQL)));
			routing.afterPropertiesSet();
			return new LazyConnectionDataSourceProxy(routing);
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	// ---- Flyway on a data source of its own

	private ApplicationContextRunner flyway(String schema) {
		TestDatabases.POSTGRESQL.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		return this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2", "spring.flyway.schemas=" + schema,
					"spring.flyway.locations=classpath:db/flyway-v1");
	}

	/**
	 * Reads the count (cached), runs the next migration with the application's Flyway
	 * configuration, and reads the count again.
	 */
	private static void assertAMigrationChangesTheCount(AssertableApplicationContext context, String schema,
			boolean onItsOwnDataSource) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		String count = "SELECT COUNT(*) FROM " + schema + ".fw_items";
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
		Flyway next = Flyway.configure()
			.configuration(context.getBean(Flyway.class).getConfiguration())
			.locations("classpath:db/flyway-v1", "classpath:db/flyway-v2")
			.load();
		DataSource migrations = next.getConfiguration().getDataSource();
		assertThat(migrations).isNotSameAs(context.getBean(DataSource.class));
		if (onItsOwnDataSource) {
			assertThat(CachingDataSourceProxy.cachingOf(migrations)).as("Boot's own, not wrapped").isNull();
		}
		assertThat(next.migrate().migrationsExecuted).isEqualTo(1);
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(2);
	}

	@Test
	void aMigrationOnFlywaysOwnUrlInvalidates() {
		flyway("od_flyway_url").withPropertyValues("spring.flyway.url=" + TestDatabases.POSTGRESQL.url(),
				"spring.flyway.user=" + TestDatabases.POSTGRESQL.user(),
				"spring.flyway.password=" + TestDatabases.POSTGRESQL.password())
			.run((context) -> {
				assertAMigrationChangesTheCount(context, "od_flyway_url", true);
				CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
				assertThat(dataSource.statistics().hits()).as("the count was cached before").isEqualTo(1);
				assertThat(dataSource.invalidator().lastInvalidations()).containsKey("*");
			});
	}

	@Test
	void aMigrationOnFlywaysOwnUrlWithCachalotOff() {
		flyway("od_flyway_url").withPropertyValues("cachalot.enabled=false",
				"spring.flyway.url=" + TestDatabases.POSTGRESQL.url(),
				"spring.flyway.user=" + TestDatabases.POSTGRESQL.user(),
				"spring.flyway.password=" + TestDatabases.POSTGRESQL.password())
			.run((context) -> assertAMigrationChangesTheCount(context, "od_flyway_url", true));
	}

	@Test
	void aMigrationWithFlywaysOwnUserInvalidates() {
		flyway("od_flyway_user").withPropertyValues("spring.flyway.user=" + TestDatabases.POSTGRESQL.user(),
				"spring.flyway.password=" + TestDatabases.POSTGRESQL.password())
			.run((context) -> assertAMigrationChangesTheCount(context, "od_flyway_user", true));
	}

	@Test
	void aMigrationWithFlywaysOwnUserWithCachalotOff() {
		flyway("od_flyway_user").withPropertyValues("cachalot.enabled=false",
				"spring.flyway.user=" + TestDatabases.POSTGRESQL.user(),
				"spring.flyway.password=" + TestDatabases.POSTGRESQL.password())
			.run((context) -> assertAMigrationChangesTheCount(context, "od_flyway_user", true));
	}

	@Test
	void aMigrationOnAFlywayDataSourceBeanInvalidates() {
		flyway("od_flyway_bean").withUserConfiguration(FlywayDataSourceConfiguration.class).run((context) -> {
			assertAMigrationChangesTheCount(context, "od_flyway_bean", false);
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.names()).containsExactlyInAnyOrder("dataSource", "flywayDataSource");
			assertThat(wrapped.get("flywayDataSource").database()).isEqualTo(wrapped.get("dataSource").database());
		});
	}

	@Test
	void aMigrationOnAFlywayDataSourceBeanWithCachalotOff() {
		flyway("od_flyway_bean").withUserConfiguration(FlywayDataSourceConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAMigrationChangesTheCount(context, "od_flyway_bean", false));
	}

	/** A wrapped {@code @FlywayDataSource} left out by cachalot.databases: the callback covers it too. */
	@Test
	void aMigrationOnAFlywayDataSourceBeanThatIsNotWrappedInvalidates() {
		flyway("od_flyway_bean").withUserConfiguration(FlywayDataSourceConfiguration.class)
			.withPropertyValues("cachalot.databases=dataSource")
			.run((context) -> assertAMigrationChangesTheCount(context, "od_flyway_bean", true));
	}

	@Configuration(proxyBeanMethods = false)
	static class FlywayDataSourceConfiguration {

		@Bean
		@Primary
		HikariDataSource dataSource() {
			HikariDataSource pool = DataSourceWrappingTest.pool(TestDatabases.POSTGRESQL);
			pool.setMaximumPoolSize(2);
			return pool;
		}

		@Bean
		@FlywayDataSource
		HikariDataSource flywayDataSource() {
			HikariDataSource pool = DataSourceWrappingTest.pool(TestDatabases.POSTGRESQL);
			// Flyway takes two connections, and one more for callbacks such as cachalot's when unwrapped
			pool.setMaximumPoolSize(3);
			return pool;
		}

	}

	/**
	 * Invalidations while the application starts (Flyway's migrations here) come before
	 * {@code @EventListener} methods are registered: they miss them, while an
	 * {@link ApplicationListener} bean receives them.
	 */
	@Test
	void invalidationsAtStartupReachApplicationListenerBeansButNotEventListenerMethods() {
		flyway("od_flyway_events").withUserConfiguration(StartupListeners.class).run((context) -> {
			assertThat(context).hasNotFailed();
			StartupListeners listeners = context.getBean(StartupListeners.class);
			assertThat(listeners.byApplicationListener).as("Flyway's migration at startup").contains("fw_items");
			assertThat(listeners.byEventListener).isEmpty();
			context.getBean(JdbcTemplate.class).update("INSERT INTO od_flyway_events.fw_items VALUES (3, 'three')");
			assertThat(listeners.byEventListener).as("once the application has started").contains("fw_items");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class StartupListeners {

		final List<String> byApplicationListener = new CopyOnWriteArrayList<>();

		final List<String> byEventListener = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<CachalotInvalidationEvent> startupListener() {
			return (event) -> this.byApplicationListener.add(String.valueOf(event.getTable()));
		}

		@EventListener
		void invalidated(CachalotInvalidationEvent event) {
			this.byEventListener.add(String.valueOf(event.getTable()));
		}

	}

	// ---- databases that merely share a name

	/**
	 * Two tenants whose schemas of one database have tables of the same name: their reads never
	 * answer each other (their keys differ by data source and schema), while a write in one only
	 * costs the other a miss (one database, one invalidation domain).
	 */
	@Test
	void tenantsInSchemasOfOneDatabaseNeverReadEachOthersRows() {
		createTenantSchemas();
		this.runner.withUserConfiguration(SchemaTenantsConfiguration.class).run((context) -> {
			assertTenantsReadTheirOwnRows(context);
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.get("tenants[a]").statistics().hits()).isEqualTo(1);
			assertThat(wrapped.get("tenants[b]").statistics().hits()).isEqualTo(1);
		});
	}

	@Test
	void tenantsInSchemasOfOneDatabaseWithCachalotOff() {
		createTenantSchemas();
		this.runner.withUserConfiguration(SchemaTenantsConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run(OneDatabaseTest::assertTenantsReadTheirOwnRows);
	}

	/** Two schemas of the test database, each with a table {@code od_names} holding its tenant's name. */
	private static void createTenantSchemas() {
		for (String tenant : new String[] { "a", "b" }) {
			TestDatabases.POSTGRESQL.execute("DROP SCHEMA IF EXISTS od_tenant_" + tenant + " CASCADE",
					"CREATE SCHEMA od_tenant_" + tenant,
					"CREATE TABLE od_tenant_" + tenant + ".od_names (name VARCHAR(10))",
					"INSERT INTO od_tenant_" + tenant + ".od_names VALUES ('" + tenant + "')");
		}
	}

	private static void assertTenantsReadTheirOwnRows(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		String read = "SELECT name FROM od_names";
		for (int round = 0; round < 2; round++) {
			assertThat(TenantRouting.as("a", () -> jdbc.queryForObject(read, String.class))).isEqualTo("a");
			assertThat(TenantRouting.as("b", () -> jdbc.queryForObject(read, String.class))).isEqualTo("b");
		}
		TenantRouting.as("a", () -> jdbc.update("UPDATE od_names SET name = 'a2'"));
		assertThat(TenantRouting.as("b", () -> jdbc.queryForObject(read, String.class))).isEqualTo("b");
		assertThat(TenantRouting.as("a", () -> jdbc.queryForObject(read, String.class))).isEqualTo("a2");
	}

	@Configuration(proxyBeanMethods = false)
	static class SchemaTenantsConfiguration {

		@Bean
		TenantRouting tenants() {
			String url = TestDatabases.POSTGRESQL.url();
			String separator = url.contains("?") ? "&" : "?";
			return new TenantRouting(Map.of("a",
					TestPools.open(TestDatabases.POSTGRESQL, url + separator + "currentSchema=od_tenant_a"), "b",
					TestPools.open(TestDatabases.POSTGRESQL, url + separator + "currentSchema=od_tenant_b")), null);
		}

	}

}
