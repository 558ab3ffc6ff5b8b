package io.github.cachalot.trust;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.CountingDataSource;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs one scripted scenario twice on the same database, once on a plain HikariCP pool and once
 * through cachalot (a second pool of the same size, wrapped with a fresh in-process store), with
 * the tables reset before each run, and asserts that every recorded answer is the same. The
 * plain run is the oracle: whatever the database answered there is what cachalot must answer.
 *
 * <pre>{@code
 * Differential.on(database).setUp("CREATE TABLE tr_x ...").tearDown("DROP TABLE tr_x").check(side -> {
 * 	Connection a = side.open();
 * 	side.read(a, "SELECT ...");
 * });
 * }</pre>
 */
public final class Differential {

	private final TestDatabase database;

	private final List<String> setUp = new ArrayList<>();

	private final List<String> tearDown = new ArrayList<>();

	private int poolSize = 4;

	private Differential(TestDatabase database) {
		this.database = database;
	}

	public static Differential on(TestDatabase database) {
		return new Differential(database);
	}

	/** Statements run in autocommit before each side (outside the pools under test). */
	public Differential setUp(String... sql) {
		this.setUp.addAll(Arrays.asList(sql));
		return this;
	}

	/** Statements run after both sides, errors ignored. */
	public Differential tearDown(String... sql) {
		this.tearDown.addAll(Arrays.asList(sql));
		return this;
	}

	/** The size of each side's pool (default 4). */
	public Differential poolSize(int size) {
		this.poolSize = size;
		return this;
	}

	/** Runs the scenario on the plain pool, then through cachalot, and asserts the same answers. */
	public void check(Scenario scenario) {
		try {
			Side plain = run(scenario, false);
			Side cached = run(scenario, true);
			compare(plain, cached);
		}
		finally {
			runIgnoringErrors(this.tearDown);
		}
	}

	private Side run(Scenario scenario, boolean throughCachalot) {
		runIgnoringErrors(this.tearDown);
		this.database.execute(this.setUp.toArray(String[]::new));
		HikariDataSource pool = this.database.newPool(this.poolSize);
		Side side;
		if (throughCachalot) {
			CachalotFixture fixture = new CachalotFixture(this.database, new CaffeineCacheStore(), pool);
			side = new Side("cachalot", this.database, fixture.dataSource(), fixture.counting(), true);
		}
		else {
			CountingDataSource counting = new CountingDataSource(pool);
			side = new Side("plain", this.database, counting.dataSource(), counting, false);
		}
		try {
			scenario.run(side);
		}
		catch (AssertionError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			if (!throughCachalot) {
				throw new AssertionError("the scenario itself failed on the plain pool: " + ex, ex);
			}
			side.log.add("scenario aborted by " + describe(ex));
		}
		finally {
			side.closeAll();
			pool.close();
		}
		return side;
	}

	private void runIgnoringErrors(List<String> statements) {
		for (String each : statements) {
			try {
				this.database.execute(each);
			}
			catch (RuntimeException ignored) {
				// best effort
			}
		}
	}

	private static void compare(Side plain, Side cached) {
		if (!plain.sanityFailures.isEmpty()) {
			fail("scenario does not behave as intended on the plain pool: " + plain.sanityFailures + "\n"
					+ table(plain.log, cached.log));
		}
		List<String> problems = new ArrayList<>();
		if (!plain.log.equals(cached.log)) {
			int first = 0;
			while (first < Math.min(plain.log.size(), cached.log.size())
					&& plain.log.get(first).equals(cached.log.get(first))) {
				first++;
			}
			problems.add("answers differ from step " + (first + 1) + ": plain pool "
					+ ((first < plain.log.size()) ? plain.log.get(first) : "<nothing>") + " | cachalot "
					+ ((first < cached.log.size()) ? cached.log.get(first) : "<nothing>"));
		}
		problems.addAll(cached.cachalotFailures);
		if (!problems.isEmpty()) {
			fail(String.join("\n", problems) + "\n" + table(plain.log, cached.log));
		}
	}

	private static String table(List<String> plain, List<String> cached) {
		StringBuilder out = new StringBuilder("step | plain pool | through cachalot\n");
		for (int i = 0; i < Math.max(plain.size(), cached.size()); i++) {
			String p = (i < plain.size()) ? plain.get(i) : "";
			String c = (i < cached.size()) ? cached.get(i) : "";
			out.append(Objects.equals(p, c) ? "  " : "≠ ").append(i + 1).append(" | ").append(p).append(" | ")
				.append(c).append('\n');
		}
		return out.toString();
	}

