package io.github.cachalot.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page, rendered by headless Chromium: it loads, shows the figures from the cachalot
 * endpoint, and shows them change after requests to the shop, whose statements it lists. Needs Debian's {@code chromium}
 * ({@code ./test.sh} installs it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1")
class DashboardInBrowserTest {

	private static final String CHROMIUM = "/usr/bin/chromium";

	@LocalServerPort
	private int port;

	@Test
	void showsTheCacheLiveAndItsFiguresChangeAfterRequests() throws Exception {
		String before = render();
		assertThat(before).contains("<h1>cachalot at work</h1>");
		assertThat(text(before, "status")).isEqualTo("live");
		assertThat(text(before, "store")).contains("dataSource: in-process Caffeine cache");
		long hitsBefore = Long.parseLong(text(before, "hits"));

		BookshopClient client = new BookshopClient(this.port);
		for (int i = 0; i < 5; i++) {
			client.get("/api/books");
			client.get("/api/reports/top-authors");
		}
		client.post("/api/books/2/reviews", "{\"rating\":4,\"comment\":\"good\"}");

		String after = render();
		assertThat(Long.parseLong(text(after, "hits"))).isGreaterThanOrEqualTo(hitsBefore + 8);
		assertThat(text(after, "hit-ratio")).endsWith("%");
		assertThat(text(after, "invalidations")).contains("reviews");
		String statements = text(after, "statements");
		assertThat(statements).as("the statements of the last requests").contains("POST /api/books/2/reviews → 201")
			.contains("GET /api/reports/top-authors → 200")
			.contains("hit")
			.contains("authors, books, reviews")
			.containsIgnoringCase("select");
	}

	private String render() throws IOException, InterruptedException {
		assertThat(new File(CHROMIUM)).as("headless Chromium; ./test.sh installs Debian's chromium package")
			.exists();
		Path profile = Files.createTempDirectory("cachalot-chromium");
		Process chromium = new ProcessBuilder(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
				"--virtual-time-budget=5000", "--dump-dom", "http://127.0.0.1:" + this.port + "/"))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
		return dom;
	}

	private static String text(String dom, String id) {
		Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</(span|p|tbody)>", Pattern.DOTALL).matcher(dom);
		assertThat(matcher.find()).as("element #" + id + " in " + dom).isTrue();
		return matcher.group(1).replaceAll("<[^>]+>", " ").trim();
	}

}
