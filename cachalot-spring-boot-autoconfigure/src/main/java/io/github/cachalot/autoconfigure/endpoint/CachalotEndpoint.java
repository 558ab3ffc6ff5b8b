package io.github.cachalot.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.config.TableNames;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachalotManager;

/**
 * The {@code cachalot} Actuator endpoint: reads the settings in force and, for each wrapped data
 * source, its store, the database it shares invalidations with, its key scope, its last
 * invalidations and its counters; invalidates everything, a data
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
 * Exposed, anyone who reaches it can flush the cache: secure it (an actuator role for its write
 * operation, as the sample app does with Spring Security), or allow only reads with
 * {@code management.endpoint.cachalot.access=read-only}. What one request can make cachalot keep is
 * bounded: it invalidates only tables the database has, at most {@value #MAX_TABLES_PER_REQUEST}.
 */
@Endpoint(id = "cachalot")
public class CachalotEndpoint {

	/** How many tables one request may name: for more, invalidate the whole data source. */
	public static final int MAX_TABLES_PER_REQUEST = 1_000;

	/** How many unknown table names a bad request's message quotes. */
	private static final int NAMES_IN_MESSAGE = 10;

	private static final int MAX_NAME_IN_MESSAGE = 64;

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
	 * table, or only of the given ones. Only tables that the database's catalog lists are
	 * invalidated (in each data source, those of the given tables that it has); when a data source's
	 * catalog cannot be read, that data source is invalidated whole instead. A bad request (400 over
	 * HTTP) invalidates nothing: an unknown data source, more than
	 * {@value #MAX_TABLES_PER_REQUEST} tables, or a table that no data source concerned has.
	 * @param dataSource the name of a wrapped data source, or {@code null} for all of them
	 * @param tables the tables to invalidate (over HTTP and JMX a comma-separated string), or
	 * {@code null} or empty for all of them
	 * @return one entry per data source invalidated
	 */
	@WriteOperation
	public List<InvalidationDescriptor> invalidate(@Nullable String dataSource, @Nullable List<String> tables) {
		Map<String, CachingDataSource> targets = targets(dataSource);
		if (tables != null && tables.size() > MAX_TABLES_PER_REQUEST) {
			throw badRequest("At most " + MAX_TABLES_PER_REQUEST + " tables can be invalidated in one request; "
					+ tables.size() + " were given. Invalidate the whole data source instead (no tables).");
		}
		Set<String> requested = (tables != null) ? TableNames.normalize(tables) : Set.of();
		if (requested.isEmpty()) {
			return describe((dataSource != null) ? List.of(this.manager.invalidateDataSource(dataSource))
					: this.manager.invalidateAll());
		}
		Map<String, Optional<Set<String>>> known = new LinkedHashMap<>();
		targets.forEach((name, wrapped) -> known.put(name, CatalogTables.of(name, wrapped)));
		if (known.values().stream().allMatch(Optional::isPresent)) {
			Set<String> unknown = new TreeSet<>(requested);
			known.values().forEach((names) -> unknown.removeAll(names.get()));
			if (!unknown.isEmpty()) {
				throw badRequest(noSuchTables(unknown, known.keySet()));
			}
		}
		List<CachalotManager.Invalidation> done = new ArrayList<>();
		known.forEach((name, names) -> {
			if (names.isEmpty()) {
				done.add(this.manager.invalidateDataSource(name)); // whatever the tables were, they are invalidated
				return;
			}
			Set<String> its = new TreeSet<>(requested);
			its.retainAll(names.get());
			if (!its.isEmpty()) {
				done.add(this.manager.invalidateTables(name, its));
			}
		});
		return describe(done);
	}

	private Map<String, CachingDataSource> targets(@Nullable String dataSource) {
		if (dataSource == null) {
			return this.dataSources.all();
		}
		CachingDataSource wrapped = this.dataSources.get(dataSource);
		if (wrapped == null) {
			throw badRequest("cachalot wraps no data source named '" + printable(dataSource) + "'; it wraps "
					+ this.dataSources.all().keySet());
		}
		return Map.of(dataSource, wrapped);
	}

	private static String noSuchTables(Set<String> unknown, Set<String> dataSources) {
		StringJoiner names = new StringJoiner(", ");
		unknown.stream().limit(NAMES_IN_MESSAGE).forEach((name) -> names.add("'" + printable(name) + "'"));
		return ((dataSources.size() == 1) ? "Data source '" + dataSources.iterator().next() + "' has no table named "
				: "No data source of " + dataSources + " has a table named ") + names
				+ ((unknown.size() > NAMES_IN_MESSAGE) ? " (and " + (unknown.size() - NAMES_IN_MESSAGE) + " more)" : "")
				+ ". Names are compared unqualified and in lower case with the tables and views of the database's "
				+ "catalog; nothing was invalidated.";
	}

	/** A name given by the caller, as a message may quote it: short, one line. */
	private static String printable(String name) {
		String shown = (name.length() > MAX_NAME_IN_MESSAGE) ? name.substring(0, MAX_NAME_IN_MESSAGE) + "…" : name;
		return shown.replaceAll("\\p{Cntrl}", "?");
	}

	private static InvalidEndpointRequestException badRequest(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

	private static List<InvalidationDescriptor> describe(Collection<CachalotManager.Invalidation> invalidations) {
		return invalidations.stream().map(InvalidationDescriptor::of).toList();
	}

}
