package io.github.cachalot.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The throughput of {@link MixedWorkloadBenchmark}'s mix on 4 threads, cachalot ÷ plain JDBC, with
 * both variants in alternating rounds in one JVM, on the same pool: the drift of this VM (±40 %
 * between JMH runs minutes apart) and the state of the database (table bloat, autovacuum) then hit
 * both alike, which separate JMH forks cannot ensure. Each round runs both variants (which one goes
 * first alternates from round to round, to cancel any order effect), each for a fixed wall time on
 * the same 4 worker threads started together; the first half of the rounds warms up (the JIT) and
 * is discarded. The result per {@code readPercent} is the median over the measured rounds of each
 * variant's ops/s and of the ratio cachalot ÷ plain within the round, with the quartiles of that
 * ratio, and the CPU time of the worker threads per operation (not the JIT's, the GC's, nor that of
 * work handed to other threads). cachalot is one in-process instance for the whole run: its cache
 * keeps the hot rows from one {@code readPercent} to the next.
 * <p>
 * {@code java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp cachalot-benchmarks/target/benchmarks.jar io.github.cachalot.benchmarks.ConcurrentInterleavedComparison [rounds] [millis] [readPercent...]}
 * (default 40 rounds of 500 ms per variant, reads 95, 80, 50 and 0 %: about 40 s per
 * {@code readPercent}).
 */
public final class ConcurrentInterleavedComparison {

	/** Worker threads, as {@link MixedWorkloadBenchmark}'s {@code @Threads}. */
	static final int THREADS = 4;

	/** Rounds, half of them warm-up. */
	static final int DEFAULT_ROUNDS = 40;

	/** Wall time per variant and round. */
	static final long DEFAULT_MILLIS = 500;

	/** The read percentages of {@link MixedWorkloadBenchmark}'s {@code readPercent}. */
	static final int[] DEFAULT_READ_PERCENTS = { 95, 80, 50, 0 };

	/** How long past its window a phase may take before the run fails (a worker stuck). */
	private static final long GRACE_MILLIS = 120_000;

	private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

	/** The variants, in the order of {@code variants} below. */
	private static final String[] NAMES = { "plain JDBC", "cachalot" };

	private ConcurrentInterleavedComparison() {
	}

