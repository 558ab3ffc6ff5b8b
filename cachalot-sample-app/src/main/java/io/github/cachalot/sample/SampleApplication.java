package io.github.cachalot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small bookshop that shows cachalot at work: its JPA repositories and JdbcTemplate reports are
 * cached without a line of caching code, and the page at {@code /} shows the cache live.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
