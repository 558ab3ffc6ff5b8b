package io.github.cachalot.autoconfigure;

import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Wrapping is invisible to the rest of Spring (issue 16, items 4 and 5): a pool bean keeps its
 * type, {@code unwrap} and {@code isWrapperFor} reach the pool, and Boot derives data sources from
 * it. Each case has its control: the same application with {@code cachalot.enabled=false}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrappedTypeTest {

	private static final String READ = "SELECT name FROM wt_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeAll
	static void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS wt_items",
				"CREATE TABLE wt_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO wt_items VALUES (1, 'one')");
	}

	@Test
	void anApplicationThatInjectsHikariDataSourceStarts() {
		this.runner.withUserConfiguration(PoolControlConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource pool = context.getBean(PoolControl.class).pool;
			assertThat(pool).isSameAs(context.getBean(DataSource.class));
			assertThat(pool.getMaximumPoolSize()).as("pool settings reach the pool").isEqualTo(10);
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			jdbc.queryForObject(READ, String.class);
			assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
			CachingDataSource caching = CachingDataSourceProxy.cachingOf(pool);
			assertThat(caching.statistics().hits()).as("its connections are cachalot's").isEqualTo(1);
			assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("the pool's own MXBean").isPositive();
		});
	}

	@Test
	void closingTheApplicationClosesThePool() {
		AtomicReference<HikariDataSource> pool = new AtomicReference<>();
		this.runner.run((context) -> pool.set(context.getBean(DataSource.class).unwrap(CachingDataSource.class)
			.getDelegate()
			.unwrap(HikariDataSource.class)));
		assertThat(pool.get().isClosed()).isTrue();
	}

	@Test
	void anApplicationThatInjectsHikariDataSourceStartsWithCachalotOff() {
		this.runner.withUserConfiguration(PoolControlConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(CachingDataSourceProxy.cachingOf(context.getBean(PoolControl.class).pool)).isNull();
			});
	}

	@Test
	void aDataSourceWithAFinalMethodKeepsItsInterfacesAndIsCached() {
		this.runner.withUserConfiguration(FinalMethodConfiguration.class).run((context) -> {
			DataSource bean = context.getBean("dataSource", DataSource.class);
			assertThat(bean).as("a subclass would run label() on its own empty fields")
				.isNotInstanceOf(FinalMethodDataSource.class);
			JdbcTemplate jdbc = new JdbcTemplate(bean);
			jdbc.queryForObject(READ, String.class);
			assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
			assertThat(CachingDataSourceProxy.cachingOf(bean).statistics().hits()).isEqualTo(1);
			assertThat(bean.unwrap(FinalMethodDataSource.class).label()).isEqualTo(TestDatabases.POSTGRESQL.url());
		});
	}

	@Test
	void aDataSourceWithAFinalMethodWithCachalotOff() {
		this.runner.withUserConfiguration(FinalMethodConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context.getBean("dataSource")).isInstanceOf(FinalMethodDataSource.class));
	}

	@Test
	void unwrapAndIsWrapperForReachThePool() {
		this.runner.run((context) -> {
			DataSource bean = context.getBean(DataSource.class);
			CachingDataSource caching = bean.unwrap(CachingDataSource.class);
			HikariDataSource pool = (HikariDataSource) caching.getDelegate();
			assertThat(pool).isNotSameAs(bean);
			assertThat(bean.isWrapperFor(HikariDataSource.class)).isTrue();
			assertThat(bean.isWrapperFor(com.zaxxer.hikari.HikariConfigMXBean.class)).isTrue();
			assertThat(bean.isWrapperFor(CachingDataSource.class)).isTrue();
			HikariDataSource unwrapped = bean.unwrap(HikariDataSource.class);
			assertThat(unwrapped).as("JDBC: the receiver, which is a HikariDataSource").isSameAs(bean);
			assertThat(unwrapped.getHikariPoolMXBean()).as("whose pool methods reach the pool")
				.isSameAs(pool.getHikariPoolMXBean());
			assertThat(unwrapped.getPoolName()).isEqualTo(pool.getPoolName());
			assertThat(bean.unwrap(DataSource.class)).isSameAs(bean);
			try (Connection connection = bean.getConnection()) {
				assertThat(connection.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
			}
			assertThatExceptionOfType(java.sql.SQLFeatureNotSupportedException.class)
				.as("the pool's own answer, through cachalot")
				.isThrownBy(() -> bean.getConnection("someone", "else"));
		});
	}

	@Test
	void unwrapAndIsWrapperForWithCachalotOff() {
		this.runner.withPropertyValues("cachalot.enabled=false").run((context) -> {
			DataSource bean = context.getBean(DataSource.class);
			assertThat(bean.unwrap(HikariDataSource.class)).isSameAs(bean);
			assertThat(bean.isWrapperFor(CachingDataSource.class)).isFalse();
		});
	}

	@Test
	void dataSourceBuilderDerivesFromTheWrappedBean() {
		this.runner.run((context) -> {
			DataSource bean = context.getBean(DataSource.class);
			SimpleDriverDataSource derived = DataSourceBuilder.derivedFrom(bean)
				.type(SimpleDriverDataSource.class)
				.build();
			assertThat(derived.getUrl()).isEqualTo(TestDatabases.POSTGRESQL.url());
			assertThat(derived.getUsername()).isEqualTo(TestDatabases.POSTGRESQL.user());
			try (Connection connection = derived.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			DataSource samePoolType = DataSourceBuilder.derivedFrom(bean).build();
			try {
				assertThat(samePoolType).isInstanceOf(HikariDataSource.class);
				assertThat(((HikariDataSource) samePoolType).getJdbcUrl()).isEqualTo(TestDatabases.POSTGRESQL.url());
				assertThat(CachingDataSourceProxy.cachingOf(samePoolType)).as("a new pool, not wrapped").isNull();
				assertThat(new JdbcTemplate(samePoolType).queryForObject(READ, String.class)).isEqualTo("one");
			}
			finally {
				((HikariDataSource) samePoolType).close();
			}
		});
	}

	@Test
	void flywayWithItsOwnUserAndNoUrlStarts() {
		flywayWithItsOwnUser().run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource migrations = context.getBean(Flyway.class).getConfiguration().getDataSource();
			assertThat(migrations).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(((SimpleDriverDataSource) migrations).getUrl()).isEqualTo(TestDatabases.POSTGRESQL.url());
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM wt_flyway.fw_items", Integer.class)).isEqualTo(1);
		});
	}

	@Test
	void flywayWithItsOwnUserAndNoUrlStartsWithCachalotOff() {
		flywayWithItsOwnUser().withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private ApplicationContextRunner flywayWithItsOwnUser() {
		TestDatabases.POSTGRESQL.execute("DROP SCHEMA IF EXISTS wt_flyway CASCADE");
		return this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.schemas=wt_flyway", "spring.flyway.locations=classpath:db/flyway-v1",
					"spring.flyway.user=" + TestDatabases.POSTGRESQL.user(),
					"spring.flyway.password=" + TestDatabases.POSTGRESQL.password());
	}

	@Test
	void aPoolBehindAScopedClassProxyKeepsItsClass() {
		scoped().run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource pool = context.getBean(PoolControl.class).pool;
			assertThat(pool).isSameAs(context.getBean("dataSource"));
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			jdbc.queryForObject(READ, String.class);
			assertThat(jdbc.queryForObject(READ, String.class)).isEqualTo("one");
			assertThat(CachingDataSourceProxy.cachingOf(pool).statistics().hits()).isEqualTo(1);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
			ScopedPoolConfiguration.SCOPE.clear();
			assertThat(jdbc.queryForObject(READ, String.class)).as("a new target behind the same proxy")
				.isEqualTo("one");
			assertThat(CachingDataSourceProxy.cachingOf(pool).statistics().hits()).isEqualTo(2);
		});
	}

	@Test
	void aPoolBehindAScopedClassProxyKeepsItsClassWithCachalotOff() {
		scoped().withPropertyValues("cachalot.enabled=false").run((context) -> assertThat(context).hasNotFailed());
	}

	@AfterEach
	void closeScopedPools() {
		ScopedPoolConfiguration.SCOPE.clear();
	}

	private ApplicationContextRunner scoped() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CachalotAutoConfiguration.class))
			.withUserConfiguration(ScopedPoolConfiguration.class, PoolControlConfiguration.class);
	}

	@Test
	void aSpringCloudRefreshScopedPoolStartsLeftAloneAndSaysSo(CapturedOutput output) {
		refreshScoped().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(PoolControl.class).pool)).isNull();
			assertThat(output).contains("cachalot leaves data source 'dataSource' alone: its scoped proxy");
		});
	}

	@Test
	void aSpringCloudRefreshScopedPoolStartsWithCachalotOff() {
		refreshScoped().withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private ApplicationContextRunner refreshScoped() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class, CachalotAutoConfiguration.class))
			.withUserConfiguration(RefreshScopedPoolConfiguration.class, PoolControlConfiguration.class);
	}

	/** A data source class with a method a subclass cannot override. */
	static class FinalMethodDataSource extends SimpleDriverDataSource {

		public final String label() {
			return getUrl();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalMethodConfiguration {

		@Bean
		DataSource dataSource() {
			FinalMethodDataSource dataSource = new FinalMethodDataSource();
			dataSource.setDriverClass(org.postgresql.Driver.class);
			dataSource.setUrl(TestDatabases.POSTGRESQL.url());
			dataSource.setUsername(TestDatabases.POSTGRESQL.user());
			dataSource.setPassword(TestDatabases.POSTGRESQL.password());
			return dataSource;
		}

	}

	/** What an application does with its pool: metrics, pool control. */
	static class PoolControl {

		final HikariDataSource pool;

		PoolControl(HikariDataSource pool) {
			this.pool = pool;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoolControlConfiguration {

		@Bean
		PoolControl poolControl(HikariDataSource pool) {
			return new PoolControl(pool);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RefreshScopedPoolConfiguration {

		@Bean
		@RefreshScope
		HikariDataSource dataSource() {
			return pool();
		}

	}

	/** A pool in a scope of its own behind a class-based scoped proxy, as {@code @RefreshScope} makes. */
	@Configuration(proxyBeanMethods = false)
	static class ScopedPoolConfiguration {

		static final ClearableScope SCOPE = new ClearableScope();

		@Bean
		static CustomScopeConfigurer clearableScope() {
			CustomScopeConfigurer configurer = new CustomScopeConfigurer();
			configurer.addScope("clearable", SCOPE);
			return configurer;
		}

		@Bean
		@Scope(scopeName = "clearable", proxyMode = ScopedProxyMode.TARGET_CLASS)
		HikariDataSource dataSource() {
			return pool();
		}

	}

	/** A scope whose objects live until it is cleared, which destroys them (closing the pools). */
	static final class ClearableScope implements org.springframework.beans.factory.config.Scope {

		private final Map<String, Object> objects = new ConcurrentHashMap<>();

		private final Map<String, Runnable> destructions = new ConcurrentHashMap<>();

		@Override
		public Object get(String name, ObjectFactory<?> factory) {
			return this.objects.computeIfAbsent(name, (key) -> factory.getObject());
		}

		@Override
		public Object remove(String name) {
			this.destructions.remove(name);
			return this.objects.remove(name);
		}

		@Override
		public void registerDestructionCallback(String name, Runnable callback) {
			this.destructions.put(name, callback);
		}

		@Override
		public Object resolveContextualObject(String key) {
			return null;
		}

		@Override
		public String getConversationId() {
			return null;
		}

		void clear() {
			this.destructions.values().forEach(Runnable::run);
			this.destructions.clear();
			this.objects.clear();
		}

	}

	private static HikariDataSource pool() {
		return DataSourceWrappingTest.pool(TestDatabases.POSTGRESQL);
	}

}
