package io.github.cachalot.autoconfigure.endpoint;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Like every Actuator endpoint but {@code health}, the {@code cachalot} endpoint is not reachable
 * over HTTP unless {@code management.endpoints.web.exposure.include} lists it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CachalotEndpointWebExposureTest {

	@LocalServerPort
	private int port;

	@Test
	void isNotExposedOverHttpByDefault() {
		assertThat(status("/actuator/health")).isEqualTo(HttpStatus.OK);
		assertThat(status("/actuator/cachalot")).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(post("/actuator/cachalot")).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private HttpStatusCode status(String path) {
		return http().get().uri(path).retrieve().toBodilessEntity().getStatusCode();
	}

	private HttpStatusCode post(String path) {
		return http().post().uri(path).retrieve().toBodilessEntity().getStatusCode();
	}

	private RestClient http() {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
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
