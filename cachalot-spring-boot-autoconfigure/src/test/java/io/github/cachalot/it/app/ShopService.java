package io.github.cachalot.it.app;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.cachalot.it.app.jdbc.PurchaseOrder;
import io.github.cachalot.it.app.jdbc.PurchaseOrderRepository;
import io.github.cachalot.it.app.jpa.Product;
import io.github.cachalot.it.app.jpa.ProductRepository;

/**
 * Transactional use cases that write through JPA, Spring Data JDBC and JdbcTemplate in one
 * transaction (one {@code JpaTransactionManager} spans all three).
 */
@Service
public class ShopService {

	private final ProductRepository products;

	private final PurchaseOrderRepository orders;

	private final JdbcTemplate jdbc;

	private final InvalidationEvents events;

	ShopService(ProductRepository products, PurchaseOrderRepository orders, JdbcTemplate jdbc,
			InvalidationEvents events) {
		this.products = products;
		this.orders = orders;
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * For each product id, takes the quantity off its stock (a JPA dirty entity) and adds an order
	 * (a Spring Data JDBC insert); records in the probe what the listeners had seen meanwhile.
	 */
	@Transactional
	public void order(Map<Long, Integer> quantities, TransactionProbe probe) {
		write(quantities);
		probe.record(this.events, countOrders());
	}

	/** Like {@link #order}, then fails, so that the transaction rolls back. */
	@Transactional
	public void orderThenFail(Map<Long, Integer> quantities, TransactionProbe probe) {
		write(quantities);
		probe.record(this.events, countOrders());
		throw new OrderRejectedException();
	}

	/** Sets a price with JdbcTemplate and deletes an order with the repository, in one transaction. */
	@Transactional
	public void repriceAndCancel(long productId, int price, long orderId) {
		this.jdbc.update("update it_products set price = ? where id = ?", price, productId);
		this.orders.deleteById(orderId);
	}

	/** Writes an audit row; the listener of {@code it_audit} throws after the commit. */
	@Transactional
	public void audit(String message) {
		this.jdbc.update("insert into it_audit (message) values (?)", message);
	}

	private void write(Map<Long, Integer> quantities) {
		quantities.forEach((productId, quantity) -> {
			Product product = this.products.findById(productId).orElseThrow();
			product.setStock(product.getStock() - quantity);
			this.orders.save(PurchaseOrder.of(productId, quantity));
		});
		this.products.flush();
	}

	private long countOrders() {
		return this.jdbc.queryForObject("select count(*) from it_orders", Long.class);
	}

	/** Thrown to roll back. */
	public static class OrderRejectedException extends RuntimeException {

		OrderRejectedException() {
			super("order rejected (on purpose, to roll back)");
		}

	}

}
