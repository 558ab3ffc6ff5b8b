package io.github.cachalot.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.cachalot.result.CachedResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process store: values come back as they were put (by reference), an entry past its
 * timeout is never returned, the size bound evicts results but never table tokens, and tokens past
 * their own bound are evicted (a missing token is a miss, never a stale hit).
 */
class CaffeineCacheStoreTest {

	private static final CachedResult ONE_ROW = StoredValueCodecTest.recordUnchecked("SELECT 1 AS one");

	private final CaffeineCacheStore store = new CaffeineCacheStore();

	@Test
	void givesBackWhatWasPutInTheOrderOfTheKeysAndNullForWhatIsMissing() {
		CachedEntry entry = new CachedEntry(new long[] { 7L }, ONE_ROW);
		this.store.putAll(Map.of("q", entry, "t", 7L), null);
		Object[] values = this.store.getAll(new String[] { "q", "missing", "t" });
		assertThat(values).hasSize(3);
		assertThat(values[0]).isSameAs(entry);
		assertThat(values[1]).isNull();
		assertThat(values[2]).isEqualTo(7L);
	}

	@Test
	void aNewTokenReplacesTheOldOne() {
		this.store.putAll(Map.of("t", 1L), null);
		this.store.putAll(Map.of("t", 2L), null);
		assertThat(this.store.getAll(new String[] { "t" })).containsExactly(2L);
	}

	@Test
	void anInvalidationReplacesATokenAReaderHasFetched() {
		this.store.putAll(Map.of("t", 1L), null); // created by a reader, to store its result under
		this.store.invalidate(new String[] { "t" }, 0);
		Object afterFirstWrite = this.store.getAll(new String[] { "t" })[0];
		this.store.invalidate(new String[] { "t" }, 0);

		assertThat(afterFirstWrite).isNotEqualTo(1L);
		assertThat(this.store.getAll(new String[] { "t" })[0]).isNotEqualTo(afterFirstWrite);
	}

	@Test
	void anInvalidationKeepsATokenNoReaderFetchedSinceItWasWritten() {
		this.store.putAll(Map.of("t", 1L), null);
		this.store.invalidate(new String[] { "t" }, 0);
		Object unread = this.store.peekToken("t");

		this.store.invalidate(new String[] { "t" }, 0);
		this.store.invalidate(new String[] { "t" }, 0);

		assertThat(unread).isNotEqualTo(1L);
		assertThat(this.store.peekToken("t")).as("no result can be stored under a token no reader has").isEqualTo(unread);
	}

	@Test
	void aResultStoredUnderATokenFetchedBeforeAWriteIsNeverServedAfterIt() {
		this.store.invalidate(new String[] { "t" }, 0);
		long fetched = (Long) this.store.getAll(new String[] { "q", "t" })[1]; // a miss: the reader then reads
		this.store.invalidate(new String[] { "t" }, 0); // a write commits meanwhile
		this.store.putAll(Map.of("q", new CachedEntry(new long[] { fetched }, ONE_ROW)), null);

		Object[] values = this.store.getAll(new String[] { "q", "t" });

		assertThat(((CachedEntry) values[0]).isFresh(values, 1)).isFalse();
	}

	@Test
	void anEntryPastItsTimeoutIsNeverReturned() throws InterruptedException {
		CachedEntry entry = new CachedEntry(new long[] { 1L }, ONE_ROW);
		this.store.putAll(Map.of("short", entry), Duration.ofMillis(50));
		this.store.putAll(Map.of("long", entry), Duration.ofHours(1));
		this.store.putAll(Map.of("forever", entry), Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(this.store.getAll(new String[] { "short" })).containsExactly(entry);
		Thread.sleep(80);
		assertThat(this.store.getAll(new String[] { "short", "long", "forever" })).containsExactly(null, entry,
				entry);
		assertThat(this.store.size()).as("the expired entry left when read").isEqualTo(2);
	}

	@Test
	void theSizeBoundEvictsResultsButKeepsTableTokens() {
		CaffeineCacheStore small = new CaffeineCacheStore(64 * 1024);
		small.putAll(Map.of("cachalot:t:ds:books", 42L), null);
		for (int i = 0; i < 1_000; i++) {
			small.putAll(Map.of("q" + i, new CachedEntry(new long[] { 42L }, ONE_ROW)), null);
		}
		small.size(); // runs pending maintenance
		int cached = 0;
		for (int i = 0; i < 1_000; i++) {
			cached += (small.getAll(new String[] { "q" + i })[0] != null) ? 1 : 0;
		}
		assertThat(cached).as("results kept within 64 KiB").isGreaterThan(0).isLessThan(1_000);
		assertThat(small.getAll(new String[] { "cachalot:t:ds:books" })).containsExactly(42L);
	}

	@Test
	void pastTheTokenBoundTokensAreEvictedOneByOneAndAnEvictedOneReadsAsMissing() {
		Map<String, Object> tokens = new HashMap<>();
		int count = CaffeineCacheStore.MAXIMUM_TOKENS + 1_000;
		for (int i = 0; i < count; i++) {
			tokens.put("t" + i, (long) i);
		}
		this.store.putAll(tokens, null);
		assertThat(this.store.size()).isLessThanOrEqualTo(CaffeineCacheStore.MAXIMUM_TOKENS);
		int present = 0;
		for (int i = 0; i < count; i++) {
			Object value = this.store.getAll(new String[] { "t" + i })[0];
			assertThat(value).isIn(null, (long) i);
			present += (value != null) ? 1 : 0;
		}
		assertThat(present).as("most tokens kept").isGreaterThan(CaffeineCacheStore.MAXIMUM_TOKENS / 2);
	}

	@Test
	void aTimeoutOfAHundredThousandDaysHoldsAsLongAsTheProcess() {
		CachedEntry entry = new CachedEntry(new long[] { 1L }, ONE_ROW);
		this.store.putAll(Map.of("q", entry), Duration.ofDays(100_000));
		assertThat(this.store.getAll(new String[] { "q" })).containsExactly(entry);
	}

	@Test
	void clearForgetsResultsAndTokens() {
		this.store.putAll(Map.of("q", new CachedEntry(new long[] { 1L }, ONE_ROW), "t", 1L), null);
		this.store.clear();
		assertThat(this.store.getAll(new String[] { "q", "t" })).containsExactly(null, null);
		assertThat(this.store.size()).isZero();
	}

}
