package io.github.cachalot.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.store.RedisCacheStore;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * What every benchmark shares: the PostgreSQL pool, the {@code bench} schema and its data (created
 * once, reused by later forks and runs), cachalot wrappers on the in-process and Redis stores, and
 * the four queries.
 */
public final class BenchEnv {

	/** Rows of {@code bench.product}: the id space that the miss benchmarks walk through. */
	public static final int PRODUCTS = 1_000_000;

	/** Rows of {@code bench.orders}: what the aggregate groups. */
	public static final int ORDERS = 100_000;

	/** Rows of {@code bench.customer}; each has {@code ORDERS / CUSTOMERS} = 20 orders. */
	public static final int CUSTOMERS = 5_000;

	/** How many distinct parameters the hit benchmarks cycle through (all cached after warm-up). */
	public static final int HOT = 1024;

	/** Bumped whenever the schema or data below change, so that an old schema is rebuilt. */
	private static final String DATA_VERSION = "v1";

	public static final String PK_SQL = "select id, name, price, stock, category from bench.product where id = ?";

	public static final String JOIN_SQL = "select o.id, o.created, o.status, o.total, c.name, c.country, p.name, p.price"
			+ " from bench.orders o join bench.customer c on c.id = o.customer_id"
			+ " join bench.product p on p.id = o.product_id where o.customer_id = ? order by o.id";

	public static final String AGGREGATE_SQL = "select status, count(*), sum(total), avg(total), max(created)"
			+ " from bench.orders group by status order by status";

	public static final String LIST_SQL = "select id, name, price, stock, category from bench.product"
			+ " where id between ? and ? order by id";

	public static final String UPDATE_SQL = "update bench.product set stock = stock + 1 where id = ?";

	private BenchEnv() {
	}

	public static String jdbcUrl() {
		return env("CACHALOT_BENCH_POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:5432/test");
	}

