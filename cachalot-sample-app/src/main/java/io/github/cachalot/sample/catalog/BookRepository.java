package io.github.cachalot.sample.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Books, read through JPA (and cached by cachalot). */
public interface BookRepository extends JpaRepository<Book, Long> {

	List<Book> findByAuthorIdOrderByTitleAsc(Long authorId);

	List<Book> findByTitleContainingIgnoreCaseOrderByTitleAsc(String text);

	List<Book> findAllByOrderByTitleAsc();

}
