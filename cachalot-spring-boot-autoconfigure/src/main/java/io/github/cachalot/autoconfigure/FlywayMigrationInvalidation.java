package io.github.cachalot.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;

/**
 * Makes Flyway's migrations invalidate when they run on a data source cachalot does not wrap: the
 * one Spring Boot builds for {@code spring.flyway.url}, {@code user} or {@code password}, or a
 * {@code @FlywayDataSource} left out by {@code cachalot.databases}. After a migrate that applied
 * migrations (or an undo, or a clean), the database it ran on is invalidated (see
 * {@link MigrationInvalidation}). Migrations that run through a wrapped data source invalidate what
 * they change by themselves and are left to it.
 * <p>
 * Registered through a {@link FlywayConfigurationCustomizer} that runs after the application's own
 * and adds its callback to those configured (Flyway's {@code callbacks(…)} replaces them), only
 * where Flyway's data source is not wrapped: Flyway opens a connection of its own for callbacks.
 */
final class FlywayMigrationInvalidation implements FlywayConfigurationCustomizer, Ordered {

	private final MigrationInvalidation invalidation;

	FlywayMigrationInvalidation(ObjectProvider<CachalotDataSources> dataSources) {
		this.invalidation = new MigrationInvalidation(dataSources);
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
		callbacks.add(new InvalidatingCallback(this.invalidation));
		configuration.callbacks(callbacks.toArray(Callback[]::new));
	}

	/** Invalidates the database a migration changed, when it ran where cachalot does not see it. */
	static final class InvalidatingCallback implements Callback {

		private final MigrationInvalidation invalidation;

		/** Whether a migration or undo was applied since the operation began. */
		private final AtomicBoolean applied = new AtomicBoolean();

		InvalidatingCallback(MigrationInvalidation invalidation) {
			this.invalidation = invalidation;
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
						this.invalidation.invalidate(context.getConfiguration().getDataSource(), "Flyway's " + event);
					}
				}
				case AFTER_CLEAN, AFTER_CLEAN_ERROR -> this.invalidation.invalidate(context.getConfiguration().getDataSource(), "Flyway's " + event);
				default -> {
				}
			}
		}

		@Override
		public String getCallbackName() {
			return "cachalot invalidation";
		}

	}

}
