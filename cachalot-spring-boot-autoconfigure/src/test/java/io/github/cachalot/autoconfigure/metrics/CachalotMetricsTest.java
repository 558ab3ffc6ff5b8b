package io.github.cachalot.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cachalot's Micrometer meters count what it does for each data source, against PostgreSQL.
 */
class CachalotMetricsTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				CachalotMetricsAutoConfiguration.class))
		.withPropertyValues(DATABASE.springProperties());

	@BeforeEach
	void createTable() {
		DATABASE.execute("drop table if exists mt_items", "create table mt_items (id int primary key, name varchar(20))",
				"insert into mt_items values (1, 'one')");
	}

	@Test
	void countsReadsByResult() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			readName(jdbc);
			readName(jdbc);

			assertThat(reads(context, "hit", "none")).isEqualTo(2);
			assertThat(reads(context, "miss", "none")).isEqualTo(1);
		});
	}

	@Test
	void countsUncacheableReadsByReason() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.queryForObject("select now() from mt_items where id = 1", Object.class);
			jdbc.queryForObject("select now() from mt_items where id = 1", Object.class);
			jdbc.queryForObject("select name from mt_items where id = 1 for update", String.class);

			assertThat(reads(context, "uncacheable", "non deterministic")).isEqualTo(2);
			assertThat(reads(context, "uncacheable", "locking")).isEqualTo(1);
		});
	}

	@Test
	void givesEveryReadsMeterTheSameTagKeys() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			jdbc.queryForObject("select now() from mt_items where id = 1", Object.class);

			assertThat(registry(context).find("cachalot.reads").meters()).hasSize(3)
				.allSatisfy((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder("datasource", "result",
						"reason"));
		});
	}

	@Test
	void timesLookupsOfTheCache() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int i = 0; i < 200; i++) {
				readName(jdbc);
			}

			// every look-up counted; one in eight timed, at random (none timed in 200: 2.6e-12)
			FunctionTimer lookups = search(context, "cachalot.lookups").functionTimer();
			assertThat(lookups.count()).isEqualTo(200);
			assertThat(lookups.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	@Test
	void countsInvalidationsByTableAndOfWholeDataSources() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("update mt_items set name = 'uno' where id = 1");
			jdbc.update("update mt_items set name = 'un' where id = 1");
			context.getBean(CachalotManager.class).invalidateAll();

			assertThat(invalidations(context, "table", "mt_items")).isEqualTo(2);
			assertThat(invalidations(context, "data-source", "all")).isEqualTo(1);
			assertThat(invalidations(context, "other-tables", "other")).isZero();
		});
	}

	@Test
	void keepsTablesNamedAllAndOtherApartFromTheWholeDataSourceAndOverflowCounters() {
		this.runner.withPropertyValues("cachalot.metrics.max-table-tags=2").run((context) -> {
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			cachalot.invalidateTables("dataSource", Set.of("all"));
			cachalot.invalidateTables("dataSource", Set.of("other"));
			cachalot.invalidateTables("dataSource", Set.of("mt_third"));
			cachalot.invalidateAll();

			assertThat(invalidations(context, "table", "all")).isEqualTo(1);
			assertThat(invalidations(context, "table", "other")).isEqualTo(1);
			assertThat(invalidations(context, "other-tables", "other")).as("mt_third").isEqualTo(1);
			assertThat(invalidations(context, "data-source", "all")).isEqualTo(1);
			assertThat(registry(context).find("cachalot.invalidations").meters()).hasSize(4)
				.allSatisfy((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder("datasource", "scope",
						"table"));
		});
	}

	@Test
	void tagsOnlyTheFirstTablesAndCountsFurtherOnesAsOther() {
		this.runner.withPropertyValues("cachalot.metrics.max-table-tags=2").run((context) -> {
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			for (String table : List.of("mt_a", "mt_b", "mt_c", "mt_d", "mt_a")) {
				cachalot.invalidateTables("dataSource", Set.of(table));
			}

			assertThat(invalidations(context, "table", "mt_a")).isEqualTo(2);
			assertThat(invalidations(context, "table", "mt_b")).isEqualTo(1);
			assertThat(invalidations(context, "other-tables", "other")).isEqualTo(2);
			assertThat(registry(context).find("cachalot.invalidations").tag("table", "mt_c").meter()).isNull();
			assertThat(registry(context).find("cachalot.invalidations").meters()).hasSize(4);
		});
	}

	@Test
	void countsStoreFailures() {
		this.runner.withBean(CacheStore.class, BrokenStore::new).run((context) -> {
			readName(context.getBean(JdbcTemplate.class));

			assertThat(search(context, "cachalot.store.failures").functionCounter().count()).isEqualTo(1);
			assertThat(reads(context, "uncacheable", "store failure")).isEqualTo(1);
		});
	}

	@Test
	void bindsTheMetersOfDataSourcesWrappedLater() {
		this.runner.run((context) -> {
			DriverManagerDataSource raw = new DriverManagerDataSource(DATABASE.url(), DATABASE.user(),
					DATABASE.password());
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(CachalotDataSources.class).wrap(raw, "late"));
			readName(jdbc);

			assertThat(registry(context).get("cachalot.reads")
				.tags("datasource", "late", "result", "miss", "reason", "none")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void needsAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					CachalotAutoConfiguration.class, CachalotMetricsAutoConfiguration.class))
			.withPropertyValues(DATABASE.springProperties())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CachalotMeterBinder.class));
	}

	@Test
	void needsCachalot() {
		this.runner.withPropertyValues("cachalot.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CachalotMeterBinder.class));
	}

	@Test
	void backsOffFromABinderOfTheApplication() {
		this.runner
			.withBean("myBinder", CachalotMeterBinder.class,
					() -> new CachalotMeterBinder(new CachalotDataSources(null, null), 1))
			.run((context) -> assertThat(context).hasSingleBean(CachalotMeterBinder.class).hasBean("myBinder"));
	}

	private static double reads(AssertableApplicationContext context, String result, String reason) {
		return search(context, "cachalot.reads").tags("result", result, "reason", reason).functionCounter().count();
	}

	private static double invalidations(AssertableApplicationContext context, String scope, String table) {
		return search(context, "cachalot.invalidations").tags("scope", scope, "table", table).counter().count();
	}

	private static RequiredSearch search(AssertableApplicationContext context, String name) {
		return registry(context).get(name).tag("datasource", "dataSource");
	}

	private static MeterRegistry registry(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class);
	}

	private static Set<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
	}

	private static String readName(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from mt_items where id = ?", String.class, 1);
	}

	/** A cache store that is down. */
	static class BrokenStore implements CacheStore {

		@Override
		public Object[] getAll(String[] keys) {
			throw new IllegalStateException("store down");
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			throw new IllegalStateException("store down");
		}

		@Override
		public void clear() {
			throw new IllegalStateException("store down");
		}

		@Override
		public String description() {
			return "broken store";
		}

	}

}
