package io.github.cachalot.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import liquibase.Liquibase;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.integration.spring.Customizer;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Liquibase's updates invalidate what they change, whichever data source they run on (issue 16,
 * items 2 and 5): the application's, one Boot builds for {@code spring.liquibase.url}, {@code user}
 * or {@code password}, or a {@code @LiquibaseDataSource} bean, wrapped or not; on PostgreSQL, and on
 * MariaDB, whose database is identified otherwise. Each case has its control: the same application
 * with {@code cachalot.enabled=false}.
 */
class LiquibaseMigrationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				LiquibaseAutoConfiguration.class, CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2");

	private ApplicationContextRunner liquibase(String schema) {
		TestDatabases.POSTGRESQL.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
		return this.runner.withPropertyValues("spring.liquibase.change-log=classpath:db/liquibase/changelog-v1.xml",
				"spring.liquibase.default-schema=" + schema, "spring.liquibase.parameters.schema=" + schema);
	}

	private static String[] ownUser() {
		return new String[] { "spring.liquibase.user=" + TestDatabases.POSTGRESQL.user(),
				"spring.liquibase.password=" + TestDatabases.POSTGRESQL.password() };
	}

	/**
	 * Reads the count (cached), runs the next update with the application's Liquibase settings on
	 * the data source it migrated, as a bean of the application, and reads the count again.
	 */
	private static void assertAnUpdateChangesTheCount(AssertableApplicationContext context, String schema,
			boolean onADataSourceOfItsOwn) {
		assertAnUpdateChangesTheCount(context, TestDatabases.POSTGRESQL, schema, onADataSourceOfItsOwn);
	}

	private static void assertAnUpdateChangesTheCount(AssertableApplicationContext context, TestDatabases database,
			String schema, boolean onADataSourceOfItsOwn) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		String count = "SELECT COUNT(*) FROM " + schema + ".lb_items";
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
		DataSource migrations = context.getBean(SpringLiquibase.class).getDataSource();
		if (onADataSourceOfItsOwn) {
			assertThat(migrations).isNotSameAs(context.getBean(DataSource.class));
			assertThat(CachingDataSourceProxy.cachingOf(migrations)).as("not wrapped").isNull();
		}
		update(context, schema, "changelog-v2.xml");
		JdbcTemplate uncached = new JdbcTemplate(
				new DriverManagerDataSource(database.url(), database.user(), database.password()));
		assertThat(uncached.queryForObject(count, Integer.class)).as("the update ran").isEqualTo(2);
		assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(2);
	}

	/** Runs an update of the changelog, with the settings of the one that ran at startup, as a bean. */
	private static void update(AssertableApplicationContext context, String schema, String changeLog) {
		SpringLiquibase started = context.getBean(SpringLiquibase.class);
		SpringLiquibase next = new SpringLiquibase();
		next.setDataSource(started.getDataSource());
		next.setChangeLog("classpath:db/liquibase/" + changeLog);
		next.setDefaultSchema(started.getDefaultSchema());
		next.setChangeLogParameters(Map.of("schema", schema));
		next.setCustomizer(context.getBeanProvider(Customizer.class).getIfAvailable());
		context.getSourceApplicationContext().getAutowireCapableBeanFactory().initializeBean(next, "nextLiquibase");
	}

	private static void assertTheCountWasCached(AssertableApplicationContext context) {
		CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
		assertThat(dataSource.statistics().hits()).as("the count was cached before").isEqualTo(1);
	}

	// ---- the application's data source

	@Test
	void anUpdateOnTheApplicationsDataSourceInvalidates() {
		liquibase("lb_app").run((context) -> {
			assertAnUpdateChangesTheCount(context, "lb_app", false);
			assertTheCountWasCached(context);
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(SpringLiquibase.class).getDataSource()))
				.as("Liquibase ran through cachalot")
				.isNotNull();
		});
	}

	@Test
	void anUpdateOnTheApplicationsDataSourceWithCachalotOff() {
		liquibase("lb_app").withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAnUpdateChangesTheCount(context, "lb_app", false));
	}

	// ---- spring.liquibase.url, user, password: a data source Boot builds, not wrapped

	private ApplicationContextRunner ownUrl() {
		return liquibase("lb_url").withPropertyValues(ownUser())
			.withPropertyValues("spring.liquibase.url=" + TestDatabases.POSTGRESQL.url());
	}

	@Test
	void anUpdateOnLiquibasesOwnUrlInvalidates() {
		ownUrl().run((context) -> {
			assertAnUpdateChangesTheCount(context, "lb_url", true);
			assertTheCountWasCached(context);
			CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			assertThat(dataSource.invalidator().lastInvalidations()).containsKey("*");
		});
	}

	@Test
	void anUpdateThatRanNoChangeSetLeavesTheCacheAlone() {
		ownUrl().run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String count = "SELECT COUNT(*) FROM lb_url.lb_items";
			jdbc.queryForObject(count, Integer.class);
			update(context, "lb_url", "changelog-v1.xml");
			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
			assertTheCountWasCached(context);
		});
	}

	/** Each change set commits by itself: those before one that fails are invalidated, though the update fails. */
	@Test
	void anUpdateThatFailsInvalidatesWhatRanBefore() {
		ownUrl().run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String count = "SELECT COUNT(*) FROM lb_url.lb_items";
			jdbc.queryForObject(count, Integer.class);
			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(1);
			assertTheCountWasCached(context);
			assertThatExceptionOfType(BeanCreationException.class)
				.isThrownBy(() -> update(context, "lb_url", "changelog-broken.xml"))
				.withMessageContaining("lb_no_such_table");
			assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(2);
		});
	}

	@Test
	void anUpdateOnLiquibasesOwnUrlWithCachalotOff() {
		ownUrl().withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAnUpdateChangesTheCount(context, "lb_url", true));
	}

	/**
	 * On MariaDB the database is the server the URL names: Boot's data source for Liquibase, on the
	 * same URL, is on the application's.
	 */
	@Test
	void anUpdateOnLiquibasesOwnUrlInvalidatesOnMariaDb() {
		onMariaDb().run((context) -> {
			assertAnUpdateChangesTheCount(context, TestDatabases.MARIADB, "lb_maria", true);
			assertTheCountWasCached(context);
		});
	}

	@Test
	void anUpdateOnLiquibasesOwnUrlOnMariaDbWithCachalotOff() {
		onMariaDb().withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAnUpdateChangesTheCount(context, TestDatabases.MARIADB, "lb_maria", true));
	}

	private ApplicationContextRunner onMariaDb() {
		TestDatabases.MARIADB.execute("DROP DATABASE IF EXISTS lb_maria", "CREATE DATABASE lb_maria");
		return this.runner.withPropertyValues(TestDatabases.MARIADB.springProperties())
			.withPropertyValues("spring.liquibase.change-log=classpath:db/liquibase/changelog-v1.xml",
					"spring.liquibase.default-schema=lb_maria", "spring.liquibase.parameters.schema=lb_maria",
					"spring.liquibase.url=" + TestDatabases.MARIADB.url(),
					"spring.liquibase.user=" + TestDatabases.MARIADB.user(),
					"spring.liquibase.password=" + TestDatabases.MARIADB.password());
	}

	/** Item 5: Boot derives Liquibase's data source from the wrapped pool, and the update works. */
	@Test
	void liquibaseWithItsOwnUserAndNoUrlStartsAndItsUpdatesInvalidate() {
		liquibase("lb_user").withPropertyValues(ownUser()).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource migrations = context.getBean(SpringLiquibase.class).getDataSource();
			assertThat(migrations).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(((SimpleDriverDataSource) migrations).getUrl()).isEqualTo(TestDatabases.POSTGRESQL.url());
			assertAnUpdateChangesTheCount(context, "lb_user", true);
			assertTheCountWasCached(context);
		});
	}

	@Test
	void liquibaseWithItsOwnUserAndNoUrlWithCachalotOff() {
		liquibase("lb_user").withPropertyValues(ownUser())
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAnUpdateChangesTheCount(context, "lb_user", true));
	}

	/**
	 * An application's own customizer may set a listener of its own in place of cachalot's: every
	 * update that ran then invalidates, whether or not it changed anything.
	 */
	@Test
	void anUpdateWhoseListenerTheApplicationReplacedStillInvalidates() {
		liquibase("lb_customized").withPropertyValues(ownUser())
			.withUserConfiguration(ReplacingCustomizerConfiguration.class)
			.run((context) -> {
				assertAnUpdateChangesTheCount(context, "lb_customized", true);
				assertTheCountWasCached(context);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ReplacingCustomizerConfiguration {

		@Bean
		Customizer<Liquibase> liquibaseCustomizer() {
			return (liquibase) -> liquibase.setChangeExecListener(new AbstractChangeExecListener() {
			});
		}

	}

	// ---- a @LiquibaseDataSource bean

	@Test
	void anUpdateOnALiquibaseDataSourceBeanInvalidates() {
		liquibase("lb_bean").withUserConfiguration(LiquibaseDataSourceConfiguration.class).run((context) -> {
			assertAnUpdateChangesTheCount(context, "lb_bean", false);
			assertTheCountWasCached(context);
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.names()).containsExactlyInAnyOrder("dataSource", "liquibaseDataSource");
			assertThat(wrapped.get("liquibaseDataSource").database()).isEqualTo(wrapped.get("dataSource").database());
		});
	}

	@Test
	void anUpdateOnALiquibaseDataSourceBeanWithCachalotOff() {
		liquibase("lb_bean").withUserConfiguration(LiquibaseDataSourceConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertAnUpdateChangesTheCount(context, "lb_bean", false));
	}

	/** A {@code @LiquibaseDataSource} left out by cachalot.databases: the post-processor covers it too. */
	@Test
	void anUpdateOnALiquibaseDataSourceBeanThatIsNotWrappedInvalidates() {
		liquibase("lb_bean").withUserConfiguration(LiquibaseDataSourceConfiguration.class)
			.withPropertyValues("cachalot.databases=dataSource")
			.run((context) -> {
				assertAnUpdateChangesTheCount(context, "lb_bean", true);
				assertTheCountWasCached(context);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class LiquibaseDataSourceConfiguration {

		@Bean
		@Primary
		HikariDataSource dataSource() {
			return pool();
		}

		/** Liquibase's connection, and one more for cachalot's when it is not wrapped. */
		@Bean
		@LiquibaseDataSource
		HikariDataSource liquibaseDataSource() {
			return pool();
		}

		private static HikariDataSource pool() {
			HikariDataSource pool = DataSourceWrappingTest.pool(TestDatabases.POSTGRESQL);
			pool.setMaximumPoolSize(2);
			return pool;
		}

	}

}
