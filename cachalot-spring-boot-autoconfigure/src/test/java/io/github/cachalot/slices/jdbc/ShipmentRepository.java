package io.github.cachalot.slices.jdbc;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC repository of {@link Shipment}. */
interface ShipmentRepository extends ListCrudRepository<Shipment, Long> {

	List<Shipment> findByDestinationOrderById(String destination);

}
