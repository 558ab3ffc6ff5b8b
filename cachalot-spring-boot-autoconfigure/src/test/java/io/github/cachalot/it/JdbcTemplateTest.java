package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** JdbcTemplate in autocommit: reads are cached per statement and parameters, writes invalidate. */
class JdbcTemplateTest extends ShopApplicationTest {

	@Autowired
	NamedParameterJdbcTemplate named;

	@Test
	void secondIdenticalReadIsAnsweredFromTheCache() {
		Reads reads = reads();

		assertThat(price(1)).isEqualTo(100);
		assertThat(price(1)).isEqualTo(100);

		assertThat(reads.misses()).isEqualTo(1);
		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void cachedReadDoesNotReachTheDatabase() {
		price(1);
		behindCachalotsBack("update it_products set price = 999 where id = 1");

		assertThat(price(1)).as("answered from the cache").isEqualTo(100);
	}

	@Test
	void readsWithOtherParametersAreCachedApart() {
		price(1);
		Reads reads = reads();

		assertThat(price(2)).isEqualTo(20);

		assertThat(reads.misses()).isEqualTo(1);
		assertThat(reads.hits()).isZero();
	}

	@Test
	void writeToTheTableShowsTheNewValueAtTheNextRead() {
		price(1);
		behindCachalotsBack("update it_products set name = 'ANCHOR' where id = 1");

		this.jdbc.update("update it_products set price = 110 where id = 1");

		Reads reads = reads();
		assertThat(price(1)).isEqualTo(110);
		assertThat(this.jdbc.queryForObject("select name from it_products where id = 1", String.class))
			.as("the whole table was invalidated, the row changed behind cachalot's back shows too")
			.isEqualTo("ANCHOR");
		assertThat(reads.hits()).isZero();
	}

	@Test
	void writeToAnotherTableKeepsTheCachedRead() {
		price(1);

		this.jdbc.update("update it_accounts set balance = 400 where id = 1");

		Reads reads = reads();
		assertThat(price(1)).isEqualTo(100);
		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void joinIsInvalidatedByAWriteToEitherTable() {
		String sql = "select sum(o.quantity * p.price) from it_orders o join it_products p on p.id = o.product_id";
		assertThat(this.jdbc.queryForObject(sql, Integer.class)).isEqualTo(200);

		this.jdbc.update("insert into it_orders (product_id, quantity) values (2, 5)");
		assertThat(this.jdbc.queryForObject(sql, Integer.class)).isEqualTo(300);

		this.jdbc.update("update it_products set price = 10 where id = 2");
		assertThat(this.jdbc.queryForObject(sql, Integer.class)).isEqualTo(250);
	}

	@Test
	void namedParameterTemplateSharesTheCacheBehaviour() {
		String sql = "select owner from it_accounts where id = :id";
		Reads reads = reads();

		assertThat(this.named.queryForObject(sql, java.util.Map.of("id", 1), String.class)).isEqualTo("alice");
		behindCachalotsBack("update it_accounts set owner = 'mallory' where id = 1");
		assertThat(this.named.queryForObject(sql, java.util.Map.of("id", 1), String.class)).isEqualTo("alice");
		this.named.update("update it_accounts set balance = 0 where id = :id", java.util.Map.of("id", 1));
		assertThat(this.named.queryForObject(sql, java.util.Map.of("id", 1), String.class)).isEqualTo("mallory");

		assertThat(reads.hits()).isEqualTo(1);
		assertThat(reads.misses()).isEqualTo(2);
	}

}
