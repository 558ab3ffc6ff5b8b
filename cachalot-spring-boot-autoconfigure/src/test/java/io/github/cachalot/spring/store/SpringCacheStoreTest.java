package io.github.cachalot.spring.store;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cache.concurrent.ConcurrentMapCache;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic adapter over a Spring cache keeps values, honours timeouts and clears its cache. */
class SpringCacheStoreTest {

	private final ConcurrentMapCache cache = new ConcurrentMapCache("cachalot");

	private final SpringCacheStore store = new SpringCacheStore(this.cache, "test");

	@Test
	void returnsValuesInTheOrderOfTheKeysAndNullForMissingOnes() {
		this.store.putAll(Map.of("a", 1L, "b", 2L), null);
		assertThat(this.store.getAll(new String[] { "b", "missing", "a" })).containsExactly(2L, null, 1L);
	}

	@Test
	void aValueWithATimeoutIsGoneOnceItExpires() throws InterruptedException {
		this.store.putAll(Map.of("short", 1L), Duration.ofMillis(50));
		this.store.putAll(Map.of("long", 2L), Duration.ofDays(1));
		assertThat(this.store.getAll(new String[] { "short", "long" })).containsExactly(1L, 2L);
		Thread.sleep(120);
		assertThat(this.store.getAll(new String[] { "short", "long" })).containsExactly(null, 2L);
	}

	@Test
	void anEnormousTimeoutMeansForever() {
		this.store.putAll(Map.of("k", 1L), Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(this.store.getAll(new String[] { "k" })).containsExactly(1L);
	}

	@Test
	void clearEmptiesTheCache() {
		this.store.putAll(Map.of("a", 1L), null);
		this.store.clear();
		assertThat(this.cache.getNativeCache()).isEmpty();
		assertThat(this.store.description()).isEqualTo("test");
	}

}
