package io.github.cachalot.backends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.cache.Cache;
import javax.cache.configuration.Configuration;
import javax.sql.DataSource;

import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.store.SpringCacheStore;
import io.github.cachalot.store.CacheStore;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cachalot on JCache (JSR-107) through Spring's JCacheCacheManager, with Ehcache 3 configured by
 * Spring Boot from {@code backends/ehcache.xml}: ten entries on the heap, the rest on a persistent
 * disk tier (the counterpart of django-cachalot's file-based cache). The generic adapter stores
 * byte[] in cachalot's own format, which Ehcache keeps with its byte[] serializer.
 * <p>
 * Since the disk tier outlives the application, so do the results and the table tokens in it. A
 * write the application made before a restart is never lost (the stored token moved on with it),
 * but a write made while the application was down, by anything else, is not seen after the restart
 * until the tables are invalidated: exactly as for a write behind cachalot's back while it runs.
 */
class JCacheEhcacheTest {

	private static final String READ = "SELECT name FROM eh_items WHERE id = 1";

	private Path directory;

	@BeforeEach
	void createTableAndDiskDirectory() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS eh_items",
				"CREATE TABLE eh_items (id INT PRIMARY KEY, name VARCHAR(20))",
				"INSERT INTO eh_items SELECT i, 'item ' || i FROM generate_series(1, 40) i",
				"UPDATE eh_items SET name = 'one' WHERE id = 1");
		this.directory = EhcacheBackend.newDirectory();
	}

	@AfterEach
	void deleteDiskDirectory() throws IOException {
		EhcacheBackend.delete(this.directory);
	}

	private ApplicationContextRunner runner() {
		return EhcacheBackend.configure(Backend.IN_PROCESS_CAFFEINE.runner(), this.directory);
	}

	@Test
	void springBootsJCacheSupportBacksCachalotWithTheEhcacheCacheThroughTheGenericAdapter() {
		runner().run((context) -> {
			assertThat(context.getBean(org.springframework.cache.CacheManager.class))
				.isInstanceOf(JCacheCacheManager.class);
			CacheStore store = context.getBean(CacheStore.class);
			assertThat(store).as("a cache that copies values may be remote: guarded")
				.isInstanceOf(io.github.cachalot.store.CircuitBreakingCacheStore.class);
			CacheStore adapter = ((io.github.cachalot.store.CircuitBreakingCacheStore) store).delegate();
			assertThat(adapter).isInstanceOf(SpringCacheStore.class);
			assertThat(((SpringCacheStore) adapter).isByReference()).as("a JCache copies values").isFalse();
			assertThat(store.description()).contains("cache 'cachalot' of CacheManager 'cacheManager'")
				.contains("JCacheCacheManager")
				.contains("values in cachalot's binary format");
			Cache<?, ?> cache = nativeCache(context);
			@SuppressWarnings("unchecked")
			Configuration<?, ?> configuration = cache.getConfiguration(Configuration.class);
			assertThat(configuration.getKeyType()).isEqualTo(String.class);
			assertThat(configuration.getValueType()).isEqualTo(byte[].class);
			org.ehcache.config.CacheRuntimeConfiguration<?, ?> ehcache = cache
				.unwrap(org.ehcache.Cache.class)
				.getRuntimeConfiguration();
			SizedResourcePool disk = ehcache.getResourcePools().getPoolForResource(ResourceType.Core.DISK);
			assertThat(disk.isPersistent()).isTrue();
			assertThat(ehcache.getResourcePools().getPoolForResource(ResourceType.Core.HEAP).getSize())
				.isEqualTo(10);
		});
	}

	@Test
	void readsAreCachedAsByteArraysNeverAsObjects() {
		runner().run((context) -> {
			assertThat(read(context)).isEqualTo("one");
			assertThat(read(context)).isEqualTo("one");
			assertThat(stats(context).hits()).isEqualTo(1);
			List<Object> values = new ArrayList<>();
			nativeCache(context).forEach((entry) -> values.add(entry.getValue()));
			assertThat(values).as("the result, the data source token and the table token").hasSize(3);
			assertThat(values).allSatisfy((value) -> assertThat(value).isInstanceOf(byte[].class));
		});
	}

	@Test
	void writesThroughTheApplicationInvalidate() {
		runner().run((context) -> {
			assertThat(read(context)).isEqualTo("one");
			jdbc(context).update("UPDATE eh_items SET name = 'two' WHERE id = 1");
			assertThat(read(context)).isEqualTo("two");
			assertThat(read(context)).isEqualTo("two");
			jdbc(context).update("DELETE FROM eh_items WHERE id = 1");
			assertThat(jdbc(context).queryForList(READ, String.class)).isEmpty();
			assertThat(stats(context).hits()).isEqualTo(1);
		});
	}

	@Test
	void theDiskTierHoldsWhatTheHeapCannot() {
		runner().run((context) -> {
			for (int id = 1; id <= 40; id++) {
				jdbc(context).queryForObject("SELECT name FROM eh_items WHERE id = ?", String.class, id);
			}
			long hits = stats(context).hits();
			for (int id = 1; id <= 40; id++) {
				jdbc(context).queryForObject("SELECT name FROM eh_items WHERE id = ?", String.class, id);
			}
			assertThat(stats(context).hits() - hits).as("42 entries in a heap of 10: all still there").isEqualTo(40);
			assertThat(diskBytes()).as("bytes in the disk tier's files").isPositive();
		});
	}

	@Test
	void aWriteTheApplicationMadeBeforeARestartIsNeverLost() {
		runner().run((context) -> assertThat(read(context)).isEqualTo("one"));
		runner().run((context) -> {
			assertThat(read(context)).as("entries survive a restart on the disk tier").isEqualTo("one");
			assertThat(stats(context).hits()).isEqualTo(1);
			jdbc(context).update("UPDATE eh_items SET name = 'two' WHERE id = 2");
		});
		runner().run((context) -> {
			assertThat(read(context)).as("a write to another row invalidated the table").isEqualTo("one");
			assertThat(stats(context).hits()).as("the token stored with the write moved on").isZero();
			jdbc(context).update("UPDATE eh_items SET name = 'new' WHERE id = 1");
		});
		runner().run((context) -> assertThat(read(context)).isEqualTo("new"));
	}

	/**
	 * The freshness hole of every persistent cache that only the application invalidates (shared by
	 * django-cachalot's file cache): results and tokens come back from disk as they were, so a write
	 * made while the application was down (a batch job, a restore, another instance with a cache of
	 * its own) is not seen until something invalidates the tables. Invalidating everything at start
	 * (the actuator's POST, or {@link CachalotManager#invalidateAll()}) closes it.
	 */
	@Test
	void aWriteMadeWhileTheApplicationWasDownIsNotSeenAfterARestartUntilInvalidated() {
		runner().run((context) -> assertThat(read(context)).isEqualTo("one"));
		TestDatabases.POSTGRESQL.execute("UPDATE eh_items SET name = 'while down' WHERE id = 1");
		runner().run((context) -> {
			assertThat(read(context)).as("stale: served from the disk tier with its old, still current tokens")
				.isEqualTo("one");
			assertThat(stats(context).hits()).isEqualTo(1);
			context.getBean(CachalotManager.class).invalidateAll();
			assertThat(read(context)).isEqualTo("while down");
		});
	}

	@Test
	void invalidateOnStartupClosesThatHoleForPersistentCaches() {
		runner().run((context) -> assertThat(read(context)).isEqualTo("one"));
		TestDatabases.POSTGRESQL.execute("UPDATE eh_items SET name = 'while down' WHERE id = 1");
		runner().withPropertyValues("cachalot.invalidate-on-startup=true").run((context) -> {
			assertThat(read(context)).isEqualTo("while down");
			assertThat(read(context)).isEqualTo("while down");
			assertThat(stats(context).hits()).as("caching goes on after the startup invalidation").isEqualTo(1);
		});
	}

	private long diskBytes() {
		try (Stream<Path> files = Files.walk(this.directory)) {
			return files.filter(Files::isRegularFile).filter((path) -> !path.getFileName().toString().endsWith(".lock"))
				.mapToLong((path) -> path.toFile().length())
				.sum();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Cache<?, ?> nativeCache(AssertableApplicationContext context) {
		return (Cache<?, ?>) context.getBean(org.springframework.cache.CacheManager.class)
			.getCache("cachalot")
			.getNativeCache();
	}

	private static String read(AssertableApplicationContext context) {
		return jdbc(context).queryForObject(READ, String.class);
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		return context.getBean(JdbcTemplate.class);
	}

	private static CachalotStatistics stats(AssertableApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics();
	}

}
