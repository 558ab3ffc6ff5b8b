package io.github.cachalot.autoconfigure;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.jdbc.Database;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;

/**
 * Invalidates the database a migration tool changed through a data source cachalot does not wrap
 * (Flyway's and Liquibase's own): every cached read of that database, in the store whether or not
 * one of the application's data sources is on it yet, and this JVM's data sources on it look the
 * catalog up again. Migrations through a wrapped data source invalidate what they change by
 * themselves and are left to it.
 */
final class MigrationInvalidation {

	private static final Logger logger = LoggerFactory.getLogger(MigrationInvalidation.class);

	private final ObjectProvider<CachalotDataSources> dataSources;

	MigrationInvalidation(ObjectProvider<CachalotDataSources> dataSources) {
		this.dataSources = dataSources;
	}

	/** Whether migrations on this data source need invalidating after them (cachalot on, and not wrapped). */
	boolean isNeededFor(DataSource migrated) {
		CachalotDataSources registry = this.dataSources.getIfAvailable();
		return registry != null && !registry.isOff() && migrated != null
				&& CachingDataSourceProxy.cachingOf(migrated) == null;
	}

	/**
	 * Invalidates the database of the data source a migration ran on.
	 * @param migrated the data source the tool migrated
	 * @param what what ran, for the log (the tool and its operation)
	 */
	void invalidate(DataSource migrated, String what) {
		if (!isNeededFor(migrated)) {
			return; // through a wrapped data source, the migration invalidated what it changed
		}
		CachalotDataSources registry = this.dataSources.getObject();
		Cachalot cachalot = registry.cachalot();
		Database database;
		try (Connection connection = migrated.getConnection()) {
			database = cachalot.databaseOf(connection);
		}
		catch (Exception ex) {
			logger.warn("cachalot cannot tell which database {} migrated: it invalidates every data source it wraps "
					+ "instead", what, ex);
			registry.all().values().forEach(CachingDataSource::invalidateAll);
			return;
		}
		boolean tookEffect = cachalot.invalidateDatabase(database.id());
		List<String> names = new ArrayList<>();
		for (Map.Entry<String, CachingDataSource> wrapped : registry.all().entrySet()) {
			if (database.id().equals(wrapped.getValue().database())) {
				// its listeners and last invalidations learn of it; a failure is retried from there
				wrapped.getValue().invalidateAll();
				names.add(wrapped.getKey());
			}
		}
		if (tookEffect) {
			logger.info("cachalot invalidated every cached read of database {} ({}) after {} on a data source it "
					+ "does not wrap (its data sources on that database so far: {})", database.id(),
					database.description(), what, names);
		}
		else {
			logger.warn("cachalot could not invalidate database {} ({}) after {}: the store refused it; reads cached "
					+ "before the migration may be served (invalidate with POST /actuator/cachalot)", database.id(),
					database.description(), what);
		}
	}

}
