package io.github.cachalot.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The three heavier reads: a filtered join of three tables (20 rows), an aggregate (GROUP BY over
 * 100,000 orders, 6 rows) and a 1,000-row list; plain JDBC against cachalot hits. Parameters cycle
 * through a set small enough to be cached after warm-up (the same set for the baseline).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@State(Scope.Thread)
public class QueryBenchmark {

	@Param({ "join", "aggregate", "list" })
	public String query;

	private long next;

	private int run(DataSource dataSource, Blackhole blackhole) throws SQLException {
		long n = this.next++;
		return switch (this.query) {
			case "join" -> BenchEnv.query(dataSource, BenchEnv.JOIN_SQL, blackhole, 1 + (n % 64));
			case "aggregate" -> BenchEnv.query(dataSource, BenchEnv.AGGREGATE_SQL, blackhole);
			case "list" -> {
				long first = BenchEnv.listStart(n % 16);
				yield BenchEnv.query(dataSource, BenchEnv.LIST_SQL, blackhole, first, first + 999);
			}
			default -> throw new IllegalArgumentException(this.query);
		};
	}

	@Benchmark
	public int plainJdbc(States.Plain state, Blackhole blackhole) throws SQLException {
		return run(state.pool, blackhole);
	}

	@Benchmark
	public int cachalotHitInProcess(States.InProcess state, Blackhole blackhole) throws SQLException {
		return run(state.cached, blackhole);
	}

	@Benchmark
	public int cachalotHitRedis(States.Redis state, Blackhole blackhole) throws SQLException {
		return run(state.cached, blackhole);
	}

	/**
	 * {@link #cachalotHitRedis} through Jedis instead of Lettuce (see
	 * {@link PkLookupBenchmark#cachalotHitRedisJedis}).
	 */
	@Benchmark
	public int cachalotHitRedisJedis(States.RedisJedis state, Blackhole blackhole) throws SQLException {
		return run(state.cached, blackhole);
	}

}
