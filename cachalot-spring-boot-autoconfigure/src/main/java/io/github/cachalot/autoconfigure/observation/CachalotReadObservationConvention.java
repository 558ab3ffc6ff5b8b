package io.github.cachalot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@code cachalot.read} observations; declare a bean of this
 * type to change their name or keys.
 */
public interface CachalotReadObservationConvention extends ObservationConvention<CachalotReadObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CachalotReadObservationContext;
	}

}
