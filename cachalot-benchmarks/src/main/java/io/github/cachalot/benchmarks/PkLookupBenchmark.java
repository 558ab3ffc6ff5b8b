package io.github.cachalot.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.hibernate.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A primary-key lookup of one product, every way a user could make it. The baseline is
 * {@link #plainJdbc}. Hits cycle through {@link BenchEnv#HOT} ids; {@link #plainJdbc} and
 * {@link #cachalotMiss} read a new id each time (a miss for cachalot: analysis, key, look-up,
 * recording and storing on top of the query; since no result is read again, cachalot soon stops
 * recording the statement and looks it up again for a window of 64 misses once a second, so this
 * is what a stream of never-repeated reads costs, mostly reads that bypass as "not reused").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class PkLookupBenchmark {

	@Benchmark
	public int plainJdbc(States.Plain state, States.Sequence sequence, Blackhole blackhole) throws SQLException {
		return BenchEnv.query(state.pool, BenchEnv.PK_SQL, blackhole, sequence.fresh());
	}

	/**
	 * Not a variant: what any JDBC-level cache pays before it can answer, measured on the plain
	 * pool: borrow a connection, prepare the statement, bind, close both; no execution.
	 */
	@Benchmark
	public int jdbcFloorNoQuery(States.Plain state, States.Sequence sequence) throws SQLException {
		try (Connection connection = state.pool.getConnection();
				PreparedStatement statement = connection.prepareStatement(BenchEnv.PK_SQL)) {
			statement.setLong(1, sequence.hot());
			return statement.getFetchSize();
		}
	}

	@Benchmark
	public int cachalotHitInProcess(States.InProcess state, States.Sequence sequence, Blackhole blackhole)
			throws SQLException {
		return BenchEnv.query(state.cached, BenchEnv.PK_SQL, blackhole, sequence.hot());
	}

	@Benchmark
	public int cachalotHitRedis(States.Redis state, States.Sequence sequence, Blackhole blackhole)
			throws SQLException {
		return BenchEnv.query(state.cached, BenchEnv.PK_SQL, blackhole, sequence.hot());
	}

	/**
	 * {@link #cachalotHitRedis} through Jedis instead of Lettuce: the calling thread writes and
	 * reads the socket itself, instead of handing the command to Lettuce's event loop and parking
	 * until the reply (two thread wake-ups per hit). What one Redis round trip costs without that
	 * hop.
	 */
	@Benchmark
	public int cachalotHitRedisJedis(States.RedisJedis state, States.Sequence sequence, Blackhole blackhole)
			throws SQLException {
		return BenchEnv.query(state.cached, BenchEnv.PK_SQL, blackhole, sequence.hot());
	}

	@Benchmark
	public int cachalotMiss(States.InProcess state, States.Sequence sequence, Blackhole blackhole)
			throws SQLException {
		return BenchEnv.query(state.cached, BenchEnv.PK_SQL, blackhole, sequence.fresh());
	}

	@Benchmark
	public Product hibernateQueryCacheHit(States.HibernateCached state, States.Sequence sequence) {
		try (Session session = state.sessionFactory.openSession()) {
			return session.createSelectionQuery("from Product p where p.id = :id", Product.class)
				.setParameter("id", sequence.hot())
				.setCacheable(true)
				.getSingleResult();
		}
	}

	@Benchmark
	public Product plainJpa(States.HibernatePlain state, States.Sequence sequence) {
		try (Session session = state.sessionFactory.openSession()) {
			return session.createSelectionQuery("from Product p where p.id = :id", Product.class)
				.setParameter("id", sequence.fresh())
				.getSingleResult();
		}
	}

	@Benchmark
	public SpringCacheable.ProductRow springCacheableHit(States.Spring state, States.Sequence sequence) {
		return state.service.find(sequence.hot());
	}

}
