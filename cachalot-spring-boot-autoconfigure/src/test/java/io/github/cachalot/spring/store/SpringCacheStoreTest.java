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
	void aCacheThatCopiesValuesGetsThemInCachalotsFormat() {
		SpringCacheStore encoded = new SpringCacheStore(this.cache, false, "by value");
		encoded.putAll(Map.of("token", 7L), null);
		assertThat(this.cache.get("token").get()).isInstanceOf(byte[].class);
		assertThat(encoded.getAll(new String[] { "token", "missing" })).containsExactly(7L, null);
	}

	@Test
	void anEncodedValueExpiresToo() throws InterruptedException {
		SpringCacheStore encoded = new SpringCacheStore(this.cache, false, "by value");
		encoded.putAll(Map.of("short", 1L), Duration.ofMillis(50));
		assertThat(encoded.getAll(new String[] { "short" })).containsExactly(1L);
		Thread.sleep(120);
		assertThat(encoded.getAll(new String[] { "short" })).containsExactly((Object) null);
	}

	@Test
	void anEncodedValueThatCannotBeReadBackIsMissing() {
		SpringCacheStore encoded = new SpringCacheStore(this.cache, false, "by value");
		this.cache.put("garbage", new byte[] { 0x7f, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3 });
		this.cache.put("short", new byte[] { 1, 2 });
		this.cache.put("foreign", "a string from someone else");
		assertThat(encoded.getAll(new String[] { "garbage", "short", "foreign" })).containsExactly(null, null, null);
	}

	@Test
	void anEncodedValueIsBoundToItsKeyAndDeadlineAndWithASecretSigned() {
		SpringCacheStore encoded = new SpringCacheStore(this.cache, false, "by value");
		encoded.putAll(Map.of("a", 1L), Duration.ofDays(1));
		this.cache.put("b", this.cache.get("a").get());
		assertThat(encoded.getAll(new String[] { "a", "b" })).as("unsigned tokens carry no key").containsExactly(1L, 1L);
		byte[] secret = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		SpringCacheStore signed = new SpringCacheStore(this.cache, false, secret, "signed");
		assertThat(signed.getAll(new String[] { "a" })).as("unsigned").containsExactly((Object) null);
		signed.putAll(Map.of("a", 1L), Duration.ofDays(1));
		byte[] value = (byte[]) this.cache.get("a").get();
		this.cache.put("b", value);
		byte[] later = value.clone();
		later[0]++;
		assertThat(signed.getAll(new String[] { "a", "b" })).containsExactly(1L, null);
		this.cache.put("a", later);
		assertThat(signed.getAll(new String[] { "a" })).as("deadline moved").containsExactly((Object) null);
		assertThat(encoded.getAll(new String[] { "a" })).as("read without the secret").containsExactly((Object) null);
	}

	@Test
	void onlyInProcessCachesThatKeepReferencesGetObjects() {
		assertThat(CacheStoreResolver.keepsReferences(new ConcurrentMapCache("a"))).isTrue();
		org.springframework.cache.concurrent.ConcurrentMapCacheManager byValue = new org.springframework.cache.concurrent.ConcurrentMapCacheManager();
		byValue.setBeanClassLoader(getClass().getClassLoader());
		byValue.setStoreByValue(true);
		assertThat(CacheStoreResolver.keepsReferences(byValue.getCache("b"))).isFalse();
		assertThat(CacheStoreResolver.keepsReferences(new org.springframework.cache.caffeine.CaffeineCache("c",
				com.github.benmanes.caffeine.cache.Caffeine.newBuilder().build())))
			.isTrue();
	}

	@Test
	void clearEmptiesTheCache() {
		this.store.putAll(Map.of("a", 1L), null);
		this.store.clear();
		assertThat(this.cache.getNativeCache()).isEmpty();
		assertThat(this.store.description()).isEqualTo("test");
	}

}
