package io.github.cachalot.sample;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.jdbc.CachingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookshop answers exactly the same with caching on as with caching off, at every step of a
 * scripted sequence of reads and writes: each read is made with caching on, then again with it
 * switched off (live, between the two requests), and the answers must be equal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:answers;DB_CLOSE_DELAY=-1")
class CachingChangesNoAnswerTest {

	private static final List<String> READS = List.of("/api/authors", "/api/books", "/api/books?authorId=1",
			"/api/books?q=the", "/api/books/1", "/api/books/1/reviews", "/api/books/1/stock", "/api/books/6/stock",
			"/api/reports/top-authors", "/api/reports/stock-value", "/api/reports/low-stock?below=8");

	@LocalServerPort
	private int port;

	@Autowired
	private CachalotProperties properties;

	private CachingDataSource dataSource;

	@Autowired
	void setDataSource(DataSource dataSource) throws SQLException {
		this.dataSource = dataSource.unwrap(CachingDataSource.class);
	}

	@Test
	void everyReadAnswersTheSameWithAndWithoutTheCache() {
		BookshopClient client = new BookshopClient(this.port);
		List<Runnable> writes = List.of(() -> client.post("/api/books/1/reviews", "{\"rating\":1,\"comment\":\"meh\"}"),
				() -> client.put("/api/books/6/stock", "{\"quantity\":1}"),
				() -> client.post("/api/books/3/reviews", "{\"rating\":5,\"comment\":\"wow\"}"),
				() -> client.put("/api/books/1/stock", "{\"quantity\":40}"));
		assertThat(client.get("/api/books")).as("the seeded catalog").contains("Solaris");
		assertThat(client.get("/api/reports/top-authors")).contains("Italo Calvino");
		List<String> differences = new ArrayList<>();
		long hitsBefore = this.dataSource.statistics().hits();
		for (int round = 0; round <= writes.size(); round++) {
			for (int repeat = 0; repeat < 2; repeat++) {
				for (String read : READS) {
					String cached = client.get(read);
					this.properties.setEnabled(false);
					try {
						String fresh = client.get(read);
						if (!cached.equals(fresh)) {
							differences.add("after " + round + " writes, " + read + ": cached " + cached + " but "
									+ fresh);
						}
					}
					finally {
						this.properties.setEnabled(true);
					}
				}
			}
			if (round < writes.size()) {
				writes.get(round).run();
			}
		}
		assertThat(differences).isEmpty();
		assertThat(this.dataSource.statistics().hits() - hitsBefore).as("the cache answered many of the reads")
			.isGreaterThan(READS.size());
	}

}
