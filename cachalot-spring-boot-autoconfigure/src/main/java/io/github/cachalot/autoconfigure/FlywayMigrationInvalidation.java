package io.github.cachalot.autoconfigure;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.jdbc.Database;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;

/**
 * Makes Flyway's migrations invalidate when they run on a data source cachalot does not wrap: the
 * one Spring Boot builds for {@code spring.flyway.url}, {@code user} or {@code password}, or a
 * {@code @FlywayDataSource} left out by {@code cachalot.databases}. After a migrate that applied
 * migrations (or an undo, or a clean), every cached read of the database it ran on is invalidated,
 * in the store whether or not one of the application's data sources is on that database yet, and
 * this JVM's data sources on it look the catalog up again. Migrations that run through a wrapped
 * data source invalidate what they change by themselves and are left to it.
 * <p>
 * Registered through a {@link FlywayConfigurationCustomizer} that runs after the application's own
 * and adds its callback to those configured (Flyway's {@code callbacks(…)} replaces them), only
 * where Flyway's data source is not wrapped: Flyway opens a connection of its own for callbacks.
 */
final class FlywayMigrationInvalidation implements FlywayConfigurationCustomizer, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(FlywayMigrationInvalidation.class);

	private final ObjectProvider<CachalotDataSources> dataSources;

	FlywayMigrationInvalidation(ObjectProvider<CachalotDataSources> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		DataSource migrated = configuration.getDataSource();
		if (migrated != null && CachingDataSourceProxy.cachingOf(migrated) != null) {
			// its migrations invalidate by themselves; and a callback would cost Flyway a connection more
			return;
		}
		List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
		callbacks.add(new InvalidatingCallback(this.dataSources));
		configuration.callbacks(callbacks.toArray(Callback[]::new));
	}

	/** Invalidates the database a migration changed, when it ran where cachalot does not see it. */
	static final class InvalidatingCallback implements Callback {

		private final ObjectProvider<CachalotDataSources> dataSources;

		/** Whether a migration or undo was applied since the operation began. */
		private final AtomicBoolean applied = new AtomicBoolean();

		InvalidatingCallback(ObjectProvider<CachalotDataSources> dataSources) {
			this.dataSources = dataSources;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return switch (event) {
				case AFTER_EACH_MIGRATE, AFTER_EACH_MIGRATE_ERROR, AFTER_EACH_UNDO, AFTER_EACH_UNDO_ERROR,
						AFTER_MIGRATE, AFTER_MIGRATE_ERROR, AFTER_UNDO, AFTER_UNDO_ERROR, AFTER_CLEAN,
						AFTER_CLEAN_ERROR ->
					true;
				default -> false;
			};
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true; // it uses no connection of Flyway's
		}

		@Override
		public void handle(Event event, Context context) {
			switch (event) {
				case AFTER_EACH_MIGRATE, AFTER_EACH_MIGRATE_ERROR, AFTER_EACH_UNDO, AFTER_EACH_UNDO_ERROR ->
					this.applied.set(true); // an error may come after some statements committed
				case AFTER_MIGRATE, AFTER_MIGRATE_ERROR, AFTER_UNDO, AFTER_UNDO_ERROR -> {
					if (this.applied.getAndSet(false)) {
						invalidate(context.getConfiguration().getDataSource(), event);
					}
				}
				case AFTER_CLEAN, AFTER_CLEAN_ERROR -> invalidate(context.getConfiguration().getDataSource(), event);
				default -> {
				}
			}
		}

		private void invalidate(DataSource migrated, Event event) {
			CachalotDataSources registry = this.dataSources.getIfAvailable();
			if (registry == null || registry.isOff() || migrated == null
					|| CachingDataSourceProxy.cachingOf(migrated) != null) {
				return; // through a wrapped data source, the migration invalidated what it changed
			}
			Cachalot cachalot = registry.cachalot();
			Database database;
			try (Connection connection = migrated.getConnection()) {
				database = cachalot.databaseOf(connection);
			}
			catch (Exception ex) {
				logger.warn("cachalot cannot tell which database Flyway migrated ({}): it invalidates every data source "
						+ "it wraps instead", event, ex);
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
				logger.info("cachalot invalidated every cached read of database {} ({}) after Flyway's {} on a data "
						+ "source it does not wrap (its data sources on that database so far: {})", database.id(),
						database.description(), event, names);
			}
			else {
				logger.warn("cachalot could not invalidate database {} ({}) after Flyway's {}: the store refused it; "
						+ "reads cached before the migration may be served (invalidate with POST /actuator/cachalot)",
						database.id(), database.description(), event);
			}
		}

		@Override
		public String getCallbackName() {
			return "cachalot invalidation";
		}

	}

}
