package io.github.cachalot.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark's JVM spent per operation
 * ({@code cpu.norm}, in ns/op): the benchmark threads, and also the threads that work for them
 * (GC, JIT, Lettuce's event loop, any pool a cache hands work to). The database and Redis run in
 * other processes and are not counted.
 * <p>
 * On this machine, wall times of operations that wait for PostgreSQL move by tens of percent between
 * iterations (how fast a sleeping CPU of the VM wakes up), while the CPU time a variant adds on the
 * client side is stable to a few percent: that is how the overhead of a miss or a write is read.
 * Use with {@code -prof io.github.cachalot.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	/** The key of the result in JMH's secondary results. */
	public static final String RESULT = "cpu.norm";

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private long startNanos;

	@Override
	public String getDescription() {
		return "CPU time of the benchmark JVM per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startNanos = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long cpuNanos = this.os.getProcessCpuTime() - this.startNanos;
		long operations = result.getMetadata().getAllOps();
		double perOperation = (operations > 0) ? (double) cpuNanos / operations : Double.NaN;
		return List.of(new ScalarResult(RESULT, perOperation, "ns/op", AggregationPolicy.AVG));
	}

}
