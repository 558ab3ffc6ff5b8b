package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.config.SettingsOverride;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.CountingDataSource;
import io.github.cachalot.testsupport.LeasingStore;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reads go to the cache the settings in force name ({@code cacheStore}: for a block, or for
 * everyone at runtime), writes invalidate in every cache of the cachalot, so that a read cached in
 * another cache is never served after a write made outside the override; across instances too,
 * when the other cache is registered where the write is made.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "H2" })
class MultipleCachesTest {

	private static final String READ = "SELECT v FROM mc_items WHERE id = 1";

	private static final String UPDATE = "UPDATE mc_items SET v = v + 1 WHERE id = 1";

	@Parameter
	TestDatabase database;

	/** The cache the data source was wrapped with. */
	final CaffeineCacheStore primary = new CaffeineCacheStore();

	/** Another cache, shared between instances: it leases and may fail. */
	final LeasingStore other = new LeasingStore();

	final MutableCachalotSettings base = new MutableCachalotSettings();

	final OverridableSettings settings = new OverridableSettings(this.base);

	Cachalot cachalot;

	CountingDataSource counting;

	CachingDataSource dataSource;

	@BeforeEach
	void createTable() {
		this.database.dropTables("mc_items");
		this.database.execute("CREATE TABLE mc_items (id INT PRIMARY KEY, v INT)", "INSERT INTO mc_items VALUES (1, 0)");
		this.cachalot = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).settings(this.settings).store(this.primary, "local").build();
		this.counting = new CountingDataSource(this.database.dataSource());
		this.dataSource = this.cachalot.wrap(this.counting.dataSource(), "mc");
	}

	@Test
	void aReadInsideAnOverrideIsCachedInTheOtherCacheAndAWriteOutsideItInvalidatesThere() {
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).isEqualTo(0L);
			assertThat(executionsOfRepeatedRead()).as("a hit, from the other cache").isZero();
		}
		assertThat(this.other.anyResult()).as("stored in the other cache").isTrue();
		assertThat(executionsOfRepeatedRead()).as("the primary cache had nothing: one miss, then a hit")
			.isZero();
		update();
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).as("the write outside the override invalidated the other cache").isEqualTo(1L);
		}
		assertThat(query()).isEqualTo(1L);
	}

	@Test
	void aTransactionCommittedOutsideTheOverrideInvalidatesTheOtherCache() throws SQLException {
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			query();
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, UPDATE);
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(this.other.announcements.get()).as("the other cache is shared: the write leased it first")
			.isPositive();
		assertThat(this.other.anyLeased()).isFalse();
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).isEqualTo(1L);
		}
	}

	@Test
	void settingTheCacheAtRuntimeMovesEveryThreadsReadsThere() {
		query();
		this.base.setCacheStore(this.other);
		int before = this.counting.count();
		assertThat(query()).isEqualTo(0L);
		assertThat(this.counting.count() - before).as("a miss: the other cache is empty").isEqualTo(1);
		assertThat(this.cachalot.stores().all()).containsKeys("local", this.other.description());
		update();
		assertThat(query()).isEqualTo(1L);
		this.base.setCacheStore(null);
		assertThat(query()).as("back to the primary cache, invalidated by the write too").isEqualTo(1L);
	}

	@Test
	void readsWithoutOverrideRegisterNothing() {
		query();
		query();
		assertThat(this.cachalot.stores().all()).containsOnlyKeys("local");
	}

	@Test
	void anotherInstanceThatRegisteredTheSharedCacheInvalidatesItWithoutEverReadingThroughIt() {
		Cachalot writerCachalot = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(new CaffeineCacheStore(), "local").build();
		writerCachalot.stores().register("reports", this.other);
		CachingDataSource writer = writerCachalot.wrap(this.database.dataSource(), "mc");
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			query();
			assertThat(executionsOfRepeatedRead()).isZero();
		}
		update(writer);
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).isEqualTo(1L);
		}
	}

	@Test
	void controlAnInstanceThatDidNotRegisterTheSharedCacheLeavesItStale() {
		// why other caches must be registered (cachalot.invalidate-caches) where no read names them
		CachingDataSource writer = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(new CaffeineCacheStore(), "local").build()
			.wrap(this.database.dataSource(), "mc");
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			query();
		}
		update(writer);
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).isEqualTo(0L);
		}
	}

	@Test
	void aCacheFirstNamedAfterThisInstanceWroteServesNothingOlderThanTheWrite() {
		// another instance (or an earlier run of this one) cached the read in the shared cache
		MutableCachalotSettings readingThere = new MutableCachalotSettings();
		readingThere.setCacheStore(this.other);
		CachingDataSource earlier = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000))
			.settings(readingThere).store(new CaffeineCacheStore(), "local").build()
			.wrap(this.database.dataSource(), "mc");
		assertThat(query(earlier)).isEqualTo(0L);
		assertThat(this.other.anyResult()).isTrue();

		update(); // this instance has not named the shared cache yet
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).as("naming it invalidated what this data source wrote before").isEqualTo(1L);
		}
	}

	@Test
	void inStrictModeAWriteOutsideTheOverrideIsRefusedWhenTheSharedCacheCannotTakeItsAnnouncement() {
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			query();
		}
		this.other.failAnnouncements = true;
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::update)
			.havingCause()
			.isInstanceOf(SharedStoreUnavailableException.class)
			.withMessageContaining("a leasing test store");
		this.other.failAnnouncements = false;
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).as("nothing was written").isEqualTo(0L);
		}
	}

	@Test
	void anInvalidationTheOtherCacheFailedToTakeKeepsTheTableOffEveryCacheUntilARetrySucceeds() {
		query();
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			query();
		}
		this.other.failInvalidations = true;
		update();
		assertThat(query()).isEqualTo(1L);
		assertThat(executionsOfRepeatedRead()).as("pending: the primary cache is bypassed too").isEqualTo(1);
		this.other.failInvalidations = false;
		try (var scope = this.settings.override(SettingsOverride.builder().cacheStore(this.other).build())) {
			assertThat(query()).isEqualTo(1L);
		}
	}

	private long query() {
		return query(this.dataSource);
	}

	private static long query(CachingDataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			List<List<Object>> rows = CachalotFixture.query(connection, READ);
			return (Long) rows.get(0).get(0);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private int executionsOfRepeatedRead() {
		query();
		int before = this.counting.count();
		query();
		return this.counting.count() - before;
	}

	private void update() {
		update(this.dataSource);
	}

	private static void update(CachingDataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			CachalotFixture.update(connection, UPDATE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
