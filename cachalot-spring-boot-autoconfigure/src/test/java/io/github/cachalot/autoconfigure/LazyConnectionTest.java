package io.github.cachalot.autoconfigure;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.testsupport.ReadWriteRouting;
import io.github.cachalot.testsupport.TestDatabases;
import io.github.cachalot.testsupport.TestPools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link LazyConnectionDataSourceProxy} keeps its laziness and its read-only routing with
 * cachalot (issue 16, item 7): what is under it is wrapped and set back as its target, so an empty
 * transaction takes no pool connection and read-only transactions reach the read-only pool. The
 * pools count the connections asked of them. Each case has its control: the same application
 * with {@code cachalot.enabled=false} counts the same.
 */
class LazyConnectionTest {

	private static final String PRICE = "SELECT price FROM lz_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachalotAutoConfiguration.class));

	@BeforeEach
	void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS lz_items",
				"CREATE TABLE lz_items (id INT PRIMARY KEY, price INT)", "INSERT INTO lz_items VALUES (1, 100)");
		CountingPool.reset();
	}

	@AfterEach
	void closePools() {
		TestPools.closeAll();
	}

	/**
	 * The connection defaults given, as applications do: else the lazy proxy asks its target for a
	 * connection once, at its first use, to learn them (with or without cachalot).
	 */
	static LazyConnectionDataSourceProxy withDefaults(LazyConnectionDataSourceProxy lazy) {
		lazy.setDefaultAutoCommit(true);
		lazy.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		return lazy;
	}

	// ---- a lazy proxy over one pool

	@Test
	void anEmptyTransactionTakesNoConnection() {
		this.runner.withUserConfiguration(LazyOverOnePoolConfiguration.class).run((context) -> {
			assertAnEmptyTransactionTakesNoConnection(context);
			assertThat(context.getBean(CachalotDataSources.class).names()).containsExactly("dataSource");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.queryForObject(PRICE, Integer.class);
			jdbc.queryForObject(PRICE, Integer.class);
			assertThat(context.getBean(CachalotDataSources.class).get("dataSource").statistics().hits())
				.as("the pool under the lazy proxy is cached (the read in the transaction stored it)")
				.isEqualTo(2);
		});
	}

	@Test
	void anEmptyTransactionTakesNoConnectionWithCachalotOff() {
		this.runner.withUserConfiguration(LazyOverOnePoolConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run(LazyConnectionTest::assertAnEmptyTransactionTakesNoConnection);
	}

	private static void assertAnEmptyTransactionTakesNoConnection(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(DataSourceTransactionManager.class));
		transaction.executeWithoutResult((status) -> {
		});
		transaction.setReadOnly(true);
		transaction.executeWithoutResult((status) -> {
		});
		assertThat(CountingPool.asked("primary")).as("connections asked of the pool").isZero();
		transaction.executeWithoutResult(
				(status) -> new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(PRICE, Integer.class));
		assertThat(CountingPool.asked("primary")).as("one, when a statement needs it").isOne();
	}

	@Configuration(proxyBeanMethods = false)
	static class LazyOverOnePoolConfiguration {

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			return withDefaults(new LazyConnectionDataSourceProxy(new CountingPool("primary")));
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	// ---- read-only transactions to the read-only pool

	@Test
	void readOnlyTransactionsGoToTheReadOnlyDataSource() {
		this.runner.withUserConfiguration(LazyWithReadOnlyPoolConfiguration.class).run((context) -> {
			assertReadOnlyTransactionsGoToTheReplica(context);
			CachalotDataSources wrapped = context.getBean(CachalotDataSources.class);
			assertThat(wrapped.names()).containsExactlyInAnyOrder("dataSource", "dataSource.readOnly");
			assertThat(wrapped.get("dataSource.readOnly").statistics().hits()).as("cached on the replica")
				.isEqualTo(1);
		});
	}

	@Test
	void readOnlyTransactionsGoToTheReadOnlyDataSourceWithCachalotOff() {
		this.runner.withUserConfiguration(LazyWithReadOnlyPoolConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run(LazyConnectionTest::assertReadOnlyTransactionsGoToTheReplica);
	}

	/** The read/write split: a routing data source on the transaction's read-only flag, under a lazy proxy. */
	@Test
	void readOnlyTransactionsAreRoutedToTheReplica() {
		this.runner.withUserConfiguration(LazyOverRoutingConfiguration.class).run((context) -> {
			assertReadOnlyTransactionsGoToTheReplica(context);
			assertThat(context.getBean(CachalotDataSources.class).names())
				.containsExactlyInAnyOrder("dataSource.target[primary]", "dataSource.target[replica]");
		});
	}

	@Test
	void readOnlyTransactionsAreRoutedToTheReplicaWithCachalotOff() {
		this.runner.withUserConfiguration(LazyOverRoutingConfiguration.class)
			.withPropertyValues("cachalot.enabled=false")
			.run(LazyConnectionTest::assertReadOnlyTransactionsGoToTheReplica);
	}

	/**
	 * Two read-only transactions reach the replica only, a read-write one the primary only, and
	 * the replica's next read sees what the primary wrote (both are on one database).
	 */
	private static void assertReadOnlyTransactionsGoToTheReplica(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		DataSourceTransactionManager manager = context.getBean(DataSourceTransactionManager.class);
		TransactionTemplate readOnly = new TransactionTemplate(manager);
		readOnly.setReadOnly(true);
		TransactionCallback<Integer> price = (status) -> jdbc.queryForObject(PRICE, Integer.class);
		assertThat(readOnly.execute(price)).isEqualTo(100);
		assertThat(readOnly.execute(price)).isEqualTo(100);
		assertThat(CountingPool.asked("replica")).isEqualTo(2);
		assertThat(CountingPool.asked("primary")).isZero();
		new TransactionTemplate(manager)
			.executeWithoutResult((status) -> jdbc.update("UPDATE lz_items SET price = 200 WHERE id = 1"));
		assertThat(CountingPool.asked("primary")).isOne();
		assertThat(readOnly.execute(price)).isEqualTo(200);
		assertThat(CountingPool.asked("replica")).isEqualTo(3);
		assertThat(CountingPool.asked("primary")).isOne();
	}

	@Configuration(proxyBeanMethods = false)
	static class LazyWithReadOnlyPoolConfiguration {

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(new CountingPool("primary"));
			lazy.setReadOnlyDataSource(new CountingPool("replica"));
			return withDefaults(lazy);
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyOverRoutingConfiguration {

		@Bean
		LazyConnectionDataSourceProxy dataSource() {
			ReadWriteRouting routing = new ReadWriteRouting();
			routing.setTargetDataSources(
					Map.of("primary", new CountingPool("primary"), "replica", new CountingPool("replica")));
			routing.afterPropertiesSet();
			return withDefaults(new LazyConnectionDataSourceProxy(routing));
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	/** A pool (over a small Hikari pool) that counts the connections asked of it, by name. */
	static final class CountingPool implements DataSource {

		private static final Map<String, AtomicInteger> ASKED = new java.util.concurrent.ConcurrentHashMap<>();

		private final String name;

		private final DataSource pool = TestPools.open(TestDatabases.POSTGRESQL);

		CountingPool(String name) {
			this.name = name;
		}

		static void reset() {
			ASKED.clear();
		}

		static int asked(String name) {
			AtomicInteger count = ASKED.get(name);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public Connection getConnection() throws SQLException {
			ASKED.computeIfAbsent(this.name, (key) -> new AtomicInteger()).incrementAndGet();
			return this.pool.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			throw new SQLException("not used");
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			if (iface.isInstance(this)) {
				return iface.cast(this);
			}
			throw new SQLException("not a wrapper for " + iface);
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return iface.isInstance(this);
		}

	}

}
