package io.github.cachalot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.it.app.FailingInvalidationListener;
import io.github.cachalot.it.app.ShopService;
import io.github.cachalot.it.app.TransactionProbe;
import io.github.cachalot.spring.CachalotInvalidationEvent;

/**
 * {@link CachalotInvalidationEvent}s reach {@code @EventListener}s once per table written, after
 * the commit, and a listener that throws breaks nothing.
 */
class InvalidationEventTest extends ShopApplicationTest {

	@Autowired
	ShopService shop;

	@Autowired
	FailingInvalidationListener failingListener;

	@Test
	void transactionWritingTwoTablesPublishesOneEventPerTable() {
		this.shop.order(Map.of(1L, 1, 2L, 2, 3L, 3), new TransactionProbe());

		assertThat(this.events.tables()).containsExactlyInAnyOrder("it_products", "it_orders");
		assertThat(this.events.all()).extracting(CachalotInvalidationEvent::getDataSource)
			.containsOnly(DATA_SOURCE);
	}

	@Test
	void eventsArePublishedOnlyOnceCommitted() {
		TransactionProbe probe = new TransactionProbe();

		this.shop.order(Map.of(1L, 1, 2L, 2), probe);

		assertThat(probe.inBody()).as("when the method body ended").isEmpty();
		assertThat(probe.beforeCommit()).as("just before the commit").isEmpty();
		assertThat(probe.afterCommit()).as("once committed").containsExactlyInAnyOrder("it_products", "it_orders");
	}

	@Test
	void conditionalListenerReceivesOnlyItsTable() {
		this.shop.order(Map.of(1L, 1, 2L, 2), new TransactionProbe());
		this.jdbc.update("update it_accounts set balance = 0");

		assertThat(this.events.orders()).singleElement()
			.satisfies((event) -> assertThat(event.getTable()).isEqualTo("it_orders"));
		assertThat(this.events.tables()).hasSize(3);
	}

	@Test
	void autocommitWriteIsPublishedAtOnce() {
		this.jdbc.update("update it_products set price = price + 1");

		assertThat(this.events.tables()).containsExactly("it_products");
	}

	@Test
	void rolledBackTransactionPublishesNothing() {
		try {
			this.shop.orderThenFail(Map.of(1L, 1, 2L, 2), new TransactionProbe());
		}
		catch (ShopService.OrderRejectedException expected) {
			// rolled back
		}

		assertThat(this.events.all()).isEmpty();
		assertThat(this.events.orders()).isEmpty();
	}

	@Test
	void listenerThatThrowsDoesNotBreakTheWrite() {
		assertThat(auditCount()).isZero();
		int failures = this.failingListener.failures();

		this.shop.audit("checked");

		assertThat(this.failingListener.failures()).as("the failing listener was called").isEqualTo(failures + 1);
		assertThat(auditCount()).as("committed and invalidated").isEqualTo(1);
		assertThat(this.events.tables()).containsExactly("it_audit");
	}

	@Test
	void invalidatingTablesByNamePublishesTheirEvents() {
		this.cachalot.invalidateTables(List.of("IT_Accounts", "public.it_orders"));

		assertThat(this.events.tables()).containsExactlyInAnyOrder("it_accounts", "it_orders");
	}

	@Test
	void invalidatingTheDataSourcePublishesOneEventForAllTables() {
		this.cachalot.invalidateDataSource(DATA_SOURCE);

		assertThat(this.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.isAllTables()).isTrue();
			assertThat(event.getTable()).isNull();
			assertThat(event.getDataSource()).isEqualTo(DATA_SOURCE);
		});
	}

	long auditCount() {
		return this.jdbc.queryForObject("select count(*) from it_audit", Long.class);
	}

}
