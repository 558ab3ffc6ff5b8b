package io.github.cachalot.it.app.jdbc;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC repository of {@link PurchaseOrder}. */
public interface PurchaseOrderRepository extends ListCrudRepository<PurchaseOrder, Long> {

	List<PurchaseOrder> findByProductIdOrderById(long productId);

}
