package io.github.cachalot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.Cachalot;
import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.autoconfigure.endpoint.CachalotEndpoint;
import io.github.cachalot.autoconfigure.endpoint.CachalotEndpointAutoConfiguration;
import io.github.cachalot.autoconfigure.endpoint.DataSourceDescriptor;
import io.github.cachalot.autoconfigure.health.CachalotHealthContributorAutoConfiguration;
import io.github.cachalot.autoconfigure.health.CachalotHealthIndicator;
import io.github.cachalot.autoconfigure.metrics.CachalotMetricsAutoConfiguration;
import io.github.cachalot.spring.CachalotInvalidationEvent;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.CachalotOverride;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.RedisServer;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Another cache for a block, a method, or everyone at runtime (django-cachalot's
 * {@code CACHALOT_CACHE} overridden): the application's primary cache is cachalot's in-process one,
 * the other is a Redis cache ({@code redisCacheManager}, cache {@code reports}) on a redis-server of
 * the test's own, both in front of PostgreSQL. A read cached in Redis is never served after a write
 * made outside the override, in this instance or in another one that shares Redis without reading
 * through it.
 */
class AnotherCacheTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private static final String READ = "SELECT v FROM ac_items WHERE id = 1";

	private static final String WRITE = "UPDATE ac_items SET v = v + 1 WHERE id = 1";

	private static final String[] REPORTS = { "cache-alias=redisCacheManager", "cache-name=reports" };

	private static RedisServer redis;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, DataRedisAutoConfiguration.class, CachalotAutoConfiguration.class))
		.withUserConfiguration(CacheManagers.class)
		.withPropertyValues(DATABASE.springProperties());

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void createTable() {
		DATABASE.execute("DROP TABLE IF EXISTS ac_items", "CREATE TABLE ac_items (id INT PRIMARY KEY, v INT)",
				"INSERT INTO ac_items VALUES (1, 0)");
		redis.flushAll();
	}

	private ApplicationContextRunner withRedis(ApplicationContextRunner runner) {
		return runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());
	}

	@Test
	void aBlockReadsThroughTheOtherCacheAndAWriteOutsideItInvalidatesThere() {
		withRedis(this.runner).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotManager manager = context.getBean(CachalotManager.class);
			try (var scope = manager.override(REPORTS)) {
				assertThat(read(jdbc)).isZero();
				long hits = statistics(context).hits();
				assertThat(read(jdbc)).isZero();
				assertThat(statistics(context).hits()).as("a hit, from Redis").isEqualTo(hits + 1);
			}
			assertThat(redis.command("KEYS", "reports::*")).as("stored under the Redis cache's prefix").isNotEmpty();
			long misses = statistics(context).misses();
			read(jdbc);
			assertThat(statistics(context).misses()).as("the in-process cache had nothing").isEqualTo(misses + 1);

			jdbc.update(WRITE);

			try (var scope = manager.override(REPORTS)) {
				assertThat(read(jdbc)).as("the write outside the block invalidated Redis").isEqualTo(1);
			}
			assertThat(read(jdbc)).isEqualTo(1);
		});
	}

	@Test
	void aMethodReadsThroughTheOtherCacheAndAWriteOutsideItInvalidatesThere() {
		withRedis(this.runner).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			ReportService reports = context.getBean(ReportService.class);
			assertThat(reports.value()).isZero();
			long hits = statistics(context).hits();
			assertThat(reports.value()).isZero();
			assertThat(statistics(context).hits()).isEqualTo(hits + 1);
			assertThat(redis.command("KEYS", "reports::*")).isNotEmpty();

			jdbc.update(WRITE);

			assertThat(reports.value()).isEqualTo(1);
		});
	}

	@Test
	void settingTheCacheAtRuntimeMovesEveryReadThereAndWritesInvalidateBoth() {
		withRedis(this.runner).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotProperties properties = context.getBean(CachalotProperties.class);
			read(jdbc);
			properties.setCacheAlias("redisCacheManager");
			properties.setCacheName("reports");
			long misses = statistics(context).misses();
			assertThat(read(jdbc)).isZero();
			assertThat(statistics(context).misses()).as("Redis was empty").isEqualTo(misses + 1);
			assertThat(read(jdbc)).isZero();
			assertThat(redis.command("KEYS", "reports::*")).isNotEmpty();

			jdbc.update(WRITE);

			assertThat(read(jdbc)).isEqualTo(1);
			properties.setCacheAlias(null);
			properties.setCacheName("cachalot");
			assertThat(read(jdbc)).as("back to the in-process cache, which the write invalidated too").isEqualTo(1);
		});
	}

	@Test
	void aCacheManagerThatDoesNotExistFailsTheCallThatNamesIt() {
		withRedis(this.runner).run((context) -> {
			CachalotManager manager = context.getBean(CachalotManager.class);
			CachalotProperties properties = context.getBean(CachalotProperties.class);
			assertThatIllegalStateException().isThrownBy(() -> manager.override("cache-alias=nope"))
				.withMessageContaining("cachalot.cache-alias is 'nope', but there is no CacheManager bean of that name")
				.withMessageContaining("[localCacheManager, redisCacheManager]");
			assertThatIllegalStateException().isThrownBy(() -> properties.setCacheAlias("nope"))
				.withMessageContaining("[localCacheManager, redisCacheManager]");
			assertThat(properties.getCacheAlias()).as("unchanged").isNull();
			assertThat(manager.settings().cacheStore()).isNull();
		});
	}

	@Test
	void anAnnotationNamingACacheManagerThatDoesNotExistFailsStartup() {
		withRedis(this.runner).withUserConfiguration(BadlyAnnotated.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("Invalid @CachalotOverride on")
				.hasMessageContaining("report()")
				.hasMessageContaining("[localCacheManager, redisCacheManager]"));
	}

	@Test
	void theCachesOfAnnotationsAndOfInvalidateCachesAreKnownFromStartup() {
		withRedis(this.runner).withPropertyValues("cachalot.invalidate-caches=redisCacheManager/archive")
			.run((context) -> assertThat(context.getBean(Cachalot.class).stores().all()).containsOnlyKeys("cachalot",
					"redisCacheManager/reports", "redisCacheManager/archive"));
	}

	@Test
	void anotherInstanceThatNeverReadsThroughTheSharedCacheInvalidatesItThroughInvalidateCaches() {
		ApplicationContextRunner writerRunner = withRedis(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, DataRedisAutoConfiguration.class,
					CachalotAutoConfiguration.class))
			.withUserConfiguration(WriterCacheManagers.class)
			.withPropertyValues(DATABASE.springProperties()))
			.withPropertyValues("cachalot.invalidate-caches=redisCacheManager/reports");
		withRedis(this.runner).run((reader) -> writerRunner.run((writer) -> {
			ReportService reports = reader.getBean(ReportService.class);
			reports.value();
			assertThat(reports.value()).isZero();
			assertThat(redis.command("KEYS", "reports::*")).isNotEmpty();

			writer.getBean(JdbcTemplate.class).update(WRITE);

			assertThat(reports.value()).as("the writer invalidated the shared Redis cache").isEqualTo(1);
		}));
	}

	@Test
	void eventsMetricsAndTheEndpointSayWhichCacheAndThePostInvalidatesInEvery() {
		withRedis(this.runner)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					CachalotMetricsAutoConfiguration.class, EndpointAutoConfiguration.class,
					CachalotEndpointAutoConfiguration.class))
			.withUserConfiguration(Events.class)
			.withPropertyValues("management.endpoints.web.exposure.include=cachalot")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				ReportService reports = context.getBean(ReportService.class);
				read(jdbc);
				read(jdbc);
				reports.value();
				reports.value();
				reports.value();

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cachalot.cache.reads").tags("cache", "cachalot", "result", "hit")
					.functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cachalot.cache.reads").tags("cache", "redisCacheManager/reports", "result", "hit")
					.functionCounter().count()).isEqualTo(2);
				assertThat(registry.get("cachalot.cache.reads").tags("cache", "redisCacheManager/reports", "result", "miss")
					.functionCounter().count()).isEqualTo(1);

				CachalotEndpoint endpoint = context.getBean(CachalotEndpoint.class);
				DataSourceDescriptor described = endpoint.dataSource("dataSource");
				assertThat(described.caches()).containsOnlyKeys("cachalot", "redisCacheManager/reports");
				assertThat(described.caches().get("redisCacheManager/reports").store()).contains("Redis cache 'reports'");
				assertThat(described.caches().get("redisCacheManager/reports").hits()).isEqualTo(2);

				jdbc.update(WRITE);
				assertThat(context.getBean(Events.class).received).last()
					.satisfies((event) -> assertThat(event.getCaches()).containsExactly("cachalot",
							"redisCacheManager/reports"));

				assertThat(reports.value()).isEqualTo(1);
				DATABASE.execute(WRITE); // behind cachalot's back, as a restore would
				assertThat(reports.value()).as("still cached").isEqualTo(1);
				endpoint.invalidate(null, null);
				assertThat(reports.value()).as("the endpoint invalidated the Redis cache too").isEqualTo(2);
			});
	}

	@Test
	void inTheStrictModeAWriteOutsideTheOverrideIsRefusedWhileTheOtherCacheIsDownAndTheHealthSaysWhich() {
		try (RedisServer own = RedisServer.start()) {
			this.runner
				.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
						HealthContributorAutoConfiguration.class, CachalotHealthContributorAutoConfiguration.class))
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + own.port(),
						"spring.data.redis.timeout=500ms", "cachalot.store-backoff=100ms")
				.run((context) -> {
					JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
					ReportService reports = context.getBean(ReportService.class);
					reports.value();
					read(jdbc); // the in-process cache, which answers throughout

					own.stop();

					assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> jdbc.update(WRITE))
						.havingCause()
						.withMessageContaining("Redis cache 'reports'")
						.withMessageContaining("Nothing was written");
					assertThat(directValue()).as("refused before it ran").isZero();
					Health health = context.getBean(CachalotHealthIndicator.class).health();
					assertThat(health.getStatus()).isEqualTo(CachalotHealthIndicator.DEGRADED);
					assertThat(health.getDetails().toString()).contains("redisCacheManager/reports={store=Redis cache",
							"storeReachable=false");

					own.startAgain();
					long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
					while (!writes(jdbc) && System.nanoTime() < deadline) {
						Thread.sleep(100);
					}
					assertThat(directValue()).as("writes go through once Redis answers").isEqualTo(1);
					assertThat(reports.value()).isEqualTo(1);
				});
		}
	}

	private static boolean writes(JdbcTemplate jdbc) {
		try {
			jdbc.update(WRITE);
			return true;
		}
		catch (DataAccessException ex) {
			return false;
		}
	}

	private static long directValue() {
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(DATABASE.url(), DATABASE.user(),
				DATABASE.password()); java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery(READ)) {
			rs.next();
			return rs.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Collects the invalidation events. */
	static class Events {

		final List<CachalotInvalidationEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(CachalotInvalidationEvent event) {
			this.received.add(event);
		}

	}

	private static long read(JdbcTemplate jdbc) {
		return jdbc.queryForObject(READ, Long.class);
	}

	private static CachalotStatistics statistics(ApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

	/**
	 * An in-process manager as primary (cachalot then keeps its own in-process store), and a Redis
	 * one for the reports.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(WriterCacheManagers.class)
	static class CacheManagers {

		@Bean
		ReportService reportService(JdbcTemplate jdbc) {
			return new ReportService(jdbc);
		}

	}

	/** The writing instance: the same managers, no service that reads through Redis. */
	@Configuration(proxyBeanMethods = false)
	static class WriterCacheManagers {

		@Bean
		@Primary
		ConcurrentMapCacheManager localCacheManager() {
			return new ConcurrentMapCacheManager();
		}

		@Bean
		RedisCacheManager redisCacheManager(RedisConnectionFactory connectionFactory) {
			return RedisCacheManager.create(connectionFactory);
		}

	}

	/** Its report is cached in Redis, whatever the rest of the application uses. */
	static class ReportService {

		private final JdbcTemplate jdbc;

		ReportService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@CachalotOverride({ "cache-alias=redisCacheManager", "cache-name=reports" })
		long value() {
			return read(this.jdbc);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadlyAnnotated {

		@Bean
		BadService badService() {
			return new BadService();
		}

	}

	static class BadService {

		@CachalotOverride("cache-alias=nope")
		void report() {
		}

	}

}
