package io.github.cachalot.it;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.it.app.InvalidationEvents;
import io.github.cachalot.it.app.ItApplication;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.testsupport.TestDatabases;

/**
 * Base of the end-to-end tests: the {@link ItApplication} shop on PostgreSQL, one Spring context
 * shared by every subclass. Before each test the shop holds three products, one account and one
 * order, written through the application (so nothing stale is cached), and no event is recorded.
 */
@SpringBootTest(classes = ItApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:it/schema.sql",
				"spring.jpa.hibernate.ddl-auto=none", "spring.flyway.enabled=false", "spring.liquibase.enabled=false",
				"spring.jpa.open-in-view=false" })
abstract class ShopApplicationTest {

	/** The data source cachalot wrapped: Spring Boot's. */
	static final String DATA_SOURCE = "dataSource";

	static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CachalotManager cachalot;

	@Autowired
	InvalidationEvents events;

	@DynamicPropertySource
	static void postgresql(DynamicPropertyRegistry registry) {
		for (String property : DATABASE.springProperties()) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

	@BeforeEach
	void stockTheShop() {
		this.jdbc.execute("truncate table it_products, it_orders, it_accounts, it_audit restart identity");
		this.jdbc.batchUpdate("insert into it_products (id, name, price, stock) values (1, 'anchor', 100, 10)",
				"insert into it_products (id, name, price, stock) values (2, 'buoy', 20, 50)",
				"insert into it_products (id, name, price, stock) values (3, 'compass', 60, 5)",
				"insert into it_accounts (id, owner, balance) values (1, 'alice', 500)",
				"insert into it_orders (product_id, quantity) values (1, 2)");
		this.events.clear();
	}

	/** Changes the database on a connection of its own, which cachalot does not see. */
	static void behindCachalotsBack(String... statements) {
		DATABASE.execute(statements);
	}

	/** Counts the reads of the data source from now on. */
	Reads reads() {
		return new Reads(this.cachalot.statistics(DATA_SOURCE));
	}

	int price(long productId) {
		return this.jdbc.queryForObject("select price from it_products where id = ?", Integer.class, productId);
	}

	int balance(long accountId) {
		return this.jdbc.queryForObject("select balance from it_accounts where id = ?", Integer.class, accountId);
	}

	/** The reads cachalot counted since this object was made. */
	static final class Reads {

		private final CachalotStatistics statistics;

		private final long hits;

		private final long misses;

		private final long uncacheable;

		private final java.util.Map<String, Long> uncacheableByReason;

		Reads(CachalotStatistics statistics) {
			this.statistics = statistics;
			this.hits = statistics.hits();
			this.misses = statistics.misses();
			this.uncacheable = statistics.uncacheableTotal();
			this.uncacheableByReason = statistics.uncacheable();
		}

		/** Reads answered from the cache. */
		long hits() {
			return this.statistics.hits() - this.hits;
		}

		/** Cacheable reads that went to the database. */
		long misses() {
			return this.statistics.misses() - this.misses;
		}

		/** Reads that went to the database without consulting the cache. */
		long bypassed() {
			return this.statistics.uncacheableTotal() - this.uncacheable;
		}

		/** Reads that went to the database without consulting the cache, for the given reason. */
		long bypassed(String reason) {
			return this.statistics.uncacheable(reason) - this.uncacheableByReason.getOrDefault(reason, 0L);
		}

		@Override
		public String toString() {
			return "hits=" + hits() + ", misses=" + misses() + ", bypassed=" + bypassed();
		}

	}

}
