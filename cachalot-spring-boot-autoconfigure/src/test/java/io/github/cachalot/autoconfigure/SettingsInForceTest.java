package io.github.cachalot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachalotOverride;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which settings a cached result lives under (issue 16, items 8 and 10), in a Spring application:
 * those in force when its statement ran, even when its rows are read after the method that ran it
 * returned; and a hit obeys the timeout in force at the hit, shortened or not. Each case has its
 * control: the same steps without the override, or without shortening the timeout, stay hits.
 */
class SettingsInForceTest {

	private static final String READ = "SELECT name FROM sf_items ORDER BY id";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties())
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2")
		.withUserConfiguration(StreamsConfiguration.class);

	@BeforeEach
	void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS sf_items",
				"CREATE TABLE sf_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO sf_items VALUES (1, 'one')",
				"INSERT INTO sf_items VALUES (2, 'two')");
	}

	// ---- item 8: settings captured when the statement runs

	@Test
	void aStreamReadAfterItsMethodReturnedIsCachedUnderTheMethodsTimeout() {
		this.runner.run((context) -> {
			Streams streams = context.getBean(Streams.class);
			assertThat(consume(streams.withOneSecondTimeout())).containsExactly("one", "two");
			assertThat(consume(streams.withOneSecondTimeout())).as("cached").containsExactly("one", "two");
			assertThat(stats(context).hits()).isEqualTo(1);
			Thread.sleep(1_500);
			long misses = stats(context).misses();
			assertThat(consume(streams.withOneSecondTimeout())).containsExactly("one", "two");
			assertThat(stats(context).misses()).as("expired after the method's 1s timeout").isEqualTo(misses + 1);
		});
	}

	/**
	 * The entry is stored under the timeout in force when the statement ran, not when its rows were
	 * read: it is gone for a reader without the override too (at a hit, that reader's timeout alone
	 * would keep it).
	 */
	@Test
	void aStreamReadAfterItsMethodReturnedExpiresForEveryReader() {
		this.runner.run((context) -> {
			Streams streams = context.getBean(Streams.class);
			consume(streams.withOneSecondTimeout());
			Thread.sleep(1_500);
			long misses = stats(context).misses();
			assertThat(consume(streams.withoutOverride())).containsExactly("one", "two");
			assertThat(stats(context).misses()).as("expired after the method's 1s timeout").isEqualTo(misses + 1);
		});
	}

	@Test
	void aStreamWithoutOverrideStaysCached() {
		this.runner.run((context) -> {
			Streams streams = context.getBean(Streams.class);
			consume(streams.withoutOverride());
			Thread.sleep(1_500);
			long hits = stats(context).hits();
			assertThat(consume(streams.withoutOverride())).containsExactly("one", "two");
			assertThat(stats(context).hits()).as("no timeout: still a hit").isEqualTo(hits + 1);
		});
	}

	/** Returns the rows as a stream, read by the caller after the method (and its override) returned. */
	static class Streams {

		private final JdbcTemplate jdbc;

		Streams(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@CachalotOverride("timeout=1s")
		public Stream<String> withOneSecondTimeout() {
			return this.jdbc.queryForStream(READ, (rs, row) -> rs.getString(1));
		}

		public Stream<String> withoutOverride() {
			return this.jdbc.queryForStream(READ, (rs, row) -> rs.getString(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StreamsConfiguration {

		@Bean
		Streams streams(JdbcTemplate jdbc) {
			return new Streams(jdbc);
		}

	}

	private static List<String> consume(Stream<String> stream) {
		try (stream) {
			return stream.toList();
		}
	}

	// ---- item 10: the timeout in force at the hit

	@Test
	void shorteningTheTimeoutBoundsWhatWasCachedBefore() {
		this.runner.run((context) -> {
			assertShortenedTimeout(context, Duration.ofSeconds(1));
			assertThat(stats(context).hits()).as("expired under the new timeout: no hit").isEqualTo(1);
		});
	}

	@Test
	void keepingTheTimeoutKeepsWhatWasCached() {
		this.runner.run((context) -> {
			assertShortenedTimeout(context, Duration.ofHours(1));
			assertThat(stats(context).hits()).as("still within the timeout").isEqualTo(2);
		});
	}

	/** Caches a read under a 1h timeout, sets the timeout, waits 1.5s, and reads again. */
	private static void assertShortenedTimeout(AssertableApplicationContext context, Duration timeout)
			throws InterruptedException {
		CachalotProperties properties = context.getBean(CachalotProperties.class);
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		properties.setTimeout(Duration.ofHours(1));
		jdbc.queryForList(READ, String.class);
		assertThat(jdbc.queryForList(READ, String.class)).containsExactly("one", "two");
		assertThat(stats(context).hits()).isEqualTo(1);
		properties.setTimeout(timeout);
		Thread.sleep(1_500);
		assertThat(jdbc.queryForList(READ, String.class)).containsExactly("one", "two");
	}

	private static CachalotStatistics stats(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

}
