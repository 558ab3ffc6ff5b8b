package io.github.cachalot.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.testsupport.RedisServer;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cachalot} health indicator: UP while the store answers and nothing waits for it; a
 * Redis that is down makes it DEGRADED (store unreachable, circuit breaker open, invalidations
 * pending) but never the application DOWN; UP again once Redis is back. Against PostgreSQL and a
 * redis-server of the test's own.
 */
class CachalotHealthIndicatorTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class, EndpointAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, CachalotHealthContributorAutoConfiguration.class))
		.withPropertyValues(DATABASE.springProperties());

	@BeforeEach
	void createTable() {
		DATABASE.execute("drop table if exists hl_items", "create table hl_items (id int primary key, name varchar(20))",
				"insert into hl_items values (1, 'one')");
	}

	@Test
	void isUpWithTheInProcessStore() {
		this.runner.run((context) -> {
			Health health = indicator(context).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(dataSource(health)).containsEntry("storeReachable", true)
				.containsEntry("circuitBreaker", "none")
				.containsEntry("pendingInvalidations", false)
				.doesNotContainKey("storeError")
				.hasEntrySatisfying("store", (store) -> assertThat(store).asString().contains("in-process"));
			assertThat(componentStatus(context)).isEqualTo(Status.UP);
		});
	}

	@Test
	void isDegradedButNeverDownWhileRedisIsDownAndUpAgainOnceItIsBack() {
		try (RedisServer redis = RedisServer.start()) {
			// in the available mode a write commits while Redis is down, leaving its invalidation pending
			redis(redis).withPropertyValues("cachalot.shared.mode=available").run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				readName(jdbc);
				assertThat(indicator(context).health().getStatus()).isEqualTo(Status.UP);
				assertThat(dataSource(indicator(context).health())).containsEntry("circuitBreaker", "closed")
					.containsEntry("storeReachable", true);

				redis.stop();
				jdbc.update("update hl_items set name = 'uno' where id = 1"); // its invalidation cannot be stored
				Health down = indicator(context).health();

				assertThat(down.getStatus()).isEqualTo(CachalotHealthIndicator.DEGRADED);
				assertThat(dataSource(down)).containsEntry("storeReachable", false)
					.containsEntry("circuitBreaker", "open")
					.containsEntry("pendingInvalidations", true)
					.containsKey("storeError");
				assertThat(readName(jdbc)).as("the database answers").isEqualTo("uno");
				CompositeHealthDescriptor overall = overall(context);
				assertThat(overall.getStatus()).as("the application").isEqualTo(Status.UP);
				assertThat(overall.getComponents().get("cachalot").getStatus())
					.isEqualTo(CachalotHealthIndicator.DEGRADED);

				redis.startAgain();
				Health back = awaitStatus(() -> indicator(context).health(), Status.UP);
				assertThat(dataSource(back)).containsEntry("storeReachable", true)
					.containsEntry("circuitBreaker", "closed")
					.containsEntry("pendingInvalidations", false);
			});
		}
	}

	@Test
	void showsInTheOverallStatusOnlyWhenTheStatusOrderNamesIt() {
		try (RedisServer redis = RedisServer.start()) {
			redis(redis)
				.withPropertyValues("management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown")
				.run((context) -> {
					redis.stop();

					assertThat(overall(context).getStatus()).isEqualTo(CachalotHealthIndicator.DEGRADED);
				});
		}
	}

	@Test
	void isNotCreatedWhenDisabled() {
		this.runner.withPropertyValues("management.health.cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CachalotHealthIndicator.class));
	}

	@Test
	void isNotCreatedWhenCachalotIsOff() {
		this.runner.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CachalotHealthIndicator.class));
	}

	@Test
	void backsOffFromAnIndicatorOfTheApplication() {
		this.runner.withBean("cachalotHealthIndicator", CachalotHealthIndicator.class,
				() -> new CachalotHealthIndicator(null))
			.run((context) -> assertThat(context).hasSingleBean(CachalotHealthIndicator.class));
	}

	private ApplicationContextRunner redis(RedisServer redis) {
		return this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(RedisCaching.class)
			.withPropertyValues("spring.cache.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=500ms",
					"cachalot.store-backoff=100ms");
	}

	private static Health awaitStatus(Supplier<Health> health, Status expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Health last = health.get();
		while (!last.getStatus().equals(expected) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			last = health.get();
		}
		assertThat(last.getStatus()).as("%s", last).isEqualTo(expected);
		return last;
	}

	private static CachalotHealthIndicator indicator(AssertableApplicationContext context) {
		return context.getBean(CachalotHealthIndicator.class);
	}

	private static CompositeHealthDescriptor overall(AssertableApplicationContext context) {
		return (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class).health();
	}

	private static Status componentStatus(AssertableApplicationContext context) {
		return overall(context).getComponents().get("cachalot").getStatus();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> dataSource(Health health) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("dataSources")).get("dataSource");
	}

	private static String readName(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from hl_items where id = ?", String.class, 1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RedisCaching {

	}

}
