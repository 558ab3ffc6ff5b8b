package io.github.cachalot.sample.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A reader's rating of a book, from 1 to 5. */
@Entity
@Table(name = "reviews")
public class Review {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@JsonIgnore
	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	private Book book;

	private int rating;

	private String comment;

	protected Review() {
	}

	public Review(Book book, int rating, String comment) {
		this.book = book;
		this.rating = rating;
		this.comment = comment;
	}

	public Long getId() {
		return this.id;
	}

	public int getRating() {
		return this.rating;
	}

	public String getComment() {
		return this.comment;
	}

}
