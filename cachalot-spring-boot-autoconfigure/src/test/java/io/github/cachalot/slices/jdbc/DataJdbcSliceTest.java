package io.github.cachalot.slices.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.slices.PostgreSqlSliceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} includes cachalot: a Spring Data JDBC repository reads through the cache as
 * in the application. On PostgreSQL ({@code replace = NONE}).
 */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJdbcSliceTest extends PostgreSqlSliceTest {

	@Autowired
	ShipmentRepository shipments;

	@BeforeAll
	static void createShipments() {
		DATABASE.execute("drop table if exists sl_shipments",
				"create table sl_shipments (id bigserial primary key, destination varchar(40), parcels int not null)",
				"insert into sl_shipments (destination, parcels) values ('Lyon', 2), ('Oslo', 1), ('Lyon', 5)");
	}

	@Test
	void theSlicesDataSourceIsWrapped() {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNotNull();
	}

	@Test
	void aRepeatedRepositoryQueryIsAnsweredFromTheCache() {
		CachalotStatistics statistics = statistics();
		long hits = statistics.hits();

		assertThat(this.shipments.findByDestinationOrderById("Lyon")).extracting(Shipment::parcels)
			.containsExactly(2, 5);
		assertThat(this.shipments.findByDestinationOrderById("Lyon")).extracting(Shipment::parcels)
			.containsExactly(2, 5);

		assertThat(statistics.hits() - hits).isEqualTo(1);
	}

	@Test
	void aSaveInTheTestsTransactionIsSeenByItsNextRead() {
		Shipment oslo = this.shipments.findByDestinationOrderById("Oslo").get(0);
		this.shipments.save(oslo.withParcels(9));

		assertThat(this.shipments.findByDestinationOrderById("Oslo")).extracting(Shipment::parcels).containsExactly(9);
	}

}
