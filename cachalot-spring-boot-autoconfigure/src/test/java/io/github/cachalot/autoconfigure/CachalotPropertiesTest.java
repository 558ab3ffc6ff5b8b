package io.github.cachalot.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.key.Sha256QueryKeyGenerator;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code cachalot.*} setting binds, takes effect on the next statement, and changes at
 * runtime through setters and through Spring Cloud's rebinding on an environment change.
 */
class CachalotPropertiesTest {

	private static final String READ = "SELECT name FROM sp_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeAll
	static void createTables() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS sp_items, sp_orders, sp_order_totals",
				"CREATE TABLE sp_items (id INT PRIMARY KEY, name VARCHAR(20))",
				"INSERT INTO sp_items SELECT g, 'item' || g FROM generate_series(1, 20) g",
				"CREATE TABLE sp_orders (id INT PRIMARY KEY)", "CREATE TABLE sp_order_totals (total INT)",
				"INSERT INTO sp_order_totals VALUES (0)");
	}

	@Test
	void defaultsAreThoseOfTheCore() {
		this.runner.run((context) -> {
			CachalotSettings settings = context.getBean(OverridableSettings.class);
			MutableCachalotSettings core = new MutableCachalotSettings();
			assertThat(settings.enabled()).isEqualTo(core.enabled());
			assertThat(settings.timeout()).isEqualTo(core.timeout());
			assertThat(settings.cacheRandom()).isEqualTo(core.cacheRandom());
			assertThat(settings.invalidateRaw()).isEqualTo(core.invalidateRaw());
			assertThat(settings.uncachableTables()).isEqualTo(core.uncachableTables());
			assertThat(settings.onlyCachableTables()).isEqualTo(core.onlyCachableTables());
			assertThat(settings.additionalTables()).isEqualTo(core.additionalTables());
			assertThat(settings.queryKeyGenerator()).isSameAs(core.queryKeyGenerator());
			assertThat(settings.tableKeyGenerator()).isSameAs(core.tableKeyGenerator());
			assertThat(settings.maxResultRows()).isEqualTo(core.maxResultRows());
			assertThat(settings.maxResultBytes()).isEqualTo(core.maxResultBytes());
		});
	}

	@Test
	void bindsEverySetting() {
		this.runner.withUserConfiguration(KeyGeneratorsConfiguration.class)
			.withPropertyValues("cachalot.timeout=30s", "cachalot.cache-random=true", "cachalot.invalidate-raw=false",
					"cachalot.uncachable-tables=Audit,public.\"Log\"", "cachalot.only-cachable-tables=a,B",
					"cachalot.additional-tables.sp_orders=sp_order_totals,Audit",
					"cachalot.query-keygen=countingQueryKeys", "cachalot.table-keygen=prefixedTableKeys",
					"cachalot.max-result-rows=5", "cachalot.max-result-size=1KB")
			.run((context) -> {
				CachalotSettings settings = context.getBean(OverridableSettings.class);
				assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.cacheRandom()).isTrue();
				assertThat(settings.invalidateRaw()).isFalse();
				assertThat(settings.uncachableTables()).containsExactlyInAnyOrder("audit", "log");
				assertThat(settings.onlyCachableTables()).containsExactlyInAnyOrder("a", "b");
				assertThat(settings.additionalTables())
					.containsEntry("sp_orders", Set.of("sp_order_totals", "audit"));
				assertThat(settings.queryKeyGenerator()).isSameAs(context.getBean("countingQueryKeys"));
				assertThat(settings.tableKeyGenerator()).isSameAs(context.getBean("prefixedTableKeys"));
				assertThat(settings.maxResultRows()).isEqualTo(5);
				assertThat(settings.maxResultBytes()).isEqualTo(1024);
			});
	}

	@Test
	void aKeyGeneratorNameWithoutBeanFailsStartup() {
		this.runner.withPropertyValues("cachalot.query-keygen=nope")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cachalot.query-keygen names bean 'nope', but there is no such bean"));
	}

	@Test
	void aKeyGeneratorNameWithoutBeanSetAtRuntimeKeepsThePreviousOne() {
		this.runner.withUserConfiguration(KeyGeneratorsConfiguration.class)
			.withPropertyValues("cachalot.query-keygen=countingQueryKeys", "cachalot.table-keygen=prefixedTableKeys")
			.run((context) -> {
				CachalotProperties properties = context.getBean(CachalotProperties.class);
				properties.setQueryKeygen("typo");
				properties.setTableKeygen("typo");
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				read(jdbc);
				read(jdbc);
				assertThat(stats(context).hits()).as("reads keep working").isEqualTo(1);
				OverridableSettings settings = context.getBean(OverridableSettings.class);
				assertThat(settings.queryKeyGenerator()).isSameAs(context.getBean("countingQueryKeys"));
				assertThat(settings.tableKeyGenerator()).as("at startup only")
					.isSameAs(context.getBean("prefixedTableKeys"));
			});
	}

	@Test
	void theNamedKeyGeneratorsMakeTheKeys() {
		this.runner.withUserConfiguration(KeyGeneratorsConfiguration.class)
			.withPropertyValues("cachalot.query-keygen=countingQueryKeys", "cachalot.table-keygen=prefixedTableKeys")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				read(jdbc);
				read(jdbc);
				assertThat(stats(context).hits()).isEqualTo(1);
				assertThat(context.getBean(KeyGeneratorsConfiguration.class).queryKeys).hasValue(2);
				CacheStore store = context.getBean(CacheStore.class);
				assertThat(store.getAll(new String[] { "mine:t:sp_items" })[0]).isInstanceOf(Long.class);
			});
	}

	@Test
	void timeoutZeroCachesNothing() {
		this.runner.withPropertyValues("cachalot.timeout=0").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			assertThat(stats(context).hits()).isZero();
			assertThat(stats(context).uncacheable("timeout zero")).isEqualTo(2);
		});
	}

	@Test
	void aTimeoutExpiresEntries() {
		this.runner.withPropertyValues("cachalot.timeout=200ms").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
			Thread.sleep(400);
			read(jdbc);
			assertThat(stats(context).misses()).isEqualTo(2);
		});
	}

	@Test
	void uncachableTablesAreReadFromTheDatabase() {
		this.runner.withPropertyValues("cachalot.uncachable-tables=SP_ITEMS").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			assertThat(stats(context).hits()).isZero();
			assertThat(stats(context).uncacheable("uncachable table")).isEqualTo(2);
		});
	}

	@Test
	void onlyCachableTablesLimitWhatIsCached() {
		this.runner.withPropertyValues("cachalot.only-cachable-tables=sp_orders").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			jdbc.queryForObject("SELECT COUNT(*) FROM sp_orders", Integer.class);
			jdbc.queryForObject("SELECT COUNT(*) FROM sp_orders", Integer.class);
			assertThat(stats(context).hits()).isEqualTo(1);
			assertThat(stats(context).uncacheable("not only-cachable")).isEqualTo(2);
		});
	}

	@Test
	void additionalTablesAreInvalidatedWithTheirKeyTable() {
		this.runner.withPropertyValues("cachalot.additional-tables.sp_orders=sp_order_totals").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String totals = "SELECT total FROM sp_order_totals";
			assertThat(jdbc.queryForObject(totals, Integer.class)).isZero();
			// a trigger would do this; here it is done behind cachalot's back
			TestDatabases.POSTGRESQL.execute("UPDATE sp_order_totals SET total = 1");
			try {
				assertThat(jdbc.queryForObject(totals, Integer.class)).as("cached").isZero();
				jdbc.update("DELETE FROM sp_orders WHERE id = -1");
				assertThat(jdbc.queryForObject(totals, Integer.class)).isEqualTo(1);
			}
			finally {
				TestDatabases.POSTGRESQL.execute("UPDATE sp_order_totals SET total = 0");
			}
		});
	}

	@Test
	void cacheRandomDecidesWhetherRandomReadsAreCached() {
		String random = "SELECT id FROM sp_items ORDER BY random() LIMIT 1";
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.queryForObject(random, Integer.class);
			jdbc.queryForObject(random, Integer.class);
			assertThat(stats(context).hits()).isZero();
			assertThat(stats(context).uncacheable("random")).isEqualTo(2);
		});
		this.runner.withPropertyValues("cachalot.cache-random=true").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Integer first = jdbc.queryForObject(random, Integer.class);
			assertThat(jdbc.queryForObject(random, Integer.class)).isEqualTo(first);
			assertThat(stats(context).hits()).isEqualTo(1);
		});
	}

	@Test
	void resultsOverTheLimitsAreNotCached() {
		this.runner.withPropertyValues("cachalot.max-result-rows=10").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String all = "SELECT * FROM sp_items";
			assertThat(jdbc.queryForList(all)).hasSize(20);
			assertThat(jdbc.queryForList(all)).hasSize(20);
			assertThat(stats(context).hits()).isZero();
		});
		this.runner.withPropertyValues("cachalot.max-result-size=10B").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			assertThat(stats(context).hits()).isZero();
		});
	}

	@Test
	void invalidateRawDecidesWhetherUnknownWritesInvalidateEverything() {
		TestDatabases.POSTGRESQL.execute(
				"CREATE OR REPLACE FUNCTION sp_touch() RETURNS INT LANGUAGE SQL AS 'SELECT 1'");
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			jdbc.execute("SELECT sp_touch()");
			read(jdbc);
			assertThat(stats(context).hits()).as("an unknown function may write anything").isZero();
		});
		this.runner.withPropertyValues("cachalot.invalidate-raw=false").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			jdbc.execute("SELECT sp_touch()");
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
		});
	}

	@Test
	void aSetterTakesEffectOnTheNextStatement() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotProperties properties = context.getBean(CachalotProperties.class);
			read(jdbc);
			properties.setEnabled(false);
			read(jdbc);
			assertThat(stats(context).hits()).isZero();
			properties.setEnabled(true);
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
			properties.setUncachableTables(Set.of("sp_items"));
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
			assertThat(stats(context).uncacheable("uncachable table")).isEqualTo(1);
		});
	}

	@Test
	void anEnvironmentChangeRebindsTheSettingsWithoutRestart() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RefreshableApplication.class)
			.web(WebApplicationType.NONE)
			.properties(TestDatabases.POSTGRESQL.springProperties())
			.run()) {
			assertThat(context.getEnvironment().getProperty("spring.cloud.refresh.never-refreshable"))
				.as("without it, Spring Cloud would bind spring.datasource.hikari.* onto the wrapper and fail")
				.contains("io.github.cachalot.jdbc.CachingDataSource");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			read(jdbc);
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
			change(context, "cachalot.enabled=false", "cachalot.timeout=5m");
			assertThat(context.getBean(OverridableSettings.class).timeout()).isEqualTo(Duration.ofMinutes(5));
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(1);
			assertThat(stats(context).uncacheable("disabled")).isEqualTo(1);
			change(context, "cachalot.enabled=true", "cachalot.uncachable-tables=sp_orders");
			read(jdbc);
			assertThat(stats(context).hits()).isEqualTo(2);
			assertThat(context.getBean(OverridableSettings.class).uncachableTables()).containsExactly("sp_orders");
			assertThat(CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)))
				.as("the wrapper survives the refresh")
				.isNotNull();
		}
	}

	private static void change(ConfigurableApplicationContext context, String... properties) {
		TestPropertyValues.of(properties).applyTo(context);
		Set<String> keys = new java.util.HashSet<>();
		for (String property : properties) {
			keys.add(property.substring(0, property.indexOf('=')));
		}
		context.publishEvent(new EnvironmentChangeEvent(context, keys));
	}

	private static String read(JdbcTemplate jdbc) {
		return jdbc.queryForObject(READ, String.class);
	}

	private static CachalotStatistics stats(org.springframework.context.ApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
			CachalotAutoConfiguration.class, ConfigurationPropertiesRebinderAutoConfiguration.class })
	static class RefreshableApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class KeyGeneratorsConfiguration {

		final AtomicInteger queryKeys = new AtomicInteger();

		@Bean
		QueryKeyGenerator countingQueryKeys() {
			return (key) -> {
				this.queryKeys.incrementAndGet();
				return Sha256QueryKeyGenerator.INSTANCE.generate(key);
			};
		}

		@Bean
		TableKeyGenerator prefixedTableKeys() {
			return new TableKeyGenerator() {
				@Override
				public String tableKey(String dataSourceId, String table) {
					return "mine:t:" + table;
				}

				@Override
				public String dataSourceKey(String dataSourceId) {
					return "mine:d";
				}
			};
		}

	}

}
