package io.github.cachalot.store;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.cachalot.result.CachedResult;
import io.github.cachalot.result.CachedResultSet;
import io.github.cachalot.result.RecordingResultSet;
import io.github.cachalot.result.ResultCodec;
import io.github.cachalot.result.ResultLimits;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a shared cache stores: table tokens and cached entries, as compact versioned bytes that
 * decode to the same values, and bytes that are not exactly such a value (truncated, corrupted,
 * of another version, followed by more) decode to {@code null}, never to an exception.
 */
class StoredValueCodecTest {

	private static final StoredValueCodec CODEC = StoredValueCodec.unsigned();

	private static final String KEY = "cachalot:q:test";


	/** A result of several rows with most kinds of values: text, numbers, temporal cells, arrays, binary. */
	private static final String RICH = "SELECT x AS id, 'row ' || x AS name, CAST(x * 1.25 AS DECIMAL(10, 2)) AS price,"
			+ " TIMESTAMP '2024-02-29 13:45:30.123456789' + x * INTERVAL '1' DAY AS at,"
			+ " TIMESTAMP WITH TIME ZONE '2024-02-29 13:45:30+02:00' AS at_tz, DATE '2024-02-29' AS on_day,"
			+ " ARRAY[x, NULL] AS numbers, X'CAFE' AS bytes, RANDOM_UUID() AS uuid, x % 2 = 0 AS even,"
			+ " CAST(x AS DOUBLE PRECISION) / 3 AS third, INTERVAL '1 02:03:04.5' DAY TO SECOND AS span,"
			+ " CASE WHEN x = 2 THEN NULL ELSE 'ü' END AS maybe FROM SYSTEM_RANGE(1, 3)";

	// ---------------------------------------------------------------- tokens

	@Test
	void aTokenIsTwelveBytesAndReadsBackAsTheSameLong() {
		for (long token : new long[] { 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789ABCDEFL }) {
			byte[] bytes = CODEC.encode(KEY, token);
			assertThat(bytes).hasSize(12).startsWith((byte) 0xCA, (byte) 0xC4, (byte) 3, (byte) 'L');
			assertThat(CODEC.decode(KEY, bytes)).isEqualTo(token);
		}
	}

	@Test
	void aTokenWithAByteMissingOrTooManyIsNotRead() {
		byte[] bytes = CODEC.encode(KEY, 7L);
		assertThat(CODEC.decode(KEY, Arrays.copyOf(bytes, 11))).isNull();
		assertThat(CODEC.decode(KEY, Arrays.copyOf(bytes, 13))).isNull();
	}

	// ---------------------------------------------------------------- entries

	@Test
	void anEntryKeepsItsTokensInOrder() throws SQLException {
		CachedResult result = record("SELECT 1 AS one");
		for (long[] tokens : new long[][] { {}, { 5 }, { Long.MIN_VALUE, 0, Long.MAX_VALUE, -1 } }) {
			CachedEntry entry = (CachedEntry) CODEC.decode(KEY, CODEC.encode(KEY, new CachedEntry(tokens, result)));
			assertThat(entry.tokens()).containsExactly(tokens);
			assertThat(entry.isFresh(Arrays.stream(tokens).boxed().toArray(), 0)).isTrue();
		}
	}

	@Test
	void anEmptyResultKeepsItsColumns() throws SQLException {
		CachedResult result = record("SELECT 1 AS one, 'x' AS two FROM SYSTEM_RANGE(1, 3) WHERE 1 = 0");
		CachedResult decoded = roundTrip(result);
		assertThat(decoded.rowCount()).isZero();
		assertThat(decoded.columnCount()).isEqualTo(2);
		assertThat(decoded.metaData().getColumnLabel(2)).isEqualTo("TWO");
	}

	@Test
	void aLargeStringIsKeptWhole() throws SQLException {
		CachedResult result = record("SELECT REPEAT('a' || CHAR(252) || CHAR(19990), 400000) AS big");
		byte[] bytes = CODEC.encode(KEY, new CachedEntry(new long[0], result));
		// UTF-8: 1 + 2 + 3 bytes per repetition, plus the metadata
		assertThat(bytes.length).isBetween(2_400_000, 2_401_000);
		try (CachedResultSet replay = replay(((CachedEntry) CODEC.decode(KEY, bytes)).result())) {
			assertThat(replay.next()).isTrue();
			assertThat(replay.getString(1)).isEqualTo("a\u00FC\u4E16".repeat(400_000));
		}
	}

