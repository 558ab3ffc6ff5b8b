package io.github.cachalot.slices.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A book, mapped to {@code sl_books}. */
@Entity
@Table(name = "sl_books")
class Book {

	@Id
	private Long id;

	private String title;

	private int price;

	protected Book() {
	}

	Long getId() {
		return this.id;
	}

	String getTitle() {
		return this.title;
	}

	int getPrice() {
		return this.price;
	}

	void setPrice(int price) {
		this.price = price;
	}

}
