package io.github.cachalot.spring;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What listeners of {@link CachalotInvalidationEvent} do inside a Spring transaction's commit
 * (issue 16, item 6 and the listener that throws an Error). Each case has its control: the same
 * application with {@code cachalot.enabled=false}.
 */
class InvalidationListenerTest {

	private static final String COUNT_AUDIT = "SELECT COUNT(*) FROM il_audit";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				CachalotAutoConfiguration.class))
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeEach
	void createTables() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS il_items, il_audit",
				"CREATE TABLE il_items (id INT PRIMARY KEY, price INT)", "INSERT INTO il_items VALUES (1, 100)",
				"CREATE TABLE il_audit (id SERIAL PRIMARY KEY, tbl VARCHAR(40))");
	}

	@Test
	void aWriteMadeByAListenerInsideTheTransactionIsNotLost() {
		this.runner.withUserConfiguration(AuditingListenerConfiguration.class).run(this::listenerWriteIsSeen);
	}

	@Test
	void aWriteMadeByAListenerInsideTheTransactionIsSeenWithCachalotOff() {
		// no event without cachalot: the control writes the audit row itself where the event would
		this.runner.withUserConfiguration(AuditingListenerConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject(COUNT_AUDIT, Integer.class)).isZero();
				transaction(context).executeWithoutResult((status) -> {
					jdbc.update("UPDATE il_items SET price = 200 WHERE id = 1");
					jdbc.update("INSERT INTO il_audit (tbl) VALUES ('il_items')");
				});
				assertThat(jdbc.queryForObject(COUNT_AUDIT, Integer.class)).isEqualTo(1);
			});
	}

	private void listenerWriteIsSeen(AssertableApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForObject(COUNT_AUDIT, Integer.class)).isZero();
		assertThat(jdbc.queryForObject(COUNT_AUDIT, Integer.class)).as("cached").isZero();
		transaction(context).executeWithoutResult(
				(status) -> jdbc.update("UPDATE il_items SET price = 200 WHERE id = 1"));
		assertThat(context.getBean(AuditingListenerConfiguration.class).audited.get())
			.as("the listener wrote on the transaction's connection").isEqualTo(1);
		assertThat(jdbc.queryForObject(COUNT_AUDIT, Integer.class)).as("the listener's row, not the cached 0")
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT price FROM il_items WHERE id = 1", Integer.class)).isEqualTo(200);
	}

	@Test
	void aListenerThatThrowsAnErrorDoesNotEscapeTheCommit() {
		this.runner.withUserConfiguration(ErrorThrowingListenerConfiguration.class).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String read = "SELECT price FROM il_items WHERE id = 1";
			assertThat(jdbc.queryForObject(read, Integer.class)).isEqualTo(100);
			transaction(context).executeWithoutResult(
					(status) -> jdbc.update("UPDATE il_items SET price = 200 WHERE id = 1"));
			assertThat(context.getBean(ErrorThrowingListenerConfiguration.class).thrown.get()).isEqualTo(1);
			assertThat(jdbc.queryForObject(read, Integer.class)).isEqualTo(200);
			// the connection's transaction state ended too: a later write still invalidates
			transaction(context).executeWithoutResult(
					(status) -> jdbc.update("UPDATE il_items SET price = 300 WHERE id = 1"));
			assertThat(jdbc.queryForObject(read, Integer.class)).isEqualTo(300);
		});
	}

	@Test
	void aTransactionCommitsWithCachalotOff() {
		this.runner.withUserConfiguration(ErrorThrowingListenerConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				transaction(context).executeWithoutResult(
						(status) -> jdbc.update("UPDATE il_items SET price = 200 WHERE id = 1"));
				assertThat(jdbc.queryForObject("SELECT price FROM il_items WHERE id = 1", Integer.class))
					.isEqualTo(200);
			});
	}

	private static TransactionTemplate transaction(AssertableApplicationContext context) {
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class AuditingListenerConfiguration {

		final AtomicInteger audited = new AtomicInteger();

		@Bean
		Object auditingListener(JdbcTemplate jdbc) {
			return new Object() {
				@EventListener(condition = "#event.table == 'il_items'")
				void on(CachalotInvalidationEvent event) {
					// JdbcTemplate takes the connection bound to the thread: the committing one
					jdbc.update("INSERT INTO il_audit (tbl) VALUES (?)", event.getTable());
					AuditingListenerConfiguration.this.audited.incrementAndGet();
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorThrowingListenerConfiguration {

		final AtomicInteger thrown = new AtomicInteger();

		// an ApplicationListener (an @EventListener method's Error reaches the publisher wrapped in an
		// UndeclaredThrowableException, this one as it is)
		@Bean
		ApplicationListener<CachalotInvalidationEvent> errorThrowingListener() {
			return (event) -> {
				this.thrown.incrementAndGet();
				throw new AssertionError("listener Error on purpose (expected by the test)");
			};
		}

	}

}
