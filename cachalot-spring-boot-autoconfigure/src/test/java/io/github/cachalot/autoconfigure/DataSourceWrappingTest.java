package io.github.cachalot.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** Which DataSource beans get wrapped: every kind, each exactly once, and only those listed. */
class DataSourceWrappingTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, CachalotAutoConfiguration.class));

	@BeforeAll
	static void createTables() {
		for (TestDatabases database : TestDatabases.values()) {
			database.execute("DROP TABLE IF EXISTS dw_tenant", "CREATE TABLE dw_tenant (name VARCHAR(20))",
					"INSERT INTO dw_tenant VALUES ('" + database.name().toLowerCase() + "')");
		}
	}

	@Test
	void wrapsEveryDataSourceBeanOfTheApplication() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			assertWrappedPool(context.getBean("postgres"));
			assertWrappedPool(context.getBean("mariadb"));
			assertThat(context.getBean(CachalotDataSources.class).names()).containsExactlyInAnyOrder("postgres",
					"mariadb");
			assertThat(tenant(context.getBean("postgres", DataSource.class))).isEqualTo("postgresql");
			assertThat(tenant(context.getBean("mariadb", DataSource.class))).isEqualTo("mariadb");
		});
	}

	@Test
	void wrapsOnlyTheDataSourcesListedInDatabases() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class)
			.withPropertyValues("cachalot.databases=mariadb")
			.run((context) -> {
				assertThat(context.getBean("postgres")).isInstanceOf(HikariDataSource.class);
				assertWrappedPool(context.getBean("mariadb"));
				assertThat(context.getBean(CachalotDataSources.class).names()).containsExactly("mariadb");
			});
	}

	@Test
	void wrapsAnEmbeddedDatabase() {
		this.runner.withUserConfiguration(EmbeddedConfiguration.class).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(EmbeddedDatabase.class);
			assertThat(CachingDataSourceProxy.cachingOf(dataSource)).isNotNull();
			assertThat(dataSource.unwrap(EmbeddedDatabase.class)).isNotNull();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("CREATE TABLE dw_embedded (id INT)");
			jdbc.queryForObject("SELECT COUNT(*) FROM dw_embedded", Integer.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dw_embedded", Integer.class)).isZero();
			assertThat(CachingDataSourceProxy.cachingOf(dataSource).statistics().hits()).isEqualTo(1);
		});
	}

	@Test
	void wrapsEachTargetOfARoutingDataSourceSoThatTenantsNeverShareEntries() {
		this.runner.withUserConfiguration(RoutingConfiguration.class).run((context) -> {
			DataSource routing = context.getBean("routingDataSource", DataSource.class);
			assertThat(routing).isInstanceOf(TenantRoutingDataSource.class);
			assertThat(context.getBean(CachalotDataSources.class).names())
				.containsExactlyInAnyOrder("routingDataSource[pg]", "routingDataSource[maria]");
			JdbcTemplate jdbc = new JdbcTemplate(routing);
			for (int round = 0; round < 2; round++) {
				TenantRoutingDataSource.TENANT.set("pg");
				assertThat(jdbc.queryForObject("SELECT name FROM dw_tenant", String.class)).isEqualTo("postgresql");
				TenantRoutingDataSource.TENANT.set("maria");
				assertThat(jdbc.queryForObject("SELECT name FROM dw_tenant", String.class)).isEqualTo("mariadb");
			}
			TenantRoutingDataSource.TENANT.remove();
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.get("routingDataSource[pg]").statistics().hits()).isEqualTo(1);
			assertThat(wrapped.get("routingDataSource[maria]").statistics().hits()).isEqualTo(1);
		});
	}

	@Test
	void wrapsTheTargetsOfARoutingDataSourceBehindAProxy() {
		this.runner.withUserConfiguration(ProxiedRoutingConfiguration.class).run((context) -> {
			assertThat(context.getBean("dataSource")).isInstanceOf(LazyConnectionDataSourceProxy.class);
			assertThat(context.getBean(CachalotDataSources.class).names())
				.containsExactlyInAnyOrder("dataSource.target[pg]", "dataSource.target[maria]");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean("dataSource", DataSource.class));
			TenantRoutingDataSource.TENANT.set("maria");
			assertThat(jdbc.queryForObject("SELECT name FROM dw_tenant", String.class)).isEqualTo("mariadb");
			TenantRoutingDataSource.TENANT.set("pg");
			assertThat(jdbc.queryForObject("SELECT name FROM dw_tenant", String.class)).isEqualTo("postgresql");
			TenantRoutingDataSource.TENANT.remove();
		});
	}

	@Test
	void wrapsTheTargetsOnceWhenARoutingBeanAndAProxyBeanOverItExist() {
		this.runner.withUserConfiguration(RoutingConfiguration.class, ProxyOverRoutingBeanConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("lazy")).isInstanceOf(LazyConnectionDataSourceProxy.class);
				assertThat(context.getBean(CachalotDataSources.class).names())
					.containsExactlyInAnyOrder("routingDataSource[pg]", "routingDataSource[maria]");
			});
	}

	@Test
	void wrapsTheDataSourceUnderADelegatingProxyBeanOnlyOnce() {
		this.runner.withUserConfiguration(DelegatingConfiguration.class).run((context) -> {
				assertWrappedPool(context.getBean("dataSource"));
				assertThat(context.getBean("transactionAware")).isInstanceOf(TransactionAwareDataSourceProxy.class);
				assertThat(context.getBean(CachalotDataSources.class).names()).containsExactly("dataSource");
			});
	}

	@Test
	void leavesADataSourceTheUserWrappedAlone() {
		this.runner.withUserConfiguration(AlreadyWrappedConfiguration.class).run((context) -> {
			CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			assertThat(dataSource.dataSourceId()).isEqualTo("mine");
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
			assertThat(context.getBean(CachalotDataSources.class).names()).isEmpty();
		});
	}

	@Test
	void keepsHikariMetricsAndTheHealthIndicatorWorking() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					DataSourcePoolMetricsAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertWrappedPool(dataSource);
				dataSource.getConnection().close();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("hikaricp.connections").gauge()).as("Hikari's own metrics").isNotNull();
				assertThat(registry.find("jdbc.connections.max").tag("name", "dataSource").gauge())
					.as("Boot's pool metadata metrics").isNotNull();
				assertThat(registry.get("jdbc.connections.max").gauge().value()).isEqualTo(10.0);
				Map<String, HealthIndicator> indicators = context.getBeansOfType(HealthIndicator.class);
				assertThat(indicators).isNotEmpty();
				Health health = indicators.values().iterator().next().health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("database", "PostgreSQL");
			});
	}

	/** A pool bean that cachalot wrapped: still a HikariDataSource, its connections cachalot's. */
	private static void assertWrappedPool(Object bean) {
		assertThat(bean).isInstanceOf(HikariDataSource.class);
		assertThat(CachingDataSourceProxy.cachingOf((DataSource) bean)).isNotNull();
	}

	private static String tenant(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForObject("SELECT name FROM dw_tenant", String.class);
	}

	/** A Hikari pool on the database, as an application declares one. */
	static HikariDataSource pool(TestDatabases database) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(database.url())
			.username(database.user())
			.password(database.password())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		HikariDataSource postgres() {
			return pool(TestDatabases.POSTGRESQL);
		}

		@Bean
		HikariDataSource mariadb() {
			return pool(TestDatabases.MARIADB);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EmbeddedConfiguration {

		@Bean
		EmbeddedDatabase embedded() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

	/** Routes by a thread-local tenant, as multi-tenant applications do. */
	static class TenantRoutingDataSource extends AbstractRoutingDataSource {

		static final ThreadLocal<String> TENANT = new ThreadLocal<>();

		@Override
		protected Object determineCurrentLookupKey() {
			return TENANT.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoutingConfiguration {

		@Bean
		TenantRoutingDataSource routingDataSource() {
			TenantRoutingDataSource routing = new TenantRoutingDataSource();
			routing.setTargetDataSources(
					Map.of("pg", pool(TestDatabases.POSTGRESQL), "maria", pool(TestDatabases.MARIADB)));
			routing.afterPropertiesSet();
			return routing;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedRoutingConfiguration {

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			return new LazyConnectionDataSourceProxy(new RoutingConfiguration().routingDataSource());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxyOverRoutingBeanConfiguration {

		@Bean
		LazyConnectionDataSourceProxy lazy(TenantRoutingDataSource routingDataSource) {
			return new LazyConnectionDataSourceProxy(routingDataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DelegatingConfiguration {

		@Bean
		HikariDataSource dataSource() {
			return pool(TestDatabases.POSTGRESQL);
		}

		@Bean
		TransactionAwareDataSourceProxy transactionAware(@Qualifier("dataSource") DataSource dataSource) {
			return new TransactionAwareDataSourceProxy(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AlreadyWrappedConfiguration {

		@Bean
		CachingDataSource mine() {
			return Cachalot.builder().build().wrap(pool(TestDatabases.POSTGRESQL), "mine");
		}

	}

}
