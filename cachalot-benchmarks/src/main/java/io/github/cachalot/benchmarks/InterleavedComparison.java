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
 * of one variant; the first half of the rounds warms up (the JIT), and the result is the median of
 * the remaining rounds' medians.
 * <p>
 * {@code java -cp cachalot-benchmarks/target/benchmarks.jar io.github.cachalot.benchmarks.InterleavedComparison [rounds]}
 * (default 60 rounds; about 40 s per comparison). The miss runs twice: with the default store (every
 * miss retained, the heap grows) and with an 8 MiB store (the heap stays the same), which tells the
 * cost of the misses themselves from that of keeping their results.
 */
public final class InterleavedComparison {

	/** Operations timed per round and variant. */
	static final int PER_ROUND = 1_000;

	private InterleavedComparison() {
	}

	public static void main(String[] args) throws SQLException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 60;
		System.out.println(table(rounds, PER_ROUND));
	}

	/** Runs every comparison; returns the results as a Markdown table. */
	public static String table(int rounds, int perRound) throws SQLException {
		StringBuilder md = new StringBuilder();
		md.append("| statement | store | plain JDBC (µs) | with cachalot (µs) | added |\n");
		md.append("|---|---|---:|---:|---:|\n");
		try (HikariDataSource pool = BenchEnv.pool(States.POOL)) {
			row(md, "PK lookup, miss", "default (256 MiB)", pool, BenchEnv.cachalotInProcess(pool), Operation.MISS,
					rounds, perRound);
			row(md, "PK lookup, miss", "8 MiB", pool,
					Cachalot.builder().store(new CaffeineCacheStore(8L << 20)).build().wrap(pool, "small"),
					Operation.MISS, rounds, perRound);
			row(md, "UPDATE, autocommit", "default", pool, BenchEnv.cachalotInProcess(pool), Operation.UPDATE,
					rounds, perRound);
			row(md, "UPDATE, in a transaction", "default", pool, BenchEnv.cachalotInProcess(pool),
					Operation.UPDATE_IN_TRANSACTION, rounds, perRound);
		}
		return md.toString();
	}

	private static void row(StringBuilder md, String statement, String store, DataSource plain,
			CachingDataSource cached, Operation operation, int rounds, int perRound) throws SQLException {
		double[] medians = compare(plain, cached, operation, rounds, perRound);
		md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %+.1f µs (%+.1f %%) |%n", statement, store,
				medians[0], medians[1], medians[1] - medians[0], (medians[1] / medians[0] - 1) * 100));
	}

	/** The median per-round medians (µs) of the plain and the cachalot variant. */
	static double[] compare(DataSource plain, DataSource cached, Operation operation, int rounds, int perRound)
			throws SQLException {
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		List<List<Double>> medians = List.of(new ArrayList<>(), new ArrayList<>());
		long[] sequence = { 0 };
		long[] times = new long[perRound];
		for (int round = 0; round < rounds; round++) {
			for (int variant = 0; variant < 2; variant++) {
				DataSource dataSource = (variant == 0) ? plain : cached;
				for (int i = 0; i < perRound; i++) {
					long start = System.nanoTime();
					operation.run(dataSource, sequence, blackhole);
					times[i] = System.nanoTime() - start;
				}
				Arrays.sort(times);
				if (round >= rounds / 2) {
					medians.get(variant).add(times[perRound / 2] / 1000.0);
				}
			}
		}
		return new double[] { median(medians.get(0)), median(medians.get(1)) };
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
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
