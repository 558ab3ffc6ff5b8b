package io.github.cachalot.invalidation;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of when each table was last invalidated: the most recent ones, at millisecond precision. */
class RecentInvalidationsTest {

	private final RecentInvalidations recent = new RecentInvalidations(3);

	@Test
	void remembersWhenEachTableWasLastInvalidated() {
		this.recent.record("a", 1_000);
		this.recent.record("b", 2_000);
		this.recent.record("a", 3_000);

		assertThat(this.recent.snapshot()).containsExactly(Map.entry("b", Instant.ofEpochMilli(2_000)),
				Map.entry("a", Instant.ofEpochMilli(3_000)));
	}

	@Test
	void reportsOnlyTheMostRecentlyInvalidatedTables() {
		this.recent.record("kept", 1);
		for (int i = 0; i < 10_000; i++) {
			this.recent.record("made_up_" + i, 10 + i);
			if (i % 2 == 0) {
				this.recent.record("kept", 10 + i); // invalidated again: among the most recent
			}
		}

		assertThat(this.recent.snapshot()).containsOnlyKeys("kept", "made_up_9998", "made_up_9999");
	}

	@Test
	void aSecondRecordWithinTheSameMillisecondKeepsTheFirstOrder() {
		this.recent.record("a", 5);
		this.recent.record("b", 5);
		this.recent.record("a", 5);

		assertThat(this.recent.snapshot()).as("least recent first").containsExactly(
				Map.entry("a", Instant.ofEpochMilli(5)), Map.entry("b", Instant.ofEpochMilli(5)));
	}

	@Test
	void forgetsTheOldestTablesAsNewOnesArrive() {
		RecentInvalidations small = new RecentInvalidations(2);
		for (int i = 0; i < 1_000; i++) {
			small.record("t" + i, i);
		}
		assertThat(small.snapshot()).containsOnlyKeys("t998", "t999");
	}

}
