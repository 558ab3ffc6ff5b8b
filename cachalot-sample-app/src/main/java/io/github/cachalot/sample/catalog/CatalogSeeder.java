package io.github.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Fills an empty shop with a few authors, books, reviews and stock at startup. */
@Component
class CatalogSeeder implements ApplicationRunner {

	private final AuthorRepository authors;

	private final BookRepository books;

	private final ReviewRepository reviews;

	private final StockRepository stock;

	CatalogSeeder(AuthorRepository authors, BookRepository books, ReviewRepository reviews, StockRepository stock) {
		this.authors = authors;
		this.books = books;
		this.reviews = reviews;
		this.stock = stock;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (this.authors.count() > 0) {
			return;
		}
		Author leGuin = this.authors.save(new Author("Ursula K. Le Guin", "US"));
		Author calvino = this.authors.save(new Author("Italo Calvino", "IT"));
		Author lem = this.authors.save(new Author("Stanisław Lem", "PL"));
		Author jansson = this.authors.save(new Author("Tove Jansson", "FI"));
		List<Book> catalog = List.of(new Book("The Dispossessed", leGuin, new BigDecimal("14.90"), 1974),
				new Book("The Left Hand of Darkness", leGuin, new BigDecimal("12.50"), 1969),
				new Book("A Wizard of Earthsea", leGuin, new BigDecimal("9.99"), 1968),
				new Book("Invisible Cities", calvino, new BigDecimal("11.00"), 1972),
				new Book("If on a winter's night a traveler", calvino, new BigDecimal("13.40"), 1979),
				new Book("Solaris", lem, new BigDecimal("10.80"), 1961),
				new Book("The Cyberiad", lem, new BigDecimal("12.00"), 1965),
				new Book("The Summer Book", jansson, new BigDecimal("11.70"), 1972));
		int copies = 3;
		for (Book book : this.books.saveAll(catalog)) {
			this.stock.save(new Stock(book.getId(), copies));
			this.reviews.save(new Review(book, 3 + (copies % 3), "A classic."));
			copies += 2;
		}
	}

}
