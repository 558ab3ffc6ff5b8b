package io.github.cachalot.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A stream of distinct literal SQL strings (no parameters): each string is new, so neither the
 * memoized analysis nor the cache can help. Through cachalot each read is proven a read from its
 * tokens and runs uncached, without a parse (a string seen once is never analysed). The strings are built 10,000 at a time (ids walk a permutation of the 1M
 * product ids), so that none repeats within a trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LiteralSqlBenchmark {

	static final int STRINGS = 10_000;

	private String[] strings;

	private long next;

	@Setup
	public void setUp() {
		this.strings = new String[STRINGS];
		fill(0);
	}

	private void fill(long pass) {
		for (int i = 0; i < STRINGS; i++) {
			long id = 1 + (pass * STRINGS + i) * 7919L % BenchEnv.PRODUCTS;
			this.strings[i] = "select id, name, price, stock, category from bench.product where id = " + id;
		}
	}

	private String nextSql() {
		long n = this.next++;
		if (n > 0 && n % STRINGS == 0) {
			fill(n / STRINGS); // the next 10,000 never-seen strings (time counted, same for both)
		}
		return this.strings[(int) (n % STRINGS)];
	}

	@Benchmark
	public int plainJdbc(States.Plain state, Blackhole blackhole) throws SQLException {
		return BenchEnv.queryLiteral(state.pool, nextSql(), blackhole);
	}

	@Benchmark
	public int cachalotMiss(States.InProcess state, Blackhole blackhole) throws SQLException {
		return BenchEnv.queryLiteral(state.cached, nextSql(), blackhole);
	}

}
