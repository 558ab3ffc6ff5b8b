package io.github.cachalot.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A mixed workload on 4 threads: each operation is a read with probability {@code readPercent}
 * (a third each: product by id, customer by id, the customer's orders joined with customers and
 * products; over 256 hot products and 64 hot customers), else a single-row UPDATE in autocommit
 * (half of them of {@code bench.orders}, half of {@code bench.product}), which invalidates every
 * cached read of that table. Throughput of the whole, without and with cachalot (in-process).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// 4 threads keep both CPUs busy, so the JIT compiles slowly: after 4 s it still took half of the
// cachalot variant's CPU (a profile of 80/20), and measured the compiler rather than the workload
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class MixedWorkloadBenchmark {

	static final String CUSTOMER_SQL = "select id, name, country from bench.customer where id = ?";

	static final String UPDATE_ORDER_SQL = "update bench.orders set total = total + 0.01 where id = ?";

	@Param({ "95", "80", "50", "0" })
	public int readPercent;

	/**
	 * One operation of the mix; static so that {@link ConcurrentInterleavedComparison} runs exactly
	 * this one.
	 */
	static int operation(DataSource dataSource, Blackhole blackhole, int readPercent) throws SQLException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (random.nextInt(100) < readPercent) {
			return switch (random.nextInt(3)) {
				case 0 -> BenchEnv.query(dataSource, BenchEnv.PK_SQL, blackhole, 1 + random.nextInt(256));
				case 1 -> BenchEnv.query(dataSource, CUSTOMER_SQL, blackhole, 1 + random.nextInt(64));
				default -> BenchEnv.query(dataSource, BenchEnv.JOIN_SQL, blackhole, 1 + random.nextInt(64));
			};
		}
		if (random.nextBoolean()) {
			return BenchEnv.update(dataSource, BenchEnv.UPDATE_SQL, 1 + random.nextInt(256), false);
		}
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(UPDATE_ORDER_SQL)) {
			statement.setLong(1, 1 + random.nextInt(BenchEnv.ORDERS));
			return statement.executeUpdate();
		}
	}

	@Benchmark
	public int plainJdbc(States.Plain state, Blackhole blackhole) throws SQLException {
		return operation(state.pool, blackhole, this.readPercent);
	}

	@Benchmark
	public int cachalot(States.InProcess state, Blackhole blackhole) throws SQLException {
		return operation(state.cached, blackhole, this.readPercent);
	}

}
