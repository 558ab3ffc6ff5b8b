package io.github.cachalot.benchmarks;

import javax.sql.DataSource;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** Hibernate 7 on the pool, with or without its second-level and query caches (JCache on Caffeine). */
final class Hibernates {

	private Hibernates() {
	}

	static SessionFactory sessionFactory(DataSource dataSource, boolean queryCache) {
		Configuration configuration = new Configuration().addAnnotatedClass(Product.class);
		configuration.getProperties().put("hibernate.connection.datasource", dataSource);
		configuration.setProperty("hibernate.show_sql", "false");
		configuration.setProperty("hibernate.hbm2ddl.auto", "none");
		configuration.setProperty("hibernate.boot.allow_jdbc_metadata_access", "false");
		configuration.setProperty("hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect");
		if (queryCache) {
			configuration.setProperty("hibernate.cache.use_second_level_cache", "true");
			configuration.setProperty("hibernate.cache.use_query_cache", "true");
			configuration.setProperty("hibernate.cache.region.factory_class", "jcache");
			configuration.setProperty("hibernate.javax.cache.provider",
					"com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
			configuration.setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
			configuration.setProperty("jakarta.persistence.sharedCache.mode", "ENABLE_SELECTIVE");
		}
		else {
			configuration.setProperty("hibernate.cache.use_second_level_cache", "false");
			configuration.setProperty("hibernate.cache.use_query_cache", "false");
		}
		return configuration.buildSessionFactory();
	}

}
