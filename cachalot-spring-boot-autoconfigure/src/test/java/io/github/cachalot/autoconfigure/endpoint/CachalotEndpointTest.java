package io.github.cachalot.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code cachalot} endpoint reports the settings, the wrapped data sources and their counters,
 * and invalidates on demand, against PostgreSQL.
 */
class CachalotEndpointTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class, EndpointAutoConfiguration.class,
				CachalotEndpointAutoConfiguration.class))
		.withPropertyValues(DATABASE.springProperties())
		.withPropertyValues("management.endpoints.web.exposure.include=cachalot");

	@BeforeEach
	void createTables() {
		DATABASE.execute("drop table if exists ep_items", "drop table if exists ep_other",
				"create table ep_items (id int primary key, name varchar(20))",
				"create table ep_other (id int primary key)", "insert into ep_items values (1, 'one')",
				"insert into ep_other values (1)");
	}

	@Test
	void reportsTheSettingsInForce() {
		this.runner
			.withPropertyValues("cachalot.timeout=10m", "cachalot.cache-random=true", "cachalot.invalidate-raw=false",
					"cachalot.uncachable-tables=Audit_Log", "cachalot.only-cachable-tables=ep_items,ep_other",
					"cachalot.additional-tables.ep_items=ep_items_summary", "cachalot.max-result-rows=500",
					"cachalot.max-result-size=1MB", "cachalot.cache-name=results")
			.run((context) -> {
				SettingsDescriptor settings = endpoint(context).cachalot().settings();
				assertThat(settings.enabled()).isTrue();
				assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(10));
				assertThat(settings.cacheRandom()).isTrue();
				assertThat(settings.invalidateRaw()).isFalse();
				assertThat(settings.uncachableTables()).containsExactly("audit_log");
				assertThat(settings.onlyCachableTables()).containsExactly("ep_items", "ep_other");
				assertThat(settings.additionalTables()).isEqualTo(Map.of("ep_items", Set.of("ep_items_summary")));
				assertThat(settings.maxResultRows()).isEqualTo(500);
				assertThat(settings.maxResultBytes()).isEqualTo(1024 * 1024);
				assertThat(settings.cacheAlias()).isNull();
				assertThat(settings.cacheName()).isEqualTo("results");
			});
	}

	@Test
	void reportsEachWrappedDataSourceWithItsStoreAndCounters() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			readName(jdbc);
			jdbc.queryForObject("select now() from ep_items where id = 1", Object.class);

			CachalotDescriptor report = endpoint(context).cachalot();

			assertThat(report.dataSources()).containsOnlyKeys("dataSource");
			DataSourceDescriptor dataSource = report.dataSources().get("dataSource");
			assertThat(dataSource.store()).isNotBlank();
			CachingDataSource caching = CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class));
			assertThat(dataSource.database().id()).as("the database it shares invalidations with")
				.isEqualTo(caching.database())
				.matches("[0-9a-f]{16}");
			assertThat(dataSource.database().description()).startsWith("postgresql system=")
				.doesNotContain("user");
			assertThat(dataSource.keyScope()).isEqualTo(caching.keyScope()).isNotEqualTo(caching.database());
			assertThat(dataSource.lastInvalidations()).isEmpty();
			assertThat(dataSource.pendingInvalidations()).isFalse();
			assertThat(dataSource.counters()).isEqualTo(
					new CountersDescriptor(1, 1, Map.of("non deterministic", 1L), 0, 0));
		});
	}

	@Test
	void reportsWhenEachTableWasLastInvalidated() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("update ep_items set name = 'uno' where id = 1");

			DataSourceDescriptor dataSource = endpoint(context).dataSource("dataSource");

			assertThat(dataSource.lastInvalidations()).containsOnlyKeys("ep_items");
			assertThat(dataSource.counters().invalidations()).isEqualTo(1);
		});
	}

	@Test
	void reportsNoDataSourceForAnUnknownName() {
		this.runner.run((context) -> assertThat(endpoint(context).dataSource("nope")).isNull());
	}

	@Test
	void invalidatesEverythingSoThatTheNextReadGoesToTheDatabase() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(readName(jdbc)).isEqualTo("one");
			DATABASE.execute("update ep_items set name = 'restored' where id = 1");
			assertThat(readName(jdbc)).as("changed behind cachalot's back").isEqualTo("one");

			List<InvalidationDescriptor> done = endpoint(context).invalidate(null, null);

			assertThat(done).containsExactly(new InvalidationDescriptor("dataSource", true, Set.of(), true));
			assertThat(readName(jdbc)).isEqualTo("restored");
			assertThat(endpoint(context).dataSource("dataSource").lastInvalidations()).containsOnlyKeys("*");
		});
	}

	@Test
	void invalidatesOnlyTheGivenTablesOfTheGivenDataSource() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			countOther(jdbc);
			DATABASE.execute("update ep_items set name = 'restored' where id = 1", "insert into ep_other values (2)");

			List<InvalidationDescriptor> done = endpoint(context).invalidate("dataSource", List.of("EP_ITEMS"));

			assertThat(done).containsExactly(new InvalidationDescriptor("dataSource", false, Set.of("ep_items"), true));
			assertThat(readName(jdbc)).isEqualTo("restored");
			assertThat(countOther(jdbc)).as("still cached").isEqualTo(1);
		});
	}

	@Test
	void invalidatesTheGivenTablesOfEveryDataSource() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			DATABASE.execute("update ep_items set name = 'restored' where id = 1");

			assertThat(endpoint(context).invalidate(null, List.of("ep_items")))
				.containsExactly(new InvalidationDescriptor("dataSource", false, Set.of("ep_items"), true));
			assertThat(readName(jdbc)).isEqualTo("restored");
		});
	}

	@Test
	void invalidatesEveryTableOfTheGivenDataSource() {
		this.runner.run((context) -> assertThat(endpoint(context).invalidate("dataSource", List.of()))
			.containsExactly(new InvalidationDescriptor("dataSource", true, Set.of(), true)));
	}

	@Test
	void rejectsAnUnknownDataSourceAsABadRequest() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint(context).invalidate("nope", null))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("no data source named 'nope'", "[dataSource]")));
	}

	@Test
	void invalidatesTablesNamedInAnySpelling() {
		this.runner.run((context) -> assertThat(endpoint(context).invalidate("dataSource",
				List.of("public.EP_ITEMS", "\"ep_other\"")))
			.containsExactly(new InvalidationDescriptor("dataSource", false, Set.of("ep_items", "ep_other"), true)));
	}

	@Test
	void rejectsTablesTheDatabaseDoesNotHaveAndInvalidatesNothing() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			DATABASE.execute("update ep_items set name = 'restored' where id = 1");

			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint(context).invalidate(null, List.of("ep_items", "ep_nope")))
				.satisfies((ex) -> assertThat(ex.getReason()).startsWith(
						"Data source 'dataSource' has no table named 'ep_nope'. Names are compared unqualified"));
			assertThat(readName(jdbc)).as("still cached").isEqualTo("one");
			assertThat(endpoint(context).dataSource("dataSource").lastInvalidations()).isEmpty();
		});
	}

	@Test
	void rejectsMoreTablesThanOneRequestMayNameBeforeLookingAnyUp() {
		this.runner.run((context) -> {
			List<String> madeUp = IntStream.range(0, 50_000).mapToObj((i) -> "made_up_" + i).toList();

			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint(context).invalidate("dataSource", madeUp))
				.satisfies((ex) -> assertThat(ex.getReason())
					.isEqualTo("At most 1000 tables can be invalidated in one request; 50000 were given. "
							+ "Invalidate the whole data source instead (no tables)."));
			assertThat(endpoint(context).dataSource("dataSource").lastInvalidations()).isEmpty();
		});
	}

	@Test
	void quotesCallersNamesInItsMessageShortAndOnOneLine() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint(context).invalidate("x".repeat(100) + "\nforged log line", null))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("'" + "x".repeat(64) + "…'")
				.doesNotContain("\n", "forged")));
	}

	@Test
	void invalidatesTheWholeDataSourceWhoseCatalogCannotBeRead() {
		this.runner.run((context) -> {
			DataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "none", "");
			context.getBean(CachalotDataSources.class).wrap(unreachable, "unreachable");

			List<InvalidationDescriptor> done = endpoint(context).invalidate(null, List.of("ep_items"));

			assertThat(done).extracting(InvalidationDescriptor::dataSource, InvalidationDescriptor::allTables,
					InvalidationDescriptor::tables)
				.containsExactly(tuple("dataSource", false, Set.of("ep_items")), tuple("unreachable", true, Set.of()));
		});
	}

	@Test
	void isNotCreatedUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					CachalotAutoConfiguration.class, EndpointAutoConfiguration.class,
					CachalotEndpointAutoConfiguration.class))
			.withPropertyValues(DATABASE.springProperties())
			.run(noEndpoint());
	}

	@Test
	void isNotCreatedWhenCachalotIsOff() {
		this.runner.withPropertyValues("cachalot.enabled=false").run(noEndpoint());
	}

	@Test
	void isNotCreatedWhenAccessIsDenied() {
		this.runner.withPropertyValues("management.endpoint.cachalot.access=NONE").run(noEndpoint());
	}

	@Test
	void backsOffFromAnEndpointOfTheApplication() {
		this.runner.withBean("myEndpoint", CachalotEndpoint.class, () -> new CachalotEndpoint(null, null, null))
			.run((context) -> assertThat(context).hasSingleBean(CachalotEndpoint.class).hasBean("myEndpoint"));
	}

	private static ContextConsumer<AssertableApplicationContext> noEndpoint() {
		return (context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CachalotEndpoint.class);
	}

	private static CachalotEndpoint endpoint(AssertableApplicationContext context) {
		return context.getBean(CachalotEndpoint.class);
	}

	private static String readName(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from ep_items where id = ?", String.class, 1);
	}

	private static int countOther(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from ep_other", Integer.class);
	}

}
