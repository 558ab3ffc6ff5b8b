package io.github.cachalot.review;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;
import io.github.cachalot.trust.Differential;
import io.github.cachalot.trust.Differential.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction whose writes cachalot forgets when the logical connection closes, although the
 * transaction is still open on the physical connection and is committed later by the next borrower.
 */
class ReviewTransactionLeakTest {

	private static final String READ = "SELECT v FROM rv_leak WHERE id = 1";

	/**
	 * MariaDB, HikariCP: {@code SET autocommit = 0} as SQL is invisible to Hikari (it neither rolls
	 * back nor resets autocommit on return). cachalot invalidates the writes at close "as if
	 * committed" and forgets them; the transaction stays open and the next borrower commits it.
	 */
	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "MARIADB" })
	void writesOfATransactionOpenedWithSetAutocommitSurviveTheBorrow(TestDatabase database) {
		Differential.on(database).poolSize(2)
			.setUp("CREATE TABLE rv_leak (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rv_leak VALUES (1, 'old')")
			.tearDown("DROP TABLE IF EXISTS rv_leak")
			.check(side -> {
				Connection writer = side.open();
				Connection reader = side.open();
				side.readAs("reader warms", reader, READ);
				side.exec(writer, "SET autocommit = 0");
				side.exec(writer, "UPDATE rv_leak SET v = 'new' WHERE id = 1");
				writer.close(); // Hikari: autocommit looked on to it, so no rollback and no reset
				side.readAs("reader while the update is uncommitted", reader, READ);
				Connection next = side.open(); // the same physical connection, transaction still open
				side.record("next borrower's autocommit", next.getAutoCommit());
				side.exec(next, "COMMIT");
				next.close();
				Answer after = side.readAs("reader after the commit", reader, READ);
				side.sanity("new".equals(after.value()), "the commit made 'new' visible");
				side.query(READ);
			});
	}

	/**
	 * PostgreSQL, a pool that neither rolls back nor resets autocommit on return (Tomcat JDBC pool
	 * defaults: rollbackOnReturn=false, commitOnReturn=false, no ConnectionState reset): the JDBC
	 * transaction continues in the next borrow, whose commit() is the one that publishes the write.
	 */
	@Test
	void writesOfAJdbcTransactionLeftOpenOnANonResettingPoolAreInvalidatedWhenItCommits() throws Exception {
		TestDatabase database = TestDatabase.POSTGRESQL;
		database.execute("DROP TABLE IF EXISTS rv_leak", "CREATE TABLE rv_leak (id INT PRIMARY KEY, v VARCHAR(20))",
				"INSERT INTO rv_leak VALUES (1, 'old')");
		try (NonResettingPool pool = new NonResettingPool(database, 3)) {
			CachalotFixture fixture = new CachalotFixture(database, new io.github.cachalot.store.CaffeineCacheStore(),
					pool);
			DataSource ds = fixture.dataSource();
			try (Connection reader = ds.getConnection()) {
				assertThat(CachalotFixture.query(reader, READ)).containsExactly(List.of("old"));
				Connection writer = ds.getConnection();
				writer.setAutoCommit(false);
				CachalotFixture.update(writer, "UPDATE rv_leak SET v = 'new' WHERE id = 1");
				writer.close(); // the pool keeps the transaction open
				assertThat(CachalotFixture.query(reader, READ)).containsExactly(List.of("old")); // stored
				try (Connection next = ds.getConnection()) { // the same physical connection
					assertThat(next.getAutoCommit()).isFalse();
					next.commit();
				}
				try (Connection direct = database.dataSource().getConnection()) {
					assertThat(CachalotFixture.query(direct, READ)).as("the database").containsExactly(List.of("new"));
				}
				assertThat(CachalotFixture.query(reader, READ)).as("through cachalot after the commit")
					.containsExactly(List.of("new"));
			}
		}
		finally {
			database.execute("DROP TABLE IF EXISTS rv_leak");
		}
	}

	/** A minimal pool: LIFO, close() returns the connection as it is (no rollback, no reset). */
	static final class NonResettingPool implements DataSource, AutoCloseable {

		private final Deque<Connection> idle = new ArrayDeque<>();

		private final List<Connection> all = new ArrayList<>();

		NonResettingPool(TestDatabase database, int size) throws SQLException {
			String user = System.getenv().getOrDefault("CACHALOT_TEST_" + database.name() + "_USER", "postgres");
			String password = System.getenv().getOrDefault("CACHALOT_TEST_" + database.name() + "_PASSWORD", "");
			for (int i = 0; i < size; i++) {
				Connection c = DriverManager.getConnection(database.url(), user, password);
				this.all.add(c);
				this.idle.push(c);
			}
		}

		@Override
		public synchronized Connection getConnection() throws SQLException {
			Connection physical = this.idle.pop();
			boolean[] closed = { false };
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						switch (method.getName()) {
							case "close" -> {
								if (!closed[0]) {
									closed[0] = true;
									synchronized (this) {
										this.idle.push(physical);
									}
								}
								return null;
							}
							case "isClosed" -> {
								return closed[0];
							}
							case "unwrap" -> {
								return ((Class<?>) args[0]).isInstance(physical) ? physical : physical.unwrap((Class<?>) args[0]);
							}
							case "equals" -> {
								return proxy == args[0];
							}
							case "hashCode" -> {
								return System.identityHashCode(proxy);
							}
							case "toString" -> {
								return "pooled " + physical;
							}
							default -> {
								try {
									return method.invoke(physical, args);
								}
								catch (java.lang.reflect.InvocationTargetException ex) {
									throw ex.getCause();
								}
							}
						}
					});
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public void close() throws SQLException {
			for (Connection c : this.all) {
				c.close();
			}
		}

		@Override
		public java.io.PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(java.io.PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public java.util.logging.Logger getParentLogger() {
			return java.util.logging.Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
