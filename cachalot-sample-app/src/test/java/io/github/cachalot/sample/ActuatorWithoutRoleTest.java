package io.github.cachalot.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A user who logs in but lacks the {@code ACTUATOR_ADMIN} role may not flush the cache either. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:norole;DB_CLOSE_DELAY=-1",
				"spring.security.user.password=test-only-secret", "spring.security.user.roles=USER" })
class ActuatorWithoutRoleTest {

	@LocalServerPort
	private int port;

	@Test
	void aPostByAUserWithoutTheRoleIsForbidden() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/cachalot"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString("admin:test-only-secret".getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();

		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(403);
	}

}
