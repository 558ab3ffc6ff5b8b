package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.it.app.ShopService;
import io.github.cachalot.it.app.ShopService.OrderRejectedException;
import io.github.cachalot.it.app.TransactionProbe;
import io.github.cachalot.it.app.jdbc.PurchaseOrderRepository;

/**
 * {@code @Transactional} service methods writing through JPA, Spring Data JDBC and JdbcTemplate
 * in one transaction: a commit invalidates every table written, a rollback invalidates nothing.
 */
class TransactionTest extends ShopApplicationTest {

	@Autowired
	ShopService shop;

	@Autowired
	PurchaseOrderRepository orders;

	@Test
	void committedWritesShowAtTheNextRead() {
		assertThat(stock(1)).isEqualTo(10);
		assertThat(stock(2)).isEqualTo(50);
		assertThat(orderCount()).isEqualTo(1);

		this.shop.order(Map.of(1L, 3, 2L, 4), new TransactionProbe());

		assertThat(stock(1)).isEqualTo(7);
		assertThat(stock(2)).isEqualTo(46);
		assertThat(orderCount()).isEqualTo(3);
	}

	@Test
	void transactionReadsItsOwnWritesAlthoughTheTableIsCached() {
		assertThat(orderCount()).isEqualTo(1);
		TransactionProbe probe = new TransactionProbe();

		this.shop.order(Map.of(1L, 3, 2L, 4), probe);

		assertThat(probe.ordersSeenInside()).isEqualTo(3);
	}

	@Test
	void jdbcTemplateAndRepositoryWritesInOneTransactionShowAtTheNextRead() {
		assertThat(price(1)).isEqualTo(100);
		assertThat(this.orders.findById(1L)).isPresent();

		this.shop.repriceAndCancel(1, 150, 1L);

		assertThat(price(1)).isEqualTo(150);
		assertThat(this.orders.findById(1L)).isEmpty();
	}

	@Test
	void rolledBackTransactionLeavesNoTrace() {
		assertThat(stock(1)).isEqualTo(10);
		assertThat(orderCount()).isEqualTo(1);
		TransactionProbe probe = new TransactionProbe();

		assertThatExceptionOfType(OrderRejectedException.class)
			.isThrownBy(() -> this.shop.orderThenFail(Map.of(1L, 3, 2L, 4), probe));

		assertThat(probe.ordersSeenInside()).as("the writes did reach the database").isEqualTo(3);
		assertThat(probe.afterCommit()).isNull();
		Reads reads = reads();
		assertThat(stock(1)).isEqualTo(10);
		assertThat(orderCount()).isEqualTo(1);
		assertThat(reads.hits()).as("the cached reads are still valid").isEqualTo(2);
		assertThat(reads.misses()).isZero();
		assertThat(this.events.all()).isEmpty();
	}

	@Test
	void rolledBackTransactionKeepsTheCacheOfTablesWrittenBefore() {
		this.shop.order(Map.of(1L, 1), new TransactionProbe());
		assertThat(stock(1)).isEqualTo(9);

		assertThatExceptionOfType(OrderRejectedException.class)
			.isThrownBy(() -> this.shop.orderThenFail(Map.of(1L, 5), new TransactionProbe()));

		Reads reads = reads();
		assertThat(stock(1)).isEqualTo(9);
		assertThat(reads.hits()).isEqualTo(1);
	}

	int stock(long productId) {
		return this.jdbc.queryForObject("select stock from it_products where id = ?", Integer.class, productId);
	}

	long orderCount() {
		return this.jdbc.queryForObject("select count(*) from it_orders", Long.class);
	}

}
