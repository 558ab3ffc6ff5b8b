package io.github.cachalot.spring.memcached;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MemcachedCache on a real memcached: raw values, safe keys, clear by generation, limits, outages. */
class MemcachedCacheTest {

	private static MemcachedServer server;

	private MemcachedCacheManager manager;

	private MemcachedCache cache;

	@BeforeAll
	static void startMemcached() {
		server = MemcachedServer.start();
	}

	@AfterAll
	static void stopMemcached() {
		server.close();
	}

	@BeforeEach
	void flushAndConnect() {
		server.flushAll();
		this.manager = MemcachedCacheManager.create(server.address());
		this.cache = (MemcachedCache) this.manager.getCache("cachalot");
	}

	@AfterEach
	void closeManager() {
		this.manager.close();
	}

	@Test
	void storesBytesExactlyAndRaw() {
		byte[] every = new byte[256];
		for (int i = 0; i < every.length; i++) {
			every[i] = (byte) i;
		}
		byte[] big = new byte[300_000];
		new Random(42).nextBytes(big);
		this.cache.put("every", every);
		this.cache.put("big", big);
		this.cache.put("empty", new byte[0]);
		assertThat((byte[]) this.cache.get("every").get()).isEqualTo(every);
		assertThat(this.cache.get("big", byte[].class)).isEqualTo(big);
		assertThat(this.cache.get("empty", byte[].class)).isEmpty();
		// as memcached keeps it: flag 0, the bytes themselves (no serialization header, no compression)
		assertThat(server.command("get " + this.cache.memcachedKey("every"))).endsWith(" 0 256");
		assertThat(server.command("get " + this.cache.memcachedKey("big"))).endsWith(" 0 300000");
	}

	@Test
	void aMissingKeyIsNull() {
		assertThat(this.cache.get("missing")).isNull();
		assertThat(this.cache.get("missing", byte[].class)).isNull();
		this.cache.put("present", new byte[] { 1 });
		assertThat(this.cache.getAll(List.of("missing", "present", "other")))
			.satisfiesExactly((value) -> assertThat(value).isNull(),
					(value) -> assertThat((byte[]) value).containsExactly(1), (value) -> assertThat(value).isNull());
	}

