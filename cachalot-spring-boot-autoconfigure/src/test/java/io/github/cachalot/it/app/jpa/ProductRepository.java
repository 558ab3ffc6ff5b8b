package io.github.cachalot.it.app.jpa;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data JPA repository of {@link Product}. */
public interface ProductRepository extends JpaRepository<Product, Long> {

	List<Product> findByPriceLessThanOrderById(int price);

	@Query("select p.name from Product p order by p.id")
	List<String> names();

}
