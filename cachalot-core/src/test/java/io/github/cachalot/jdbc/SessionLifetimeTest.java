package io.github.cachalot.jdbc;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cachalot remembers a session per physical connection, and forgets it with the connection: a pool
 * retires connections (HikariCP after 30 minutes), and what it retired must not stay in memory.
 */
class SessionLifetimeTest {

	private static final String URL = "jdbc:h2:mem:session-lifetime;DB_CLOSE_DELAY=-1";

	@Test
	void aClosedPhysicalConnectionIsNotKeptAliveByItsSession() throws Exception {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL(URL);
		try (Connection keepOpen = DriverManager.getConnection(URL);
				Statement statement = keepOpen.createStatement()) {
			statement.execute("create table if not exists t (id int primary key)");
		}
		List<WeakReference<Connection>> closed = new ArrayList<>();
		DataSource cached = Cachalot.builder()
			.store(new CaffeineCacheStore())
			.sqlAnalyzer(SqlAnalyzer.synchronous(100))
			.build()
			.wrap(recordingPhysicals(h2, closed), "lifetime");
		for (int i = 0; i < 100; i++) {
			try (Connection connection = cached.getConnection();
					Statement statement = connection.createStatement()) {
				statement.executeQuery("select id from t").close();
				statement.executeUpdate("update t set id = id where id = 0");
			}
		}
		for (int attempt = 0; attempt < 20 && closed.stream().anyMatch((ref) -> ref.get() != null); attempt++) {
			System.gc();
			Thread.sleep(10);
		}
		assertThat(closed.stream().filter((ref) -> ref.get() != null).count())
			.as("closed physical connections still reachable after garbage collection")
			.isLessThanOrEqualTo(1);
	}

	/** A data source that hands out a new physical connection each time, remembering each weakly. */
	private static DataSource recordingPhysicals(JdbcDataSource h2, List<WeakReference<Connection>> connections) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
					try {
						Object result = method.invoke(h2, arguments);
						if (result instanceof Connection connection) {
							connections.add(new WeakReference<>(connection));
						}
						return result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
