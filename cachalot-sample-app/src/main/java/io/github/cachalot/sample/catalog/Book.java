package io.github.cachalot.sample.catalog;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A book in the shop's catalog. */
@Entity
@Table(name = "books")
public class Book {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	@ManyToOne(fetch = FetchType.EAGER, optional = false)
	private Author author;

	private BigDecimal price;

	private int publishedYear;

	protected Book() {
	}

	public Book(String title, Author author, BigDecimal price, int publishedYear) {
		this.title = title;
		this.author = author;
		this.price = price;
		this.publishedYear = publishedYear;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public Author getAuthor() {
		return this.author;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public void setPrice(BigDecimal price) {
		this.price = price;
	}

	public int getPublishedYear() {
		return this.publishedYear;
	}

}
