package io.github.cachalot.benchmarks;

import java.math.BigDecimal;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** {@code bench.product} for the JPA variants (cacheable in Hibernate's second-level cache). */
@Entity
@Cacheable
@Table(schema = "bench", name = "product")
public class Product {

	@Id
	private Long id;

	private String name;

	private BigDecimal price;

	private int stock;

	private String category;

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public int getStock() {
		return this.stock;
	}

	public String getCategory() {
		return this.category;
	}

}
