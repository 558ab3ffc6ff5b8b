package io.github.cachalot.benchmarks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.infra.Blackhole;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * Measures what cachalot adds to a statement that reaches PostgreSQL (a miss, an UPDATE in
 * autocommit and in a transaction) by running plain JDBC and cachalot in alternating rounds in one
 * JVM, on the same pool: the drift of this VM (the same JMH benchmark moves by a factor of two
 * from one run to the next) then hits both alike. Each round times {@link #PER_ROUND} operations
 * of each variant, one after the other; the first half of the rounds warms up (the JIT). The
 * result is the median over the remaining rounds of what cachalot added in the round (its median
 * minus plain JDBC's), with the quartiles of that difference.
 * <p>
 * {@code java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp cachalot-benchmarks/target/benchmarks.jar io.github.cachalot.benchmarks.InterleavedComparison [rounds]}
 * (default 80 rounds; about a minute per comparison). The miss runs twice: with the default store (every
 * miss retained, the heap grows) and with an 8 MiB store (the heap stays the same), which tells the
 * cost of the misses themselves from that of keeping their results.
 */
public final class InterleavedComparison {

	/** Operations timed per round and variant. */
	static final int PER_ROUND = 1_000;

	/** The busy waits of the control rows, in µs. */
	static final int[] CONTROL_WAITS_MICROS = { 5, 10 };

	/** Rounds, half of them warm-up. */
	static final int DEFAULT_ROUNDS = 80;

	private InterleavedComparison() {
	}

	public static void main(String[] args) throws SQLException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
		System.out.println(table(rounds, PER_ROUND));
	}

	/** Runs every comparison; returns the results as a Markdown table. */
	public static String table(int rounds, int perRound) throws SQLException {
		StringBuilder md = new StringBuilder();
		md.append("| statement | store | plain JDBC (µs, median) | added by cachalot (µs, median of rounds)"
				+ " | quartiles of what it added (µs) | added |\n");
		md.append("|---|---|---:|---:|---:|---:|\n");
		try (HikariDataSource pool = BenchEnv.pool(States.POOL)) {
			row(md, "PK lookup, miss", "default (256 MiB)", pool, BenchEnv.cachalotInProcess(pool), Operation.MISS,
					rounds, perRound);
			row(md, "PK lookup, miss", "8 MiB", pool,
					Cachalot.builder().store(new CaffeineCacheStore(8L << 20)).build().wrap(pool, "small"),
					Operation.MISS, rounds, perRound);
			for (int micros : CONTROL_WAITS_MICROS) {
				controlRow(md, pool, micros, rounds, perRound);
			}
			row(md, "UPDATE, autocommit", "default", pool, BenchEnv.cachalotInProcess(pool), Operation.UPDATE,
					rounds, perRound);
			row(md, "UPDATE, in a transaction", "default", pool, BenchEnv.cachalotInProcess(pool),
					Operation.UPDATE_IN_TRANSACTION, rounds, perRound);
		}
		return md.toString();
	}

	private static void row(StringBuilder md, String statement, String store, DataSource plain,
			CachingDataSource cached, Operation operation, int rounds, int perRound) throws SQLException {
		long[] sequence = { 0 };
		Blackhole blackhole = blackhole();
		Comparison comparison = compare(() -> operation.run(plain, sequence, blackhole),
				() -> operation.run(cached, sequence, blackhole), rounds, perRound);
		append(md, statement, store, comparison);
	}

	/**
	 * The control: plain JDBC against plain JDBC that first waits a fixed time on the CPU. On an
	 * ideal machine the wait adds exactly itself; whatever it adds beyond is what this machine
	 * charges any client for being busy that long between two statements.
	 */
	private static void controlRow(StringBuilder md, DataSource plain, int micros, int rounds, int perRound)
			throws SQLException {
		long[] sequence = { 0 };
		Blackhole blackhole = blackhole();
		long nanos = micros * 1_000L;
		Comparison comparison = compare(() -> Operation.MISS.run(plain, sequence, blackhole), () -> {
			busyWait(nanos);
			Operation.MISS.run(plain, sequence, blackhole);
		}, rounds, perRound);
		append(md, "PK lookup, control: plain JDBC after " + micros + " µs busy on the CPU", "none", comparison);
	}

	private static void busyWait(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	private static void append(StringBuilder md, String statement, String store, Comparison comparison) {
		md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %+.1f | %+.1f – %+.1f | %+.1f %% |%n", statement,
				store, comparison.plain(), comparison.added(), comparison.addedLowerQuartile(),
				comparison.addedUpperQuartile(), comparison.added() / comparison.plain() * 100));
	}

	/**
	 * Medians over the measured rounds, in µs: plain JDBC's, and what cachalot added in the round
	 * (with its quartiles).
	 */
	record Comparison(double plain, double added, double addedLowerQuartile, double addedUpperQuartile) {
	}

	static Comparison compare(Timed baseline, Timed candidate, int rounds, int perRound) throws SQLException {
		List<Double> plainMedians = new ArrayList<>();
		List<Double> added = new ArrayList<>();
		long[] times = new long[perRound];
		double[] roundMedians = new double[2];
		for (int round = 0; round < rounds; round++) {
			for (int variant = 0; variant < 2; variant++) {
				Timed timed = (variant == 0) ? baseline : candidate;
				for (int i = 0; i < perRound; i++) {
					long start = System.nanoTime();
					timed.run();
					times[i] = System.nanoTime() - start;
				}
				Arrays.sort(times);
				roundMedians[variant] = times[perRound / 2] / 1000.0;
			}
			if (round >= rounds / 2) {
				plainMedians.add(roundMedians[0]);
				added.add(roundMedians[1] - roundMedians[0]);
			}
		}
		plainMedians.sort(null);
		added.sort(null);
		return new Comparison(quantile(plainMedians, 0.5), quantile(added, 0.5), quantile(added, 0.25),
				quantile(added, 0.75));
	}

	static Blackhole blackhole() {
		return new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
	}

	/** What one variant does in one timed operation. */
	@FunctionalInterface
	interface Timed {

		void run() throws SQLException;

	}

	static double quantile(List<Double> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(quantile * (sorted.size() - 1))));
	}

	/** One timed statement. */
	enum Operation {

		/** A product never read before (a miss through cachalot). */
		MISS {
			@Override
			void run(DataSource dataSource, long[] sequence, Blackhole blackhole) throws SQLException {
				BenchEnv.query(dataSource, BenchEnv.PK_SQL, blackhole,
						1 + (sequence[0]++ * 7919L) % BenchEnv.PRODUCTS);
			}
		},

		UPDATE {
			@Override
			void run(DataSource dataSource, long[] sequence, Blackhole blackhole) throws SQLException {
				BenchEnv.update(dataSource, BenchEnv.UPDATE_SQL, 1 + (sequence[0]++ % BenchEnv.HOT), false);
			}
		},

		UPDATE_IN_TRANSACTION {
			@Override
			void run(DataSource dataSource, long[] sequence, Blackhole blackhole) throws SQLException {
				BenchEnv.update(dataSource, BenchEnv.UPDATE_SQL, 1 + (sequence[0]++ % BenchEnv.HOT), true);
			}
		};

		abstract void run(DataSource dataSource, long[] sequence, Blackhole blackhole) throws SQLException;

	}

}
