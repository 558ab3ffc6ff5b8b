package io.github.cachalot.result;

import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.cachalot.store.CachedEntry;
import io.github.cachalot.store.StoredValueCodec;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a shared store returns is untrusted: random bytes and valid entries of every dialect with a
 * few bytes changed (and the checksum made right again, so that the changes reach the decoder)
 * decode to a miss or to a result that encodes to bytes that decode to the same result, within a
 * small multiple of their size in memory, and whose every getter returns a value or throws an
 * {@link SQLException}, never another exception.
 */
class StoredValueCodecFuzzTest {

	private static final StoredValueCodec CODEC = StoredValueCodec.unsigned();

	private static final String KEY = "cachalot:q:fuzz";

	/** Where the bytes of a result start in an entry of one token: header, key digest, count, token. */
	private static final int RESULT = 4 + 16 + 1 + 8;

	private static final long BUDGET_NANOS = 20_000_000_000L;

	/** The most a decode may allocate: this many times the entry's size, plus a fixed allowance. */
	private static final int RATIO = 64;

	private static final int ALLOWANCE = 64 * 1024;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static final List<byte[]> SEEDS = new ArrayList<>();

	@BeforeAll
	static void recordSeeds() throws SQLException {
		for (TestDatabase database : TestDatabase.values()) {
			AllTypesTable.create(database);
			for (AllTypesTable.Column column : AllTypesTable.columns(database)) {
				CachedResult result = record(database.dataSource(),
						"SELECT id, " + column.name() + " FROM " + AllTypesTable.NAME + " ORDER BY id");
				if (result != null) {
					SEEDS.add(CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, result)));
				}
			}
		}
		assertThat(SEEDS).hasSizeGreaterThan(100);
	}

	// ---------------------------------------------------------------- overflows found before

	/** An int[] said to hold 2^61 + 2^28 elements: the product with 4 overflowed, then 2^28 ints were allocated. */
	@Test
	void aCountWhoseSizeOverflowsIsAMissWithoutAllocatingIt() throws SQLException {
		byte[] bytes = withLastValue(varlong(ResultCodec.INT_ARRAY, (1L << 61) + (1L << 28)));
		assertMissWithin(bytes, 64 * 1024);
	}

	/** A UTF-16 string of 2^62 + 2^28 characters: doubled, it overflowed, then 2^28 chars were allocated. */
	@Test
	void aUtf16LengthThatOverflowsIsAMissWithoutAllocatingIt() throws SQLException {
		long length = (1L << 62) + (1L << 28);
		// the header is (length << 1 | utf16) + 1, here above 2^63: an unsigned varlong
		byte[] bytes = withLastValue(varlong(ResultCodec.STRING, (length << 1 | 1) + 1));
		assertMissWithin(bytes, 64 * 1024);
	}

	private static void assertMissWithin(byte[] bytes, long limit) {
		long before = THREADS.getCurrentThreadAllocatedBytes();
		Object decoded = CODEC.decode(KEY, bytes);
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
		assertThat(decoded).isNull();
		assertThat(allocated).as("bytes allocated").isLessThan(limit);
	}

	/**
	 * A valid entry of one row and column whose value is replaced by the given bytes followed by 16
	 * zeros (elements, or characters, that are there), checksum right.
	 */
	private static byte[] withLastValue(byte[] value) throws SQLException {
		CachedResult result = record(TestDatabase.H2.dataSource(), "SELECT 1 AS one");
		byte[] entry = CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, result));
		// the row's value is its last two bytes before the checksum: INTEGER, zigzag(1)
		int at = entry.length - 4 - 2;
		assertThat(entry[at]).isEqualTo((byte) ResultCodec.INTEGER);
		byte[] bytes = new byte[at + value.length + 16 + 4];
		System.arraycopy(entry, 0, bytes, 0, at);
		System.arraycopy(value, 0, bytes, at, value.length);
		return seal(bytes);
	}

	private static byte[] varlong(int tag, long value) {
		byte[] bytes = new byte[11];
		bytes[0] = (byte) tag;
		int i = 1;
		while ((value & ~0x7FL) != 0) {
			bytes[i++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		bytes[i++] = (byte) value;
		return java.util.Arrays.copyOf(bytes, i);
	}

	// ---------------------------------------------------------------- fuzzing

	@Test
	void mutatedAndRandomEntriesAreMissesOrResultsThatReplayWithoutUncheckedExceptions() {
		Random random = new Random(Long.getLong("cachalot.fuzz.seed", 20240229L));
		Map<String, String> failures = new LinkedHashMap<>();
		long start = System.nanoTime();
		int tried = 0;
		int accepted = 0;
		double maxRatio = 0;
		long maxAllocated = 0;
		while (System.nanoTime() - start < BUDGET_NANOS && failures.size() < 100) {
			byte[] bytes = (tried % 10 == 9) ? randomEntry(random) : mutated(SEEDS.get(random.nextInt(SEEDS.size())), random);
			tried++;
			long before = THREADS.getCurrentThreadAllocatedBytes();
			Object decoded = CODEC.decode(KEY, bytes);
			long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
			maxAllocated = Math.max(maxAllocated, allocated);
			maxRatio = Math.max(maxRatio, (double) Math.max(0, allocated - ALLOWANCE) / bytes.length);
			String what = HexFormat.of().formatHex(bytes, RESULT, Math.min(bytes.length, RESULT + 400));
			if (allocated > (long) RATIO * bytes.length + ALLOWANCE) {
				failures.putIfAbsent("allocated " + allocated + " for " + bytes.length + " bytes", what);
			}
			if (decoded == null) {
				continue;
			}
			accepted++;
			try {
				CachedEntry entry = (CachedEntry) decoded;
				byte[] again = CODEC.encode(KEY, entry);
				Object redecoded = CODEC.decode(KEY, again);
				if (redecoded == null || !java.util.Arrays.equals(CODEC.encode(KEY, redecoded), again)) {
					failures.putIfAbsent("not stable through encode and decode", what);
				}
				String problem = replay(entry.result());
				if (problem != null) {
					failures.putIfAbsent(problem, what);
				}
			}
			catch (RuntimeException ex) {
				failures.putIfAbsent("re-encoding threw " + ex, what);
			}
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("fuzz: %d entries tried, %d accepted, max allocation %d bytes, max ratio %.1f "
				+ "(beyond %d bytes), %d ms%n", tried, accepted, maxAllocated, maxRatio, ALLOWANCE, millis);
		failures.forEach((problem, bytes) -> System.out.println("fuzz failure: " + problem + "\n    " + bytes));
		assertThat(failures.keySet()).as("failures (printed with the first bytes of their result)").isEmpty();
		assertThat(tried).isGreaterThan(1000);
	}

	/** A valid seed with one to four bytes of its result changed, inserted or removed, checksum right. */
	private static byte[] mutated(byte[] seed, Random random) {
		byte[] bytes = seed.clone();
		int changes = 1 + random.nextInt(4);
		for (int i = 0; i < changes; i++) {
			int end = bytes.length - 4;
			int at = RESULT + random.nextInt(end - RESULT);
			switch (random.nextInt(6)) {
				case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> bytes[at] = (byte) random.nextInt();
				case 2 -> bytes[at] = (byte) new int[] { 0, 1, 2, 3, 0x7F, 0x80, 0xFF, 29, 41 }[random.nextInt(9)];
				case 3 -> bytes[at] = (byte) random.nextInt(42);
				case 4 -> {
					byte[] longer = new byte[bytes.length + 1];
					System.arraycopy(bytes, 0, longer, 0, at);
					longer[at] = (byte) random.nextInt();
					System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
					bytes = longer;
				}
				default -> {
					byte[] shorter = new byte[bytes.length - 1];
					System.arraycopy(bytes, 0, shorter, 0, at);
					System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
					bytes = shorter;
				}
			}
		}
		return seal(bytes);
	}

	/** A valid header, key digest and token, then random bytes, checksum right. */
	private static byte[] randomEntry(Random random) {
		byte[] bytes = new byte[RESULT + 4 + random.nextInt(200)];
		System.arraycopy(SEEDS.get(0), 0, bytes, 0, RESULT);
		for (int i = RESULT; i < bytes.length - 4; i++) {
			// small numbers are tags, counts and lengths that fit
			bytes[i] = (byte) (random.nextBoolean() ? random.nextInt(42) : random.nextInt());
		}
		return seal(bytes);
	}

	private static byte[] seal(byte[] bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, bytes.length - 4);
		int value = (int) crc.getValue();
		for (int i = 0; i < 4; i++) {
			bytes[bytes.length - 4 + i] = (byte) (value >>> (24 - 8 * i));
		}
		return bytes;
	}

	/** Every getter on every cell, the metadata and arrays: a description of the first unchecked exception, or null. */
	private static String replay(CachedResult result) {
		try (CachedResultSet replay = new CachedResultSet(result, null, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
			ResultSetMetaData metaData = replay.getMetaData();
			int columns = metaData.getColumnCount();
			for (int column = 1; column <= columns; column++) {
				for (MetaDataGetter getter : METADATA) {
					try {
						getter.get(metaData, column);
					}
					catch (SQLException ex) {
						// a captured error
					}
					catch (RuntimeException ex) {
						return "metadata getter threw " + ex;
					}
				}
			}
			while (replay.next()) {
				for (int column = 1; column <= columns; column++) {
					for (Map.Entry<String, Outcome.Getter> getter : Getters.ALL.entrySet()) {
						try {
							consume(getter.getValue().get(replay, column));
						}
						catch (SQLException ex) {
							// what the driver would have thrown
						}
						catch (java.time.format.DateTimeParseException ex) {
							if (!(result.dialect() instanceof SqliteDialect && getter.getKey().equals("getObject(LocalDateTime)"))) {
								return getter.getKey() + " threw " + ex.getClass().getName();
							}
							// sqlite-jdbc parses the text of a date column as an ISO date-time and throws this too
						}
						catch (Exception ex) {
							return getter.getKey() + " threw " + ex.getClass().getName() + " on "
									+ result.column(column - 1).typeName + " ("
									+ result.dialect().getClass().getSimpleName() + ")";
						}
					}
				}
			}
		}
		catch (SQLException ex) {
			return "the replay threw " + ex;
		}
		return null;
	}

	private static void consume(Object value) throws Exception {
		if (value instanceof Reader reader) {
			while (reader.read() >= 0) {
				// all of it
			}
		}
		else if (value instanceof InputStream stream) {
			stream.readAllBytes();
		}
		else if (value instanceof Array array) {
			for (Outcome.Getter getter : new Outcome.Getter[] { (rs, i) -> array.getArray(), (rs, i) -> array.getBaseType(),
					(rs, i) -> array.getBaseTypeName(), (rs, i) -> array.toString() }) {
				try {
					getter.get(null, 0);
				}
				catch (SQLException ex) {
					// a captured error
				}
			}
		}
		else if (value != null) {
			value.toString();
		}
	}

	private interface MetaDataGetter {

		Object get(ResultSetMetaData metaData, int column) throws SQLException;

	}

	private static final MetaDataGetter[] METADATA = { ResultSetMetaData::getColumnLabel,
			ResultSetMetaData::getColumnName, ResultSetMetaData::getColumnType, ResultSetMetaData::getColumnTypeName,
			ResultSetMetaData::getColumnClassName, ResultSetMetaData::getPrecision, ResultSetMetaData::getScale,
			ResultSetMetaData::isNullable, ResultSetMetaData::getColumnDisplaySize, ResultSetMetaData::isSigned,
			ResultSetMetaData::isAutoIncrement, ResultSetMetaData::isCaseSensitive, ResultSetMetaData::isCurrency,
			ResultSetMetaData::isSearchable, ResultSetMetaData::isReadOnly, ResultSetMetaData::isWritable,
			ResultSetMetaData::isDefinitelyWritable, ResultSetMetaData::getSchemaName, ResultSetMetaData::getTableName,
			ResultSetMetaData::getCatalogName };

	private static CachedResult record(DataSource dataSource, String sql) throws SQLException {
		AtomicReference<CachedResult> captured = new AtomicReference<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery(sql)) {
			RecordingResultSet recording = new RecordingResultSet(driver, statement, ResultLimits.NONE, captured::set);
			while (recording.next()) {
				// record every row
			}
		}
		return captured.get();
	}

}
