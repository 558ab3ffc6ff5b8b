package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.it.app.jdbc.PurchaseOrder;
import io.github.cachalot.it.app.jdbc.PurchaseOrderRepository;

/**
 * A Spring Data JDBC repository (quoted identifiers, generated keys): its reads are cached, its
 * inserts, updates and deletes invalidate.
 */
class JdbcRepositoryTest extends ShopApplicationTest {

	@Autowired
	PurchaseOrderRepository orders;

	@Test
	void secondFindByIdIsAnsweredFromTheCache() {
		Reads reads = reads();

		assertThat(this.orders.findById(1L)).contains(new PurchaseOrder(1L, 1, 2));
		behindCachalotsBack("update it_orders set quantity = 99 where id = 1");
		assertThat(this.orders.findById(1L)).as("answered from the cache").contains(new PurchaseOrder(1L, 1, 2));

		assertThat(reads.misses()).isEqualTo(1);
		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void derivedQueryIsCached() {
		assertThat(this.orders.findByProductIdOrderById(1)).extracting(PurchaseOrder::quantity).containsExactly(2);
		behindCachalotsBack("insert into it_orders (product_id, quantity) values (1, 8)");
		Reads reads = reads();

		assertThat(this.orders.findByProductIdOrderById(1)).extracting(PurchaseOrder::quantity).containsExactly(2);

		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void insertShowsAtTheNextRead() {
		assertThat(this.orders.findAll()).hasSize(1);

		PurchaseOrder saved = this.orders.save(PurchaseOrder.of(3, 4));

		assertThat(saved.id()).isEqualTo(2L);
		assertThat(this.orders.findAll()).containsExactlyInAnyOrder(new PurchaseOrder(1L, 1, 2), new PurchaseOrder(2L, 3, 4));
		assertThat(this.orders.count()).isEqualTo(2);
	}

	@Test
	void updateShowsAtTheNextRead() {
		PurchaseOrder order = this.orders.findById(1L).orElseThrow();
		assertThat(this.orders.findAll()).hasSize(1);
		behindCachalotsBack("insert into it_orders (product_id, quantity) values (2, 7)");
		assertThat(this.orders.findAll()).as("answered from the cache").hasSize(1);

		this.orders.save(order.withQuantity(5));

		assertThat(this.orders.findById(1L)).contains(new PurchaseOrder(1L, 1, 5));
		assertThat(this.orders.findAll()).as("the whole table was invalidated")
			.containsExactlyInAnyOrder(new PurchaseOrder(1L, 1, 5), new PurchaseOrder(2L, 2, 7));
	}

	@Test
	void deleteShowsAtTheNextRead() {
		assertThat(this.orders.existsById(1L)).isTrue();
		assertThat(this.orders.count()).isEqualTo(1);

		this.orders.deleteById(1L);

		assertThat(this.orders.existsById(1L)).isFalse();
		assertThat(this.orders.count()).isZero();
		assertThat(this.orders.findById(1L)).isEmpty();
	}

}
