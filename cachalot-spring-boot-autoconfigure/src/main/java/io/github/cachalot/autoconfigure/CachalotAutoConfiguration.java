package io.github.cachalot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.StringUtils;

import io.github.cachalot.Cachalot;
import io.github.cachalot.autoconfigure.aot.CachalotRuntimeHints;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.CachalotOverride;
import io.github.cachalot.spring.CachalotOverrideInterceptor;
import io.github.cachalot.spring.SettingsOverrideBinder;
import io.github.cachalot.spring.OverriddenCaches;
import io.github.cachalot.spring.store.CachalotCaches;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;

/**
 * Auto-configuration of cachalot: wraps every DataSource bean in a caching proxy backed by the
 * application's CacheManager (or an in-process cache), with live settings from
 * {@code cachalot.*}, invalidation events and {@link CachalotOverride}. With
 * {@code cachalot.enabled=false} at startup nothing is wrapped and no store is made, but the
 * {@link CachalotProperties} and a {@link CachalotManager} that manages no data source remain, so
 * that an application injecting them starts the same.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
		"org.springframework.boot.autoconfigure.aop.AopAutoConfiguration" })
@ConditionalOnClass(DelegatingDataSource.class)
@EnableConfigurationProperties(CachalotProperties.class)
public final class CachalotAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OverridableSettings cachalotSettings(CachalotProperties properties, BeanFactory beanFactory) {
		PropertiesCachalotSettings settings = new PropertiesCachalotSettings(properties, beanFactory);
		// resolve the key generators now, so that a name without bean fails startup
		settings.queryKeyGenerator();
		settings.tableKeyGenerator();
		return new OverridableSettings(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	SettingsOverrideBinder cachalotSettingsOverrideBinder(BeanFactory beanFactory) {
		return new SettingsOverrideBinder(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	CachalotManager cachalotManager(ObjectProvider<CachalotDataSources> dataSources, OverridableSettings settings,
			SettingsOverrideBinder binder, ListableBeanFactory beanFactory) {
		return new CachalotManager(dataSources.getIfAvailable(CachalotDataSources::off), settings, binder,
				beanFactory);
	}

	/** What wraps the data sources: only when cachalot is on at startup. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "cachalot.enabled", matchIfMissing = true)
	@Import(AutoProxyCreatorRegistrar.class)
	@ImportRuntimeHints(CachalotRuntimeHints.class)
	static class CachingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static CachingDataSourcePostProcessor cachingDataSourcePostProcessor(
				ObjectProvider<CachalotDataSources> dataSources, ObjectProvider<CachalotProperties> properties) {
			return new CachingDataSourcePostProcessor(dataSources, properties);
		}

		@Bean
		@ConditionalOnMissingBean
		SqlAnalyzer cachalotSqlAnalyzer(CachalotProperties properties) {
			Duration budget = properties.getAnalysisBudget();
			return (budget == null || budget.isZero() || budget.isNegative())
					? SqlAnalyzer.synchronous(SqlAnalyzer.DEFAULT_MAX_MEMOIZED_STATEMENTS)
					: new SqlAnalyzer(SqlAnalyzer.DEFAULT_MAX_MEMOIZED_STATEMENTS, budget);
		}

		@Bean
		@ConditionalOnMissingBean
		CachalotCaches cachalotCaches(CachalotProperties properties, ListableBeanFactory beanFactory) {
			String signingKey = properties.getSigningKey();
			return new CachalotCaches(beanFactory, properties::getCacheAlias, properties::getCacheName,
					properties.getInProcess().getMaxSize().toBytes(), properties.getStoreBackoff(),
					StringUtils.hasLength(signingKey) ? signingKey.getBytes(StandardCharsets.UTF_8) : null);
		}

		@Bean
		@ConditionalOnMissingBean
		CacheStore cachalotCacheStore(CachalotProperties properties, CachalotCaches caches) {
			return caches.store(properties.getCacheAlias(), properties.getCacheName());
		}

		/**
		 * Registers, before any data source is wrapped, every cache the configuration names, so that
		 * every write invalidates in each: cachalot.invalidate-caches and the @CachalotOverride
		 * annotations of beans that name one. From then on, setters check the cache they name.
		 */
		@Bean
		@ConditionalOnMissingBean
		Cachalot cachalot(OverridableSettings cachalotSettings, CacheStore cachalotCacheStore, SqlAnalyzer sqlAnalyzer,
				CachalotProperties properties, CachalotCaches caches, SettingsOverrideBinder binder,
				ListableBeanFactory beanFactory) {
			Cachalot cachalot = Cachalot.builder()
				.settings(cachalotSettings)
				.store(cachalotCacheStore, CachalotCaches.nameOf(properties.getCacheAlias(), properties.getCacheName()))
				.sqlAnalyzer(sqlAnalyzer)
				.keyScope(properties.getKeyScope())
				.build();
			caches.attach(cachalot.stores());
			properties.getInvalidateCaches().forEach(caches::store);
			OverriddenCaches.bindAll(beanFactory, binder);
			properties.checkCachesWith(caches::store);
			return cachalot;
		}

		@Bean
		@ConditionalOnMissingBean
		CachalotDataSources cachalotDataSources(Cachalot cachalot, ApplicationEventPublisher publisher) {
			return new CachalotDataSources(cachalot, publisher);
		}

		/** Migrations on a data source of their own (spring.flyway.url, user, password) invalidate. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "org.flywaydb.core.Flyway",
				"org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer" })
		static class FlywayInvalidationConfiguration {

			@Bean
			FlywayMigrationInvalidation cachalotFlywayMigrationInvalidation(
					ObjectProvider<CachalotDataSources> dataSources) {
				return new FlywayMigrationInvalidation(dataSources);
			}

		}

		/** The same for Liquibase's updates (spring.liquibase.url, user, password). */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
		static class LiquibaseInvalidationConfiguration {

			@Bean
			static LiquibaseMigrationInvalidation cachalotLiquibaseMigrationInvalidation(
					ObjectProvider<CachalotDataSources> dataSources) {
				return new LiquibaseMigrationInvalidation(dataSources);
			}

		}

		@Bean
		@ConditionalOnMissingBean(name = "cachalotOverrideAdvisor")
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor cachalotOverrideAdvisor(ObjectProvider<OverridableSettings> settings,
				ObjectProvider<SettingsOverrideBinder> binder) {
			ComposablePointcut pointcut = new ComposablePointcut(
					new AnnotationMatchingPointcut(CachalotOverride.class, true))
				.union(new AnnotationMatchingPointcut(null, CachalotOverride.class, true));
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut,
					new CachalotOverrideInterceptor(settings::getObject, binder::getObject));
			advisor.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE - 1);
			return advisor;
		}

	}

}