	@Test
	void stringsAreUtf8WithAFlagAndOtherValuesAreRefused() {
		this.cache.put("text", "héllo ✓");
		assertThat(this.cache.get("text", String.class)).isEqualTo("héllo ✓");
		assertThat(server.command("get " + this.cache.memcachedKey("text")))
			.endsWith(" 1 " + "héllo ✓".getBytes(StandardCharsets.UTF_8).length);
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("number", 42L))
			.withMessageContaining("byte[] and String values only");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("object", new Payload("x")))
			.withMessageContaining("never with Java serialization");
		assertThat(this.cache.get("number")).isNull();
	}

	@Test
	void anItemWrittenByAnotherClientInItsOwnFormatIsAMiss() {
		String key = this.cache.memcachedKey("foreign");
		assertThat(server.command("set " + key + " 4096 0 3\r\nabc")).isEqualTo("STORED");
		assertThat(this.cache.get("foreign")).isNull();
	}

	@Test
	void nullValuesAreStoredAsAMarkerUnlessRefused() {
		this.cache.put("nothing", null);
		assertThat(this.cache.get("nothing")).isNotNull();
		assertThat(this.cache.get("nothing").get()).isNull();
		try (MemcachedCacheManager strict = MemcachedCacheManager.builder(server.address())
			.allowNullValues(false)
			.build()) {
			assertThatIllegalArgumentException().isThrownBy(() -> strict.getCache("strict").put("nothing", null));
		}
	}

	@Test
	void longAndOddKeysWorkAndNeverCollide() {
		String longTable = "cachalot:t:dataSource:" + "very_long_table_name_".repeat(20);
		List<String> keys = List.of("cachalot:q:" + "A".repeat(43), longTable, longTable + "x",
				"cachalot:t:dataSource:\"Order Lines\"", "cachalot:t:dataSource:\"Order\tLines\"",
				"cachalot:t:dataSource:\"Order\r\nLines\"", "cachalot:t:dataSource:tâble_ünïcode",
				"cachalot:t:dataSource:表", "", " ", "h:" + "x".repeat(43), "k:short");
		for (int i = 0; i < keys.size(); i++) {
			this.cache.put(keys.get(i), ("v" + i).getBytes());
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat(this.cache.get(keys.get(i), byte[].class)).as(keys.get(i)).isEqualTo(("v" + i).getBytes());
			String memcachedKey = this.cache.memcachedKey(keys.get(i));
			assertThat(memcachedKey.length()).isLessThanOrEqualTo(MemcachedCache.MAX_KEY_LENGTH);
			assertThat(memcachedKey.chars()).allMatch((c) -> c > 0x20 && c < 0x7F);
		}
		assertThat(keys.stream().map(this.cache::memcachedKey).distinct()).hasSize(keys.size());
		assertThat(this.cache.memcachedKey(keys.get(0))).contains(":k:cachalot:q:");
		assertThat(this.cache.memcachedKey(longTable)).contains(":h:");
	}

	@Test
	void objectKeysNeedTheirOwnToString() {
		this.cache.put(42, new byte[] { 4, 2 });
		assertThat(this.cache.get("42", byte[].class)).containsExactly(4, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put(new Object(), new byte[0]))
			.withMessageContaining("overrides toString()");
	}

	@Test
	void clearHidesOldEntriesForEveryInstanceAndOnlyInThisCache() {
		try (MemcachedCacheManager other = MemcachedCacheManager.create(server.address());
				MemcachedCacheManager otherApp = MemcachedCacheManager.builder(server.address())
					.keyPrefix("other-app.")
					.build()) {
			Cache same = other.getCache("cachalot");
			Cache neighbour = this.manager.getCache("neighbour");
			Cache otherAppsCache = otherApp.getCache("cachalot");
			this.cache.put("a", new byte[] { 1 });
			neighbour.put("a", new byte[] { 2 });
			otherAppsCache.put("a", new byte[] { 3 });
			assertThat(same.get("a", byte[].class)).as("shared by instances").containsExactly(1);

			this.cache.clear();
			assertThat(this.cache.get("a")).isNull();
			assertThat(same.get("a")).as("at once on the other instance").isNull();
			assertThat(neighbour.get("a", byte[].class)).containsExactly(2);
			assertThat(otherAppsCache.get("a", byte[].class)).containsExactly(3);

			same.put("a", new byte[] { 4 });
			assertThat(this.cache.get("a", byte[].class)).containsExactly(4);
			same.clear();
			assertThat(this.cache.get("a")).isNull();
			this.cache.put("a", new byte[] { 5 });
			assertThat(same.get("a", byte[].class)).containsExactly(5);
			assertThat(server.command("stats").startsWith("STAT")).isTrue();
		}
	}

	@Test
	void aLostGenerationNeverBringsOldEntriesBack() {
		this.cache.put("a", new byte[] { 1 });
		String oldKey = this.cache.memcachedKey("a");
		String namespace = oldKey.substring(0, oldKey.indexOf(':'));
		assertThat(server.command("delete " + namespace + ":gen")).isEqualTo("DELETED");
		assertThat(this.cache.get("a")).as("the entry is still in memcached, under the old generation").isNull();
		assertThat(this.cache.memcachedKey("a")).isNotEqualTo(oldKey);
		this.cache.put("a", new byte[] { 2 });
		assertThat(this.cache.get("a", byte[].class)).containsExactly(2);
	}

	@Test
	void evictAndPutIfAbsentAndValueLoader() {
		this.cache.put("a", new byte[] { 1 });
		assertThat(this.cache.evictIfPresent("a")).isTrue();
		assertThat(this.cache.evictIfPresent("a")).isFalse();
		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.putIfAbsent("b", new byte[] { 2 })).isNull();
		assertThat((byte[]) this.cache.putIfAbsent("b", new byte[] { 3 }).get()).containsExactly(2);
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("c", () -> "loaded" + loads.incrementAndGet())).isEqualTo("loaded1");
		assertThat(this.cache.get("c", () -> "loaded" + loads.incrementAndGet())).isEqualTo("loaded1");
		assertThatThrownBy(() -> this.cache.get("d", () -> {
			throw new IllegalStateException("boom");
		})).isInstanceOf(Cache.ValueRetrievalException.class);
	}

	@Test
	void aPutAfterAClearOnAnotherInstanceIsNeverLost() {
		try (MemcachedCacheManager other = MemcachedCacheManager.create(server.address())) {
			Cache same = other.getCache("cachalot");
			this.cache.put("token", new byte[] { 1 });
			assertThat(same.get("token")).isNotNull();
			same.clear();
			// this instance still knows the old generation: a table token written there would be lost
			this.cache.put("token", new byte[] { 2 });
			assertThat(same.get("token")).isNotNull();
			assertThat((byte[]) same.get("token").get()).containsExactly(2);
		}
	}

	@Test
	void anEvictOnOneInstanceAfterAClearOnAnotherRemovesTheCurrentEntry() {
		try (MemcachedCacheManager other = MemcachedCacheManager.create(server.address())) {
			Cache same = other.getCache("cachalot");
			this.cache.put("a", new byte[] { 1 });
			assertThat(same.get("a")).isNotNull();
			this.cache.clear();
			this.cache.put("a", new byte[] { 2 });
			same.evict("a");
			assertThat(this.cache.get("a")).isNull();
		}
	}

	@Test
	void valuesOverMemcachedsItemLimitAreNotStoredAndDropTheOldValue() {
		this.cache.put("result", new byte[] { 1 });
		byte[] tooBig = new byte[1024 * 1024 + 1];
		this.cache.put("result", tooBig);
		assertThat(this.cache.get("result")).as("neither the new value nor the old one").isNull();
		assertThat(this.cache.oversizedPuts()).isEqualTo(1);
		assertThat(this.cache.putIfAbsent("other", tooBig)).isNull();
		assertThat(this.cache.get("other")).isNull();
		assertThat(this.cache.oversizedPuts()).isEqualTo(2);

		byte[] large = new byte[1000 * 1000];
		Arrays.fill(large, (byte) 7);
		this.cache.put("large", large);
		assertThat(this.cache.get("large", byte[].class)).as("just under the limit").isEqualTo(large);
	}

	@Test
	void aServerRefusingAnItemThatFitsOurLimitIsHandledTheSameWay() {
		// memcached started with -I 512k: the client lets 700 KiB through, the server refuses it
		try (MemcachedServer small = MemcachedServer.start("-I", "512k");
				MemcachedCacheManager onSmall = MemcachedCacheManager.create(small.address())) {
			MemcachedCache smallCache = (MemcachedCache) onSmall.getCache("c");
			smallCache.put("k", new byte[] { 1 });
			smallCache.put("k", new byte[700 * 1024]);
			assertThat(smallCache.get("k")).isNull();
			assertThat(smallCache.oversizedPuts()).isEqualTo(1);
			smallCache.put("k", new byte[] { 2 });
			assertThat(smallCache.get("k", byte[].class)).containsExactly(2);
		}
	}

	@Test
	void aStoppedServerFailsOperationsPromptlyAndTheyResumeWhenItIsBack() throws Exception {
		try (MemcachedServer own = MemcachedServer.start();
				MemcachedCacheManager onOwn = MemcachedCacheManager.create(own.address())) {
			Cache ownCache = onOwn.getCache("c");
			ownCache.put("a", new byte[] { 1 });
			own.stop();
			long started = System.nanoTime();
			assertThatThrownBy(() -> ownCache.get("a")).isInstanceOf(MemcachedCacheException.class);
			assertThatThrownBy(() -> ownCache.put("a", new byte[] { 2 })).isInstanceOf(MemcachedCacheException.class);
			assertThatThrownBy(ownCache::clear).isInstanceOf(MemcachedCacheException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

			own.startAgain();
			awaitWorking(ownCache);
			assertThat(ownCache.get("a")).as("the server came back empty").isNull();
			ownCache.put("a", new byte[] { 3 });
			assertThat(ownCache.get("a", byte[].class)).containsExactly(3);
		}
	}

	@Test
	void aHungServerFailsOperationsAfterTheOperationTimeout() throws Exception {
		try (MemcachedServer own = MemcachedServer.start();
				MemcachedCacheManager onOwn = MemcachedCacheManager.builder(own.address())
					.operationTimeout(Duration.ofMillis(200))
					.build()) {
			Cache ownCache = onOwn.getCache("c");
			ownCache.put("a", new byte[] { 1 });
			long pid = own.pid();
			signal("STOP", pid);
			try {
				long started = System.nanoTime();
				assertThatThrownBy(() -> ownCache.get("a")).isInstanceOf(MemcachedCacheException.class)
					.hasMessageContaining("within 200 ms");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(150),
						Duration.ofSeconds(1));
			}
			finally {
				signal("CONT", pid);
			}
			awaitWorking(ownCache);
			assertThat(ownCache.get("a", byte[].class)).containsExactly(1);
		}
	}

	@Test
	void aManagerStartsWhileItsServerIsDownAndFailsPromptly() throws InterruptedException {
		try (MemcachedServer own = MemcachedServer.start()) {
			own.stop();
			long started = System.nanoTime();
			try (MemcachedCacheManager onDown = MemcachedCacheManager.create(own.address())) {
				Cache downCache = onDown.getCache("c");
				assertThatThrownBy(() -> downCache.get("a")).isInstanceOf(MemcachedCacheException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
				own.startAgain();
				awaitWorking(downCache);
				downCache.put("a", new byte[] { 1 });
				assertThat(downCache.get("a", byte[].class)).containsExactly(1);
			}
		}
	}

	@Test
	void theManagerMakesCachesOnDemandAndClosesOnlyItsOwnClient() {
		assertThat(this.manager.getCache("x")).isSameAs(this.manager.getCache("x"));
		assertThat(this.manager.getCacheNames()).contains("cachalot", "x");
		MemcachedCacheManager borrowing = new MemcachedCacheManager(this.manager.client());
		borrowing.getCache("y").put("k", "v");
		borrowing.close();
		assertThat(this.manager.client().isShutdown()).isFalse();
		assertThat(this.manager.getCache("y").get("k", String.class)).isEqualTo("v");
		this.manager.close();
		assertThat(this.manager.client().isShutdown()).isTrue();
	}

	@Test
	void theTimeToLiveReachesMemcached() throws InterruptedException {
		try (MemcachedCacheManager shortLived = MemcachedCacheManager.builder(server.address())
			.timeToLive(Duration.ofSeconds(1))
			.build()) {
			Cache shortCache = shortLived.getCache("short");
			shortCache.put("a", new byte[] { 1 });
			assertThat(shortCache.get("a")).isNotNull();
			Thread.sleep(2100);
			assertThat(shortCache.get("a")).isNull();
		}
	}

	private static void awaitWorking(Cache cache) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (true) {
			try {
				cache.get("probe");
				return;
			}
			catch (MemcachedCacheException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(50);
			}
		}
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	record Payload(String value) implements Serializable {
	}

}
