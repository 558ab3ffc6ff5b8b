package io.github.cachalot.benchmarks;

import java.math.BigDecimal;

import javax.sql.DataSource;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hand-written ceiling: a Spring {@code @Cacheable} method around the same JDBC call, in a plain
 * Spring context with a {@link ConcurrentMapCacheManager}. It needs invalidating by hand.
 */
public final class SpringCacheable {

	private SpringCacheable() {
	}

	public record ProductRow(long id, String name, BigDecimal price, int stock, String category) {
	}

	public static class ProductService {

		private final JdbcTemplate jdbc;

		public ProductService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Cacheable("products")
		public ProductRow find(long id) {
			return this.jdbc.queryForObject(BenchEnv.PK_SQL, (rs, n) -> new ProductRow(rs.getLong(1), rs.getString(2),
					rs.getBigDecimal(3), rs.getInt(4), rs.getString(5)), id);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Config {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("products");
		}

		@Bean
		ProductService productService(DataSource dataSource) {
			return new ProductService(new JdbcTemplate(dataSource));
		}

	}

	public static AnnotationConfigApplicationContext context(DataSource dataSource) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(DataSource.class, () -> dataSource);
		context.register(Config.class);
		context.refresh();
		return context;
	}

}
