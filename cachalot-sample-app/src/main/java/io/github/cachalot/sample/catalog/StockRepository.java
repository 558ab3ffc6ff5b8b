package io.github.cachalot.sample.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stock levels, one row per book. */
public interface StockRepository extends JpaRepository<Stock, Long> {

}
