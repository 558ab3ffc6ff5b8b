package io.github.cachalot.benchmarks;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jol.info.GraphLayout;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.store.StoredValueCodec;

/**
 * How big a cached result is: in Redis (the bytes of cachalot's codec), and in memory (the retained
 * heap size of the entry held by the in-process store, measured with JOL, and cachalot's own
 * estimate that bounds the Caffeine store).
 */
public final class RowSizes {

	private RowSizes() {
	}

	/**
	 * @param heapBytes the whole result in memory, its metadata included
	 * @param sharedBytes of which its metadata, one copy shared by the results of the same statement
	 */
	public record Size(String query, int rows, int codecBytes, long heapBytes, long sharedBytes, long estimatedBytes) {

		double codecPerRow() {
			return (double) this.codecBytes / this.rows;
		}

		double heapPerRow() {
			return (double) this.heapBytes / this.rows;
		}

	}

	public static List<Size> measure() throws SQLException {
		System.setProperty("jol.magicFieldOffset", "true");
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		List<Size> sizes = new ArrayList<>();
		try (HikariDataSource pool = BenchEnv.pool(2)) {
			Capturing store = new Capturing();
			// analysed before the first execution, which is the one measured
			CachingDataSource cached = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(100)).store(store).build()
				.wrap(pool, "bench");
			sizes.add(size("pk", store, () -> BenchEnv.query(cached, BenchEnv.PK_SQL, blackhole, 42)));
			sizes.add(size("join", store, () -> BenchEnv.query(cached, BenchEnv.JOIN_SQL, blackhole, 42)));
			sizes.add(size("aggregate", store, () -> BenchEnv.query(cached, BenchEnv.AGGREGATE_SQL, blackhole)));
			sizes.add(size("list", store, () -> BenchEnv.query(cached, BenchEnv.LIST_SQL, blackhole, 1, 1000)));
		}
		blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
		return sizes;
	}

	private static Size size(String name, Capturing store, Read read) throws SQLException {
		store.last = null;
		int rows = read.run();
		CachedEntry entry = store.last;
		if (entry == null) {
			throw new IllegalStateException("cachalot did not store the result of the " + name + " query");
		}
		// JOL cannot lay out records (CachedEntry): its result and tokens, plus the record itself
		// (12-byte header and two compressed references, aligned to 8)
		long heap = GraphLayout.parseInstance(entry.result(), entry.tokens()).totalSize() + 24;
		long shared = GraphLayout.parseInstance(entry.result().metaData()).totalSize();
		int encoded = StoredValueCodec.unsigned().encode("cachalot:q:" + name, entry).length;
		return new Size(name, rows, encoded, heap, shared, entry.result().estimatedBytes());
	}

	interface Read {

		int run() throws SQLException;

	}

	/** The in-process store, remembering the last result stored. */
	static final class Capturing implements CacheStore {

		private final CaffeineCacheStore delegate = new CaffeineCacheStore();

		volatile CachedEntry last;

		@Override
		public Object[] getAll(String[] keys) {
			return this.delegate.getAll(keys);
		}

		@Override
		public void putAll(Map<String, Object> entries, Duration timeout) {
			entries.values().forEach((value) -> {
				if (value instanceof CachedEntry entry) {
					this.last = entry;
				}
			});
			this.delegate.putAll(entries, timeout);
		}

		@Override
		public void clear() {
			this.delegate.clear();
		}

		@Override
		public String description() {
			return this.delegate.description();
		}

	}

}
