package io.github.cachalot.autoconfigure;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.testsupport.TenantRouting;
import io.github.cachalot.testsupport.TestDatabases;
import io.github.cachalot.testsupport.TestPools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A routing data source is seen through whatever stands for it, so that each of its targets is
 * wrapped on its own (issue 16, item 3), and targets added to it after startup are wrapped too
 * (issue 16, "also check"). Each case has its control: the same application with
 * {@code cachalot.enabled=false} gives the same answers.
 */
class RoutingDataSourceTest {

	private static final String TENANT = "SELECT name FROM rt_tenant";

	private static final String PRICE = "SELECT price FROM rt_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CachalotAutoConfiguration.class));

	@BeforeEach
	void createTables() {
		// two databases of the same name (the test database on each server), each with its own row
		for (TestDatabases database : TestDatabases.values()) {
			database.execute("DROP TABLE IF EXISTS rt_tenant", "CREATE TABLE rt_tenant (name VARCHAR(20))",
					"INSERT INTO rt_tenant VALUES ('" + database.name().toLowerCase() + "')");
		}
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS rt_items",
				"CREATE TABLE rt_items (id INT PRIMARY KEY, price INT)", "INSERT INTO rt_items VALUES (1, 100)");
	}

	@AfterEach
	void closePools() {
		TestPools.closeAll();
	}

	// ---- seen through

	@Test
	void tenantsBehindAJdkProxyNeverReadEachOthersRows() {
		this.runner.withUserConfiguration(TenantsConfiguration.class, ConnectionAdvisorConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.run((context) -> {
				DataSource bean = context.getBean("dataSource", DataSource.class);
				assertThat(AopUtils.isJdkDynamicProxy(bean)).as("an advisor on getConnection, JDK proxies").isTrue();
				assertTenantsReadTheirOwnRows(bean);
				assertThat(ConnectionAdvisorConfiguration.CALLS.get()).as("the application's advice still runs")
					.isPositive();
				assertEachTargetWrapped(context, "dataSource");
			});
	}

	/**
	 * The case of the issue: two tenants whose databases have the same name (H2 files named
	 * {@code tenant} in two directories: same catalog, schema and SQL). Wrapped as one, the routing
	 * data source would answer one tenant from the other's entries.
	 */
	@Test
	void tenantsWhoseDatabasesShareANameBehindAJdkProxyNeverReadEachOthersRows() {
		this.runner.withUserConfiguration(SameNameTenantsConfiguration.class, ConnectionAdvisorConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.run((context) -> {
				DataSource bean = context.getBean("dataSource", DataSource.class);
				assertThat(AopUtils.isJdkDynamicProxy(bean)).isTrue();
				assertSameNameTenantsReadTheirOwnRows(bean);
				assertThat(context.getBean(CachalotDataSources.class).names())
					.containsExactlyInAnyOrder("dataSource[a]", "dataSource[b]");
			});
	}

	@Test
	void tenantsWhoseDatabasesShareANameBehindAJdkProxyWithCachalotOff() {
		this.runner.withUserConfiguration(SameNameTenantsConfiguration.class, ConnectionAdvisorConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false", "cachalot.enabled=false")
			.run((context) -> assertSameNameTenantsReadTheirOwnRows(context.getBean("dataSource", DataSource.class)));
	}

	private static void assertSameNameTenantsReadTheirOwnRows(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int round = 0; round < 2; round++) {
			assertThat(TenantRouting.as("a", () -> jdbc.queryForObject(TENANT, String.class))).isEqualTo("a");
			assertThat(TenantRouting.as("b", () -> jdbc.queryForObject(TENANT, String.class))).isEqualTo("b");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SameNameTenantsConfiguration {

		@Bean
		TenantRouting dataSource() throws java.io.IOException {
			java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("cachalot-tenants");
			Map<String, DataSource> targets = new HashMap<>();
			for (String tenant : new String[] { "a", "b" }) {
				String url = "jdbc:h2:" + directory.resolve(tenant).resolve("tenant").toAbsolutePath();
				DataSource pool = TestPools.open(url, "sa", "");
				new JdbcTemplate(pool).execute("CREATE TABLE IF NOT EXISTS rt_tenant (name VARCHAR(20)); "
						+ "DELETE FROM rt_tenant; INSERT INTO rt_tenant VALUES ('" + tenant + "')");
				targets.put(tenant, pool);
			}
			return new TenantRouting(targets, targets.get("a"));
		}

	}

	@Test
	void tenantsBehindAJdkProxyWithCachalotOff() {
		this.runner.withUserConfiguration(TenantsConfiguration.class, ConnectionAdvisorConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false", "cachalot.enabled=false")
			.run((context) -> assertTenantsReadTheirOwnRows(context.getBean("dataSource", DataSource.class)));
	}

	@Test
	void tenantsBehindADecoratorThatUnwrapsNeverReadEachOthersRows() {
		this.runner.withUserConfiguration(DecoratedTenantsConfiguration.class).run((context) -> {
			DataSource bean = context.getBean("dataSource", DataSource.class);
			assertThat(bean).isInstanceOf(Decorator.class);
			assertTenantsReadTheirOwnRows(bean);
			assertEachTargetWrapped(context, "dataSource");
		});
	}

	@Test
	void tenantsBehindADecoratorWithCachalotOff() {
		this.runner.withUserConfiguration(DecoratedTenantsConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertTenantsReadTheirOwnRows(context.getBean("dataSource", DataSource.class)));
	}

	private static void assertTenantsReadTheirOwnRows(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int round = 0; round < 2; round++) {
			assertThat(TenantRouting.as("maria", () -> jdbc.queryForObject(TENANT, String.class))).isEqualTo("mariadb");
			assertThat(TenantRouting.as("pg", () -> jdbc.queryForObject(TENANT, String.class))).isEqualTo("postgresql");
			assertThat(jdbc.queryForObject(TENANT, String.class)).as("the default target").isEqualTo("postgresql");
		}
	}

	private static void assertEachTargetWrapped(AssertableApplicationContext context, String name) {
		CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
		assertThat(wrapped.names()).containsExactlyInAnyOrder(name + "[pg]", name + "[maria]");
		assertThat(wrapped.get(name + "[maria]").statistics().hits()).isEqualTo(1);
		assertThat(wrapped.get(name + "[pg]").statistics().hits()).as("the default target is pg's pool").isEqualTo(3);
		assertThat(wrapped.get(name + "[pg]").database()).isNotEqualTo(wrapped.get(name + "[maria]").database());
	}

	private static TenantRouting tenantsOnTwoServers() {
		DataSource pg = TestPools.open(TestDatabases.POSTGRESQL);
		return new TenantRouting(Map.of("pg", pg, "maria", TestPools.open(TestDatabases.MARIADB)), pg);
	}

	@Configuration(proxyBeanMethods = false)
	static class TenantsConfiguration {

		@Bean
		TenantRouting dataSource() {
			return tenantsOnTwoServers();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionAdvisorConfiguration {

		static final AtomicInteger CALLS = new AtomicInteger();

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor connectionCounter() {
			NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(
					(MethodInterceptor) (invocation) -> {
						CALLS.incrementAndGet();
						return invocation.proceed();
					});
			advisor.setMappedName("getConnection");
			return advisor;
		}

	}

	/** A decorator as p6spy's and datasource-proxy's: a class of its own that unwraps to what it decorates. */
	static class Decorator implements DataSource {

		private final DataSource target;

		Decorator(DataSource target) {
			this.target = target;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return this.target.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return this.target.getConnection(username, password);
		}

		@Override
		public PrintWriter getLogWriter() throws SQLException {
			return this.target.getLogWriter();
		}

		@Override
		public void setLogWriter(PrintWriter out) throws SQLException {
			this.target.setLogWriter(out);
		}

		@Override
		public void setLoginTimeout(int seconds) throws SQLException {
			this.target.setLoginTimeout(seconds);
		}

		@Override
		public int getLoginTimeout() throws SQLException {
			return this.target.getLoginTimeout();
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			return iface.isInstance(this) ? iface.cast(this) : this.target.unwrap(iface);
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) throws SQLException {
			return iface.isInstance(this) || this.target.isWrapperFor(iface);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratedTenantsConfiguration {

		@Bean
		Decorator dataSource() {
			return new Decorator(tenantsOnTwoServers());
		}

	}

	// ---- targets added after startup

	/**
	 * Tenant {@code one} caches the price; tenant {@code two}, added after startup on the same
	 * database, changes it; tenant {@code one} reads the new price (its cached read was invalidated
	 * by a write through the new target, which was wrapped).
	 */
	private static void assertANewTenantIsWrapped(AssertableApplicationContext context, DataSource dataSource,
			Runnable addTenantTwo, String newName) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(100);
		assertThat(TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(100);
		addTenantTwo.run();
		TenantRouting.as("two", () -> jdbc.update("UPDATE rt_items SET price = 200 WHERE id = 1"));
		assertThat(TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(200);
		assertThat(TenantRouting.as("two", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(200);
		assertThat(TenantRouting.as("two", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(200);
		if (context.getBean(CachalotProperties.class).isEnabled()) {
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.names()).contains(newName);
			assertThat(wrapped.get(newName).statistics().hits()).as("the new tenant's reads are cached").isEqualTo(1);
		}
	}

	private static TenantRouting tenantOne() {
		return new TenantRouting(Map.of("one", TestPools.open(TestDatabases.POSTGRESQL)), null);
	}

	@Configuration(proxyBeanMethods = false)
	static class GrowingTenantsConfiguration {

		@Bean
		TenantRouting tenants() {
			return tenantOne();
		}

	}

	@Test
	void aTenantAddedThroughTheBeanIsWrapped() {
		this.runner.withUserConfiguration(GrowingTenantsConfiguration.class).run((context) -> {
			TenantRouting tenants = context.getBean(TenantRouting.class);
			assertANewTenantIsWrapped(context, tenants, () -> {
				Map<Object, Object> targets = new HashMap<>(tenants.getResolvedDataSources());
				targets.put("two", TestPools.open(TestDatabases.POSTGRESQL));
				tenants.setTargetDataSources(targets);
				tenants.afterPropertiesSet();
			}, "tenants[two]");
		});
	}

	@Test
	void aTenantAddedThroughTheBeanWithCachalotOff() {
		this.runner.withUserConfiguration(GrowingTenantsConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> {
				TenantRouting tenants = context.getBean(TenantRouting.class);
				assertANewTenantIsWrapped(context, tenants,
						() -> tenants.addTenant("two", TestPools.open(TestDatabases.POSTGRESQL)), "tenants[two]");
			});
	}

	@Test
	void aTenantAddedByAMethodOfTheRoutingDataSourceIsWrapped() {
		this.runner.withUserConfiguration(GrowingTenantsConfiguration.class).run((context) -> {
			TenantRouting tenants = context.getBean(TenantRouting.class);
			assertANewTenantIsWrapped(context, tenants,
					() -> tenants.addTenant("two", TestPools.open(TestDatabases.POSTGRESQL)), "tenants[two]");
		});
	}

	/** The routing data source is no bean: only a lazy proxy over it is, and the application keeps it. */
	@Configuration(proxyBeanMethods = false)
	static class LazyOverGrowingTenantsConfiguration {

		static TenantRouting routing;

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			routing = tenantOne();
			return new LazyConnectionDataSourceProxy(routing);
		}

	}

	@Test
	void aTenantAddedToARoutingDataSourceUnderALazyProxyIsWrapped() {
		this.runner.withUserConfiguration(LazyOverGrowingTenantsConfiguration.class).run((context) -> {
			assertANewTenantIsWrapped(context, context.getBean(DataSource.class),
					() -> LazyOverGrowingTenantsConfiguration.routing.addTenant("two",
							TestPools.open(TestDatabases.POSTGRESQL)),
					"dataSource.target[two]");
		});
	}

	@Test
	void aTenantAddedToARoutingDataSourceUnderALazyProxyWithCachalotOff() {
		this.runner.withUserConfiguration(LazyOverGrowingTenantsConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertANewTenantIsWrapped(context, context.getBean(DataSource.class),
					() -> LazyOverGrowingTenantsConfiguration.routing.addTenant("two",
							TestPools.open(TestDatabases.POSTGRESQL)),
					"dataSource.target[two]"));
	}

	@Configuration(proxyBeanMethods = false)
	static class JdkProxiedGrowingTenantsConfiguration {

		@Bean
		TenantRouting dataSource() {
			return tenantOne();
		}

	}

	@Test
	void aTenantAddedToARoutingDataSourceBehindAJdkProxyIsWrapped() {
		this.runner.withUserConfiguration(JdkProxiedGrowingTenantsConfiguration.class, ConnectionAdvisorConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.run((context) -> {
				DataSource bean = context.getBean("dataSource", DataSource.class);
				assertThat(AopUtils.isJdkDynamicProxy(bean)).isTrue();
				TenantRouting tenants = (TenantRouting) bean.unwrap(AbstractRoutingDataSource.class);
				assertANewTenantIsWrapped(context, bean,
						() -> tenants.addTenant("two", TestPools.open(TestDatabases.POSTGRESQL)), "dataSource[two]");
			});
	}

	/**
	 * A routing data source that does more in {@code getConnection} (sets the tenant on the
	 * session, counts) keeps doing it: cachalot does not stand in front of it, so targets added
	 * later are not wrapped there, while those it had at startup are.
	 */
	@Test
	void aRoutingDataSourceThatOverridesGetConnectionKeepsItsOverride() {
		this.runner.withUserConfiguration(OverridingTenantsConfiguration.class).run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class));
			TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class));
			assertThat(CountingTenants.CALLS.get()).isEqualTo(2);
			assertThat(context.getBean(CachalotDataSources.class).get("dataSource[one]").statistics().hits())
				.isEqualTo(1);
		});
	}

	/** Counts the connections asked of it in an override of its own. */
	static class CountingTenants extends TenantRouting {

		static final AtomicInteger CALLS = new AtomicInteger();

		CountingTenants(Map<String, DataSource> targets) {
			super(targets, null);
		}

		@Override
		public Connection getConnection() throws SQLException {
			CALLS.incrementAndGet();
			return super.getConnection();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OverridingTenantsConfiguration {

		@Bean
		CountingTenants dataSource() {
			CountingTenants.CALLS.set(0);
			return new CountingTenants(Map.of("one", TestPools.open(TestDatabases.POSTGRESQL)));
		}

	}

	/**
	 * What is not supported: a routing data source under a decorator that is no Spring AOP proxy
	 * (p6spy, datasource-proxy) has the targets it had at startup wrapped, not those added later
	 * (cachalot cannot stand between the decorator and it); the README says so.
	 */
	@Test
	void aTenantAddedToARoutingDataSourceUnderAnotherDecoratorIsNotWrapped() {
		this.runner.withUserConfiguration(DecoratedGrowingTenantsConfiguration.class).run((context) -> {
			DataSource bean = context.getBean("dataSource", DataSource.class);
			JdbcTemplate jdbc = new JdbcTemplate(bean);
			TenantRouting.as("one", () -> jdbc.queryForObject(PRICE, Integer.class));
			((TenantRouting) bean.unwrap(AbstractRoutingDataSource.class)).addTenant("two",
					TestPools.open(TestDatabases.POSTGRESQL));
			assertThat(TenantRouting.as("two", () -> jdbc.queryForObject(PRICE, Integer.class))).isEqualTo(100);
			assertThat(context.getBean(CachalotDataSources.class).names()).containsExactly("dataSource[one]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratedGrowingTenantsConfiguration {

		@Bean
		Decorator dataSource() {
			return new Decorator(tenantOne());
		}

	}

}
