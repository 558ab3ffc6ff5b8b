package io.github.cachalot.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Routes by a thread-local tenant, as multi-tenant applications do, and adds tenants as they do:
 * new targets, then {@code afterPropertiesSet()}, called on itself.
 */
public class TenantRouting extends AbstractRoutingDataSource {

	private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	private final Map<Object, Object> targets = new HashMap<>();

	/** Routes to the given targets by tenant, to {@code fallback} (may be null) without one. */
	public TenantRouting(Map<String, ? extends DataSource> targets, DataSource fallback) {
		this.targets.putAll(targets);
		setTargetDataSources(new HashMap<>(this.targets));
		if (fallback != null) {
			setDefaultTargetDataSource(fallback);
		}
		afterPropertiesSet();
	}

	/** Runs the work as the tenant, on this thread. */
	public static <T> T as(String tenant, Supplier<T> work) {
		TENANT.set(tenant);
		try {
			return work.get();
		}
		finally {
			TENANT.remove();
		}
	}

	/** Adds a tenant. */
	public void addTenant(String key, DataSource dataSource) {
		this.targets.put(key, dataSource);
		setTargetDataSources(new HashMap<>(this.targets));
		afterPropertiesSet();
	}

	@Override
	protected Object determineCurrentLookupKey() {
		return TENANT.get();
	}

}