	public static void main(String[] args) throws InterruptedException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
		long millis = (args.length > 1) ? Long.parseLong(args[1]) : DEFAULT_MILLIS;
		int[] readPercents = (args.length > 2)
				? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : DEFAULT_READ_PERCENTS;
		System.out.println(table(rounds, millis, readPercents));
	}

	/** Runs the comparison for each read percentage; returns the results as a Markdown table. */
	public static String table(int rounds, long millis, int... readPercents) throws InterruptedException {
		if (rounds < 1 || millis < 1) {
			throw new IllegalArgumentException("rounds and millis must be positive: " + rounds + ", " + millis);
		}
		for (int readPercent : readPercents) {
			if (readPercent < 0 || readPercent > 100) {
				throw new IllegalArgumentException("readPercent must be 0 to 100: " + readPercent);
			}
		}
		if (THREAD_CPU.isCurrentThreadCpuTimeSupported() && !THREAD_CPU.isThreadCpuTimeEnabled()) {
			THREAD_CPU.setThreadCpuTimeEnabled(true);
		}
		StringBuilder md = new StringBuilder();
		md.append("| reads | plain JDBC (ops/s, median) | cachalot (ops/s, median) | cachalot ÷ plain (median of rounds)"
				+ " | quartiles of the ratio | worker CPU µs/op plain / cachalot (medians) |\n");
		md.append("|---:|---:|---:|---:|---:|---:|\n");
		ExecutorService workers = Executors.newFixedThreadPool(THREADS, workerThreads());
		try (HikariDataSource pool = BenchEnv.pool(States.POOL)) {
			DataSource[] variants = { pool, BenchEnv.cachalotInProcess(pool) };
			Blackhole[] blackholes = new Blackhole[THREADS];
			for (int i = 0; i < THREADS; i++) {
				blackholes[i] = InterleavedComparison.blackhole();
			}
			for (int readPercent : readPercents) {
				append(md, readPercent, compare(workers, variants, blackholes, readPercent, rounds, millis));
			}
		}
		finally {
			workers.shutdownNow();
		}
		return md.toString();
	}

	private static void append(StringBuilder md, int readPercent, Comparison comparison) {
		md.append(String.format(Locale.ROOT, "| %d %% | %,.0f | %,.0f | %.3f | %.3f – %.3f | %.1f / %.1f |%n",
				readPercent, comparison.plain(), comparison.cachalot(), comparison.ratio(),
				comparison.ratioLowerQuartile(), comparison.ratioUpperQuartile(), comparison.plainCpuMicros(),
				comparison.cachalotCpuMicros()));
	}

	/**
	 * Medians over the measured rounds: each variant's ops/s, the ratio cachalot ÷ plain within the
	 * round (with its quartiles) and each variant's worker CPU in µs per operation (NaN if this JVM
	 * cannot measure it).
	 */
	record Comparison(double plain, double cachalot, double ratio, double ratioLowerQuartile,
			double ratioUpperQuartile, double plainCpuMicros, double cachalotCpuMicros) {
	}

	private static Comparison compare(ExecutorService workers, DataSource[] variants, Blackhole[] blackholes,
			int readPercent, int rounds, long millis) throws InterruptedException {
		List<List<Double>> throughputs = List.of(new ArrayList<>(), new ArrayList<>());
		List<List<Double>> cpuMicros = List.of(new ArrayList<>(), new ArrayList<>());
		List<Double> ratios = new ArrayList<>();
		Phase[] phases = new Phase[2];
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < 2; i++) {
				int variant = (round % 2 == 0) ? i : 1 - i;
				phases[variant] = phase(workers, variants[variant], NAMES[variant], blackholes, readPercent, millis);
			}
			if (round >= rounds / 2) {
				for (int variant = 0; variant < 2; variant++) {
					throughputs.get(variant).add(phases[variant].opsPerSecond());
					cpuMicros.get(variant).add(phases[variant].cpuMicrosPerOperation());
				}
				ratios.add(phases[1].opsPerSecond() / phases[0].opsPerSecond());
			}
		}
		throughputs.forEach((list) -> list.sort(null));
		cpuMicros.forEach((list) -> list.sort(null));
		ratios.sort(null);
		return new Comparison(median(throughputs.get(0)), median(throughputs.get(1)), median(ratios),
				InterleavedComparison.quantile(ratios, 0.25), InterleavedComparison.quantile(ratios, 0.75),
				median(cpuMicros.get(0)), median(cpuMicros.get(1)));
	}

	/** What one variant did in one round. */
	record Phase(double opsPerSecond, double cpuMicrosPerOperation) {
	}

	/** What one worker did in one phase; {@code cpuNanos} is -1 if this JVM cannot measure it. */
	private record Work(long operations, long cpuNanos, long finishedNanos) {
	}

	/**
	 * Runs the mix on {@link #THREADS} workers released together, each until the window ends (then
	 * its operation in flight completes); the elapsed time runs to the last worker's end. A worker's
	 * failure fails the run.
	 */
	private static Phase phase(ExecutorService workers, DataSource dataSource, String name, Blackhole[] blackholes,
			int readPercent, long millis) throws InterruptedException {
		long windowNanos = TimeUnit.MILLISECONDS.toNanos(millis);
		long[] started = { 0 };
		// the last worker to arrive records the start; the barrier publishes it to all
		CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> started[0] = System.nanoTime());
		List<Future<Work>> futures = new ArrayList<>(THREADS);
		for (int i = 0; i < THREADS; i++) {
			Blackhole blackhole = blackholes[i];
			Callable<Work> work = () -> {
				barrier.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
				long end = started[0] + windowNanos;
				long cpuStart = threadCpuNanos();
				long operations = 0;
				do {
					MixedWorkloadBenchmark.operation(dataSource, blackhole, readPercent);
					operations++;
				}
				while (System.nanoTime() - end < 0);
				long finished = System.nanoTime();
				long cpuEnd = threadCpuNanos();
				return new Work(operations, (cpuStart < 0 || cpuEnd < 0) ? -1 : cpuEnd - cpuStart, finished);
			};
			futures.add(workers.submit(work));
		}
		long operations = 0;
		long cpuNanos = 0;
		boolean cpuMeasured = true;
		long finished = Long.MIN_VALUE;
		try {
			for (Future<Work> future : futures) {
				Work done = future.get(millis + GRACE_MILLIS, TimeUnit.MILLISECONDS);
				operations += done.operations();
				cpuNanos += done.cpuNanos();
				cpuMeasured &= done.cpuNanos() >= 0;
				finished = Math.max(finished, done.finishedNanos());
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			futures.forEach((future) -> future.cancel(true));
			throw new IllegalStateException("A worker failed (" + name + ", " + readPercent + " % reads)",
					(ex instanceof ExecutionException) ? ex.getCause() : ex);
		}
		double seconds = (finished - started[0]) / 1e9;
		double cpuMicros = cpuMeasured ? cpuNanos / 1e3 / operations : Double.NaN;
		return new Phase(operations / seconds, cpuMicros);
	}

	/** The CPU time of the calling thread, or -1 if this JVM cannot measure it. */
	private static long threadCpuNanos() {
		return THREAD_CPU.isCurrentThreadCpuTimeSupported() ? THREAD_CPU.getCurrentThreadCpuTime() : -1;
	}

	private static double median(List<Double> sorted) {
		return InterleavedComparison.quantile(sorted, 0.5);
	}

	private static ThreadFactory workerThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "interleaved-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
