package io.github.cachalot.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.store.CacheStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's three forms of overriding: the top authors report is kept in a cache of its own
 * ({@code @CachalotOverride("cache-name=reports")}), which the shop's writes invalidate like the
 * main cache; the low-stock report reads with caching off for its block; the dashboard's switch
 * changes {@code enabled} for everyone at runtime.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:overriding;DB_CLOSE_DELAY=-1")
class OverridingTest {

	private final int port;

	private final CachalotProperties properties;

	private final CachingDataSource dataSource;

	OverridingTest(@LocalServerPort int port, @Autowired CachalotProperties properties,
			@Autowired DataSource dataSource) throws SQLException {
		this.port = port;
		this.properties = properties;
		this.dataSource = dataSource.unwrap(CachingDataSource.class);
	}

	@Test
	void theTopAuthorsReportIsCachedInItsOwnCacheAndAReviewInvalidatesItThere() {
		BookshopClient client = new BookshopClient(this.port);
		CacheStore reports = this.dataSource.stores().all().get("reports");
		assertThat(reports).as("registered at startup, from the annotation").isNotNull();
		String before = client.get("/api/reports/top-authors");
		long hits = this.dataSource.readsIn(reports).hits();
		assertThat(client.get("/api/reports/top-authors")).isEqualTo(before);
		assertThat(this.dataSource.readsIn(reports).hits()).as("answered from the reports cache").isGreaterThan(hits);

		client.post("/api/books/6/reviews", "{\"rating\":1,\"comment\":\"too cold\"}");

		String after = client.get("/api/reports/top-authors");
		assertThat(after).as("the review, written outside the override, invalidated the reports cache")
			.isNotEqualTo(before);
		this.properties.setEnabled(false);
		try {
			assertThat(client.get("/api/reports/top-authors")).isEqualTo(after);
		}
		finally {
			this.properties.setEnabled(true);
		}
	}

	@Test
	void theDashboardSwitchChangesTheSettingForEveryone() {
		BookshopClient client = new BookshopClient(this.port);
		try {
			assertThat(switchCaching(client, false)).contains("\"enabled\":false");
			assertThat(this.properties.isEnabled()).isFalse();
			long bypassed = this.dataSource.statistics().uncacheable("disabled");
			client.get("/api/books");
			assertThat(this.dataSource.statistics().uncacheable("disabled")).isGreaterThan(bypassed);
		}
		finally {
			assertThat(switchCaching(client, true)).contains("\"enabled\":true");
		}
		assertThat(this.properties.isEnabled()).isTrue();
	}

	private String switchCaching(BookshopClient client, boolean enabled) {
		HttpResponse<String> response = client.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/activity/caching?enabled=" + enabled))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
