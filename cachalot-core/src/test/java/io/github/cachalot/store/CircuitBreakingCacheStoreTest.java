package io.github.cachalot.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A failing store is left alone for a pause, then probed once; a success closes the breaker. */
class CircuitBreakingCacheStoreTest {

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicLong now = new AtomicLong();

	private final CacheStore flaky = new CacheStore() {

		private final CaffeineCacheStore inner = new CaffeineCacheStore();

		@Override
		public Object[] getAll(String[] keys) {
			check();
			return this.inner.getAll(keys);
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			check();
			this.inner.putAll(entries, timeout);
		}

		@Override
		public void clear() {
			check();
			this.inner.clear();
		}

		@Override
		public String description() {
			return "flaky";
		}

		private void check() {
			CircuitBreakingCacheStoreTest.this.calls.incrementAndGet();
			if (CircuitBreakingCacheStoreTest.this.down.get()) {
				throw new IllegalStateException("connection refused");
			}
		}

	};

	private final CircuitBreakingCacheStore store = new CircuitBreakingCacheStore(this.flaky, Duration.ofSeconds(1),
			this.now::get);

	@Test
	void passesCallsThroughWhileTheStoreWorks() {
		this.store.putAll(Map.of("k", 1L), null);
		assertThat(this.store.getAll(new String[] { "k" })).containsExactly(1L);
		assertThat(this.store.isOpen()).isFalse();
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void afterAFailureFailsFastWithoutCallingTheStore() {
		this.down.set(true);
		assertThatIllegalStateException().isThrownBy(() -> this.store.getAll(new String[] { "k" }))
			.withMessage("connection refused");
		assertThat(this.store.isOpen()).isTrue();
		this.now.addAndGet(Duration.ofMillis(999).toNanos());
		assertThatExceptionOfType(CircuitBreakingCacheStore.StoreUnavailableException.class)
			.isThrownBy(() -> this.store.putAll(Map.of("k", 1L), null))
			.withMessageContaining("flaky failed recently");
		assertThat(this.calls).as("the store was called once").hasValue(1);
	}

	@Test
	void probesOnceThePauseIsOverAndClosesOnSuccess() {
		this.down.set(true);
		assertThatIllegalStateException().isThrownBy(() -> this.store.clear());
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		this.down.set(false);
		this.store.putAll(Map.of("k", 2L), null);
		assertThat(this.store.isOpen()).isFalse();
		assertThat(this.store.getAll(new String[] { "k" })).containsExactly(2L);
	}

	@Test
	void aFailedProbeOpensTheBreakerForAnotherPause() {
		this.down.set(true);
		assertThatIllegalStateException().isThrownBy(() -> this.store.clear());
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThatIllegalStateException().isThrownBy(() -> this.store.clear()).withMessage("connection refused");
		assertThatExceptionOfType(CircuitBreakingCacheStore.StoreUnavailableException.class)
			.isThrownBy(() -> this.store.clear());
		assertThat(this.calls).hasValue(2);
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		this.down.set(false);
		this.store.clear();
		assertThat(this.store.isOpen()).isFalse();
	}

	@Test
	void describesTheGuardedStore() {
		assertThat(this.store.description()).isEqualTo("flaky");
		assertThat(this.store.delegate()).isSameAs(this.flaky);
	}

}
