package io.github.cachalot.sample.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Reviews of books. */
public interface ReviewRepository extends JpaRepository<Review, Long> {

	List<Review> findByBookIdOrderByIdDesc(Long bookId);

}
