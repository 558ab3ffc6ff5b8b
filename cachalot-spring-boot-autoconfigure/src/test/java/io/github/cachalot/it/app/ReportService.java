package io.github.cachalot.it.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.github.cachalot.spring.CachalotOverride;

/** A service whose every method reads with a zero timeout, that is without the cache. */
@Service
@CachalotOverride("timeout=0s")
public class ReportService {

	private final JdbcTemplate jdbc;

	ReportService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public int totalStock() {
		return this.jdbc.queryForObject("select sum(stock) from it_products", Integer.class);
	}

}
