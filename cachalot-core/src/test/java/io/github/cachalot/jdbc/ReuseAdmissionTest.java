package io.github.cachalot.jdbc;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.jdbc.ReuseAdmission.Reuse;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static io.github.cachalot.jdbc.ReuseAdmission.COLD_WINDOWS;
import static io.github.cachalot.jdbc.ReuseAdmission.NOT_REUSED;
import static io.github.cachalot.jdbc.ReuseAdmission.RETRY_NANOS;
import static io.github.cachalot.jdbc.ReuseAdmission.REUSE_RATIO;
import static io.github.cachalot.jdbc.ReuseAdmission.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which statements' results are worth recording: those read again before a write invalidates
 * them, and those of a cache still warming up; judged per statement over windows of recordings, on
 * a ticker the test advances.
 */
class ReuseAdmissionTest {

	private final AtomicLong ticker = new AtomicLong(-5_000); // negative on purpose: nanoTime may be

	private final ReuseAdmission admission = new ReuseAdmission(this.ticker::get);

	private final Reuse pk = this.admission.of("select * from product where id = ?");

	@Test
	void aStatementNeverSeenIsRecorded() {
		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void aStatementIsKnownByItsSql() {
		assertThat(this.admission.of("select * from product where id = ?")).isSameAs(this.pk);
		assertThat(this.admission.of("select * from customer where id = ?")).isNotSameAs(this.pk);
	}

	@Test
	void recordingsThatReplaceInvalidatedResultsNoneReadAgainAreRefusedAfterAWindow() {
		replace(this.pk, WINDOW - 1);
		assertThat(this.pk.admits()).as("no verdict before the window is full").isTrue();

		replace(this.pk, 1);

		assertThat(this.pk.admits()).isFalse();
	}

	@Test
	void aStatementWhoseResultsAreReadAgainKeepsBeingRecorded() {
		for (int window = 0; window < 100; window++) {
			replace(this.pk, WINDOW / REUSE_RATIO);
			reuse(this.pk, WINDOW / REUSE_RATIO);
		}

		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void oneReadAgainInFewerThanRatioRecordingsIsRefused() {
		reuse(this.pk, WINDOW / REUSE_RATIO - 1);
		replace(this.pk, WINDOW);

		assertThat(this.pk.admits()).isFalse();
	}

	@Test
	void oneReadAgainInRatioRecordingsIsEnough() {
		reuse(this.pk, WINDOW / REUSE_RATIO);
		replace(this.pk, WINDOW);

		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void aCacheWarmingUpIsNotRefused() {
		// a thousand keys read in turn: the first pass records without a single hit, nor invalidation
		int keys = 1000;
		record(this.pk, keys);
		reuse(this.pk, keys);
		record(this.pk, keys); // evicted, say: still read again

		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void resultsNeverReadAgainNorInvalidatedAreRefusedOnceTheWarmUpIsOver() {
		int recordings = 0;
		while (this.pk.admits()) {
			record(this.pk, 1);
			recordings++;
		}

		assertThat(recordings).isGreaterThan(COLD_WINDOWS * WINDOW / 2).isLessThanOrEqualTo(COLD_WINDOWS * WINDOW);
	}

	@Test
	void aStreamOfKeysNeverReadTwiceIsRefusedAgainAfterOneWindowOfRetry() {
		while (this.pk.admits()) {
			record(this.pk, 1);
		}
		this.ticker.addAndGet(RETRY_NANOS);
		assertThat(this.pk.admits()).isTrue();

		record(this.pk, WINDOW);

		assertThat(this.pk.admits()).isFalse();
	}

	@Test
	void aRefusalIsPerStatement() {
		Reuse customer = this.admission.of("select * from customer where id = ?");
		replace(this.pk, WINDOW);

		assertThat(this.pk.admits()).isFalse();
		assertThat(customer.admits()).isTrue();
	}

	@Test
	void aRefusedStatementGetsANewWindowAfterTheRetryTime() {
		replace(this.pk, WINDOW);
		this.ticker.addAndGet(RETRY_NANOS - 1);
		assertThat(this.pk.admits()).isFalse();

		this.ticker.addAndGet(1);

		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void aNewWindowStartsFromNothing() {
		reuse(this.pk, WINDOW / REUSE_RATIO - 1);
		replace(this.pk, WINDOW);
		this.ticker.addAndGet(RETRY_NANOS);
		assertThat(this.pk.admits()).isTrue();

		// the reads again of the refused window do not count for the new one
		replace(this.pk, WINDOW - 1);
		reuse(this.pk, 1);
		assertThat(this.pk.admits()).isTrue();
		replace(this.pk, 1);
		assertThat(this.pk.admits()).isFalse();
	}

	@Test
	void aTableThatCalmedDownIsRecordedAgain() {
		replace(this.pk, WINDOW);
		assertThat(this.pk.admits()).isFalse();

		// no more writes: in the new window, the results recorded are read again
		this.ticker.addAndGet(RETRY_NANOS);
		assertThat(this.pk.admits()).isTrue();
		for (int i = 0; i < 10 * WINDOW; i++) {
			record(this.pk, 1);
			reuse(this.pk, 1);
		}

		assertThat(this.pk.admits()).isTrue();
	}

	@Test
	void aStatementThatStopsBeingReadAgainIsRefusedWithinAWindow() {
		for (int i = 0; i < 10 * WINDOW; i++) {
			replace(this.pk, 1);
			reuse(this.pk, 100);
		}

		// the table gets busy: nothing recorded is read again any more
		int recordings = 0;
		while (this.pk.admits()) {
			replace(this.pk, 1);
			recordings++;
		}

		assertThat(recordings).isLessThanOrEqualTo(WINDOW);
	}

	/** On a data source whose table is written between every two reads of it. */
	@Nested
	class OnADataSource {

		private static final String STOCK = "SELECT stock FROM ra_product WHERE id = ?";

		private static final String NAME = "SELECT name FROM ra_customer WHERE id = ?";

		private CachalotFixture cachalot;

		@BeforeEach
		void createTables() {
			TestDatabase.H2.dropTables("ra_product", "ra_customer");
			TestDatabase.H2.execute("CREATE TABLE ra_product (id INT PRIMARY KEY, stock INT)",
					"CREATE TABLE ra_customer (id INT PRIMARY KEY, name VARCHAR(20))",
					"INSERT INTO ra_product VALUES (1, 0)", "INSERT INTO ra_customer VALUES (1, 'Ada')");
			this.cachalot = new CachalotFixture(TestDatabase.H2);
			for (int stock = 1; stock <= WINDOW; stock++) {
				assertThat(this.cachalot.query(NAME, 1)).containsExactly(List.of("Ada"));
				assertThat(this.cachalot.query(STOCK, 1)).containsExactly(List.of((long) stock - 1));
				this.cachalot.update("UPDATE ra_product SET stock = ? WHERE id = 1", stock);
			}
		}

		@Test
		void aReadWhoseResultsAreInvalidatedBeforeAnyHitIsNoLongerRecordedNorLookedUp() {
			CachalotStatistics statistics = this.cachalot.dataSource().statistics();
			long misses = statistics.misses();
			int executions = this.cachalot.databaseExecutions();

			assertThat(this.cachalot.query(STOCK, 1)).containsExactly(List.of((long) WINDOW));
			assertThat(this.cachalot.query(STOCK, 1)).containsExactly(List.of((long) WINDOW));

			assertThat(statistics.misses()).isEqualTo(misses);
			assertThat(statistics.uncacheable()).containsEntry(NOT_REUSED, 2L);
			assertThat(this.cachalot.databaseExecutions()).isEqualTo(executions + 2);
		}

		@Test
		void aReadWhoseResultsAreReadAgainIsStillAnsweredFromTheCache() {
			int executions = this.cachalot.databaseExecutions();

			assertThat(this.cachalot.query(NAME, 1)).containsExactly(List.of("Ada"));

			assertThat(this.cachalot.databaseExecutions()).isEqualTo(executions);
			assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(WINDOW);
		}

		@Test
		void aRefusedReadStillSeesEveryWrite() {
			this.cachalot.update("UPDATE ra_product SET stock = 1000 WHERE id = 1");

			assertThat(this.cachalot.query(STOCK, 1)).containsExactly(List.of(1000L));
		}

	}

	/** Results recorded where no result was, or a valid one (a cache warming up, a key never read before). */
	private static void record(Reuse reuse, int times) {
		for (int i = 0; i < times; i++) {
			reuse.recorded(false);
		}
	}

	/** Results recorded in place of results that a write invalidated. */
	private static void replace(Reuse reuse, int times) {
		for (int i = 0; i < times; i++) {
			reuse.recorded(true);
		}
	}

	private static void reuse(Reuse reuse, int times) {
		for (int i = 0; i < times; i++) {
			reuse.reused();
		}
	}

}
