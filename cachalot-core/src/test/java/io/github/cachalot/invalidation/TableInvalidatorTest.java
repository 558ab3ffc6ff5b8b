package io.github.cachalot.invalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CaffeineCacheStore;

import static org.assertj.core.api.Assertions.assertThat;

/** Invalidations replace tokens; those the store refuses stay pending until a retry succeeds. */
class TableInvalidatorTest {

	private final SwitchableStore store = new SwitchableStore();

	private final List<Set<String>> events = new ArrayList<>();

	private final TableInvalidator invalidator = new TableInvalidator("ds", this.store, new MutableCachalotSettings(),
			new CachalotStatistics());

	TableInvalidatorTest() {
		this.invalidator.addListener(new InvalidationListener() {
			@Override
			public void tablesInvalidated(String dataSourceId, Set<String> tables) {
				TableInvalidatorTest.this.events.add(tables);
			}

			@Override
			public void dataSourceInvalidated(String dataSourceId) {
				TableInvalidatorTest.this.events.add(Set.of("*"));
			}
		});
	}

	@Test
	void anInvalidationReplacesTheTokensOfItsTables() {
		this.invalidator.invalidate(Set.of("a"));
		Object first = this.store.getAll(new String[] { "cachalot:t:ds:a" })[0];
		this.invalidator.invalidate(Set.of("a"));
		Object second = this.store.getAll(new String[] { "cachalot:t:ds:a" })[0];
		assertThat(first).isInstanceOf(Long.class).isNotEqualTo(second);
		assertThat(this.events).containsExactly(Set.of("a"), Set.of("a"));
	}

	@Test
	void aRefusedInvalidationStaysPendingUntilARetrySucceeds() throws Exception {
		this.store.failing = true;
		assertThat(this.invalidator.invalidate(Set.of("a"))).isFalse();
		assertThat(this.invalidator.isPending(Set.of("a"))).isTrue();
		assertThat(this.invalidator.isPending(Set.of("b"))).isFalse();
		assertThat(this.events).isEmpty();
		this.store.failing = false;
		Thread.sleep(250);
		assertThat(this.invalidator.isPending(Set.of("a"))).isFalse();
		assertThat(this.events).containsExactly(Set.of("a"));
	}

	@Test
	void aRetryDoesNotForgetAFailureThatHappenedWhileItRan() throws Exception {
		this.store.failing = true;
		this.invalidator.invalidate(Set.of("a"));
		this.store.failing = false;
		Thread.sleep(250);
		// while the retry writes its tokens, another invalidation of the same table fails
		this.store.beforePut = () -> {
			this.store.beforePut = null;
			this.store.failing = true;
			this.invalidator.invalidate(Set.of("a"));
			this.store.failing = false;
		};
		this.invalidator.retryPending();
		assertThat(this.invalidator.isPendingNow(Set.of("a"))).as("the newer failure is still pending").isTrue();
	}

	@Test
	void anInvalidationStillInFlightIsNeverReplayedByAReader() throws Exception {
		this.store.shared = true;
		Thread.sleep(250);
		this.store.beforePut = () -> {
			this.store.beforePut = null;
			// a reader sees the table pending while the invalidation writes its tokens
			assertThat(this.invalidator.isPending(Set.of("a"))).isTrue();
		};
		assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();
		assertThat(this.events).as("one event, not a replay as well").containsExactly(Set.of("a"));
		assertThat(this.invalidator.isPendingNow(Set.of("a"))).isFalse();
	}

	@Test
	void aLaterSuccessfulInvalidationSupersedesAnEarlierFailure() throws Exception {
		this.store.failing = true;
		this.invalidator.invalidate(Set.of("a"));
		this.invalidator.invalidateDataSource();
		this.store.failing = false;
		this.invalidator.invalidate(Set.of("a"));
		this.invalidator.invalidateDataSource();
		Thread.sleep(250);
		assertThat(this.invalidator.isPending(Set.of("a"))).isFalse();
		assertThat(this.events).as("nothing left to replay").containsExactly(Set.of("a"), Set.of("*"));
	}

