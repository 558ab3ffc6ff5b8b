package io.github.cachalot.jdbc;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cachalot remembers a session per physical connection, and forgets it with the connection: a pool
 * retires connections (HikariCP after 30 minutes, or when one breaks), and what it retired must not
 * stay in memory, whatever state its session was left in.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB", "H2" })
class SessionLifetimeTest {

	private static final int CONNECTIONS = 30;

	@Parameter
	TestDatabase database;

	/** Every physical connection handed out, weakly. */
	private final List<WeakReference<Connection>> physicals = new CopyOnWriteArrayList<>();

	private DataSource cached;

	@BeforeEach
	void newConnectionPerBorrow() {
		this.database.execute("drop table if exists lifetime_items", "create table lifetime_items (id int primary key)");
		this.cached = Cachalot.builder()
			.store(new CaffeineCacheStore())
			.sqlAnalyzer(SqlAnalyzer.synchronous(100))
			.build()
			.wrap(newPhysicalEachTime(), "lifetime");
	}

	@Test
	void aClosedConnectionIsNotKeptAliveByItsSession() throws Exception {
		for (int i = 0; i < CONNECTIONS; i++) {
			try (Connection connection = this.cached.getConnection();
					Statement statement = connection.createStatement()) {
				statement.executeQuery("select id from lifetime_items").close();
				statement.executeUpdate("update lifetime_items set id = id where id = 0");
			}
		}
		assertCollected();
	}

	@Test
	void aConnectionClosedInsideATransactionWithASavepointIsNotKeptAliveEither() throws Exception {
		for (int i = 0; i < CONNECTIONS; i++) {
			try (Connection connection = this.cached.getConnection();
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				statement.executeUpdate("update lifetime_items set id = id where id = 0");
				connection.setSavepoint("s"); // the driver's savepoint holds its connection
			} // closed without commit: the session outlives the borrow, with its transaction's writes
		}
		assertCollected();
	}

	private void assertCollected() throws InterruptedException {
		for (int attempt = 0; attempt < 20 && reachable() > 1; attempt++) {
			System.gc();
			Thread.sleep(10);
		}
		assertThat(this.physicals).hasSizeGreaterThanOrEqualTo(CONNECTIONS);
		assertThat(reachable()).as("closed physical connections still reachable after garbage collection")
			.isLessThanOrEqualTo(1);
	}

	private long reachable() {
		return this.physicals.stream().filter((physical) -> physical.get() != null).count();
	}

	/** A data source that opens a new physical connection for each borrow, remembering each weakly. */
	private DataSource newPhysicalEachTime() {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("getConnection")) {
						Connection connection = this.database.newConnection();
						this.physicals.add(new WeakReference<>(connection));
						return connection;
					}
					try {
						return method.invoke(this.database.dataSource(), arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
