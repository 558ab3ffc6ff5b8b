package io.github.cachalot.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

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

/**
 * A single-row UPDATE, in autocommit and in a transaction (setAutoCommit(false), update, commit),
 * without and with cachalot: on the in-process store, the cost of working out and applying the
 * invalidation; on Redis, also the announcement before the commit (awaited before an autocommit
 * write runs, sent while a transaction's UPDATE runs) and the invalidation after it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@State(Scope.Thread)
public class WriteBenchmark {

	@Param({ "autocommit", "transaction" })
	public String mode;

	private long next;

	private long id() {
		return 1 + (this.next++ % BenchEnv.HOT);
	}

	@Benchmark
	public int plainJdbc(States.Plain state) throws SQLException {
		return BenchEnv.update(state.pool, BenchEnv.UPDATE_SQL, id(), "transaction".equals(this.mode));
	}

	@Benchmark
	public int cachalot(States.InProcess state) throws SQLException {
		return BenchEnv.update(state.cached, BenchEnv.UPDATE_SQL, id(), "transaction".equals(this.mode));
	}

	@Benchmark
	public int cachalotRedis(States.Redis state) throws SQLException {
		return BenchEnv.update(state.cached, BenchEnv.UPDATE_SQL, id(), "transaction".equals(this.mode));
	}

	@Benchmark
	public int cachalotRedisJedis(States.RedisJedis state) throws SQLException {
		return BenchEnv.update(state.cached, BenchEnv.UPDATE_SQL, id(), "transaction".equals(this.mode));
	}

}
