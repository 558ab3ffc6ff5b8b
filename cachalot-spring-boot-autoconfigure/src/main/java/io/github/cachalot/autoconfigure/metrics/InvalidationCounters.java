package io.github.cachalot.autoconfigure.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import io.github.cachalot.invalidation.InvalidationListener;

/**
 * Counts the invalidations of one data source in {@code cachalot.invalidations}, tagged with
 * {@code scope} and {@code table}: scope {@value #TABLE_SCOPE} and the table's name for the first
 * {@code maxTableTags} distinct tables, scope {@value #OTHER_TABLES_SCOPE} and table
 * {@value #OTHER_TABLES} for further ones (so that the number of time series stays bounded), scope
 * {@value #DATA_SOURCE_SCOPE} and table {@value #ALL_TABLES} for invalidations of the whole data
 * source. The scope keeps a real table named {@code other} or {@code all} apart from the two
 * counters that are not of one table.
 */
class InvalidationCounters implements InvalidationListener {

	static final String OTHER_TABLES = "other";

	static final String ALL_TABLES = "all";

	static final String TABLE_SCOPE = "table";

	static final String OTHER_TABLES_SCOPE = "other-tables";

	static final String DATA_SOURCE_SCOPE = "data-source";

	private final MeterRegistry registry;

	private final Tags tags;

	private final int maxTableTags;

	private final Map<String, Counter> tableCounters = new ConcurrentHashMap<>();

	private final Counter otherTables;

	private final Counter allTables;

	InvalidationCounters(MeterRegistry registry, Tags tags, int maxTableTags) {
		this.registry = registry;
		this.tags = tags;
		this.maxTableTags = maxTableTags;
		this.otherTables = register(OTHER_TABLES_SCOPE, OTHER_TABLES);
		this.allTables = register(DATA_SOURCE_SCOPE, ALL_TABLES);
	}

	@Override
	public void tablesInvalidated(String dataSourceId, Set<String> tables) {
		for (String table : tables) {
			counter(table).increment();
		}
	}

	@Override
	public void dataSourceInvalidated(String dataSourceId) {
		this.allTables.increment();
	}

	private Counter counter(String table) {
		Counter counter = this.tableCounters.get(table);
		if (counter != null) {
			return counter;
		}
		synchronized (this.tableCounters) {
			counter = this.tableCounters.get(table);
			if (counter == null) {
				if (this.tableCounters.size() >= this.maxTableTags) {
					return this.otherTables;
				}
				counter = register(TABLE_SCOPE, table);
				this.tableCounters.put(table, counter);
			}
			return counter;
		}
	}

	private Counter register(String scope, String table) {
		return Counter.builder("cachalot.invalidations")
			.description("Invalidations that took effect, by table")
			.tags(this.tags.and("scope", scope, "table", table))
			.register(this.registry);
	}

}
