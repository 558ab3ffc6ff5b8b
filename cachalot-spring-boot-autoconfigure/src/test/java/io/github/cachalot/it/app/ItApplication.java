package io.github.cachalot.it.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import io.github.cachalot.it.app.jdbc.PurchaseOrder;
import io.github.cachalot.it.app.jpa.Product;

/**
 * A small shop application with a JPA entity ({@link Product}), a Spring Data JDBC aggregate
 * ({@link PurchaseOrder}) and plain JdbcTemplate tables, all on Boot's one {@code dataSource},
 * which cachalot wraps. Scans only its own package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
@EntityScan(basePackageClasses = ItApplication.class)
@EnableJpaRepositories(basePackageClasses = Product.class)
@EnableJdbcRepositories(basePackageClasses = PurchaseOrder.class)
public class ItApplication {

}
