package io.github.cachalot.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application share one PostgreSQL database and one Redis (issue 15, "Proof"):
 * while one instance commits increments of a counter and three readers on each instance read it,
 * faults are injected into Redis, each followed by a quiet period.
 * <ul>
 * <li>{@link Topology#STANDALONE one redis-server}, each instance behind a proxy of its own: killed
 * (SIGKILL) and restarted empty, at once and after 1 s; killed and restarted empty with the writer's
 * instance reconnecting 0.7 s after the other; paused (SIGSTOP) 0.7 s, beyond the client's 200 ms
 * timeout; slowed ({@code DEBUG SLEEP 0.5}, and SIGSTOP for 150 ms, under the timeout); each
 * instance in turn cut off from Redis for 1.5 s while the other still reaches it; killed and
 * restarted with its append-only file. The kills land while a commit is in flight.</li>
 * <li>{@link Topology#SENTINEL a master and a replica under a sentinel}: the master killed and the
 * replica promoted, the killed master back empty as a replica, a failover asked of the sentinel,
 * and again.</li>
 * </ul>
 * What is proved, over the run's whole history of commits and reads (one clock: both instances run
 * in this JVM):
 * <ul>
 * <li>in the default mode ({@code cachalot.shared.mode=strict}), <b>no read returns a value older
 * than a commit that returned before the read began</b>; a commit refused during a fault names
 * Redis and wrote nothing;</li>
 * <li>in {@code cachalot.shared.mode=available} with {@code max-staleness=1s}, every commit goes
 * through and no read is staler than that bound plus {@link #SLACK};</li>
 * <li>and in both, that the run could have failed: enough commits returned, both instances read,
 * and both served hits from Redis in the quiet periods (a cache that never hits proves nothing);
 * no read failed.</li>
 * </ul>
 * A commit that threw has an unknown outcome and is never used as a lower bound. The test is
 * timing-dependent: one pass proves little. {@code -Dcachalot.fault.runs=N} repeats each case N
 * times (1 by default); {@code -Dcachalot.fault.topologies=STANDALONE} runs one topology only;
 * {@code -Dcachalot.fault.quiet-ms}, {@code .writer-pause-ms}, {@code .in-transaction-ms} and
 * {@code .readers} tune the load. A standalone run takes about 40 s, a sentinel run about 30 s. Each
 * run prints a one-line summary and a timeline of its phases to the test's output. Needs
 * {@code redis-server} 7 or later (for {@code enable-debug-command}); without it the test fails.
 */
class SharedCacheFaultTest {

	/** The bound set in the available mode. */
	static final Duration MAX_STALENESS = Duration.ofSeconds(1);

	/**
	 * What the available mode may exceed its bound by in this test: the time between a read's start
	 * (what staleness is measured from) and its look-up in Redis, on a loaded two-core machine
	 * running two applications, PostgreSQL and Redis.
	 */
	static final Duration SLACK = Duration.ofMillis(500);

	static final int RUNS = Integer.getInteger("cachalot.fault.runs", 1);

	static final long QUIET_MS = Long.getLong("cachalot.fault.quiet-ms", 2500);

	static final long WRITER_PAUSE_MS = Long.getLong("cachalot.fault.writer-pause-ms", 10);

	static final long IN_TRANSACTION_MS = Long.getLong("cachalot.fault.in-transaction-ms", 2);

	static final int READERS = Integer.getInteger("cachalot.fault.readers", 3);

	static final String WRITE = "UPDATE fault_counter SET v = v + 1 WHERE id = 1 RETURNING v";

	static final String READ = "SELECT v FROM fault_counter WHERE id = 1";

	/** The Redis deployments a run can be made on. */
	enum Topology {

		/** One redis-server, each instance behind a proxy of its own. */
		STANDALONE,

		/** A master and a replica watched by a sentinel. */
		SENTINEL;

		Deployment deploy() throws java.io.IOException {
			return (this == STANDALONE) ? new StandaloneDeployment() : new SentinelDeployment();
		}

	}

	static Stream<Arguments> runs() {
		List<Topology> topologies = Stream.of(System.getProperty("cachalot.fault.topologies", "STANDALONE,SENTINEL")
			.split(",")).map(String::trim).map(Topology::valueOf).toList();
		return topologies.stream()
			.flatMap((topology) -> Stream.iterate(1, (run) -> run <= RUNS, (run) -> run + 1)
				.map((run) -> Arguments.of(topology, run)));
	}

	@ParameterizedTest(name = "{0}, run {1}")
	@MethodSource("runs")
	@Timeout(value = 150, unit = TimeUnit.SECONDS)
	void inTheDefaultStrictModeNoReadIsOlderThanACommitThatReturnedBeforeItBegan(Topology topology, int run)
			throws Exception {
		Outcome outcome = new Scenario("strict", topology, run, List.of()).run();
		outcome.assertMeaningful();
		assertThat(outcome.verdict().stale()).as(outcome.verdict().describe() + "\n" + outcome.summary()).isZero();
		assertThat(outcome.refusals().keySet()).as("every refused commit names Redis: " + outcome.summary())
			.allSatisfy((message) -> assertThat(message).containsIgnoringCase("redis"));
		assertThat(outcome.finalValue()).as("a refused commit wrote nothing: " + outcome.summary())
			.isEqualTo(outcome.history().acknowledged());
	}

	@ParameterizedTest(name = "{0}, run {1}")
	@MethodSource("runs")
	@Timeout(value = 150, unit = TimeUnit.SECONDS)
	void inTheAvailableModeEveryCommitGoesThroughAndNoReadIsStalerThanTheBound(Topology topology, int run)
			throws Exception {
		Outcome outcome = new Scenario("available", topology, run,
				List.of("cachalot.shared.mode=available",
						"cachalot.shared.max-staleness=" + MAX_STALENESS.toMillis() + "ms"))
			.run();
		outcome.assertMeaningful();
		assertThat(outcome.history().refusedCount()).as("commits refused: " + outcome.summary()).isZero();
		assertThat(outcome.verdict().maxStaleness()).as(outcome.verdict().describe() + "\n" + outcome.summary())
			.isLessThanOrEqualTo(MAX_STALENESS.plus(SLACK));
	}

	/** One run: its own Redis deployment and two application contexts, the load, and the faults. */
	static final class Scenario implements Deployment.Run {

		private final String mode;

		private final Topology topology;

		private final int run;

		private final List<String> properties;

		private final History history = new History();

		private final AtomicBoolean writing = new AtomicBoolean(true);

		private final AtomicBoolean reading = new AtomicBoolean(true);

		/** Whether the writer is between its update and its commit. */
		private volatile boolean commitInFlight;

		private final List<String> faults = new ArrayList<>();

		/** At the start of each phase (fault or quiet period) and at the end: its label and counters. */
		private final List<String> phaseLabels = new ArrayList<>();

		private final List<long[]> phaseCounters = new ArrayList<>();

		private long quietHitsA;

		private long quietHitsB;

		private Deployment deployment;

		Scenario(String mode, Topology topology, int run, List<String> properties) {
			this.mode = mode;
			this.topology = topology;
			this.run = run;
			this.properties = properties;
		}

		Outcome run() throws Exception {
			long started = System.nanoTime();
			TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS fault_counter",
					"CREATE TABLE fault_counter (id INT PRIMARY KEY, v BIGINT NOT NULL)",
					"INSERT INTO fault_counter VALUES (1, 0)");
			Instance a = null;
			Instance b = null;
			ExecutorService threads = Executors.newFixedThreadPool(1 + 2 * READERS);
			try {
				this.deployment = this.topology.deploy();
				a = Instance.start("A", properties("A"));
				b = Instance.start("B", properties("B"));
				List<Future<?>> readers = new ArrayList<>();
				for (Instance instance : List.of(a, b)) {
					for (int i = 0; i < READERS; i++) {
						readers.add(threads.submit(reader(instance)));
					}
				}
				Future<?> writer = threads.submit(writer(a));
				try {
					injectFaults(a, b);
				}
				finally {
					phase("end", a, b);
					this.writing.set(false);
					writer.get(30, TimeUnit.SECONDS);
					// reads after the last commit are checked against it too
					Thread.sleep(500);
					this.reading.set(false);
					for (Future<?> reader : readers) {
						reader.get(30, TimeUnit.SECONDS);
					}
				}
				long finalValue = new JdbcTemplate(CachingDataSourceProxy.cachingOf(a.context().getBean(javax.sql.DataSource.class)).getDelegate())
					.queryForObject(READ, Long.class);
				Outcome outcome = new Outcome(this.mode, this.topology, this.run,
						Duration.ofNanos(System.nanoTime() - started), this.history, this.history.analyse(), finalValue,
						a.hits(), b.hits(), this.quietHitsA, this.quietHitsB, a.storeFailures(), b.storeFailures(),
						List.copyOf(this.faults));
				System.out.println(outcome.summary());
				System.out.println(timeline(outcome.verdict()));
				if (outcome.verdict().stale() > 0) {
					System.out.println(outcome.verdict().describe());
				}
				return outcome;
			}
			finally {
				this.writing.set(false);
				this.reading.set(false);
				threads.shutdownNow();
				threads.awaitTermination(30, TimeUnit.SECONDS);
				closeAll(a, b);
			}
		}

		private void closeAll(Instance a, Instance b) {
			for (AutoCloseable closeable : new AutoCloseable[] { a, b, this.deployment }) {
				if (closeable != null) {
					try {
						closeable.close();
					}
					catch (Exception ex) {
						System.out.println("could not close " + closeable + ": " + ex);
					}
				}
			}
		}

		private List<String> properties(String instance) {
			List<String> all = new ArrayList<>(this.deployment.redisProperties(instance));
			all.addAll(this.properties);
			return all;
		}

		/** The deployment's faults, in sequence, each followed by a quiet period. */
		private void injectFaults(Instance a, Instance b) throws Exception {
			quiet("warm-up", a, b, 3000);
			for (Deployment.Fault fault : this.deployment.faults(this)) {
				phase(fault.label(), a, b);
				fault.injection().inject();
				this.faults.add(fault.label());
				quiet("quiet after " + fault.label(), a, b, QUIET_MS);
			}
		}

		@Override
		public void awaitCommitInFlight() {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
			while (!this.commitInFlight && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
		}

		@Override
		public void note(String note) {
			this.faults.add("(" + note + ")");
		}

		private void quiet(String label, Instance a, Instance b, long millis) throws InterruptedException {
			phase(label, a, b);
			long hitsA = a.hits();
			long hitsB = b.hits();
			Thread.sleep(millis);
			this.quietHitsA += a.hits() - hitsA;
			this.quietHitsB += b.hits() - hitsB;
		}

		private void phase(String label, Instance a, Instance b) {
			this.history.event(label);
			this.phaseLabels.add(label);
			this.phaseCounters.add(new long[] { System.nanoTime(), this.history.acknowledged(),
					this.history.refusedCount(), a.hits(), a.misses(), a.storeFailures(), b.hits(), b.misses(),
					b.storeFailures() });
		}

		/** What each phase saw: commits ok/refused, hits/misses/store failures per instance, stale reads. */
		private String timeline(History.Verdict verdict) {
			StringBuilder text = new StringBuilder(
					"  phase: commits ok/refused; A hits/misses/store failures; B same; stale reads (max staleness)");
			for (int i = 0; i + 1 < this.phaseCounters.size(); i++) {
				long[] from = this.phaseCounters.get(i);
				long[] to = this.phaseCounters.get(i + 1);
				long[] d = new long[from.length];
				for (int f = 0; f < d.length; f++) {
					d[f] = to[f] - from[f];
				}
				History.FaultStaleness stale = verdict.staleByFault().get(this.phaseLabels.get(i));
				text.append(String.format("%n  %5.1fs %-60s %5.2fs: %d/%d; A %d/%d/%d; B %d/%d/%d; %s",
						(from[0] - this.phaseCounters.get(0)[0]) / 1e9, this.phaseLabels.get(i), d[0] / 1e9, d[1], d[2],
						d[3], d[4], d[5], d[6], d[7], d[8],
						(stale != null) ? stale.count() + " (" + stale.maxNanos() / 1_000_000 + " ms)" : "0"));
			}
			return text.toString();
		}

		/** Commits increments on the instance, one transaction at a time, and records each outcome. */
		private Runnable writer(Instance instance) {
			return () -> {
				while (this.writing.get()) {
					try {
						Long value = instance.transactions().execute((status) -> {
							Long written = instance.jdbc().queryForObject(WRITE, Long.class);
							this.commitInFlight = true;
							try {
								sleep(IN_TRANSACTION_MS); // a commit in flight longer: faults land inside it
							}
							finally {
								this.commitInFlight = false;
							}
							return written;
						});
						this.history.committed(value, System.nanoTime());
					}
					catch (RuntimeException ex) {
						this.history.refused(ex);
					}
					sleep(WRITER_PAUSE_MS);
				}
			};
		}

		/** Reads the counter through cachalot as fast as it can, and records each read. */
		private Runnable reader(Instance instance) {
			History.ReadLog log = this.history.reader(instance.name());
			return () -> {
				while (this.reading.get()) {
					long start = System.nanoTime();
					try {
						Long value = instance.jdbc().queryForObject(READ, Long.class);
						log.read(start, value, System.nanoTime());
					}
					catch (RuntimeException ex) {
						this.history.readFailed(instance.name(), ex);
					}
				}
			};
		}

		private static void sleep(long millis) {
			if (millis <= 0) {
				return;
			}
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** What a run did and observed. */
	record Outcome(String mode, Topology topology, int run, Duration took, History history, History.Verdict verdict,
			long finalValue, long hitsA, long hitsB, long quietHitsA, long quietHitsB, long storeFailuresA, long storeFailuresB,
			List<String> faults) {

		static final long MIN_COMMITS = 100;

		static final long MIN_READS = 3000;

		static final long MIN_QUIET_HITS = 500;

		Map<String, Integer> refusals() {
			return this.history.refusals();
		}

		/** Fails unless the run could have found a stale read, and the database agrees with the writer. */
		void assertMeaningful() {
			assertThat(this.history.acknowledged()).as("commits acknowledged: " + summary())
				.isGreaterThanOrEqualTo(MIN_COMMITS);
			assertThat(this.verdict.reads()).as("reads: " + summary()).isGreaterThanOrEqualTo(2 * MIN_READS);
			assertThat(this.quietHitsA).as("hits on A in the quiet periods: " + summary())
				.isGreaterThanOrEqualTo(MIN_QUIET_HITS);
			assertThat(this.quietHitsB).as("hits on B in the quiet periods: " + summary())
				.isGreaterThanOrEqualTo(MIN_QUIET_HITS);
			assertThat(this.finalValue).as("every acknowledged value is in the database: " + summary())
				.isGreaterThanOrEqualTo(this.history.lastAcknowledged());
			assertThat(this.history.readFailureCount()).as("reads that failed " + this.history.readFailures())
				.isZero();
		}

		String summary() {
			return String.format(
					"[fault %s %s run %d/%d] %.1f s: commits ok %d, refused %d, final v %d; reads %d (failed %d); "
							+ "hits A %d B %d (in quiet periods A %d B %d); store failures A %d B %d; "
							+ "%s; %d faults: %s%s",
					this.mode, this.topology, this.run, RUNS, this.took.toMillis() / 1000.0, this.history.acknowledged(),
					this.history.refusedCount(), this.finalValue, this.verdict.reads(),
					this.history.readFailureCount(), this.hitsA, this.hitsB, this.quietHitsA, this.quietHitsB,
					this.storeFailuresA, this.storeFailuresB, this.verdict.brief(),
					this.faults.stream().filter((fault) -> !fault.startsWith("(")).count(), this.faults,
					this.refusals().isEmpty() ? "" : "; refusals " + this.refusals());
		}

	}

}
