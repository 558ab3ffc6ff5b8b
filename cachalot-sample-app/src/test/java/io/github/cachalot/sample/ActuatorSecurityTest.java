package io.github.cachalot.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.cachalot.spring.CachalotManager;

import static io.github.cachalot.sample.BookshopClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample is safe to copy: anyone may read {@code /actuator/cachalot} (the dashboard does), but
 * only a user with the {@code ACTUATOR_ADMIN} role may flush the cache; the shop's own API stays
 * open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:security;DB_CLOSE_DELAY=-1",
				"spring.security.user.password=" + ActuatorSecurityTest.PASSWORD })
class ActuatorSecurityTest {

	static final String PASSWORD = "test-only-secret";

	@LocalServerPort
	private int port;

	private BookshopClient shop;

	@Autowired
	private CachalotManager cachalot;

	private Instant lastFlushBefore;

	@BeforeEach
	void browse() {
		this.shop = new BookshopClient(this.port);
		this.shop.get("/api/books"); // something cached
		this.lastFlushBefore = lastFlush();
	}

	@Test
	void anAnonymousPostIsRefusedAndInvalidatesNothing() {
		HttpResponse<String> response = send(invalidateEverything());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(lastFlush()).isEqualTo(this.lastFlushBefore);
	}

	@Test
	void aPostWithAWrongPasswordIsRefused() {
		HttpResponse<String> response = send(invalidateEverything().header("Authorization", basic("admin", "guess")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(lastFlush()).isEqualTo(this.lastFlushBefore);
	}

	@Test
	void aCrossSiteFormPostWithTheAdminsCredentialsIsRefused() {
		// what a forged HTML form could send, were the browser to add cached Basic credentials
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/cachalot"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", basic("admin", PASSWORD))
			.POST(HttpRequest.BodyPublishers.ofString("dataSource=dataSource")));

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(lastFlush()).isEqualTo(this.lastFlushBefore);
	}

	@Test
	void anAdminsPostInvalidates() {
		HttpResponse<String> response = send(invalidateEverything().header("Authorization", basic("admin", PASSWORD)));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"allTables\":true");
		assertThat(lastFlush()).isNotNull().isNotEqualTo(this.lastFlushBefore);
	}

	@Test
	void anyoneMayReadTheEndpointAndTheHealthButOnlyAnAdminSeesHealthDetails() {
		assertThat(send(get("/actuator/cachalot")).statusCode()).isEqualTo(200);
		HttpResponse<String> anonymous = send(get("/actuator/health"));
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("cachalot");

		HttpResponse<String> admin = send(get("/actuator/health").header("Authorization", basic("admin", PASSWORD)));
		assertThat(admin.body()).contains("\"cachalot\"", "\"storeReachable\":true");
	}

	@Test
	void theShopsApiStaysOpen() {
		this.shop.post("/api/books/1/reviews", "{\"rating\":5,\"comment\":\"fine\"}");

		assertThat(lastInvalidations()).containsKey("reviews");
	}

	private Map<String, Instant> lastInvalidations() {
		return this.cachalot.lastInvalidations("dataSource");
	}

	/** When the whole data source was last invalidated, or {@code null}. */
	private Instant lastFlush() {
		return lastInvalidations().get("*");
	}

	private HttpRequest.Builder invalidateEverything() {
		return HttpRequest.newBuilder(uri("/actuator/cachalot"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody());
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(uri(path)).GET();
	}

	private URI uri(String path) {
		return this.shop.uri(path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return this.shop.send(request.build());
	}

}
