package io.github.cachalot.autoconfigure.endpoint;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;

/**
 * The {@code cachalot} Actuator endpoint: reads the settings in force and, for each wrapped data
 * source, its store, its last invalidations and its counters; invalidates everything, a data
 * source or some tables (what django-cachalot's {@code invalidate_cachalot} command does, for
 * scripts run after a database restore):
 *
 * <pre>
 * curl -X POST -H 'Content-Type: application/json' http://host/actuator/cachalot
 * curl -X POST -H 'Content-Type: application/json' http://host/actuator/cachalot \
 *      -d '{"dataSource": "dataSource", "tables": "orders,order_lines"}'
 * </pre>
 *
 * Like every Actuator endpoint, it is reachable over HTTP only when
 * {@code management.endpoints.web.exposure.include} lists it, and over JMX when
 * {@code spring.jmx.enabled} is set and {@code management.endpoints.jmx.exposure.include} lists it.
 */
@Endpoint(id = "cachalot")
public class CachalotEndpoint {

	private final CachalotManager manager;

	private final CachalotDataSources dataSources;

	private final CachalotProperties properties;

	/** An endpoint over the given manager, wrapped data sources and properties. */
	public CachalotEndpoint(CachalotManager manager, CachalotDataSources dataSources, CachalotProperties properties) {
		this.manager = manager;
		this.dataSources = dataSources;
		this.properties = properties;
	}

	/** The settings in force and every wrapped data source. */
	@ReadOperation
	public CachalotDescriptor cachalot() {
		Map<String, DataSourceDescriptor> described = new LinkedHashMap<>();
		this.dataSources.all().forEach((name, dataSource) -> described.put(name, DataSourceDescriptor.of(dataSource)));
		return new CachalotDescriptor(SettingsDescriptor.of(this.manager.settings(), this.properties), described);
	}

	/** One wrapped data source, or {@code null} (404 over HTTP) when none has that name. */
	@ReadOperation
	public @Nullable DataSourceDescriptor dataSource(@Selector String dataSource) {
		CachingDataSource wrapped = this.dataSources.get(dataSource);
		return (wrapped != null) ? DataSourceDescriptor.of(wrapped) : null;
	}

	/**
	 * Invalidates cached reads: of every wrapped data source, or only of the named one; of every
	 * table, or only of the given ones. An unknown data source is a bad request (400 over HTTP).
	 * @param dataSource the name of a wrapped data source, or {@code null} for all of them
	 * @param tables the tables to invalidate (over HTTP and JMX a comma-separated string), or
	 * {@code null} or empty for all of them
	 * @return one entry per data source invalidated
	 */
	@WriteOperation
	public List<InvalidationDescriptor> invalidate(@Nullable String dataSource, @Nullable List<String> tables) {
		boolean allTables = tables == null || tables.isEmpty();
		if (dataSource == null) {
			return describe(allTables ? this.manager.invalidateAll() : this.manager.invalidateTables(tables));
		}
		if (this.dataSources.get(dataSource) == null) {
			String message = "cachalot wraps no data source named '" + dataSource + "'; it wraps "
					+ this.dataSources.all().keySet();
			throw new InvalidEndpointRequestException(message, message);
		}
		return describe(List.of(allTables ? this.manager.invalidateDataSource(dataSource)
				: this.manager.invalidateTables(dataSource, tables)));
	}

	private static List<InvalidationDescriptor> describe(Collection<CachalotManager.Invalidation> invalidations) {
		return invalidations.stream().map(InvalidationDescriptor::of).toList();
	}

}
