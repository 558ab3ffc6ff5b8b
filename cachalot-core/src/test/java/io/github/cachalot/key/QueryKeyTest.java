package io.github.cachalot.key;

import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two reads that may differ in result never share a key. */
class QueryKeyTest {

	private static final StatementOptions OPTIONS = new StatementOptions(true, ResultSet.TYPE_FORWARD_ONLY,
			ResultSet.CONCUR_READ_ONLY, 0, 0);

	private static String key(String sql, Object... values) {
		BoundParameters parameters = new BoundParameters();
		for (int i = 0; i < values.length; i++) {
			parameters.set(i + 1, values[i]);
		}
		return Sha256QueryKeyGenerator.INSTANCE.generate(new QueryKey("ds", "db", "public", sql, OPTIONS, parameters));
	}

	@Test
	void theSameReadHasTheSameKey() {
		assertThat(key("SELECT ?", 1)).isEqualTo(key("SELECT ?", 1)).startsWith("cachalot:q:");
	}

	@Test
	void valuesThatLookAlikeButDifferInTypeHaveDifferentKeys() {
		List<Object> values = List.of(1, 1L, (short) 1, (byte) 1, "1", 1.0d, 1.0f, new BigDecimal("1"),
				new BigDecimal("1.0"), true, '1', new byte[] { 1 }, LocalDate.of(2020, 1, 1), "2020-01-01",
				java.sql.Date.valueOf("2020-01-01"), new java.math.BigInteger("1"), UUID.nameUUIDFromBytes(new byte[0]));
		Set<String> keys = new HashSet<>();
		for (Object value : values) {
			keys.add(key("SELECT ?", value));
		}
		assertThat(keys).hasSameSizeAs(values);
	}

	@Test
	void nullAndTheStringNullDiffer() {
		assertThat(key("SELECT ?", (Object) null)).isNotEqualTo(key("SELECT ?", "null"));
	}

	@Test
	void parameterBoundariesCannotBeConfused() {
		assertThat(key("SELECT ?, ?", "ab", "c")).isNotEqualTo(key("SELECT ?, ?", "a", "bc"));
		assertThat(key("SELECT ?", "a")).isNotEqualTo(key("SELECT ?, ?", "a", null));
	}

