package io.github.cachalot.spring;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Invalidating by hand: everything, a data source, some tables; and the events that follow. */
class CachalotManagerTest {

	private static final String READ_A = "SELECT name FROM mg_a WHERE id = 1";

	private static final String READ_B = "SELECT name FROM mg_b WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withUserConfiguration(EventsConfiguration.class)
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeAll
	static void createTables() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS mg_a, mg_b",
				"CREATE TABLE mg_a (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO mg_a VALUES (1, 'a')",
				"CREATE TABLE mg_b (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO mg_b VALUES (1, 'b')");
	}

	@Test
	void invalidatingTablesMakesTheirNextReadsGoToTheDatabase() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			warm(jdbc);
			List<CachalotManager.Invalidation> done = cachalot.invalidateTables(List.of("public.MG_A"));
			assertThat(done).containsExactly(new CachalotManager.Invalidation("dataSource", java.util.Set.of("mg_a"), true));
			long misses = cachalot.statistics("dataSource").misses();
			jdbc.queryForObject(READ_A, String.class);
			jdbc.queryForObject(READ_B, String.class);
			assertThat(cachalot.statistics("dataSource").misses()).as("only mg_a was invalidated").isEqualTo(misses + 1);
			assertThat(cachalot.lastInvalidations("dataSource")).containsOnlyKeys("mg_a");
			assertThat(cachalot.lastInvalidations("dataSource").get("mg_a")).isBeforeOrEqualTo(Instant.now());
			assertThat(context.getBean(EventsConfiguration.class).events).extracting(CachalotInvalidationEvent::getTable)
				.containsExactly("mg_a");
		});
	}

	@Test
	void invalidatingEverythingEmptiesTheCacheOfEveryDataSourceAndPublishesOneEventEach() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			warm(jdbc);
			assertThat(cachalot.invalidateAll()).singleElement().satisfies((invalidation) -> {
				assertThat(invalidation.dataSource()).isEqualTo("dataSource");
				assertThat(invalidation.allTables()).isTrue();
				assertThat(invalidation.tookEffect()).isTrue();
			});
			long misses = cachalot.statistics("dataSource").misses();
			jdbc.queryForObject(READ_A, String.class);
			jdbc.queryForObject(READ_B, String.class);
			assertThat(cachalot.statistics("dataSource").misses()).isEqualTo(misses + 2);
			List<CachalotInvalidationEvent> events = context.getBean(EventsConfiguration.class).events;
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.getDataSource()).isEqualTo("dataSource");
				assertThat(event.isAllTables()).isTrue();
				assertThat(event.getTable()).isNull();
			});
			assertThat(cachalot.lastInvalidations("dataSource")).containsKey("*");
		});
	}

	@Test
	void invalidatingOneDataSourceByName() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			warm(jdbc);
			assertThat(cachalot.invalidateDataSource("dataSource").allTables()).isTrue();
			long hits = cachalot.statistics("dataSource").hits();
			jdbc.queryForObject(READ_A, String.class);
			assertThat(cachalot.statistics("dataSource").hits()).isEqualTo(hits);
		});
	}

	@Test
	void anUnknownDataSourceIsNamedInTheError() {
		this.runner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(CachalotManager.class).invalidateDataSource("other"))
			.withMessage("cachalot wraps no data source named 'other'; it wraps [dataSource]"));
	}

	@Test
	void byEntityClassNeedsAnEntity() {
		this.runner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(CachalotManager.class).invalidateEntities(String.class))
			.withMessageContaining("java.lang.String is not an entity"));
	}

	@Test
	void aFailingListenerDoesNotStopTheWriteNorTheOtherEvents() {
		this.runner.withUserConfiguration(FailingListenerConfiguration.class).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			warm(jdbc);
			jdbc.update("UPDATE mg_a SET name = 'a2' WHERE id = 1");
			try {
				assertThat(jdbc.queryForObject(READ_A, String.class)).isEqualTo("a2");
				assertThat(context.getBean(EventsConfiguration.class).events).extracting(CachalotInvalidationEvent::getTable)
					.containsExactly("mg_a");
			}
			finally {
				jdbc.update("UPDATE mg_a SET name = 'a' WHERE id = 1");
			}
		});
	}

	private static void warm(JdbcTemplate jdbc) {
		jdbc.queryForObject(READ_A, String.class);
		jdbc.queryForObject(READ_B, String.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		final List<CachalotInvalidationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(CachalotInvalidationEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListenerConfiguration {

		@Bean
		Object failingListener() {
			return new Object() {
				@EventListener
				void on(CachalotInvalidationEvent event) {
					throw new IllegalStateException("listener bug");
				}
			};
		}

	}

}