	@Test
	void aTypicalRowOfThreeColumnsTakesAFewBytes() throws SQLException {
		String table = "SELECT x AS id, 'customer ' || x AS name, CAST(x * 1.25 AS DECIMAL(10, 2)) AS price"
				+ " FROM SYSTEM_RANGE(1, %d)";
		int one = CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, record(String.format(table, 1)))).length;
		int thousand = CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, record(String.format(table, 1000))))
			.length;
		double perRow = (thousand - one) / 999.0;
		System.out.printf("3-column row (BIGINT, 'customer <n>', DECIMAL(10,2)): %.1f bytes; entry of one row: %d bytes%n",
				perRow, one);
		// tags, a varint id, a 13-character string and a small decimal
		assertThat(perRow).isLessThan(25);
	}

	@Test
	void valuesOtherThanEntriesAndTokensAreRefused() throws SQLException {
		for (Object value : new Object[] { null, "text", 42, new byte[0], new long[] { 1 }, java.util.List.of() }) {
			assertThatIllegalArgumentException().isThrownBy(() -> CODEC.encode(KEY, value));
		}
		CachedResult result = record("SELECT 1 AS one");
		assertThatIllegalArgumentException().isThrownBy(() -> CODEC.encode(KEY, new CachedEntry(null, result)));
		assertThatIllegalArgumentException().isThrownBy(() -> CODEC.encode(KEY, new CachedEntry(new long[0], null)));
	}

	// ---------------------------------------------------------------- keys and signatures

	@Test
	void anEntryReadUnderAnotherKeyIsAMiss() throws SQLException {
		byte[] bytes = richEntry();
		assertThat(CODEC.decode(KEY, bytes)).isInstanceOf(CachedEntry.class);
		assertThat(CODEC.decode(KEY + "x", bytes)).isNull();
		assertThat(CODEC.decode("cachalot:q:other", bytes)).isNull();
		assertThat(CODEC.decode(null, bytes)).isNull();
	}

	@Test
	void signedValuesReadBackOnlyWithTheSameKeyAndSecret() throws SQLException {
		StoredValueCodec signed = StoredValueCodec.signed("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
		StoredValueCodec other = StoredValueCodec.signed("0123456789abcdeF".getBytes(StandardCharsets.UTF_8));
		CachedEntry entry = new CachedEntry(new long[] { 7 }, record(RICH));
		for (Object value : new Object[] { entry, 42L }) {
			byte[] bytes = signed.encode(KEY, value);
			byte[] plain = CODEC.encode(KEY, value);
			assertThat(bytes).hasSize(plain.length + 32);
			Object decoded = signed.decode(KEY, bytes);
			assertThat(decoded).isNotNull();
			assertThat(signed.encode(KEY, decoded)).as("re-encoded").isEqualTo(bytes);
			assertThat(signed.decode("cachalot:t:other", bytes)).as("under another key").isNull();
			assertThat(other.decode(KEY, bytes)).as("with another secret").isNull();
			assertThat(CODEC.decode(KEY, bytes)).as("without a secret").isNull();
			assertThat(signed.decode(KEY, plain)).as("unsigned").isNull();
			for (int index = 0; index < bytes.length; index += Math.max(1, bytes.length / 200)) {
				byte[] changed = bytes.clone();
				changed[index] ^= 1;
				assertThat(signed.decode(KEY, changed)).as("byte %d changed", index).isNull();
			}
		}
	}

	@Test
	void aSigningKeyMustBeLongEnough() {
		assertThatIllegalArgumentException().isThrownBy(() -> StoredValueCodec.signed(new byte[15]));
		assertThatIllegalArgumentException().isThrownBy(() -> StoredValueCodec.signed(null));
		assertThat(StoredValueCodec.signed(new byte[16]).isSigned()).isTrue();
		assertThat(StoredValueCodec.unsigned().isSigned()).isFalse();
	}

	// ---------------------------------------------------------------- bytes that are not a value

	@Test
	void nothingOrNoBytesIsNotAValue() {
		assertThat(CODEC.decode(KEY, null)).isNull();
		assertThat(CODEC.decode(KEY, new byte[0])).isNull();
	}

	@Test
	void everyTruncationOfAnEntryIsNotAValue() throws SQLException {
		assertThat(CODEC.decode(KEY, sealed(richEntry()))).as("sealed again").isInstanceOf(CachedEntry.class);
		byte[] bytes = richEntry();
		for (int length = 0; length < bytes.length; length++) {
			assertThat(CODEC.decode(KEY, Arrays.copyOf(bytes, length))).as("first %d bytes", length).isNull();
		}
		assertThat(CODEC.decode(KEY, bytes)).isInstanceOf(CachedEntry.class);
	}

	@Test
	void anEntryFollowedByMoreBytesIsNotAValue() throws SQLException {
		byte[] bytes = richEntry();
		for (byte more : new byte[] { 0, 1, -1 }) {
			byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
			longer[bytes.length] = more;
			assertThat(CODEC.decode(KEY, longer)).isNull();
		}
	}

	@Test
	void anotherVersionMagicOrKindIsNotAValue() throws SQLException {
		for (byte[] bytes : new byte[][] { richEntry(), CODEC.encode(KEY, 1L) }) {
			for (int index = 0; index < 4; index++) {
				for (int other : new int[] { 0, 2, 'X', 0xFF }) {
					byte[] changed = bytes.clone();
					if (changed[index] == (byte) other) {
						continue;
					}
					changed[index] = (byte) other;
					assertThat(CODEC.decode(KEY, changed)).as("byte %d set to %d", index, other).isNull();
				}
			}
		}
	}

	@Test
	void aCorruptedEntryIsNotAValue() throws SQLException {
		byte[] bytes = richEntry();
		Random random = new Random(20240229);
		for (int trial = 0; trial < 5000; trial++) {
			byte[] corrupt = corrupt(bytes, 0, bytes.length, random, trial);
			assertThat(CODEC.decode(KEY, corrupt)).as("trial %d", trial).isNull();
		}
	}

	/**
	 * Past the checksum (as if it had matched by chance), corrupted results still never make the
	 * decoder throw: it answers null, or a complete result that replays and encodes again.
	 */
	@Test
	void corruptedResultsNeverMakeTheDecoderThrow() throws SQLException {
		byte[] bytes = richEntry();
		// header, the key's digest, one byte of token count, two tokens, when the read began; the checksum at the end
		int start = 4 + 16 + 1 + 16 + 8;
		int end = bytes.length - 4;
		assertThat(ResultCodec.decode(bytes, start, end)).isNotNull();
		for (int length = start; length < end; length++) {
			assertThat(ResultCodec.decode(bytes, start, length)).as("first %d bytes", length).isNull();
		}
		Random random = new Random(20240229);
		int values = 0;
		for (int trial = 0; trial < 5000; trial++) {
			byte[] corrupt = corrupt(bytes, start, end, random, trial);
			CachedResult[] decoded = new CachedResult[1];
			assertThatCode(() -> decoded[0] = ResultCodec.decode(corrupt, start, end))
				.as("trial %d: %s", trial, HexFormat.of().formatHex(corrupt))
				.doesNotThrowAnyException();
			if (decoded[0] != null) {
				values++;
				assertThatCode(() -> replayAll(decoded[0])).as("trial %d", trial).doesNotThrowAnyException();
			}
		}
		System.out.printf("%d of 5000 corrupted results still decoded (a flipped digit, say)%n", values);
	}

	/** One to four bytes between start and end flipped by a bit or replaced. */
	private static byte[] corrupt(byte[] bytes, int start, int end, Random random, int trial) {
		byte[] corrupt = bytes.clone();
		int flips = 1 + random.nextInt(4);
		for (int i = 0; i < flips; i++) {
			int index = start + random.nextInt(end - start);
			byte changed = (byte) ((trial % 2 == 0) ? corrupt[index] ^ (1 << random.nextInt(8)) : random.nextInt());
			corrupt[index] = (changed != corrupt[index]) ? changed : (byte) ~changed;
		}
		return corrupt;
	}

	@Test
	void randomBytesAfterAValidHeaderNeverThrow() {
		Random random = new Random(42);
		for (int trial = 0; trial < 5000; trial++) {
			byte[] bytes = new byte[4 + random.nextInt(200)];
			random.nextBytes(bytes);
			bytes[0] = (byte) 0xCA;
			bytes[1] = (byte) 0xC4;
			bytes[2] = 2;
			bytes[3] = (byte) ((trial % 2 == 0) ? 'E' : 'L');
			assertThatCode(() -> CODEC.decode(KEY, bytes)).doesNotThrowAnyException();
			assertThatCode(() -> ResultCodec.decode(bytes, 4, bytes.length)).doesNotThrowAnyException();
		}
	}

	@Test
	void hugeDeclaredLengthsAreRefusedWithoutAllocatingThem() throws SQLException {
		// 2^32 - 1 tokens after the key's digest
		byte[] tokens = Arrays.copyOf(CODEC.encode(KEY, new CachedEntry(new long[0], record("SELECT 1 AS one"))), 30);
		byte[] count = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0, 0, 0, 0, 0 };
		System.arraycopy(count, 0, tokens, 20, count.length);
		assertRefusedCheaply(sealed(tokens));
		// a string of 'abcd' and bytes of CAFEBABE said to be 2^30 long
		byte[] entry = CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, record("SELECT 'abcd' AS s")));
		assertRefusedCheaply(withLength(entry, new byte[] { 'a', 'b', 'c', 'd' }, 1L << 31));
		byte[] binary = CODEC.encode(KEY, new CachedEntry(new long[] { 1 }, record("SELECT X'CAFEBABE' AS b FROM SYSTEM_RANGE(1, 2)")));
		assertRefusedCheaply(withLength(binary, new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE }, 1L << 30));
	}

	private static void assertRefusedCheaply(byte[] bytes) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		Object decoded = CODEC.decode(KEY, bytes);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(decoded).isNull();
		assertThat(allocated).as("bytes allocated").isLessThan(1_000_000);
	}

	/** The bytes with the varint length just before the first occurrence of {@code content} replaced by a larger one. */
	private static byte[] withLength(byte[] bytes, byte[] content, long length) {
		int at = indexOf(bytes, content);
		assertThat(at).as("position of the content").isPositive();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(bytes, 0, at - 1);
		// a string's header is its length times 2, plus 1; a byte array's, its length
		long header = (bytes[at - 1] == (content.length << 1) + 1) ? (length << 1) + 1 : length;
		while ((header & ~0x7FL) != 0) {
			out.write((int) (header & 0x7F) | 0x80);
			header >>>= 7;
		}
		out.write((int) header);
		out.write(bytes, at, bytes.length - at);
		return sealed(out.toByteArray());
	}

	/** The bytes with their last four set to the checksum of the others, as an intact entry has. */
	private static byte[] sealed(byte[] bytes) {
		java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
		crc.update(bytes, 0, bytes.length - 4);
		int value = (int) crc.getValue();
		for (int i = 0; i < 4; i++) {
			bytes[bytes.length - 4 + i] = (byte) (value >>> (24 - 8 * i));
		}
		return bytes;
	}

	private static int indexOf(byte[] bytes, byte[] content) {
		for (int i = 0; i + content.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + content.length, content, 0, content.length)) {
				return i;
			}
		}
		return -1;
	}

	// ---------------------------------------------------------------- support

	private static byte[] richEntry() throws SQLException {
		return CODEC.encode(KEY, new CachedEntry(new long[] { 11, 22 }, record(RICH)));
	}

	private static CachedResult roundTrip(CachedResult result) {
		return ((CachedEntry) CODEC.decode(KEY, CODEC.encode(KEY, new CachedEntry(new long[0], result))))
			.result();
	}

	/** {@link #record(String)} for initializers. */
	static CachedResult recordUnchecked(String sql) {
		try {
			return record(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static CachedResult record(String sql) throws SQLException {
		AtomicReference<CachedResult> captured = new AtomicReference<>();
		try (Connection connection = TestDatabase.H2.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet driver = statement.executeQuery(sql)) {
			RecordingResultSet recording = new RecordingResultSet(driver, statement, ResultLimits.NONE, captured::set);
			while (recording.next()) {
				// record every row
			}
		}
		assertThat(captured.get()).as("recorded result of " + sql).isNotNull();
		return captured.get();
	}

	private static CachedResultSet replay(CachedResult result) {
		return new CachedResultSet(result, null, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
				ResultSet.HOLD_CURSORS_OVER_COMMIT);
	}

	private static void replayAll(CachedResult result) throws SQLException {
		try (CachedResultSet replay = replay(result)) {
			replay.getMetaData().getColumnCount();
			while (replay.next()) {
				for (int column = 1; column <= result.columnCount(); column++) {
					try {
						replay.getObject(column);
						replay.getString(column);
					}
					catch (SQLException ex) {
						// a corrupted captured error replays as one
					}
				}
			}
		}
		CODEC.encode(KEY, new CachedEntry(new long[0], result));
	}

}
