package io.github.cachalot.sample.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.github.cachalot.sample.catalog.Author;
import io.github.cachalot.sample.catalog.AuthorRepository;
import io.github.cachalot.sample.catalog.Book;
import io.github.cachalot.sample.catalog.BookRepository;
import io.github.cachalot.sample.catalog.Review;
import io.github.cachalot.sample.catalog.ReviewRepository;
import io.github.cachalot.sample.catalog.Stock;
import io.github.cachalot.sample.catalog.StockRepository;

/** The shop's REST API: authors, books, reviews and stock. */
@RestController
@RequestMapping("/api")
class CatalogController {

	private final AuthorRepository authors;

	private final BookRepository books;

	private final ReviewRepository reviews;

	private final StockRepository stock;

	CatalogController(AuthorRepository authors, BookRepository books, ReviewRepository reviews,
			StockRepository stock) {
		this.authors = authors;
		this.books = books;
		this.reviews = reviews;
		this.stock = stock;
	}

	@GetMapping("/authors")
	List<Author> authors() {
		return this.authors.findAllByOrderByNameAsc();
	}

	@GetMapping("/books")
	List<Book> books(@RequestParam(required = false) Long authorId, @RequestParam(required = false) String q) {
		if (authorId != null) {
			return this.books.findByAuthorIdOrderByTitleAsc(authorId);
		}
		if (q != null && !q.isBlank()) {
			return this.books.findByTitleContainingIgnoreCaseOrderByTitleAsc(q);
		}
		return this.books.findAllByOrderByTitleAsc();
	}

	@GetMapping("/books/{id}")
	Book book(@PathVariable long id) {
		return this.books.findById(id).orElseThrow(() -> notFound("book", id));
	}

	@GetMapping("/books/{id}/reviews")
	List<Review> reviews(@PathVariable long id) {
		return this.reviews.findByBookIdOrderByIdDesc(id);
	}

	@PostMapping("/books/{id}/reviews")
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	Review addReview(@PathVariable long id, @RequestBody NewReview review) {
		if (review.rating() < 1 || review.rating() > 5) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "rating must be from 1 to 5");
		}
		return this.reviews.save(new Review(book(id), review.rating(), review.comment()));
	}

	@GetMapping("/books/{id}/stock")
	Stock stock(@PathVariable long id) {
		return this.stock.findById(id).orElseThrow(() -> notFound("stock of book", id));
	}

	@PutMapping("/books/{id}/stock")
	@Transactional
	Stock setStock(@PathVariable long id, @RequestBody StockLevel level) {
		Stock current = stock(id);
		current.setQuantity(level.quantity());
		return this.stock.save(current);
	}

	private static ResponseStatusException notFound(String what, long id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + what + " " + id);
	}

	record NewReview(int rating, String comment) {
	}

	record StockLevel(int quantity) {
	}

}
