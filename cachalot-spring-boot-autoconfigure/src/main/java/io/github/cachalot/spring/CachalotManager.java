package io.github.cachalot.spring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.config.SettingsOverride;
import io.github.cachalot.config.TableNames;
import io.github.cachalot.jdbc.CachingDataSource;

/**
 * What an application can ask of cachalot in code: invalidate everything, a data source or some
 * tables (by name or by JPA entity class), read when tables were last invalidated, and override
 * settings for a block of code.
 *
 * <pre>{@code
 * try (var scope = cachalotManager.override("enabled=false")) {
 *     report = reportService.build();   // straight from the database
 * }
 * }</pre>
 */
public class CachalotManager {

	private static final boolean HIBERNATE_PRESENT = ClassUtils.isPresent("org.hibernate.engine.spi.SessionFactoryImplementor",
			CachalotManager.class.getClassLoader())
			&& ClassUtils.isPresent("jakarta.persistence.EntityManagerFactory", CachalotManager.class.getClassLoader());

	private final CachalotDataSources dataSources;

	private final OverridableSettings settings;

	private final SettingsOverrideBinder overrideBinder;

	private final ListableBeanFactory beanFactory;

	/** A manager of the given data sources and settings. */
	public CachalotManager(CachalotDataSources dataSources, OverridableSettings settings,
			SettingsOverrideBinder overrideBinder, ListableBeanFactory beanFactory) {
		this.dataSources = dataSources;
		this.settings = settings;
		this.overrideBinder = overrideBinder;
		this.beanFactory = beanFactory;
	}

	/** The names of the wrapped data sources. */
	public Set<String> dataSourceNames() {
		return this.dataSources.names();
	}

	/** Invalidates every cached read of every wrapped data source. */
	public List<Invalidation> invalidateAll() {
		List<Invalidation> done = new ArrayList<>();
		this.dataSources.all().forEach((name, dataSource) -> done.add(invalidateAll(name, dataSource)));
		return done;
	}

	/** Invalidates every cached read of the named data source. */
	public Invalidation invalidateDataSource(String dataSourceName) {
		return invalidateAll(dataSourceName, require(dataSourceName));
	}

	/** Invalidates the cached reads of the given tables in every wrapped data source. */
	public List<Invalidation> invalidateTables(Collection<String> tables) {
		List<Invalidation> done = new ArrayList<>();
		this.dataSources.all().forEach((name, dataSource) -> done.add(invalidateTables(name, dataSource, tables)));
		return done;
	}

	/** Invalidates the cached reads of the given tables in the named data source. */
	public Invalidation invalidateTables(String dataSourceName, Collection<String> tables) {
		return invalidateTables(dataSourceName, require(dataSourceName), tables);
	}

	/**
	 * Invalidates the cached reads of the tables the given JPA entities are stored in, in every
	 * wrapped data source. Needs Hibernate.
	 */
	public List<Invalidation> invalidateEntities(Class<?>... entityClasses) {
		return invalidateTables(entityTables(entityClasses));
	}

	/** The tables the given JPA entity classes are stored in, as cachalot names them. */
	public Set<String> entityTables(Class<?>... entityClasses) {
		if (!HIBERNATE_PRESENT) {
			throw new IllegalStateException("Invalidating by entity class needs Hibernate; invalidate by table name");
		}
		return TableNames.normalize(EntityTables.of(this.beanFactory, entityClasses));
	}

	/**
	 * When this application last invalidated each table of the named data source ({@code *} for
	 * the whole data source).
	 */
	public Map<String, Instant> lastInvalidations(String dataSourceName) {
		return require(dataSourceName).invalidator().lastInvalidations();
	}

	/** What cachalot did so far for the named data source. */
	public CachalotStatistics statistics(String dataSourceName) {
		return require(dataSourceName).statistics();
	}

	/** Overrides settings on the calling thread until the scope is closed. */
	public OverridableSettings.Scope override(SettingsOverride override) {
		return this.settings.override(override);
	}

	/**
	 * Overrides settings written as in {@code application.yml}, such as {@code "enabled=false"} or
	 * {@code "timeout=10s"}, on the calling thread until the scope is closed.
	 */
	public OverridableSettings.Scope override(String... settings) {
		return this.settings.override(this.overrideBinder.bind(settings));
	}

	/** The settings in force on the calling thread. */
	public io.github.cachalot.config.CachalotSettings settings() {
		return this.settings.current();
	}

	private CachingDataSource require(String name) {
		CachingDataSource dataSource = this.dataSources.get(name);
		if (dataSource == null) {
			throw new IllegalArgumentException("cachalot wraps no data source named '" + name + "'; "
					+ (this.dataSources.isOff() ? "it is off (cachalot.enabled=false at startup) and wraps none"
							: "it wraps " + new TreeSet<>(this.dataSources.names())));
		}
		return dataSource;
	}

	private static Invalidation invalidateAll(String name, CachingDataSource dataSource) {
		return new Invalidation(name, Set.of(), dataSource.invalidateAll());
	}

	private static Invalidation invalidateTables(String name, CachingDataSource dataSource, Collection<String> tables) {
		Set<String> normalized = TableNames.normalize(tables);
		return new Invalidation(name, new LinkedHashSet<>(normalized), dataSource.invalidateTables(normalized));
	}

	/**
	 * One invalidation done.
	 * @param dataSource the name of the data source
	 * @param tables the invalidated tables, empty when every cached read was
	 * @param tookEffect whether the store took it; if not, reads of those tables bypass the cache
	 * until a retry succeeds
	 */
	public record Invalidation(String dataSource, Set<String> tables, boolean tookEffect) {

		/** Whether every cached read of the data source was invalidated. */
		public boolean allTables() {
			return this.tables.isEmpty();
		}

	}

}