	@Test
	void aRefusedDataSourceInvalidationMakesEveryTablePending() throws Exception {
		this.store.failing = true;
		this.invalidator.invalidateDataSource();
		assertThat(this.invalidator.isPendingNow(Set.of("anything"))).isTrue();
		this.store.failing = false;
		Thread.sleep(250);
		assertThat(this.invalidator.isPending(Set.of("anything"))).isFalse();
		assertThat(this.events).containsExactly(Set.of("*"));
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheInvalidation() {
		this.invalidator.addListener(new InvalidationListener() {
			@Override
			public void tablesInvalidated(String dataSourceId, Set<String> tables) {
				throw new IllegalStateException("listener failure");
			}

			@Override
			public void dataSourceInvalidated(String dataSourceId) {
			}
		});
		assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();
		assertThat(this.invalidator.lastInvalidations()).containsKey("a");
	}

	@Test
	void anInProcessInvalidationMarksNothingWhileItRuns() {
		this.store.beforePut = () -> {
			this.store.beforePut = null;
			assertThat(this.invalidator.hasPending()).as("nothing to wait for: the store takes it at once").isFalse();
		};
		assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();
		assertThat(this.events).containsExactly(Set.of("a"));
	}

	@Test
	void anInProcessInvalidationSupersedesAnOlderOneThatFailed() {
		this.store.failing = true;
		assertThat(this.invalidator.invalidate(Set.of("a", "b"))).isFalse();
		this.store.failing = false;

		assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();

		assertThat(this.invalidator.isPendingNow(Set.of("a"))).isFalse();
		assertThat(this.invalidator.isPendingNow(Set.of("b"))).as("not invalidated since it failed").isTrue();
	}

	@Test
	void anInProcessInvalidationDoesNotSupersedeAFailureOfAWriteThatCommittedAfterItsTokensWereReplaced() {
		this.store.afterPut = () -> {
			// this invalidation's tokens are replaced; then another writer commits, and its
			// invalidation fails: nothing has invalidated what that writer changed
			this.store.afterPut = null;
			this.store.failing = true;
			assertThat(this.invalidator.invalidate(Set.of("a"))).isFalse();
			this.store.failing = false;
		};

		assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();

		assertThat(this.invalidator.isPendingNow(Set.of("a"))).as("the failed invalidation is kept for a retry")
			.isTrue();
		this.invalidator.retryPending();
		assertThat(this.invalidator.isPendingNow(Set.of("a"))).as("its retry ends it").isFalse();
	}

	@Test
	void anInProcessInvalidationDoesNotEndAnOlderOneStillInFlightOnAStoreThatBecameShared() {
		this.store.shared = true;
		this.store.beforePut = () -> {
			// while the first invalidation is in flight, another writer still takes the store for
			// an in-process one (a shared cache is being registered) and succeeds; then the first fails
			this.store.beforePut = null;
			this.store.shared = false;
			assertThat(this.invalidator.invalidate(Set.of("a"))).isTrue();
			this.store.failing = true;
		};

		assertThat(this.invalidator.invalidate(Set.of("a"))).isFalse();

		assertThat(this.invalidator.isPendingNow(Set.of("a"))).as("the failed invalidation is kept for a retry")
			.isTrue();
	}

	@Test
	void remembersTheLastInvalidationsOfOnlyTheMostRecentlyInvalidatedTables() {
		for (int i = 0; i < 3 * TableInvalidator.MAX_REMEMBERED_INVALIDATIONS; i++) {
			this.invalidator.invalidate(Set.of("made_up_" + i));
		}
		this.invalidator.invalidateDataSource();

		Map<String, ?> last = this.invalidator.lastInvalidations();
		assertThat(last).hasSize(TableInvalidator.MAX_REMEMBERED_INVALIDATIONS)
			.containsKey("*")
			.doesNotContainKey("made_up_0");
	}

	/** A store that can be told to fail, or to run something before a put. */
	static final class SwitchableStore implements CacheStore {

		private final CaffeineCacheStore delegate = new CaffeineCacheStore();

		volatile boolean failing;

		volatile Runnable beforePut;

		volatile Runnable afterPut;

		volatile boolean shared;

		@Override
		public boolean isShared() {
			return this.shared;
		}

		@Override
		public Object[] getAll(String[] keys) {
			if (this.failing) {
				throw new IllegalStateException("down");
			}
			return this.delegate.getAll(keys);
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			Runnable before = this.beforePut;
			if (before != null) {
				before.run();
			}
			if (this.failing) {
				throw new IllegalStateException("down");
			}
			this.delegate.putAll(entries, timeout);
			Runnable after = this.afterPut;
			if (after != null) {
				after.run();
			}
		}

		@Override
		public void clear() {
			this.delegate.clear();
		}

		@Override
		public String description() {
			return "switchable";
		}

	}

}
