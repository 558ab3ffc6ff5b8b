package io.github.cachalot.sample.activity;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.github.cachalot.ReadOutcome;
import io.github.cachalot.autoconfigure.observation.CachalotReadObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The log of the last requests' statements stays bounded however many requests and statements come. */
class RecentRequestsTest {

	private final RecentRequests recent = new RecentRequests();

	private final ObservationRegistry registry = ObservationRegistry.create();

	RecentRequestsTest() {
		this.registry.observationConfig().observationHandler(this.recent);
	}

	@Test
	void keepsTheLastRequestsTheLatestFirst() {
		for (int i = 0; i < RecentRequests.MAX_REQUESTS + 5; i++) {
			request("/api/books/" + i, 1);
		}
		request("/api/nothing-read", 0);

		assertThat(this.recent.last()).hasSize(RecentRequests.MAX_REQUESTS)
			.first()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/api/books/24"));
		assertThat(this.recent.last().get(RecentRequests.MAX_REQUESTS - 1).path()).isEqualTo("/api/books/5");
	}

	@Test
	void keepsTheFirstStatementsOfARequestAndCountsTheRest() {
		request("/api/busy", RecentRequests.MAX_STATEMENTS + 7);

		RecentRequests.Request busy = this.recent.last().get(0);
		assertThat(busy.method()).isEqualTo("GET");
		assertThat(busy.status()).isEqualTo(200);
		assertThat(busy.statements()).hasSize(RecentRequests.MAX_STATEMENTS)
			.allSatisfy((statement) -> assertThat(statement.tables()).containsExactly("books"));
		assertThat(busy.statements().get(0)).isEqualTo(
				new RecentRequests.Statement("bypass", "written in transaction", java.util.List.of("books"), "select 0"));
		assertThat(busy.more()).isEqualTo(7);
	}

	@Test
	void aReadOutsideARequestIsNotKept() {
		read(0);
		assertThat(this.recent.last()).isEmpty();
	}

	private void request(String path, int reads) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		Observation observation = Observation.createNotStarted("http.server.requests", () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			for (int i = 0; i < reads; i++) {
				read(i);
			}
		}
		observation.stop();
	}

	private void read(int i) {
		Observation
			.createNotStarted("cachalot.read",
					() -> new CachalotReadObservationContext("dataSource", (i == 0) ? ReadOutcome.BYPASS : ReadOutcome.HIT,
							(i == 0) ? "written in transaction" : null, Set.of("books"), "select " + i),
					this.registry)
			.start()
			.stop();
	}

}
