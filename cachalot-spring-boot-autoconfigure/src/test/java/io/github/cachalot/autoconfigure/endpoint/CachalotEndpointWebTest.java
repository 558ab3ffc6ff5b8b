package io.github.cachalot.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cachalot} endpoint over HTTP, in an application that exposes it: GET reports, POST
 * invalidates (the script to run after a database restore), an unknown data source or table is a
 * 400 whose message says why (in the body with {@code spring.web.error.include-message=always}),
 * and what one POST can make cachalot keep is bounded.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=cachalot", "cachalot.timeout=10m",
				"spring.web.error.include-message=always" })
class CachalotEndpointWebTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private CachalotManager cachalot;

	private RestClient http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", DATABASE::url);
		registry.add("spring.datasource.username", DATABASE::user);
		registry.add("spring.datasource.password", DATABASE::password);
	}

	@BeforeEach
	void createTable() {
		DATABASE.execute("drop table if exists ep_web", "create table ep_web (id int primary key, name varchar(20))",
				"insert into ep_web values (1, 'one')", "create table if not exists ep_web_other (id int)");
		this.cachalot.invalidateAll(); // the context, and its cache, outlive each test
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/actuator/cachalot")
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void getReportsSettingsDataSourcesAndCounters() {
		readName();
		readName();

		ResponseEntity<Map<String, Object>> response = this.http.get().retrieve().toEntity(OBJECT);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		Map<String, Object> settings = (Map<String, Object>) response.getBody().get("settings");
		assertThat(settings).containsEntry("enabled", true)
			.containsEntry("timeout", "PT10M")
			.containsEntry("cacheName", "cachalot");
		Map<String, Object> dataSource = (Map<String, Object>) ((Map<String, Object>) response.getBody()
			.get("dataSources")).get("dataSource");
		assertThat(dataSource).containsKeys("store", "database", "keyScope", "lastInvalidations", "counters");
		assertThat((Map<String, Object>) dataSource.get("database")).containsKeys("id", "description");
		Map<String, Object> counters = (Map<String, Object>) dataSource.get("counters");
		assertThat(counters).containsKeys("hits", "misses", "uncacheable", "invalidations", "storeFailures");
		assertThat(((Number) counters.get("hits")).longValue()).as("the second read").isPositive();
	}

	@Test
	@SuppressWarnings("unchecked")
	void getReportsLastInvalidationsAsTimestamps() {
		this.jdbc.update("update ep_web set name = 'uno' where id = 1");

		Map<String, Object> dataSource = this.http.get().uri("/dataSource").retrieve().body(OBJECT);

		assertThat((Map<String, Object>) dataSource.get("lastInvalidations")).hasEntrySatisfying("ep_web",
				(when) -> assertThat(when).asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
	}

	@Test
	void postInvalidatesSoThatTheNextReadGoesToTheDatabase() {
		assertThat(readName()).isEqualTo("one");
		DATABASE.execute("update ep_web set name = 'restored' where id = 1");
		assertThat(readName()).as("changed behind cachalot's back").isEqualTo("one");

		ResponseEntity<List<Map<String, Object>>> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.retrieve()
			.toEntity(LIST);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).containsExactly(
				Map.of("dataSource", "dataSource", "allTables", true, "tables", List.of(), "tookEffect", true));
		assertThat(readName()).isEqualTo("restored");
	}

	@Test
	void postInvalidatesTheGivenTablesOfTheGivenDataSource() {
		readName();
		DATABASE.execute("update ep_web set name = 'restored' where id = 1");

		ResponseEntity<List<Map<String, Object>>> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("dataSource", "dataSource", "tables", "ep_web,ep_web_other"))
			.retrieve()
			.toEntity(LIST);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).containsExactly(
				Map.of("dataSource", "dataSource", "allTables", false, "tables", List.of("ep_web", "ep_web_other"),
						"tookEffect", true));
		assertThat(readName()).isEqualTo("restored");
	}

	@Test
	void postForAnUnknownDataSourceIsABadRequest() {
		ResponseEntity<String> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("dataSource", "nope"))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	@SuppressWarnings("unchecked")
	void postOfTablesTheDatabaseDoesNotHaveIsABadRequestThatNamesThemAndInvalidatesNothing() {
		readName();
		DATABASE.execute("update ep_web set name = 'restored' where id = 1");

		ResponseEntity<Map<String, Object>> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("tables", "ep_web,no_such_table,nor_this"))
			.retrieve()
			.toEntity(OBJECT);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("message")).asString()
			.contains("has no table named 'no_such_table', 'nor_this'", "nothing was invalidated");
		assertThat(readName()).as("ep_web was not invalidated either").isEqualTo("one");
		Map<String, Object> dataSource = this.http.get().uri("/dataSource").retrieve().body(OBJECT);
		assertThat((Map<String, Object>) dataSource.get("lastInvalidations")).containsOnlyKeys("*");
	}

	@Test
	@SuppressWarnings("unchecked")
	void postOfFiftyThousandMadeUpTablesIsABadRequestThatLeavesNothingBehind() {
		String madeUp = IntStream.range(0, 50_000).mapToObj((i) -> "made_up_table_" + i)
			.collect(Collectors.joining(","));

		ResponseEntity<Map<String, Object>> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("dataSource", "dataSource", "tables", madeUp))
			.retrieve()
			.toEntity(OBJECT);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("message")).asString()
			.contains("At most 1000 tables can be invalidated in one request; 50000 were given");
		ResponseEntity<String> report = this.http.get().retrieve().toEntity(String.class);
		assertThat(report.getBody()).hasSizeLessThan(2_000).doesNotContain("made_up");
		Map<String, Object> dataSource = this.http.get().uri("/dataSource").retrieve().body(OBJECT);
		assertThat((Map<String, Object>) dataSource.get("lastInvalidations")).containsOnlyKeys("*");
	}

	@Test
	void postOfAThousandMadeUpTablesIsABadRequestWhoseMessageStaysShort() {
		String madeUp = IntStream.range(0, 1_000).mapToObj((i) -> "made_up_table_" + i)
			.collect(Collectors.joining(","));

		ResponseEntity<Map<String, Object>> response = this.http.post()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("tables", madeUp))
			.retrieve()
			.toEntity(OBJECT);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("message")).asString().contains("(and 990 more)").hasSizeLessThan(600);
	}

	@Test
	void getOfAnUnknownDataSourceIsNotFound() {
		assertThat(this.http.get().uri("/nope").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private String readName() {
		return this.jdbc.queryForObject("select name from ep_web where id = ?", String.class, 1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
			"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
	static class Application {

	}

}
