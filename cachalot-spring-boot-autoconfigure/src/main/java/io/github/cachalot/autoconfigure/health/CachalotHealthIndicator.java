package io.github.cachalot.autoconfigure.health;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.cachalot.invalidation.TableInvalidator;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CircuitBreakingCacheStore;

/**
 * The health of cachalot's cache, per wrapped data source: whether its store answers (one look-up
 * of a key that is never written), the state of the circuit breaker that guards a network store,
 * and whether invalidations wait for the store to take them.
 * <p>
 * A cache in trouble never makes the application {@code DOWN}: reads then go to the database, which
 * still answers correctly, only slower. Its status is {@link #DEGRADED} instead, a status that
 * Actuator's default aggregation leaves out (only {@code DOWN}, {@code OUT_OF_SERVICE}, {@code UP}
 * and {@code UNKNOWN} are ordered), so the application stays {@code UP} while
 * {@code /actuator/health/cachalot} says what is wrong. To let it show in the overall status, add
 * it to {@code management.endpoint.health.status.order} (for example
 * {@code down,out-of-service,degraded,up,unknown}); it maps to HTTP 200 unless
 * {@code management.endpoint.health.status.http-mapping.degraded} says otherwise.
 */
public class CachalotHealthIndicator implements HealthIndicator {

	/** The status of a cache that cannot serve every read it should: the database answers them. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"The cache is degraded; reads go to the database until it recovers");

	/** The key looked up to probe a store; cachalot never writes it. */
	static final String PROBE_KEY = "cachalot:health-probe";

	private final CachalotDataSources dataSources;

	/** An indicator of the data sources cachalot wraps, now or later. */
	public CachalotHealthIndicator(CachalotDataSources dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public Health health() {
		Map<CacheStore, StoreHealth> stores = new IdentityHashMap<>(); // data sources usually share one store
		Map<String, Map<String, Object>> details = new LinkedHashMap<>();
		boolean degraded = false;
		for (Map.Entry<String, CachingDataSource> entry : this.dataSources.all().entrySet()) {
			CachingDataSource dataSource = entry.getValue();
			StoreHealth store = stores.computeIfAbsent(dataSource.store(), StoreHealth::probe);
			TableInvalidator invalidator = dataSource.invalidator();
			invalidator.retryPending(); // a store that answers again takes what waited for it
			boolean pending = invalidator.hasPending();
			Map<String, Object> described = store.describe(dataSource.store());
			described.put("pendingInvalidations", pending);
			degraded |= !store.reachable() || pending;
			Map<String, CacheStore> caches = dataSource.stores().all();
			if (caches.size() > 1) {
				// overrides read through other caches, which every write invalidates: each must answer
				Map<String, Object> others = new LinkedHashMap<>();
				for (Map.Entry<String, CacheStore> cache : caches.entrySet()) {
					StoreHealth health = stores.computeIfAbsent(cache.getValue(), StoreHealth::probe);
					others.put(cache.getKey(), health.describe(cache.getValue()));
					degraded |= !health.reachable();
				}
				described.put("caches", others);
			}
			details.put(entry.getKey(), described);
		}
		return Health.status(degraded ? DEGRADED : Status.UP).withDetail("dataSources", details).build();
	}

	/**
	 * What one probe of a store found.
	 * @param reachable whether the look-up succeeded
	 * @param error why it failed, or {@code null}
	 * @param circuitBreaker {@code open} (calls fail fast), {@code closed}, or {@code none} for a
	 * store without one (in-process)
	 */
	private record StoreHealth(boolean reachable, String error, String circuitBreaker) {

		static StoreHealth probe(CacheStore store) {
			boolean reachable;
			String error = null;
			try {
				// through the breaker: while it is open this fails at once, and once its pause is over this
				// look-up is the probe whose success closes it
				store.getAll(new String[] { PROBE_KEY });
				reachable = true;
			}
			catch (RuntimeException ex) {
				reachable = false;
				error = ex.getClass().getName() + ": " + ex.getMessage();
			}
			String circuitBreaker = (store instanceof CircuitBreakingCacheStore breaker)
					? (breaker.isOpen() ? "open" : "closed") : "none";
			return new StoreHealth(reachable, error, circuitBreaker);
		}

		/** The details of the store as this probe found it, in an order more may be added to. */
		Map<String, Object> describe(CacheStore store) {
			Map<String, Object> described = new LinkedHashMap<>();
			described.put("store", store.description());
			described.put("storeReachable", this.reachable);
			if (this.error != null) {
				described.put("storeError", this.error);
			}
			described.put("circuitBreaker", this.circuitBreaker);
			return described;
		}

	}

}
