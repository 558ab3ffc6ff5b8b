package io.github.cachalot.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
	void aPostByAUserWithoutTheRoleIsForbidden() {
		BookshopClient shop = new BookshopClient(this.port);

		HttpResponse<String> response = shop.send(HttpRequest.newBuilder(shop.uri("/actuator/cachalot"))
			.header("Content-Type", "application/json")
			.header("Authorization", BookshopClient.basic("admin", "test-only-secret"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());

		assertThat(response.statusCode()).isEqualTo(403);
	}

}
