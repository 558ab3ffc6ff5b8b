package io.github.cachalot.sample.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How many copies of a book the shop has. */
@Entity
@Table(name = "stock")
public class Stock {

	@Id
	private Long bookId;

	private int quantity;

	protected Stock() {
	}

	public Stock(Long bookId, int quantity) {
		this.bookId = bookId;
		this.quantity = quantity;
	}

	public Long getBookId() {
		return this.bookId;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public void setQuantity(int quantity) {
		this.quantity = quantity;
	}

}
