package io.github.cachalot.slices.jpa;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.slices.PostgreSqlSliceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} includes cachalot: the repository reads through the cache as in the
 * application. On PostgreSQL ({@code replace = NONE}: the slice would otherwise swap in an
 * embedded database), each test in a transaction that is rolled back.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJpaSliceTest extends PostgreSqlSliceTest {

	@Autowired
	BookRepository books;

	@Autowired
	TestEntityManager entities;

	@BeforeAll
	static void createBooks() {
		DATABASE.execute("drop table if exists sl_books",
				"create table sl_books (id bigint primary key, title varchar(40), price int not null)",
				"insert into sl_books values (1, 'Emma', 9), (2, 'Hard Times', 7), (3, 'Persuasion', 8)");
	}

	@Test
	void theSlicesDataSourceIsWrapped() {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNotNull();
		assertThat(this.cachalot.dataSourceNames()).containsExactly("dataSource");
	}

	@Test
	void aRepeatedRepositoryQueryIsAnsweredFromTheCache() {
		CachalotStatistics statistics = statistics();
		long hits = statistics.hits();
		long misses = statistics.misses();

		assertThat(this.books.findByPriceLessThanOrderById(9)).extracting(Book::getTitle)
			.containsExactly("Hard Times", "Persuasion");
		this.entities.clear();
		assertThat(this.books.findByPriceLessThanOrderById(9)).extracting(Book::getTitle)
			.containsExactly("Hard Times", "Persuasion");

		assertThat(statistics.misses() - misses).isEqualTo(1);
		assertThat(statistics.hits() - hits).isEqualTo(1);
	}

	@Test
	void aWriteInTheTestsTransactionIsSeenByItsNextRead() {
		CachalotStatistics statistics = statistics();
		assertThat(this.books.findByPriceLessThanOrderById(8)).extracting(Book::getTitle).containsExactly("Hard Times");
		long bypassed = statistics.uncacheable("written in transaction");

		Book emma = this.books.findById(1L).orElseThrow();
		emma.setPrice(5);
		this.books.saveAndFlush(emma);
		this.entities.clear();

		assertThat(this.books.findByPriceLessThanOrderById(8)).extracting(Book::getTitle)
			.containsExactly("Emma", "Hard Times");
		assertThat(statistics.uncacheable("written in transaction") - bypassed)
			.as("read past the cache, as in production")
			.isEqualTo(1);
	}

}
