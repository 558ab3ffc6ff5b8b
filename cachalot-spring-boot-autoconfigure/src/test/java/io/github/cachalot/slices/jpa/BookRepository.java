package io.github.cachalot.slices.jpa;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA repository of {@link Book}. */
interface BookRepository extends JpaRepository<Book, Long> {

	List<Book> findByPriceLessThanOrderById(int price);

}
