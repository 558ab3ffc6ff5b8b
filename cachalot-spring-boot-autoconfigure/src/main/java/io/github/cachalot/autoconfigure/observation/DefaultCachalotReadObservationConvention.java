package io.github.cachalot.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Names the observation {@value #NAME}, with the low-cardinality keys {@code outcome} ({@code hit},
 * {@code miss}, {@code bypass}), {@code reason} (why a read bypassed the cache, {@code none}
 * otherwise) and {@code datasource} (the names the {@code cachalot.reads} meter uses), and the
 * high-cardinality keys {@code tables} (comma-separated) and, where allowed, {@code sql}.
 */
public class DefaultCachalotReadObservationConvention implements CachalotReadObservationConvention {

	/** The observation's name. */
	public static final String NAME = "cachalot.read";

	/** The {@code reason} of hits and misses. */
	public static final String NO_REASON = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(CachalotReadObservationContext context) {
		return "cachalot " + context.getOutcome().value();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CachalotReadObservationContext context) {
		return KeyValues.of(KeyValue.of("outcome", context.getOutcome().value()),
				KeyValue.of("reason", (context.getReason() != null) ? context.getReason() : NO_REASON),
				KeyValue.of("datasource", context.getDataSource()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CachalotReadObservationContext context) {
		KeyValues tables = KeyValues.of(KeyValue.of("tables", String.join(",", context.getTables())));
		return (context.getSql() != null) ? tables.and(KeyValue.of("sql", context.getSql())) : tables;
	}

}
