package io.github.cachalot.autoconfigure;



import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.store.SpringCacheStore;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What the auto-configuration creates, under which conditions, and which cache backs it. */
@ExtendWith(OutputCaptureExtension.class)
class CachalotAutoConfigurationTest {

	/** Boot's choice among the caches on the classpath (JCache first: Ehcache is there for other tests). */
	private static final String CAFFEINE = "spring.cache.type=caffeine";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CacheAutoConfiguration.class, CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeAll
	static void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS ac_items",
				"CREATE TABLE ac_items (id INT PRIMARY KEY, name VARCHAR(20))",
				"INSERT INTO ac_items VALUES (1, 'one')");
	}

	@Test
	void wrapsTheDataSourceOfSpringBootAndStillReachesThePool() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).as("the bean keeps its type").isInstanceOf(HikariDataSource.class);
			assertThat(CachingDataSourceProxy.cachingOf(dataSource).dataSourceId()).isEqualTo("dataSource");
			assertThat(dataSource.unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			assertThat(context.getBean(CachalotDataSources.class).names()).containsExactly("dataSource");
		});
	}

	@Test
	void logsWhichDataSourceIsWrappedAndWhatBacksIt(CapturedOutput output) {
		this.runner.run((context) -> assertThat(output).contains(
				"cachalot caches reads of data source 'dataSource' (com.zaxxer.hikari.HikariDataSource) in in-process Caffeine cache"));
	}

	@Test
	void cachesReadsAndInvalidatesOnWrite() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachingDataSource dataSource = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class)).isEqualTo("one");
			TestDatabases.POSTGRESQL.execute("UPDATE ac_items SET name = 'behind' WHERE id = 1");
			try {
				assertThat(jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class))
					.as("served from the cache").isEqualTo("one");
				assertThat(dataSource.statistics().hits()).isEqualTo(1);
				jdbc.update("UPDATE ac_items SET name = 'two' WHERE id = 1");
				assertThat(jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class)).isEqualTo("two");
			}
			finally {
				TestDatabases.POSTGRESQL.execute("UPDATE ac_items SET name = 'one' WHERE id = 1");
			}
		});
	}

	@Test
	void createsEveryBeanTheUserCanReplace() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(Cachalot.class)
			.hasSingleBean(CacheStore.class)
			.hasSingleBean(SqlAnalyzer.class)
			.hasSingleBean(CachalotManager.class)
			.hasSingleBean(CachalotDataSources.class)
			.hasSingleBean(CachalotProperties.class)
			.hasSingleBean(io.github.cachalot.config.OverridableSettings.class));
	}

	@Test
	void usesTheBeansTheUserDeclares() {
		this.runner.withUserConfiguration(OwnStoreConfiguration.class).run((context) -> {
			assertThat(context.getBean(CacheStore.class)).isSameAs(OwnStoreConfiguration.STORE);
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).store()).isSameAs(OwnStoreConfiguration.STORE);
			assertThat(context.getBean(SqlAnalyzer.class)).isSameAs(OwnStoreConfiguration.ANALYZER);
		});
	}

	@Test
	void disabledAtStartupWrapsNothingButKeepsTheManagerAndTheProperties() {
		this.runner.withUserConfiguration(InjectsCachalotConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CachalotManager.class)
					.hasSingleBean(CachalotProperties.class)
					.doesNotHaveBean(Cachalot.class)
					.doesNotHaveBean(CacheStore.class)
					.doesNotHaveBean(CachalotDataSources.class)
					.doesNotHaveBean(CachingDataSourcePostProcessor.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(HikariDataSource.class);
				assertThat(CachingDataSourceProxy.cachingOf(dataSource)).isNull();
				CachalotManager manager = context.getBean(InjectsCachalotConfiguration.Service.class).manager;
				assertThat(manager.dataSourceNames()).isEmpty();
				assertThat(manager.invalidateAll()).isEmpty();
				assertThat(manager.invalidateTables(java.util.List.of("ac_items"))).isEmpty();
				assertThat(manager.settings().enabled()).isFalse();
				assertThatIllegalArgumentException().isThrownBy(() -> manager.invalidateDataSource("dataSource"))
					.withMessageContaining("cachalot.enabled=false at startup");
				try (var scope = manager.override("timeout=1s")) {
					assertThat(manager.settings().timeout()).hasSeconds(1);
				}
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class)).isEqualTo("one");
			});
	}

	@Test
	void anApplicationThatInjectsTheManagerAndThePropertiesStartsWithCachalotOn() {
		this.runner.withUserConfiguration(InjectsCachalotConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			CachalotManager manager = context.getBean(InjectsCachalotConfiguration.Service.class).manager;
			assertThat(manager.dataSourceNames()).containsExactly("dataSource");
			assertThat(manager.settings().enabled()).isTrue();
		});
	}

	/** An application that injects what the README shows. */
	@Configuration(proxyBeanMethods = false)
	static class InjectsCachalotConfiguration {

		@Bean
		Service service(CachalotManager manager, CachalotProperties properties) {
			return new Service(manager, properties);
		}

		record Service(CachalotManager manager, CachalotProperties properties) {
		}

	}

	@Test
	void withoutCacheManagerUsesAnInProcessCaffeineCache() {
		this.runner.withPropertyValues("cachalot.in-process.max-size=16MB").run((context) -> {
			assertThat(context).doesNotHaveBean(CacheManager.class);
			CacheStore store = context.getBean(CacheStore.class);
			assertThat(store).isInstanceOf(CaffeineCacheStore.class);
			assertThat(store.description()).contains("16 MiB");
		});
	}

	@Test
	void usesTheApplicationsOnlyCacheManager() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues(CAFFEINE, "spring.cache.cache-names=cachalot")
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheManager.class);
				CacheStore store = context.getBean(CacheStore.class);
				assertThat(store).isInstanceOf(SpringCacheStore.class);
				assertThat(store.description()).contains("cache 'cachalot'").contains("CaffeineCacheManager");
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class);
				jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class);
				assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().hits())
					.isEqualTo(1);
				assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("cachalot");
			});
	}

	@Test
	void usesTheCacheNamedByCacheName() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues(CAFFEINE, "spring.cache.cache-names=sql", "cachalot.cache-name=sql")
			.run((context) -> assertThat(context.getBean(CacheStore.class).description()).contains("cache 'sql'"));
	}

	@Test
	void usesThePrimaryCacheManagerAmongSeveral() {
		this.runner.withUserConfiguration(TwoCacheManagersConfiguration.class, PrimaryCacheManagerConfiguration.class)
			.run((context) -> assertThat(context.getBean(CacheStore.class).description())
				.contains("CacheManager 'primaryCacheManager'"));
	}

	@Test
	void usesTheCacheManagerNamedByTheAlias() {
		this.runner.withUserConfiguration(TwoCacheManagersConfiguration.class)
			.withPropertyValues("cachalot.cache-alias=caffeineCacheManager", "cachalot.cache-name=fixed")
			.run((context) -> assertThat(context.getBean(CacheStore.class).description())
				.contains("cache 'fixed' of CacheManager 'caffeineCacheManager'")
				.contains("CaffeineCacheManager"));
	}

	@Test
	void failsWithTheCacheManagersThatExistWhenTheAliasNamesNone() {
		this.runner.withUserConfiguration(TwoCacheManagersConfiguration.class)
			.withPropertyValues("cachalot.cache-alias=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cachalot.cache-alias is 'redis'")
				.hasMessageContaining("[caffeineCacheManager, mapCacheManager]"));
	}

	@Test
	void failsWhenTheAliasIsSetButThereIsNoCacheManager() {
		this.runner.withPropertyValues("cachalot.cache-alias=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("the application has no CacheManager"));
	}

	@Test
	void failsWhenSeveralCacheManagersAndNoneIsPrimary() {
		this.runner.withUserConfiguration(TwoCacheManagersConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("several CacheManager beans [caffeineCacheManager, mapCacheManager]")
				.hasMessageContaining("set cachalot.cache-alias"));
	}

	@Test
	void failsWhenTheCacheManagerHasNoCacheOfThatName() {
		this.runner.withUserConfiguration(TwoCacheManagersConfiguration.class)
			.withPropertyValues("cachalot.cache-alias=caffeineCacheManager", "cachalot.cache-name=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("CacheManager 'caffeineCacheManager' has no cache named 'missing'")
				.hasMessageContaining("[fixed]"));
	}

	@Test
	void anApplicationWhoseOnlyCacheManagerHasFixedCachesStartsOnTheInProcessStore(CapturedOutput output) {
		this.runner.withUserConfiguration(FixedCachesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			String store = context.getBean(CacheStore.class).description();
			assertThat(store).startsWith("in-process Caffeine cache")
				.contains("since CacheManager 'cacheManager' has no cache named 'cachalot' (its caches are [byUsername])");
			assertThat(output).contains("cachalot caches reads of data source 'dataSource' (com.zaxxer.hikari.HikariDataSource) in "
					+ store);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class);
			jdbc.queryForObject("SELECT name FROM ac_items WHERE id = 1", String.class);
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().hits())
				.isEqualTo(1);
		});
	}

	@Test
	void anApplicationWhoseOnlyCacheManagerHasFixedCachesStartsWithCachalotOff() {
		this.runner.withUserConfiguration(FixedCachesConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anAliasSetExplicitlyToAManagerWithoutTheCacheFails() {
		this.runner.withUserConfiguration(FixedCachesConfiguration.class)
			.withPropertyValues("cachalot.cache-alias=cacheManager")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("CacheManager 'cacheManager' has no cache named 'cachalot'"));
	}

	@Test
	void anUnboundedCacheTheApplicationsManagerWouldMakeOnDemandIsNotUsed() {
		this.runner.withUserConfiguration(OnDemandConfiguration.class).run((context) -> {
			assertThat(context.getBean(CacheStore.class).description()).startsWith("in-process Caffeine cache")
				.contains("since CacheManager 'cacheManager' (ConcurrentMapCacheManager) would make cache 'cachalot' "
						+ "just for cachalot, in process and without bound");
			assertThat(context.getBean(CacheManager.class).getCacheNames()).as("nothing made in the application's")
				.isEmpty();
		});
	}

	@Test
	void anUnboundedCaffeineCacheTheApplicationsManagerWouldMakeOnDemandIsNotUsed() {
		this.runner.withUserConfiguration(CachingConfiguration.class).withPropertyValues(CAFFEINE).run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(CaffeineCacheManager.class);
			assertThat(context.getBean(CacheStore.class).description()).startsWith("in-process Caffeine cache")
				.contains("(CaffeineCacheManager) would make cache 'cachalot' just for cachalot");
		});
	}

	@Test
	void aBoundedCaffeineCacheTheApplicationsManagerMakesOnDemandIsUsed() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues(CAFFEINE, "spring.cache.caffeine.spec=maximumSize=10000")
			.run((context) -> assertThat(context.getBean(CacheStore.class).description())
				.startsWith("cache 'cachalot' of CacheManager 'cacheManager' (CaffeineCacheManager)"));
	}

	@Test
	void anOnDemandCacheIsUsedWhenTheAliasNamesItsManager() {
		this.runner.withUserConfiguration(OnDemandConfiguration.class)
			.withPropertyValues("cachalot.cache-alias=cacheManager")
			.run((context) -> {
				assertThat(context.getBean(CacheStore.class)).isInstanceOf(SpringCacheStore.class);
				assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("cachalot");
			});
	}

	@Test
	void springBootKeepsItsConcurrentMapCacheManagerWhenCaffeineIsAbsent() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine", "javax.cache", "org.ehcache"))
			.run((context) -> {
				assertThat(context.getBean(CacheManager.class)).isExactlyInstanceOf(ConcurrentMapCacheManager.class);
				assertThat(context.getBean(CacheStore.class).description()).startsWith("in-process Caffeine cache")
					.contains("would make cache 'cachalot' just for cachalot");
				assertThat(context.getBean(CacheManager.class).getCacheNames()).isEmpty();
			});
	}

	@Test
	void springBootPicksTheSameCacheManagerWithoutCachalot() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, CacheAutoConfiguration.class))
			.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
			.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine", "javax.cache", "org.ehcache"))
			.run((context) -> assertThat(context.getBean(CacheManager.class))
				.isExactlyInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void usesTheCacheUnderASpringTransactionAwareDecorator() {
		this.runner.withUserConfiguration(TransactionAwareConfiguration.class).run((context) -> {
			CacheStore store = context.getBean(CacheStore.class);
			assertThat(store).isInstanceOf(SpringCacheStore.class);
			assertThat(((SpringCacheStore) store).cache())
				.as("puts must not wait for a Spring transaction to commit")
				.isInstanceOf(org.springframework.cache.concurrent.ConcurrentMapCache.class);
		});
	}

	@Test
	void refusesACacheThatStoresByValueWithJavaSerialization() {
		this.runner.withUserConfiguration(StoreByValueConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("stores by value with Java serialization"));
	}

	/** The application's only CacheManager, with the caches it needs and none for cachalot. */
	@Configuration(proxyBeanMethods = false)
	static class FixedCachesConfiguration {

		@Bean
		SimpleCacheManager cacheManager() {
			SimpleCacheManager manager = new SimpleCacheManager();
			manager.setCaches(java.util.List.of(new org.springframework.cache.concurrent.ConcurrentMapCache("byUsername")));
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OnDemandConfiguration {

		@Bean
		ConcurrentMapCacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionAwareConfiguration {

		@Bean
		CacheManager cacheManager() {
			ConcurrentMapCacheManager target = new ConcurrentMapCacheManager("cachalot");
			return new org.springframework.cache.transaction.TransactionAwareCacheManagerProxy(target);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StoreByValueConfiguration {

		@Bean
		ConcurrentMapCacheManager cacheManager() {
			ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("cachalot");
			manager.setBeanClassLoader(getClass().getClassLoader());
			manager.setStoreByValue(true);
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStoreConfiguration {

		static final CacheStore STORE = new CaffeineCacheStore();

		static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

		@Bean
		CacheStore myStore() {
			return STORE;
		}

		@Bean
		SqlAnalyzer mySqlAnalyzer() {
			return ANALYZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoCacheManagersConfiguration {

		@Bean
		ConcurrentMapCacheManager mapCacheManager() {
			return new ConcurrentMapCacheManager();
		}

		@Bean
		CaffeineCacheManager caffeineCacheManager() {
			CaffeineCacheManager manager = new CaffeineCacheManager("fixed");
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryCacheManagerConfiguration {

		@Bean
		@Primary
		ConcurrentMapCacheManager primaryCacheManager() {
			return new ConcurrentMapCacheManager("cachalot");
		}

	}


}