	@Test
	void everyPartOfTheContextIsInTheKey() {
		BoundParameters none = new BoundParameters();
		Set<String> keys = new HashSet<>();
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 1", OPTIONS, none)));
		keys.add(generate(new QueryKey("other", "db", "public", "SELECT 1", OPTIONS, none)));
		keys.add(generate(new QueryKey("ds", "db2", "public", "SELECT 1", OPTIONS, none)));
		keys.add(generate(new QueryKey("ds", "db", "other", "SELECT 1", OPTIONS, none)));
		keys.add(generate(new QueryKey("ds", "db", null, "SELECT 1", OPTIONS, none)));
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 2", OPTIONS, none)));
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 1",
				new StatementOptions(true, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 10, 0), none)));
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 1",
				new StatementOptions(true, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY, 0, 0), none)));
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 1",
				new StatementOptions(true, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0, 100), none)));
		keys.add(generate(new QueryKey("ds", "db", "public", "SELECT 1",
				new StatementOptions(false, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0, 0), none)));
		assertThat(keys).hasSize(10);
	}

	@Test
	void theSqlTypeAndCalendarOfABindingAreInTheKey() {
		Timestamp timestamp = Timestamp.valueOf("2020-01-01 10:00:00");
		Set<String> keys = new HashSet<>();
		for (int variant = 0; variant < 4; variant++) {
			BoundParameters parameters = new BoundParameters();
			switch (variant) {
				case 0 -> parameters.set(1, timestamp);
				case 1 -> parameters.set(1, timestamp, Types.TIMESTAMP);
				case 2 -> parameters.set(1, timestamp, BoundParameters.NO_SQL_TYPE,
						Calendar.getInstance(TimeZone.getTimeZone("UTC")));
				default -> parameters.set(1, timestamp, BoundParameters.NO_SQL_TYPE,
						Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo")));
			}
			keys.add(generate(new QueryKey("ds", "db", "s", "SELECT ?", OPTIONS, parameters)));
		}
		assertThat(keys).hasSize(4);
	}

	@Test
	void aValueThatCannotBeKeyedMakesTheParametersUnkeyableUntilReplaced() {
		BoundParameters parameters = new BoundParameters();
		parameters.set(1, 1);
		assertThat(parameters.isKeyable()).isTrue();
		parameters.set(2, new StringReader("x"));
		assertThat(parameters.isKeyable()).isFalse();
		parameters.set(2, "x");
		assertThat(parameters.isKeyable()).isTrue();
		parameters.setUnkeyable(3);
		assertThat(parameters.isKeyable()).isFalse();
		parameters.clear();
		assertThat(parameters.isKeyable()).isTrue();
		assertThat(parameters.count()).isZero();
	}

	@Test
	void aMutableValueIsCopiedWhenBound() {
		byte[] bytes = { 1, 2 };
		BoundParameters parameters = new BoundParameters();
		parameters.set(1, bytes);
		String before = generate(new QueryKey("ds", "db", "s", "SELECT ?", OPTIONS, parameters));
		bytes[0] = 9;
		assertThat(generate(new QueryKey("ds", "db", "s", "SELECT ?", OPTIONS, parameters))).isEqualTo(before);
	}

	/**
	 * Data sources are keyed under {@code <key scope>:<name>} (the scope derived from the database,
	 * or configured): pinned as well, since it decides which applications sharing a store share
	 * entries.
	 */
	@Test
	void theScopedDataSourceIsPinned() {
		QueryKey scoped = new QueryKey("3f2a9c1e0b7d4a55:dataSource", "shop", "public", "SELECT ?", OPTIONS,
				parameters("x"));
		assertThat(generate(scoped)).isEqualTo("cachalot:q:Y1bTG83Wnj7_shCskIHOzgk_zZRcwHJEZkTmo0nv0Xc")
			.isNotEqualTo(generate(new QueryKey("dataSource", "shop", "public", "SELECT ?", OPTIONS, parameters("x"))))
			.isNotEqualTo(generate(new QueryKey("0000000000000000:dataSource", "shop", "public", "SELECT ?", OPTIONS,
					parameters("x"))));
	}

	private static String generate(QueryKey key) {
		return Sha256QueryKeyGenerator.INSTANCE.generate(key);
	}

	/**
	 * The key is {@code SHA-256(SHA-256(statement) || parameters)} in URL-safe Base64: pinned, so that
	 * a change of format (which makes every instance sharing a Redis miss once) is deliberate.
	 */
	@Test
	void theKeyFormatIsPinned() throws Exception {
		QueryKey query = new QueryKey("ds", "db", "public", "SELECT ?", OPTIONS, parameters("x"));
		KeyBuffer statement = new KeyBuffer(64);
		query.writeStatementTo(statement);
		KeyBuffer values = new KeyBuffer(64);
		query.writeParametersTo(values);
		java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
		sha.update(sha.digest(statement.toByteArray()));
		String expected = "cachalot:q:"
				+ java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(values.toByteArray()));
		assertThat(Sha256QueryKeyGenerator.INSTANCE.generate(query)).isEqualTo(expected)
			.isEqualTo("cachalot:q:7vjhnQ8ubZ36tjpbUJpBuTQODoQyhC3V96CXYHCyml0");
	}

	@Test
	void digestsAreWrittenInTheJdksUnpaddedUrlSafeBase64() {
		java.util.Random random = new java.util.Random(42);
		java.util.Base64.Encoder jdk = java.util.Base64.getUrlEncoder().withoutPadding();
		for (int i = 0; i < 10_000; i++) {
			byte[] digest = new byte[32];
			random.nextBytes(digest);
			byte[] encoded = new byte[2 + 43];
			Sha256QueryKeyGenerator.encodeBase64(digest, encoded, 2);
			assertThat(new String(encoded, 2, 43, java.nio.charset.StandardCharsets.ISO_8859_1))
				.isEqualTo(jdk.encodeToString(digest));
		}
	}

	@Test
	void largeParametersAndManyThreadsGiveTheSameKeysAsOneThread() throws Exception {
		String large = "x".repeat(300_000);
		String expectedLarge = key("SELECT ?", large);
		String expectedSmall = key("SELECT ?", 42);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
			for (int t = 0; t < 4; t++) {
				checks.add(pool.submit(() -> {
					for (int i = 0; i < 200; i++) {
						if (!key("SELECT ?", 42).equals(expectedSmall)
								|| (i % 50 == 0 && !key("SELECT ?", large).equals(expectedLarge))
								|| key("SELECT ?", i).equals(expectedSmall) && i != 42) {
							return false;
						}
					}
					return true;
				}));
			}
			for (java.util.concurrent.Future<Boolean> check : checks) {
				assertThat(check.get()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(expectedLarge).isNotEqualTo(key("SELECT ?", large + "y"));
	}

	private static BoundParameters parameters(Object... values) {
		BoundParameters parameters = new BoundParameters();
		for (int i = 0; i < values.length; i++) {
			parameters.set(i + 1, values[i]);
		}
		return parameters;
	}

	@Test
	void theParametersOfAWriteRecordNothing() {
		BoundParameters.NONE.set(1, "a");
		BoundParameters.NONE.setUnkeyable(2);
		BoundParameters.NONE.setArray(3, null);

		assertThat(BoundParameters.NONE.count()).isZero();
		assertThat(BoundParameters.NONE.isKeyable()).isTrue();
	}

}