	static String describe(Throwable ex) {
		if (ex instanceof SQLException sql) {
			return "error " + sql.getSQLState();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	/** One run of a scenario. */
	@FunctionalInterface
	public interface Scenario {

		void run(Side side) throws Exception;

	}

	/** An action whose outcome is recorded. */
	@FunctionalInterface
	public interface SqlAction {

		void run() throws Exception;

	}

	/** What a read answered: its rows, or the SQLState of its error. */
	public record Answer(List<List<Object>> rows, String sqlState) {

		public boolean failed() {
			return this.sqlState != null;
		}

		/** The first column of the first row (null if none or failed). */
		public Object value() {
			return (this.rows == null || this.rows.isEmpty()) ? null : this.rows.get(0).get(0);
		}

		@Override
		public String toString() {
			return failed() ? "error " + this.sqlState : String.valueOf(this.rows);
		}

	}

	/** The connections and the log of one side. */
	public static final class Side {

		private final String name;

		private final TestDatabase database;

		private final DataSource dataSource;

		private final CountingDataSource counting;

		private final boolean cachalot;

		final List<String> log = new ArrayList<>();

		final List<String> sanityFailures = new ArrayList<>();

		final List<String> cachalotFailures = new ArrayList<>();

		private final List<Connection> opened = new ArrayList<>();

		Side(String name, TestDatabase database, DataSource dataSource, CountingDataSource counting,
				boolean cachalot) {
			this.name = name;
			this.database = database;
			this.dataSource = dataSource;
			this.counting = counting;
			this.cachalot = cachalot;
		}

		public String name() {
			return this.name;
		}

		public TestDatabase database() {
			return this.database;
		}

		/** Whether this run goes through cachalot. */
		public boolean isCachalot() {
			return this.cachalot;
		}

		/** Executions that reached the database on this side so far. */
		public int executions() {
			return this.counting.count();
		}

		/** A new connection of this side's pool, closed at the end of the run if still open. */
		public Connection open() throws SQLException {
			Connection connection = this.dataSource.getConnection();
			this.opened.add(connection);
			return connection;
		}

		/** Reads with a prepared statement and records the answer (rows or SQLState). */
		public Answer read(Connection connection, String sql, Object... parameters) {
			Answer answer = fetch(connection, sql, parameters);
			this.log.add(sql + paramText(parameters) + " -> " + answer);
			return answer;
		}

		/** Reads with a prepared statement and records the answer under a label. */
		public Answer readAs(String label, Connection connection, String sql, Object... parameters) {
			Answer answer = fetch(connection, sql, parameters);
			this.log.add(label + ": " + sql + paramText(parameters) + " -> " + answer);
			return answer;
		}

		/** Reads with a plain {@link Statement} and records the answer. */
		public Answer readStatement(Connection connection, String sql) {
			Answer answer;
			try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
				answer = new Answer(CachalotFixture.rows(rs), null);
			}
			catch (SQLException ex) {
				answer = new Answer(null, ex.getSQLState());
			}
			this.log.add("[statement] " + sql + " -> " + answer);
			return answer;
		}

		/** Reads on a fresh connection of this side (autocommit) and records the answer. */
		public Answer query(String sql, Object... parameters) throws SQLException {
			try (Connection connection = this.dataSource.getConnection()) {
				Answer answer = fetch(connection, sql, parameters);
				this.log.add("[new session] " + sql + paramText(parameters) + " -> " + answer);
				return answer;
			}
		}

		/** Reads with a prepared statement without recording. */
		public Answer fetch(Connection connection, String sql, Object... parameters) {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				try (ResultSet rs = statement.executeQuery()) {
					return new Answer(CachalotFixture.rows(rs), null);
				}
			}
			catch (SQLException ex) {
				return new Answer(null, ex.getSQLState());
			}
		}

		/** Runs statements that must succeed (not recorded; an error aborts the run). */
		public void exec(Connection connection, String... sql) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				for (String each : sql) {
					statement.execute(each);
				}
			}
		}

		/** Runs statements on a fresh connection of this side in autocommit (must succeed). */
		public void execNewSession(String... sql) throws SQLException {
			try (Connection connection = this.dataSource.getConnection()) {
				exec(connection, sql);
			}
		}

		/** Runs an action and records whether it succeeded or the SQLState it failed with. */
		public String attempt(String label, SqlAction action) {
			String outcome;
			try {
				action.run();
				outcome = "ok";
			}
			catch (Exception ex) {
				outcome = describe(ex);
			}
			this.log.add(label + " -> " + outcome);
			return outcome;
		}

		/** Records an observation (the same on both sides if cachalot is right). */
		public void record(String label, Object value) {
			this.log.add(label + " = " + value);
		}

		/**
		 * A precondition of the scenario, checked on the plain pool only: if the database itself
		 * does not behave so, the scenario does not test what it means to.
		 */
		public void sanity(boolean condition, String what) {
			if (!this.cachalot && !condition) {
				this.sanityFailures.add(what);
			}
		}

		/** Something only cachalot must do (e.g. cache a read), checked on the cachalot side only. */
		public void cachalotMust(boolean condition, String what) {
			if (this.cachalot && !condition) {
				this.cachalotFailures.add("cachalot: " + what);
			}
		}

		/** Sleeps, so that clock-dependent answers move. */
		public void pause(long millis) throws InterruptedException {
			Thread.sleep(millis);
		}

		void closeAll() {
			for (Connection connection : this.opened) {
				try {
					if (!connection.isClosed()) {
						if (!connection.getAutoCommit()) {
							connection.rollback();
						}
						connection.close();
					}
				}
				catch (SQLException ignored) {
					// closing anyway
				}
			}
		}

		private static String paramText(Object[] parameters) {
			return (parameters.length == 0) ? "" : " " + Arrays.toString(parameters);
		}

	}

}
