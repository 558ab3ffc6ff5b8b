package io.github.cachalot.it.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.github.cachalot.spring.CachalotInvalidationEvent;

/** A listener that throws on every invalidation of {@code it_audit}; it runs after the others. */
@Component
public class FailingInvalidationListener {

	private final AtomicInteger failures = new AtomicInteger();

	@EventListener(condition = "#event.table == 'it_audit'")
	@Order(Ordered.LOWEST_PRECEDENCE)
	void onAuditInvalidated(CachalotInvalidationEvent event) {
		this.failures.incrementAndGet();
		throw new IllegalStateException("listener failure on purpose (expected by the test): " + event);
	}

	/** How often it threw. */
	public int failures() {
		return this.failures.get();
	}

}
