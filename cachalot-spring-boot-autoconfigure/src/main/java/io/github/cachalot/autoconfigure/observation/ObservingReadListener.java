package io.github.cachalot.autoconfigure.observation;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import io.github.cachalot.ReadListener;
import io.github.cachalot.ReadOutcome;
import io.github.cachalot.autoconfigure.CachalotProperties;

/**
 * Reports each read as a {@code cachalot.read} observation, a child of the observation in scope
 * (the HTTP request, say). The observation marks cachalot's decision, made before a miss or a
 * bypass runs on the database: its duration is not the query's. A registry that is a no-op costs
 * a read one check and no allocation.
 */
public class ObservingReadListener implements ReadListener {

	private static final CachalotReadObservationConvention DEFAULT_CONVENTION = new DefaultCachalotReadObservationConvention();

	private final ObservationRegistry registry;

	private final CachalotReadObservationConvention convention;

	private final CachalotProperties properties;

	/**
	 * A listener that observes reads in the given registry.
	 * @param registry where observations go
	 * @param convention the application's convention, or {@code null} for the default one
	 * @param properties read at each read for {@code cachalot.observations.include-sql}
	 */
	public ObservingReadListener(ObservationRegistry registry, CachalotReadObservationConvention convention,
			CachalotProperties properties) {
		this.registry = registry;
		this.convention = convention;
		this.properties = properties;
	}

	@Override
	public void read(String dataSourceId, ReadOutcome outcome, String reason, Set<String> tables, String sql) {
		if (this.registry.isNoop()) {
			return; // before anything is allocated: a hit stays as cheap as without observations
		}
		CachalotReadObservationContext context = new CachalotReadObservationContext(dataSourceId, outcome, reason,
				tables, this.properties.getObservations().isIncludeSql() ? sql : null);
		Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start()
			.stop();
	}

}
