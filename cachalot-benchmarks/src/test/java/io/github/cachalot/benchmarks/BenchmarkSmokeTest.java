package io.github.cachalot.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, briefly, in this JVM (no fork, no warm-up, one 100 ms iteration), so
 * that they never rot. Asserts that each produced a result, never how fast it was.
 */
class BenchmarkSmokeTest {

	@Test
	void everyBenchmarkRunsAndProducesAResult() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(BenchmarkSmokeTest.class.getPackageName() + "\\..*Benchmark\\..*")
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(100))
			.shouldFailOnError(true)
			.build()).run();

		Set<String> ran = new TreeSet<>();
		for (RunResult result : results) {
			assertThat(result.getPrimaryResult().getScore()).as(name(result.getParams())).isPositive();
			ran.add(name(result.getParams()));
		}
		assertThat(ran).containsExactlyInAnyOrder("PkLookupBenchmark.plainJdbc", "PkLookupBenchmark.jdbcFloorNoQuery",
				"PkLookupBenchmark.cachalotHitInProcess", "PkLookupBenchmark.cachalotHitRedis",
				"PkLookupBenchmark.cachalotHitRedisJedis", "PkLookupBenchmark.cachalotMiss",
				"PkLookupBenchmark.hibernateQueryCacheHit", "PkLookupBenchmark.plainJpa",
				"PkLookupBenchmark.springCacheableHit",
				"QueryBenchmark.plainJdbc query=join", "QueryBenchmark.plainJdbc query=aggregate",
				"QueryBenchmark.plainJdbc query=list", "QueryBenchmark.cachalotHitInProcess query=join",
				"QueryBenchmark.cachalotHitInProcess query=aggregate", "QueryBenchmark.cachalotHitInProcess query=list",
				"QueryBenchmark.cachalotHitRedis query=join", "QueryBenchmark.cachalotHitRedis query=aggregate",
				"QueryBenchmark.cachalotHitRedis query=list", "QueryBenchmark.cachalotHitRedisJedis query=join",
				"QueryBenchmark.cachalotHitRedisJedis query=aggregate", "QueryBenchmark.cachalotHitRedisJedis query=list",
				"WriteBenchmark.plainJdbc mode=autocommit", "WriteBenchmark.plainJdbc mode=transaction",
				"WriteBenchmark.cachalot mode=autocommit", "WriteBenchmark.cachalot mode=transaction",
				"WriteBenchmark.cachalotRedis mode=autocommit", "WriteBenchmark.cachalotRedis mode=transaction",
				"WriteBenchmark.cachalotRedisJedis mode=autocommit", "WriteBenchmark.cachalotRedisJedis mode=transaction",
				"MixedWorkloadBenchmark.plainJdbc readPercent=95",
				"MixedWorkloadBenchmark.plainJdbc readPercent=80", "MixedWorkloadBenchmark.cachalot readPercent=95",
				"MixedWorkloadBenchmark.cachalot readPercent=80", "MixedWorkloadBenchmark.plainJdbc readPercent=50",
				"MixedWorkloadBenchmark.plainJdbc readPercent=0", "MixedWorkloadBenchmark.cachalot readPercent=50",
				"MixedWorkloadBenchmark.cachalot readPercent=0", "LiteralSqlBenchmark.plainJdbc",
				"LiteralSqlBenchmark.cachalotMiss", "OverheadBenchmark.plainLookup", "OverheadBenchmark.cachalotMiss",
				"OverheadBenchmark.cachalotHit", "OverheadBenchmark.plainUpdate", "OverheadBenchmark.cachalotUpdate");

		List<RunResult> overhead = results.stream()
			.filter((result) -> name(result.getParams()).startsWith("OverheadBenchmark."))
			.toList();
		assertThat(baselineOf(overhead, "cachalotMiss")).isEqualTo("OverheadBenchmark.plainLookup");
		assertThat(baselineOf(overhead, "cachalotHit")).isEqualTo("OverheadBenchmark.plainLookup");
		assertThat(baselineOf(overhead, "cachalotUpdate")).isEqualTo("OverheadBenchmark.plainUpdate");

		List<RowSizes.Size> sizes = RowSizes.measure();
		assertThat(sizes).extracting(RowSizes.Size::query).containsExactly("pk", "join", "aggregate", "list");
		assertThat(sizes).allSatisfy((size) -> {
			assertThat(size.rows()).isPositive();
			assertThat(size.codecBytes()).isPositive();
			assertThat(size.heapBytes()).isPositive();
		});
		assertThat(sizes.get(3).rows()).isEqualTo(1000);
		assertThat(sizes.get(1).rows()).isEqualTo(20);
		assertThat(BenchmarkMain.markdown(results, sizes, 0)).contains("| cachalotHitInProcess |", "vs plain JDBC");
		assertThat(InterleavedComparison.table(2, 5).lines()).hasSize(8)
			.anyMatch((line) -> line.startsWith("| PK lookup, miss | 8 MiB |"))
			.anyMatch((line) -> line.startsWith("| PK lookup, control: plain JDBC after 10 µs busy on the CPU |"))
			.anyMatch((line) -> line.startsWith("| UPDATE, in a transaction |"));
		assertThat(ConcurrentInterleavedComparison.table(2, 50, 0, 95).lines()).hasSize(4)
			.anyMatch((line) -> line.startsWith("| 0 % |"))
			.anyMatch((line) -> line.startsWith("| 95 % |"));
	}

	private static String baselineOf(List<RunResult> group, String method) {
		RunResult result = group.stream()
			.filter((candidate) -> candidate.getParams().getBenchmark().endsWith("." + method))
			.findFirst()
			.orElseThrow();
		return name(BenchmarkMain.baseline(group, result).getParams());
	}

	private static String name(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		StringBuilder name = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
		for (String key : params.getParamsKeys()) {
			name.append(' ').append(key).append('=').append(params.getParam(key));
		}
		return name.toString();
	}

}