	public static HikariDataSource pool(int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl());
		config.setUsername(env("CACHALOT_BENCH_POSTGRESQL_USER", "postgres"));
		config.setPassword(env("CACHALOT_BENCH_POSTGRESQL_PASSWORD", ""));
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setPoolName("bench");
		// no WAL flush wait on commit: the write benchmarks measure the statement and the
		// invalidation, not the disk (whose jitter would hide both); run by the pool, unseen by cachalot
		config.setConnectionInitSql("set synchronous_commit to off");
		HikariDataSource pool = new HikariDataSource(config);
		ensureData(pool);
		return pool;
	}

	/** cachalot on the in-process Caffeine store. */
	public static CachingDataSource cachalotInProcess(DataSource pool) {
		return Cachalot.builder().store(new CaffeineCacheStore()).build().wrap(pool, "bench");
	}

	/** cachalot on Redis, through either client. */
	public static CachingDataSource cachalotRedis(DataSource pool, RedisConnectionFactory redis) {
		CacheStore store = new RedisCacheStore(redis, "cachalot-bench:" + System.nanoTime() + ":",
				Duration.ofMinutes(30), "Redis 127.0.0.1:6379");
		return Cachalot.builder().store(store).build().wrap(pool, "bench");
	}

	/** Redis through Lettuce (Spring Boot's default client), started; destroy it when done. */
	public static LettuceConnectionFactory redis() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(redisConfiguration());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Redis through Jedis (a pool of blocking connections), started; destroy it when done. */
	public static JedisConnectionFactory redisJedis() {
		JedisConnectionFactory factory = new JedisConnectionFactory(redisConfiguration());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static RedisStandaloneConfiguration redisConfiguration() {
		return new RedisStandaloneConfiguration(env("CACHALOT_BENCH_REDIS_HOST", "127.0.0.1"),
				Integer.parseInt(env("CACHALOT_BENCH_REDIS_PORT", "6379")));
	}

	// ---- the queries, run the same way for every variant

	/** One execution of a prepared query with long parameters; returns the rows read. */
	public static int query(DataSource dataSource, String sql, Blackhole blackhole, long... parameters)
			throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setLong(i + 1, parameters[i]);
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				return consume(resultSet, blackhole);
			}
		}
	}

	/** One execution of a plain statement (no parameters). */
	public static int queryLiteral(DataSource dataSource, String sql, Blackhole blackhole) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			return consume(resultSet, blackhole);
		}
	}

	/** Reads every column of every row. */
	public static int consume(ResultSet resultSet, Blackhole blackhole) throws SQLException {
		ResultSetMetaData metaData = resultSet.getMetaData();
		int columns = metaData.getColumnCount();
		int rows = 0;
		while (resultSet.next()) {
			for (int i = 1; i <= columns; i++) {
				blackhole.consume(resultSet.getObject(i));
			}
			rows++;
		}
		return rows;
	}

	/**
	 * One execution of an update with one long parameter, in autocommit or in a transaction of its
	 * own; returns the rows updated.
	 */
	public static int update(DataSource dataSource, String sql, long id, boolean transaction) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			if (transaction) {
				connection.setAutoCommit(false);
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					statement.setLong(1, id);
					int count = statement.executeUpdate();
					connection.commit();
					return count;
				}
				finally {
					connection.setAutoCommit(true);
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setLong(1, id);
				return statement.executeUpdate();
			}
		}
	}

	/** The first id of the 1,000-row list in slot {@code n} (0 to 899). */
	public static long listStart(long n) {
		return 1 + (n % 900) * 1000;
	}

	// ---- schema and data

	private static synchronized void ensureData(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create schema if not exists bench");
			statement.execute("create table if not exists bench.meta (version text primary key)");
			try (ResultSet rs = statement.executeQuery("select version from bench.meta")) {
				if (rs.next() && DATA_VERSION.equals(rs.getString(1))) {
					return;
				}
			}
			statement.execute("drop table if exists bench.orders, bench.customer, bench.product");
			statement.execute("create table bench.product (id bigint primary key, name varchar(100) not null,"
					+ " price numeric(10,2) not null, stock int not null, category varchar(40) not null)");
			statement.execute("insert into bench.product select g, 'product ' || g, (g % 10000) / 100.0 + 1,"
					+ " g % 500, 'category ' || (g % 50) from generate_series(1, " + PRODUCTS + ") g");
			statement.execute("create table bench.customer (id int primary key, name varchar(100) not null,"
					+ " country char(2) not null)");
			statement.execute("insert into bench.customer select g, 'customer ' || g,"
					+ " (array['FR','DE','US','JP','BR'])[1 + g % 5] from generate_series(1, " + CUSTOMERS + ") g");
			statement.execute("create table bench.orders (id bigint primary key, customer_id int not null"
					+ " references bench.customer, product_id bigint not null references bench.product,"
					+ " created date not null, status varchar(20) not null, total numeric(12,2) not null)");
			statement.execute("insert into bench.orders select g, 1 + g % " + CUSTOMERS + ", 1 + (g * 7919) % "
					+ PRODUCTS + ", date '2024-01-01' + (g % 365),"
					+ " (array['new','paid','shipped','delivered','returned','cancelled'])[1 + g % 6],"
					+ " (g % 100000) / 100.0 from generate_series(1, " + ORDERS + ") g");
			statement.execute("create index on bench.orders (customer_id)");
			statement.execute("analyze bench.product, bench.customer, bench.orders");
			statement.execute("delete from bench.meta");
			statement.execute("insert into bench.meta values ('" + DATA_VERSION + "')");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the benchmark data in " + jdbcUrl(), ex);
		}
	}

	/** Forgets everything cached for the benchmark tables (for the Redis store between runs). */
	public static void invalidate(CachingDataSource dataSource) {
		dataSource.invalidateTables(Set.of("bench.product", "bench.customer", "bench.orders"));
	}

	private static String env(String name, String otherwise) {
		String value = System.getenv(name);
		return (value != null && !value.isEmpty()) ? value : otherwise;
	}

}
