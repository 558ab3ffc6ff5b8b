package io.github.cachalot.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.integration.spring.Customizer;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.github.cachalot.spring.CachalotDataSources;

/**
 * Makes Liquibase's updates invalidate when they run on a data source cachalot does not wrap: the
 * one Spring Boot builds for {@code spring.liquibase.url}, {@code user} or {@code password}, or a
 * {@code @LiquibaseDataSource} left out by {@code cachalot.databases}. After an update that ran
 * change sets (or failed in one), the database it ran on is invalidated (see
 * {@link MigrationInvalidation}). Updates through a wrapped data source invalidate what they change
 * by themselves and are left to it.
 * <p>
 * A post-processor of {@link SpringLiquibase} beans, which update when they are initialized (Boot
 * keeps its own customizer hook package-private): before, it sets a change listener through the
 * bean's {@link Customizer}, which then runs the application's; after, it invalidates if a change
 * set ran. An application's customizer may replace that listener, so with one, every update that
 * ran invalidates.
 */
final class LiquibaseMigrationInvalidation implements BeanPostProcessor {

	private final MigrationInvalidation invalidation;

	/** The updates under way, by bean name. */
	private final Map<String, Update> updates = new ConcurrentHashMap<>();

	LiquibaseMigrationInvalidation(ObjectProvider<CachalotDataSources> dataSources) {
		this.invalidation = new MigrationInvalidation(dataSources);
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SpringLiquibase liquibase && this.invalidation.isNeededFor(liquibase.getDataSource())) {
			Update update = new Update(liquibase.getDataSource(), liquibase.getCustomizer());
			liquibase.setCustomizer(update);
			this.updates.put(beanName, update);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Update update = this.updates.remove(beanName);
		if (update != null && update.changed.get()) {
			this.invalidation.invalidate(update.migrated, "Liquibase's update of '" + beanName + "'");
		}
		return bean;
	}

	/** One bean's update: whether it may have changed the database. */
	private final class Update extends AbstractChangeExecListener implements Customizer<Liquibase> {

		private final DataSource migrated;

		private final Customizer<Liquibase> applications;

		final AtomicBoolean changed = new AtomicBoolean();

		Update(DataSource migrated, Customizer<Liquibase> applications) {
			this.migrated = migrated;
			// a bean made from another's settings may carry its customizer, cachalot's
			this.applications = (applications instanceof Update update) ? update.applications : applications;
		}

		@Override
		public void customize(Liquibase liquibase) {
			liquibase.setChangeExecListener(this);
			if (this.applications != null) {
				this.applications.customize(liquibase);
				this.changed.set(true); // it may have replaced the listener: what ran is not known
			}
		}

		@Override
		public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database,
				ChangeSet.ExecType execType) {
			if (execType != ChangeSet.ExecType.MARK_RAN && execType != ChangeSet.ExecType.SKIPPED) {
				this.changed.set(true);
			}
		}

		@Override
		public void runFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception ex) {
			// the bean fails and is never initialized: what committed before (earlier change sets,
			// DDL where it commits by itself) is invalidated now
			LiquibaseMigrationInvalidation.this.invalidation.invalidate(this.migrated, "Liquibase's failed change set " + changeSet);
		}

	}

}
