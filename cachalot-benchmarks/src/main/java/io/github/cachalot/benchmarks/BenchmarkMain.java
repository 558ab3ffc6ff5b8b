package io.github.cachalot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the whole suite (or the benchmarks matching the regular expressions given as arguments)
 * with JMH's GC profiler and {@link CpuTimeProfiler}, then writes the JSON results and a Markdown
 * table with each variant's ratio to the plain baseline of the same run, the sizes of cached
 * results and, for the whole suite, the {@link InterleavedComparison} and the {@link ConcurrentInterleavedComparison}.
 * <p>
 * {@code java -jar cachalot-benchmarks/target/benchmarks.jar [regex...]}; system properties
 * {@code out} (directory, default {@code target/benchmark-results}) and {@code profile=jfr} (adds
 * JMH's JFR profiler).
 */
public final class BenchmarkMain {

	/** The JVM options of every fork (also to pass with {@code -jvmArgsAppend} to JMH's own main). */
	static final String[] FORK_JVM_ARGS = { "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch" };

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(System.getProperty("out", "target/benchmark-results"));
		Files.createDirectories(out);
		ChainedOptionsBuilder options = new OptionsBuilder().addProfiler(GCProfiler.class)
			.addProfiler(CpuTimeProfiler.class)
			// a heap of fixed size, touched before the benchmark: a miss must not pay the kernel's
			// first touch of the pages that a growing heap takes (half of a miss's time otherwise)
			.jvmArgsAppend(FORK_JVM_ARGS)
			.resultFormat(ResultFormatType.JSON)
			.result(out.resolve("results.json").toString())
			.shouldFailOnError(true);
		if ("jfr".equals(System.getProperty("profile"))) {
			options.addProfiler("jfr", "dir=" + out.resolve("jfr").toAbsolutePath());
		}
		if (args.length == 0) {
			options.include(BenchmarkMain.class.getPackageName() + "\\..*Benchmark\\..*");
		}
		for (String include : args) {
			options.include(include);
		}
		String loadBefore = loadAverage();
		long start = System.nanoTime();
		Collection<RunResult> results = new Runner(options.build()).run();
		long seconds = (System.nanoTime() - start) / 1_000_000_000L;
		List<RowSizes.Size> sizes = RowSizes.measure();
		String table = "Load average (1, 5, 15 min) before the run: " + loadBefore + "; after: " + loadAverage()
				+ ".\n\n" + markdown(results, sizes, seconds);
		if (args.length == 0) {
			table += "\n#### Interleaved comparison (plain and cachalot in alternating rounds, one JVM)\n\n"
					+ InterleavedComparison.table(InterleavedComparison.DEFAULT_ROUNDS, InterleavedComparison.PER_ROUND)
					+ "\n#### Mixed workload, interleaved (4 threads, plain and cachalot in alternating rounds, one JVM)\n\n"
					+ ConcurrentInterleavedComparison.table(ConcurrentInterleavedComparison.DEFAULT_ROUNDS,
							ConcurrentInterleavedComparison.DEFAULT_MILLIS,
							ConcurrentInterleavedComparison.DEFAULT_READ_PERCENTS);
		}
		Files.writeString(out.resolve("results.md"), table);
		System.out.println(table);
		System.out.println("Written to " + out.toAbsolutePath());
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	/** The results as Markdown: one table per benchmark class and parameter set. */
	public static String markdown(Collection<RunResult> results, List<RowSizes.Size> sizes, long seconds) {
		Map<String, List<RunResult>> groups = new LinkedHashMap<>();
		List<RunResult> sorted = new ArrayList<>(results);
		sorted.sort(Comparator.comparing((RunResult r) -> group(r.getParams())));
		for (RunResult result : sorted) {
			groups.computeIfAbsent(group(result.getParams()), (k) -> new ArrayList<>()).add(result);
		}
		StringBuilder md = new StringBuilder();
		md.append("Suite ran in ").append(seconds / 60).append(" min ").append(seconds % 60).append(" s.\n\n");
		for (Map.Entry<String, List<RunResult>> group : groups.entrySet()) {
			md.append("#### ").append(group.getKey()).append("\n\n");
			md.append("| variant | median | mean ± error (99.9%) | min – max | unit | median vs plain JDBC"
					+ " | alloc B/op | CPU µs/op |\n");
			md.append("|---|---:|---:|---:|---|---:|---:|---:|\n");
			for (RunResult result : group.getValue()) {
				Result<?> primary = result.getPrimaryResult();
				Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
				Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.RESULT);
				md.append("| ").append(method(result.getParams()))
					.append(" | ").append(number(median(result)))
					.append(" | ").append(number(primary.getScore())).append(" ± ").append(number(primary.getScoreError()))
					.append(" | ").append(number(primary.getStatistics().getMin())).append(" – ")
					.append(number(primary.getStatistics().getMax()))
					.append(" | ").append(primary.getScoreUnit())
					.append(" | ").append(ratio(baseline(group.getValue(), result), result))
					.append(" | ").append((alloc != null) ? number(alloc.getScore()) : "")
					.append(" | ").append((cpu != null) ? number(cpu.getScore() / 1000) : "")
					.append(" |\n");
			}
			md.append('\n');
		}
		md.append("#### Size of cached results\n\n");
		md.append("| query | rows | codec bytes (Redis value) | per row | heap bytes (JOL, in-process) | per row"
				+ " | of which metadata, shared by the statement's results | estimate used by the in-process bound |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (RowSizes.Size size : sizes) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %d | %.1f | %d | %d |%n", size.query(),
					size.rows(), size.codecBytes(), size.codecPerRow(), size.heapBytes(), size.heapPerRow(),
					size.sharedBytes(), size.estimatedBytes()));
		}
		return md.toString();
	}

	/**
	 * What a row is compared with: its group's {@code plainJdbc}, or where a group has a plain
	 * variant per kind of statement ({@link OverheadBenchmark}), {@code plainUpdate} for an update
	 * and {@code plainLookup} for a read.
	 */
	static RunResult baseline(List<RunResult> group, RunResult result) {
		String plain = method(result.getParams()).endsWith("Update") ? "plainUpdate" : "plainLookup";
		RunResult baseline = null;
		for (RunResult candidate : group) {
			String method = method(candidate.getParams());
			if (method.equals("plainJdbc")) {
				return candidate;
			}
			if (method.equals(plain)) {
				baseline = candidate;
			}
		}
		return baseline;
	}

	/** "speed-up" as a factor: for times, baseline / variant; for throughput, variant / baseline. */
	static String ratio(RunResult baseline, RunResult result) {
		if (baseline == null) {
			return "";
		}
		double base = median(baseline);
		double score = median(result);
		boolean throughput = result.getParams().getMode().shortLabel().equals("thrpt");
		double factor = throughput ? score / base : base / score;
		if (factor >= 1.05) {
			return String.format(Locale.ROOT, "%.1fx faster", factor);
		}
		if (factor <= 0.95) {
			return String.format(Locale.ROOT, "%.1f%% slower", (1 / factor - 1) * 100);
		}
		return String.format(Locale.ROOT, "same (%+.1f%%)", (1 / factor - 1) * 100);
	}

	/** The median of the measurement iterations: robust to a few disturbed iterations. */
	static double median(RunResult result) {
		return result.getPrimaryResult().getStatistics().getPercentile(50.0);
	}

	private static String group(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		String name = benchmark.substring(0, benchmark.lastIndexOf('.'));
		name = name.substring(name.lastIndexOf('.') + 1);
		StringBuilder group = new StringBuilder(name);
		for (String key : params.getParamsKeys()) {
			group.append(' ').append(key).append('=').append(params.getParam(key));
		}
		return group.toString();
	}

	private static String method(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (Math.abs(value) >= 1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
