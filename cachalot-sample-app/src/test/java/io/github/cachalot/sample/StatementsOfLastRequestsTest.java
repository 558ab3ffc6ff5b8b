package io.github.cachalot.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard's list of the last requests' statements: each read of a request, how cachalot
 * answered it (from its {@code cachalot.read} observations) and, as this shop allows it, its SQL;
 * readable from this machine only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:statements;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
class StatementsOfLastRequestsTest {

	@LocalServerPort
	private int port;

	@Autowired
	private MockMvc mvc;

	@Test
	void eachRequestListsItsReadsWithTheirOutcome() {
		BookshopClient shop = new BookshopClient(this.port);
		shop.get("/api/reports/stock-value");
		shop.get("/api/reports/stock-value");
		shop.get("/api/reports/low-stock?below=3");

		List<JsonNode> requests = new ObjectMapper().readTree(shop.get("/api/activity/requests")).valueStream().toList();

		assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
		JsonNode lowStock = requests.get(0);
		assertThat(lowStock.path("method").asText()).isEqualTo("GET");
		assertThat(lowStock.path("path").asText()).isEqualTo("/api/reports/low-stock");
		assertThat(lowStock.path("status").asInt()).isEqualTo(200);
		JsonNode bypassed = lowStock.path("statements").get(0);
		assertThat(bypassed.path("outcome").asText()).isEqualTo("bypass");
		assertThat(bypassed.path("reason").asText()).as("ReportService reads it with caching overridden off")
			.isEqualTo("disabled");
		assertThat(bypassed.path("tables").valueStream().map(JsonNode::asText)).containsExactly("books", "stock");
		assertThat(bypassed.path("sql").asText()).contains("s.quantity < ?");

		assertThat(outcomes(requests.get(1))).as("the second stock value").containsExactly("hit");
		assertThat(outcomes(requests.get(2))).as("the first stock value").containsExactly("miss");
		assertThat(requests.get(2).path("statements").get(0).path("reason").isNull()).isTrue();
	}

	@Test
	void onlyThisMachineMayReadThem() throws Exception {
		this.mvc.perform(get("/api/activity/requests")).andExpect(status().isOk());
		this.mvc.perform(get("/api/activity/requests").with((request) -> {
			request.setRemoteAddr("203.0.113.9");
			return request;
		})).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/books").with((request) -> {
			request.setRemoteAddr("203.0.113.9");
			return request;
		})).andExpect(status().isOk());
	}

	private static List<String> outcomes(JsonNode request) {
		return request.path("statements").valueStream().map((statement) -> statement.path("outcome").asText()).toList();
	}

}
