package io.github.cachalot.slices.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A shipment, a Spring Data JDBC aggregate stored in {@code sl_shipments}. */
@Table("sl_shipments")
record Shipment(@Id Long id, String destination, int parcels) {

	Shipment withParcels(int parcels) {
		return new Shipment(this.id, this.destination, parcels);
	}

}
