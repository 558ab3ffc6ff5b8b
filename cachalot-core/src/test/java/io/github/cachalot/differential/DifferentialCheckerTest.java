package io.github.cachalot.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.sql.TestAnalyzers;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A randomized differential checker: the same seeded history of reads, writes, transactions,
 * savepoints, isolation levels and session settings runs on two identical databases, one through
 * cachalot and one through a plain pool, and every step must answer the same on both. A failure
 * prints the seed, the step, both answers and a shrunk history.
 *
 * <p>By default each database runs a fixed set of seeds, {@value #DEFAULT_STEPS} steps each,
 * within a time budget. System properties override: {@code cachalot.diff.seed} (one seed or a
 * comma-separated list), {@code cachalot.diff.steps}, {@code cachalot.diff.seconds} (random seeds
 * for that many seconds), {@code cachalot.diff.shrinkSeconds} (in all) and
 * {@code cachalot.diff.shrinkSecondsPerFailure}; {@code cachalot.diff.database=POSTGRESQL} runs one
 * database only, {@code cachalot.diff.withoutTriggers=true} leaves the triggers out (to explore
 * past a known trigger bug), {@code cachalot.diff.profile=true} prints where the time went.
 */
class DifferentialCheckerTest {

	static final long[] DEFAULT_SEEDS = { 1, 2, 3, 4, 5, 6, 7, 8 };

	static final int DEFAULT_STEPS = 1000;

	/** Default wall-clock budget for the seeds of one database (the shrinking has its own). */
	static final long DEFAULT_RUN_MILLIS = 60_000;

	static final long DEFAULT_SHRINK_MILLIS = 45_000;

	static final long SHRINK_MILLIS_PER_FAILURE = 30_000;

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void cachalotAnswersWhatThePlainDatabaseAnswers(TestDatabase testDatabase) {
		check(testDatabase, () -> SqlAnalyzer.synchronous(1_000), DEFAULT_SEEDS);
	}

	/**
	 * The same while no statement can be parsed on the caller's thread: every first execution runs
	 * as a never-analysed statement (a read uncached, a write judged from its tokens) and is analysed
	 * in full right after, for the next.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void cachalotAnswersWhatThePlainDatabaseAnswersWhenNothingCouldBeParsedBeforeItRan(TestDatabase testDatabase) {
		check(testDatabase, () -> TestAnalyzers.withNoTimeToParseOnTheCallersThread(Runnable::run), DEFERRED_SEEDS);
	}

	static final long[] DEFERRED_SEEDS = { 11, 12, 13, 14, 15, 16, 17, 18 };

	private void check(TestDatabase testDatabase, Supplier<SqlAnalyzer> analyzers, long[] defaultSeeds) {
		String only = System.getProperty("cachalot.diff.database");
		if (only != null && !only.equalsIgnoreCase(testDatabase.name())) {
			System.out.println("-Dcachalot.diff.database=" + only + ": not running on " + testDatabase);
			return;
		}
		DiffDatabase database = DiffDatabase.connect(testDatabase);
		int steps = Integer.getInteger("cachalot.diff.steps", DEFAULT_STEPS);
		String seconds = System.getProperty("cachalot.diff.seconds");
		String seedList = System.getProperty("cachalot.diff.seed");
		long runMillis = (seconds != null) ? Long.parseLong(seconds) * 1000 : DEFAULT_RUN_MILLIS;
		long shrinkMillis = Long.getLong("cachalot.diff.shrinkSeconds", DEFAULT_SHRINK_MILLIS / 1000) * 1000;
		List<Long> seeds = new ArrayList<>();
		if (seedList != null && !seedList.isBlank()) {
			Arrays.stream(seedList.split(",")).map(String::trim).map(Long::parseLong).forEach(seeds::add);
		}
		else if (seconds == null) {
			Arrays.stream(defaultSeeds).forEach(seeds::add);
		}
		Random seedSource = new Random();
		long runDeadline = System.currentTimeMillis() + runMillis;
		long shrinkDeadline = Long.MAX_VALUE;
		List<String> failures = new ArrayList<>();
		StringBuilder log = new StringBuilder();
		int seedsRun = 0;
		long stepsRun = 0;
		long hits = 0;
		long misses = 0;
		for (int i = 0; (seeds.isEmpty() || i < seeds.size()) && System.currentTimeMillis() < runDeadline; i++) {
			long seed = seeds.isEmpty() ? seedSource.nextLong() & Long.MAX_VALUE : seeds.get(i);
			Schema schema = Schema.generate(database, seed);
			List<Action> history = HistoryGenerator.generate(database, schema, seed, steps);
			try (Runner runner = new Runner(database, schema, false, analyzers)) {
				Runner.Result result = runner.run(history);
				seedsRun++;
				stepsRun += result.trace().size();
				hits += result.statistics().hits();
				misses += result.statistics().misses();
				log.append(String.format("%s seed %d: %d steps in %d ms, %d hits, %d misses, bypassed %s%s%n", database,
						seed, result.trace().size(), result.millis(), result.statistics().hits(),
						result.statistics().misses(), result.statistics().uncacheable(),
						(result.failure() == null) ? ", all equal" : ", FAILED at step " + result.failure().step()));
				if (result.failure() == null) {
					continue;
				}
				if (shrinkDeadline == Long.MAX_VALUE) {
					shrinkDeadline = System.currentTimeMillis() + shrinkMillis;
				}
				long budget = Math.min(Long.getLong("cachalot.diff.shrinkSecondsPerFailure", SHRINK_MILLIS_PER_FAILURE / 1000) * 1000, shrinkDeadline - System.currentTimeMillis());
				Report.Verdict verdict = Report.verdict(database, seed, steps, schema, result.failure(), Math.max(budget, 1), runner);
				System.out.println(verdict.text());
				if (verdict.counts()) {
					failures.add(verdict.text());
				}
			}
		}
		String summary = String.format("%s: %d seeds, %d steps, %d failing%n%s", database, seedsRun, stepsRun, failures.size(), log);
		System.out.println(summary);
		assertThat(seedsRun).as("seeds run").isPositive();
		// equal answers prove little unless many of them came from the cache
		assertThat(hits).as("reads answered from the cache in %d steps (%d misses)", stepsRun, misses)
			.isGreaterThan(stepsRun / 20);
		if (!failures.isEmpty()) {
			throw new AssertionError("cachalot answered differently from the plain database\n" + summary + "\n"
					+ String.join("\n", failures));
		}
	}

	/**
	 * The self-test of the checker: with a plain pool on both sides, histories must agree (the
	 * generator and the databases are deterministic); otherwise a difference would not prove a
	 * cachalot bug.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void thePlainDatabaseAgreesWithItself(TestDatabase testDatabase) {
		DiffDatabase database = DiffDatabase.connect(testDatabase);
		int steps = Integer.getInteger("cachalot.diff.steps", DEFAULT_STEPS);
		for (long seed : new long[] { 1, 2 }) {
			Schema schema = Schema.generate(database, seed);
			List<Action> history = HistoryGenerator.generate(database, schema, seed, steps);
			try (Runner runner = new Runner(database, schema, true)) {
				Runner.Result result = runner.run(history);
				System.out.printf("%s self-test seed %d: %d steps in %d ms%n", database, seed, result.trace().size(), result.millis());
				if (result.failure() != null) {
					Report.Verdict verdict = Report.verdict(database, seed, steps, schema, result.failure(), 20_000, runner);
					System.out.println(verdict.text());
					if (verdict.counts()) {
						throw new AssertionError("the plain database disagrees with itself: the checker is not deterministic\n"
								+ verdict.text());
					}
				}
			}
		}
	}

}
