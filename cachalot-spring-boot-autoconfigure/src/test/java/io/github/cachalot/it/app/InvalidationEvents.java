package io.github.cachalot.it.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.github.cachalot.spring.CachalotInvalidationEvent;

/**
 * Collects the {@link CachalotInvalidationEvent}s the application receives: all of them, and
 * (through a conditional listener) those of {@code it_orders} only.
 */
@Component
public class InvalidationEvents {

	private final List<CachalotInvalidationEvent> all = new CopyOnWriteArrayList<>();

	private final List<CachalotInvalidationEvent> orders = new CopyOnWriteArrayList<>();

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void onInvalidation(CachalotInvalidationEvent event) {
		this.all.add(event);
	}

	@EventListener(condition = "#event.table == 'it_orders'")
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void onOrdersInvalidated(CachalotInvalidationEvent event) {
		this.orders.add(event);
	}

	/** Every event received since the last {@link #clear()}. */
	public List<CachalotInvalidationEvent> all() {
		return List.copyOf(this.all);
	}

	/** The tables of the events received since the last {@link #clear()}, in order. */
	public List<String> tables() {
		return this.all.stream().map(CachalotInvalidationEvent::getTable).toList();
	}

	/** The events the listener conditioned on {@code it_orders} received. */
	public List<CachalotInvalidationEvent> orders() {
		return List.copyOf(this.orders);
	}

	public void clear() {
		this.all.clear();
		this.orders.clear();
	}

}
