package io.github.cachalot.it.app.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An order, a Spring Data JDBC aggregate stored in {@code it_orders} (identity column). */
@Table("it_orders")
public record PurchaseOrder(@Id Long id, long productId, int quantity) {

	/** A new order, not saved yet. */
	public static PurchaseOrder of(long productId, int quantity) {
		return new PurchaseOrder(null, productId, quantity);
	}

	public PurchaseOrder withId(Long id) {
		return new PurchaseOrder(id, this.productId, this.quantity);
	}

	public PurchaseOrder withQuantity(int quantity) {
		return new PurchaseOrder(this.id, this.productId, quantity);
	}

}
