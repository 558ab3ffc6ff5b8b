package io.github.cachalot.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.github.cachalot.Cachalot;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * One database wrapped by cachalot over a {@link CountingDataSource}, with helpers that read and
 * write through the caching proxy and tell how many statements reached the database.
 */
public final class CachalotFixture {

	private final TestDatabase database;

	private final MutableCachalotSettings settings = new MutableCachalotSettings();

	private final CountingDataSource counting;

	private final CachingDataSource dataSource;

	public CachalotFixture(TestDatabase database) {
		this(database, new CaffeineCacheStore());
	}

	public CachalotFixture(TestDatabase database, CacheStore store) {
		this(database, store, database.dataSource());
	}

	public CachalotFixture(TestDatabase database, CacheStore store, javax.sql.DataSource target) {
		this(database, store, target, null);
	}

	/** Over the target, named like every fixture of the database, with the given key scope (null: derived). */
	public CachalotFixture(TestDatabase database, CacheStore store, javax.sql.DataSource target, String keyScope) {
		// analysed before the first execution, so that a read is cached from its first execution on
		this(database, store, target, keyScope, SqlAnalyzer.synchronous(SqlAnalyzer.DEFAULT_MAX_MEMOIZED_STATEMENTS));
	}

	/** Over the database's pool, analysing SQL with {@code analyzer}. */
	public CachalotFixture(TestDatabase database, SqlAnalyzer analyzer) {
		this(database, new CaffeineCacheStore(), database.dataSource(), null, analyzer);
	}

	private CachalotFixture(TestDatabase database, CacheStore store, javax.sql.DataSource target, String keyScope,
			SqlAnalyzer analyzer) {
		this.database = database;
		this.counting = new CountingDataSource(target);
		this.dataSource = Cachalot.builder().settings(this.settings).store(store).keyScope(keyScope)
			.sqlAnalyzer(analyzer).build()
			.wrap(this.counting.dataSource(), "test-" + database.name().toLowerCase());
	}

	public TestDatabase database() {
		return this.database;
	}

	public MutableCachalotSettings settings() {
		return this.settings;
	}

	/** The caching data source under test. */
	public CachingDataSource dataSource() {
		return this.dataSource;
	}

	/** How many statement executions reached the database so far. */
	public int databaseExecutions() {
		return this.counting.count();
	}

	public CountingDataSource counting() {
		return this.counting;
	}

	/** Reads all rows through the cache (autocommit), each row as a list of column values. */
	public List<List<Object>> query(String sql, Object... parameters) {
		try (Connection connection = this.dataSource.getConnection()) {
			return query(connection, sql, parameters);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads all rows on the given connection. */
	public static List<List<Object>> query(Connection connection, String sql, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				return rows(rs);
			}
		}
	}

	/** Every remaining row of a result set. */
	public static List<List<Object>> rows(ResultSet rs) throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		int columns = rs.getMetaData().getColumnCount();
		while (rs.next()) {
			List<Object> row = new ArrayList<>();
			for (int i = 1; i <= columns; i++) {
				Object value = rs.getObject(i);
				row.add((value instanceof Number number && !(value instanceof java.math.BigDecimal))
						? number.longValue() : (value instanceof java.math.BigDecimal decimal)
								? decimal.stripTrailingZeros().toPlainString() : value);
			}
			rows.add(row);
		}
		return rows;
	}

	/** Runs a write through the cache (autocommit); returns the update count. */
	public int update(String sql, Object... parameters) {
		try (Connection connection = this.dataSource.getConnection()) {
			return update(connection, sql, parameters);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a write on the given connection. */
	public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			return statement.executeUpdate();
		}
	}

	/** Runs SQL directly on the database, around the cache (an external writer). */
	public void executeBehindTheCache(String... sql) {
		this.database.execute(sql);
	}

	/**
	 * Asserts-friendly: runs the read twice and returns how many executions the second one
	 * needed (0 for a hit).
	 */
	public int executionsOfRepeatedRead(String sql, Object... parameters) {
		query(sql, parameters);
		int before = databaseExecutions();
		query(sql, parameters);
		return databaseExecutions() - before;
	}

}
