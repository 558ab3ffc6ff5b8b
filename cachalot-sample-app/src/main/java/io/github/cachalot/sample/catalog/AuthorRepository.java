package io.github.cachalot.sample.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Authors, read through JPA (and cached by cachalot). */
public interface AuthorRepository extends JpaRepository<Author, Long> {

	List<Author> findAllByOrderByNameAsc();

}
