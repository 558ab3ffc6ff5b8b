package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.it.app.jpa.Product;
import io.github.cachalot.it.app.jpa.ProductRepository;

/**
 * A Spring Data JPA repository on Hibernate 7: each call is its own (read-only) transaction, its
 * reads are cached, its saves and deletes invalidate, and {@code invalidateEntities} reaches the
 * entity's table.
 */
class JpaRepositoryTest extends ShopApplicationTest {

	@Autowired
	ProductRepository products;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Test
	void hibernateCachesNothingItself() {
		SessionFactoryOptions options = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getSessionFactoryOptions();

		assertThat(options.isSecondLevelCacheEnabled()).isFalse();
		assertThat(options.isQueryCacheEnabled()).isFalse();
	}

	@Test
	void secondFindByIdIsAnsweredFromTheCache() {
		Reads reads = reads();

		assertThat(this.products.findById(1L)).get().extracting(Product::getPrice).isEqualTo(100);
		behindCachalotsBack("update it_products set price = 999 where id = 1");
		assertThat(this.products.findById(1L)).get().extracting(Product::getPrice)
			.as("answered from the cache").isEqualTo(100);

		assertThat(reads.misses()).isEqualTo(1);
		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void derivedAndJpqlQueriesAreCached() {
		assertThat(this.products.findByPriceLessThanOrderById(70)).extracting(Product::getName)
			.containsExactly("buoy", "compass");
		assertThat(this.products.names()).containsExactly("anchor", "buoy", "compass");
		behindCachalotsBack("update it_products set name = 'BUOY', price = 1 where id = 2");
		Reads reads = reads();

		assertThat(this.products.findByPriceLessThanOrderById(70)).extracting(Product::getName)
			.containsExactly("buoy", "compass");
		assertThat(this.products.names()).containsExactly("anchor", "buoy", "compass");

		assertThat(reads.hits()).isEqualTo(2);
		assertThat(reads.misses()).isZero();
	}

	@Test
	void saveShowsTheNewValueAtTheNextRead() {
		Product anchor = this.products.findById(1L).orElseThrow();
		behindCachalotsBack("update it_products set stock = 7 where id = 1");

		anchor.setPrice(120);
		this.products.save(anchor);

		Product read = this.products.findById(1L).orElseThrow();
		assertThat(read.getPrice()).isEqualTo(120);
		assertThat(read.getStock()).as("the stale cached row is gone: the row was read again").isEqualTo(10);
		assertThat(price(1)).isEqualTo(120);
	}

	@Test
	void saveOfANewEntityAndDeleteShowAtTheNextRead() {
		assertThat(this.products.names()).containsExactly("anchor", "buoy", "compass");

		this.products.save(new Product(4, "davit", 300, 1));
		assertThat(this.products.names()).containsExactly("anchor", "buoy", "compass", "davit");

		this.products.deleteById(2L);
		assertThat(this.products.names()).containsExactly("anchor", "compass", "davit");
		assertThat(this.products.findById(2L)).isEmpty();
	}

	@Test
	void entityTablesAreTheMappedTable() {
		assertThat(this.cachalot.entityTables(Product.class)).containsExactly("it_products");
	}

	@Test
	void invalidatingAnEntityClassShowsChangesMadeBehindCachalotsBack() {
		this.products.findById(1L);
		balance(1);
		behindCachalotsBack("update it_products set price = 999 where id = 1",
				"update it_accounts set balance = 0 where id = 1");
		assertThat(this.products.findById(1L)).get().extracting(Product::getPrice).isEqualTo(100);

		this.cachalot.invalidateEntities(Product.class);

		assertThat(this.products.findById(1L)).get().extracting(Product::getPrice).isEqualTo(999);
		assertThat(balance(1)).as("other tables keep their cached reads").isEqualTo(500);
		assertThat(this.events.tables()).containsExactly("it_products");
	}

}
