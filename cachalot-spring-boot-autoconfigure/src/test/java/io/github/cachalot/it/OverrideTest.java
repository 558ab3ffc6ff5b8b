package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.it.app.CatalogService;
import io.github.cachalot.it.app.ReportService;

/**
 * The three ways to change settings: globally at runtime ({@link CachalotProperties} setters), for
 * a block of code on one thread ({@code CachalotManager.override}) and for a method
 * ({@code @CachalotOverride}). Each test caches the price of product 1 (100) and then changes it
 * to 999 behind cachalot's back, so a read answered from the cache says 100 and one from the
 * database says 999.
 */
class OverrideTest extends ShopApplicationTest {

	@Autowired
	CachalotProperties properties;

	@Autowired
	CatalogService catalog;

	@Autowired
	ReportService reports;

	@BeforeEach
	void cacheAStalePrice() {
		assertThat(price(1)).isEqualTo(100);
		behindCachalotsBack("update it_products set price = 999 where id = 1");
	}

	@AfterEach
	void switchBackOn() {
		this.properties.setEnabled(true);
	}

	@Test
	void globalSwitchTakesEffectOnTheNextRead() {
		this.properties.setEnabled(false);
		Reads reads = reads();
		assertThat(price(1)).isEqualTo(999);
		assertThat(reads.bypassed("disabled")).isEqualTo(1);

		this.properties.setEnabled(true);
		assertThat(price(1)).as("the cached entry was kept").isEqualTo(100);
		assertThat(reads.hits()).isEqualTo(1);
	}

	@Test
	void writesInvalidateWhileSwitchedOff() {
		this.properties.setEnabled(false);
		this.jdbc.update("update it_products set stock = 0 where id = 1");
		this.properties.setEnabled(true);

		assertThat(price(1)).isEqualTo(999);
	}

	@Test
	void blockOverrideBypassesTheCacheOnItsThreadOnly() throws Exception {
		ExecutorService otherThread = Executors.newSingleThreadExecutor();
		try (var scope = this.cachalot.override("enabled=false")) {
			assertThat(price(1)).isEqualTo(999);

			Reads reads = reads();
			Future<Integer> concurrentRead = otherThread.submit(() -> price(1));
			assertThat(concurrentRead.get(30, TimeUnit.SECONDS)).as("another thread, meanwhile").isEqualTo(100);
			assertThat(reads.hits()).isEqualTo(1);

			assertThat(price(1)).isEqualTo(999);
		}
		finally {
			otherThread.shutdownNow();
		}
		assertThat(price(1)).as("after the block").isEqualTo(100);
	}

	@Test
	void timeoutZeroOverrideNeitherServesNorStores() {
		Reads reads = reads();
		try (var scope = this.cachalot.override("timeout=0s")) {
			assertThat(price(1)).isEqualTo(999);
			assertThat(price(2)).isEqualTo(20);
			assertThat(price(2)).isEqualTo(20);
		}
		assertThat(reads.bypassed("timeout zero")).isEqualTo(3);
		assertThat(reads.hits()).isZero();

		price(2);
		assertThat(reads.misses()).as("nothing was stored in the block").isEqualTo(1);
	}

	@Test
	void uncachableTablesOverrideBypassesOnlyThoseTables() {
		assertThat(balance(1)).isEqualTo(500);
		behindCachalotsBack("update it_accounts set balance = 0 where id = 1");

		try (var scope = this.cachalot.override("uncachable-tables=it_products")) {
			assertThat(price(1)).isEqualTo(999);
			assertThat(balance(1)).isEqualTo(500);
		}
	}

	@Test
	void annotatedMethodBypassesTheCache() {
		Reads reads = reads();

		assertThat(this.catalog.price(1)).isEqualTo(100);
		assertThat(this.catalog.priceFromDatabase(1)).isEqualTo(999);
		assertThat(this.catalog.price(1)).as("the override ended with the method").isEqualTo(100);

		assertThat(reads.hits()).isEqualTo(2);
		assertThat(reads.bypassed("disabled")).isEqualTo(1);
	}

	@Test
	void annotatedClassOverridesEachOfItsMethods() {
		Reads reads = reads();

		assertThat(this.reports.totalStock()).isEqualTo(65);
		assertThat(this.reports.totalStock()).isEqualTo(65);

		assertThat(reads.bypassed("timeout zero")).isEqualTo(2);
		assertThat(reads.hits()).isZero();
	}

}
