package io.github.cachalot.it.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.github.cachalot.spring.CachalotOverride;

/** Reads prices with JdbcTemplate: normally, and with cachalot switched off for one method. */
@Service
public class CatalogService {

	private final JdbcTemplate jdbc;

	CatalogService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public int price(long productId) {
		return this.jdbc.queryForObject("select price from it_products where id = ?", Integer.class, productId);
	}

	@CachalotOverride("enabled=false")
	public int priceFromDatabase(long productId) {
		return price(productId);
	}

}
