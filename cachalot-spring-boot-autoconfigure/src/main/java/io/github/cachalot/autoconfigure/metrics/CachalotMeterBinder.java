package io.github.cachalot.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;

/**
 * Binds the meters of every data source cachalot wraps, now or later, each tagged with
 * {@code datasource} (its name):
 * <ul>
 * <li>{@code cachalot.reads}: reads by {@code result} ({@code hit}, {@code miss} or
 * {@code uncacheable}) and {@code reason} (why a read was not cacheable, {@code none} for hits and
 * misses);</li>
 * <li>{@code cachalot.lookups}: the time spent looking results up in the cache store;</li>
 * <li>{@code cachalot.invalidations}: invalidations that took effect, by {@code scope} and
 * {@code table}: scope {@code table} and the table's name for the first
 * {@code cachalot.metrics.max-table-tags} distinct tables, scope {@code other-tables} (table
 * {@code other}) for further ones, scope {@code data-source} (table {@code all}) for invalidations
 * of the whole data source;</li>
 * <li>{@code cachalot.cache.reads}: the hits and misses of {@code cachalot.reads} by {@code cache},
 * the name of the cache they went to ({@code cache-alias/cache-name}, or the name alone for the
 * default CacheManager), when overrides send reads to several;</li>
 * <li>{@code cachalot.store.failures}: failed calls to the cache store.</li>
 * </ul>
 */
public class CachalotMeterBinder implements MeterBinder {

	static final String NO_REASON = "none";

	private final CachalotDataSources dataSources;

	private final int maxTableTags;

	/**
	 * A binder of the meters of the given data sources.
	 * @param dataSources the wrapped data sources
	 * @param maxTableTags how many distinct tables per data source get their own {@code table} tag
	 */
	public CachalotMeterBinder(CachalotDataSources dataSources, int maxTableTags) {
		this.dataSources = dataSources;
		this.maxTableTags = maxTableTags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSources.forEachWrapped((dataSource) -> bind(registry, dataSource));
	}

	private void bind(MeterRegistry registry, CachingDataSource dataSource) {
		Tags tags = Tags.of("datasource", dataSource.dataSourceId());
		CachalotStatistics statistics = dataSource.statistics();
		reads(registry, "cachalot.reads", statistics, CachalotStatistics::hits,
				tags.and("result", "hit", "reason", NO_REASON));
		reads(registry, "cachalot.reads", statistics, CachalotStatistics::misses,
				tags.and("result", "miss", "reason", NO_REASON));
		statistics.addReasonListener((reason) -> reads(registry, "cachalot.reads", statistics,
				(s) -> s.uncacheable(reason), tags.and("result", "uncacheable", "reason", reason)));
		FunctionTimer.builder("cachalot.lookups", statistics, CachalotStatistics::lookups,
				CachalotStatistics::lookupNanos, TimeUnit.NANOSECONDS)
			.description("Look-ups of cached results in the cache store")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("cachalot.store.failures", statistics, CachalotStatistics::storeFailures)
			.description("Failed calls to the cache store")
			.tags(tags)
			.register(registry);
		dataSource.addInvalidationListener(new InvalidationCounters(registry, tags, this.maxTableTags));
		dataSource.stores().forEachRegistered((cache, store) -> {
			Tags cacheTags = tags.and("cache", cache);
			reads(registry, "cachalot.cache.reads", dataSource, (reads) -> reads.readsIn(store).hits(),
					cacheTags.and("result", "hit"));
			reads(registry, "cachalot.cache.reads", dataSource, (reads) -> reads.readsIn(store).misses(),
					cacheTags.and("result", "miss"));
		});
	}

	private static <T> void reads(MeterRegistry registry, String name, T counted, ToDoubleFunction<T> count,
			Tags tags) {
		FunctionCounter.builder(name, counted, count)
			.description(name.equals("cachalot.reads") ? "Reads through cachalot, by result"
					: "Reads answered from a cache (hit) or offered to it (miss), by cache")
			.tags(tags)
			.register(registry);
	}

}
