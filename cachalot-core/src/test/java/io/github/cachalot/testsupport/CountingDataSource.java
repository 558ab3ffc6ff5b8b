package io.github.cachalot.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/**
 * Sits under the caching proxy and records every statement execution that reaches the real
 * driver, so that tests can prove a hit reached the database not at all.
 */
public final class CountingDataSource {

	private final DataSource target;

	private final List<String> executed = new CopyOnWriteArrayList<>();

	private final List<String> prepared = new CopyOnWriteArrayList<>();

	private final java.util.concurrent.atomic.AtomicInteger openStatements = new java.util.concurrent.atomic.AtomicInteger();

	private final DataSource proxy;

	public CountingDataSource(DataSource target) {
		this.target = target;
		this.proxy = proxy(DataSource.class, target, (method, args, result) -> {
			if (method.getName().equals("getConnection")) {
				return connection((Connection) result);
			}
			return result;
		});
	}

	/** The data source to wrap with cachalot. */
	public DataSource dataSource() {
		return this.proxy;
	}

	/** The SQL of every execution that reached the database, in order. */
	public List<String> executed() {
		return List.copyOf(this.executed);
	}

	/** How many executions reached the database. */
	public int count() {
		return this.executed.size();
	}

	/** The SQL of every statement prepared on the driver, in order. */
	public List<String> prepared() {
		return List.copyOf(this.prepared);
	}

	/** Driver statements created and not closed through their own {@code close()}. */
	public int openStatements() {
		return this.openStatements.get();
	}

	/** Forgets what was recorded. */
	public void reset() {
		this.executed.clear();
		this.prepared.clear();
	}

	private Connection connection(Connection connection) {
		return proxy(Connection.class, connection, (method, args, result) -> switch (method.getName()) {
			case "createStatement" -> statement(Statement.class, (Statement) result, null);
			case "prepareStatement" -> {
				this.prepared.add((String) args[0]);
				yield statement(PreparedStatement.class, (Statement) result, (String) args[0]);
			}
			case "prepareCall" -> statement(CallableStatement.class, (Statement) result, (String) args[0]);
			default -> result;
		});
	}

	private <S extends Statement> S statement(Class<S> type, Statement statement, String preparedSql) {
		this.openStatements.incrementAndGet();
		boolean[] closed = { false };
		return proxy(type, statement, (method, args, result) -> result, (method, args) -> {
			if (method.getName().equals("close") && !closed[0]) {
				closed[0] = true;
				this.openStatements.decrementAndGet();
			}
			if (method.getName().startsWith("execute")) {
				String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : preparedSql;
				this.executed.add(method.getName() + ": " + sql);
			}
		});
	}

	private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
		return proxy(type, target, after, (method, args) -> {
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Object target, AfterCall after, BeforeCall before) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
				return method.invoke(target, args);
			}
			before.call(method, args);
			try {
				return after.call(method, args, method.invoke(target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	@FunctionalInterface
	private interface AfterCall {

		Object call(Method method, Object[] args, Object result) throws Throwable;

	}

	@FunctionalInterface
	private interface BeforeCall {

		void call(Method method, Object[] args);

	}

}
