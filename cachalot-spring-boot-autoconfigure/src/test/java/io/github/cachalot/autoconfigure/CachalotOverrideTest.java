package io.github.cachalot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.config.CachalotSettings;
import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.config.SettingsOverride;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.CachalotOverride;
import io.github.cachalot.spring.SettingsOverrideBinder;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Overriding settings for a block of code and for a method, on one thread only. */
class CachalotOverrideTest {

	private static final String READ = "SELECT name FROM ov_items WHERE id = 1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withPropertyValues(TestDatabases.POSTGRESQL.springProperties());

	@BeforeAll
	static void createTable() {
		TestDatabases.POSTGRESQL.execute("DROP TABLE IF EXISTS ov_items",
				"CREATE TABLE ov_items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO ov_items VALUES (1, 'one')");
	}

	@Test
	void aBlockScopeBypassesTheCacheOnItsThreadOnly() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachalotManager cachalot = context.getBean(CachalotManager.class);
			jdbc.queryForObject(READ, String.class);
			try (var scope = cachalot.override("enabled=false")) {
				jdbc.queryForObject(READ, String.class);
				assertThat(hits(context)).isZero();
				CompletableFuture.runAsync(() -> jdbc.queryForObject(READ, String.class)).get();
				assertThat(hits(context)).as("another thread still hits").isEqualTo(1);
			}
			jdbc.queryForObject(READ, String.class);
			assertThat(hits(context)).isEqualTo(2);
		});
	}

	@Test
	void anAnnotatedMethodRunsWithItsOverride() {
		this.runner.run((context) -> {
			ReportService service = context.getBean(ReportService.class);
			assertThat(AopUtils.isAopProxy(service)).isTrue();
			service.cached();
			service.fresh();
			service.fresh();
			assertThat(hits(context)).isZero();
			service.cached();
			assertThat(hits(context)).isEqualTo(1);
			assertThat(service.settingsInside().timeout()).isEqualTo(Duration.ofSeconds(7));
			assertThat(context.getBean(OverridableSettings.class).timeout()).isNull();
		});
	}

	@Test
	void anAnnotatedClassOverridesEachOfItsMethodsAndAMethodAnnotationWins() {
		this.runner.run((context) -> {
			NoCacheService service = context.getBean(NoCacheService.class);
			assertThat(service.enabledInside()).isFalse();
			assertThat(service.enabledInsideReenabled()).isTrue();
		});
	}

	@Test
	void anInheritedMethodTakesTheOverrideOfTheClassItIsCalledOn() {
		this.runner.run((context) -> {
			assertThat(context.getBean(DisabledService.class).enabledNow()).isFalse();
			assertThat(context.getBean(RandomService.class).enabledNow()).isTrue();
			assertThat(context.getBean(RandomService.class).cacheRandomNow()).isTrue();
			assertThat(context.getBean(DisabledService.class).cacheRandomNow()).isFalse();
		});
	}

	@Test
	void theOverrideEndsWhenTheMethodThrows() {
		this.runner.run((context) -> {
			ReportService service = context.getBean(ReportService.class);
			assertThatIllegalStateException().isThrownBy(service::fails);
			assertThat(context.getBean(OverridableSettings.class).isOverridden()).isFalse();
		});
	}

	@Test
	void annotationsWorkWithoutBootsAopAutoConfiguration() {
		this.runner.withPropertyValues("spring.aop.auto=false").run((context) -> {
			ReportService service = context.getBean(ReportService.class);
			assertThat(AopUtils.isAopProxy(service)).isTrue();
			assertThat(service.settingsInside().timeout()).isEqualTo(Duration.ofSeconds(7));
		});
	}

	@Test
	void aBadAnnotationSaysWhereItIs() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(ReportService.class).badlyAnnotated())
			.withMessageContaining("Invalid @CachalotOverride on")
			.withMessageContaining("badlyAnnotated")
			.withMessageContaining("'colour' is not a cachalot setting"));
	}

	@Test
	void theBinderReadsSettingsAsApplicationYmlDoes() {
		this.runner.run((context) -> {
			SettingsOverrideBinder binder = context.getBean(SettingsOverrideBinder.class);
			SettingsOverride override = binder.bind("cachalot.timeout=2m", "cacheRandom=true",
					"uncachable-tables=Audit, Log", "only-cachable-tables=audit,log", "max-result-size=1KB",
					"max_result_rows=3", "enabled=false");
			OverridableSettings settings = context.getBean(OverridableSettings.class);
			try (var scope = settings.override(override)) {
				assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.cacheRandom()).isTrue();
				assertThat(settings.uncachableTables()).containsExactlyInAnyOrder("audit", "log");
				assertThat(settings.onlyCachableTables()).containsExactlyInAnyOrder("audit", "log");
				assertThat(settings.maxResultBytes()).isEqualTo(1024);
				assertThat(settings.maxResultRows()).isEqualTo(3);
				assertThat(settings.enabled()).isFalse();
			}
			try (var scope = settings.override(binder.bind(Map.of("timeout", "forever")))) {
				assertThat(settings.timeout()).isNull();
			}
		});
	}

	@Test
	void theBinderRefusesWhatCannotBeOverridden() {
		this.runner.run((context) -> {
			SettingsOverrideBinder binder = context.getBean(SettingsOverrideBinder.class);
			assertThatIllegalArgumentException().isThrownBy(() -> binder.bind("table-keygen=other"))
				.withMessageContaining("every thread must agree on it");
			assertThatIllegalArgumentException().isThrownBy(() -> binder.bind("invalidate-raw=false"))
				.withMessageContaining("what writes invalidate");
			assertThatIllegalArgumentException().isThrownBy(() -> binder.bind("additional-tables.orders=totals"))
				.withMessageContaining("what writes invalidate");
			assertThatIllegalArgumentException().isThrownBy(() -> binder.bind("enabled"))
				.withMessageContaining("key=value");
			assertThatIllegalArgumentException().isThrownBy(() -> binder.bind("shared.mode=available"))
				.withMessageContaining("not a cachalot setting that can be overridden");
		});
	}

	private static long hits(org.springframework.context.ApplicationContext context) {
		return CachingDataSourceProxy.cachingOf(context.getBean(DataSource.class)).statistics().hits();
	}

	/** A service whose methods read the same row, some with overrides. */
	static class ReportService {

		private final JdbcTemplate jdbc;

		private final OverridableSettings settings;

		ReportService(JdbcTemplate jdbc, OverridableSettings settings) {
			this.jdbc = jdbc;
			this.settings = settings;
		}

		String cached() {
			return this.jdbc.queryForObject(READ, String.class);
		}

		@CachalotOverride("enabled=false")
		String fresh() {
			return this.jdbc.queryForObject(READ, String.class);
		}

		@CachalotOverride({ "timeout=7s", "cache-random=true" })
		CachalotSettings settingsInside() {
			CachalotSettings current = this.settings.current();
			return SnapshotSettings.of(current);
		}

		@CachalotOverride("enabled=false")
		void fails() {
			throw new IllegalStateException("boom");
		}

		@CachalotOverride("colour=blue")
		void badlyAnnotated() {
		}

	}

	/** Every method of this class runs without the cache, unless a method says otherwise. */
	@CachalotOverride("enabled=false")
	static class NoCacheService {

		private final OverridableSettings settings;

		NoCacheService(OverridableSettings settings) {
			this.settings = settings;
		}

		boolean enabledInside() {
			return this.settings.enabled();
		}

		@CachalotOverride("enabled=true")
		boolean enabledInsideReenabled() {
			return this.settings.enabled();
		}

	}

	/** Methods inherited by services whose classes carry different overrides. */
	abstract static class SettingsReader {

		private final OverridableSettings settings;

		SettingsReader(OverridableSettings settings) {
			this.settings = settings;
		}

		boolean enabledNow() {
			return this.settings.enabled();
		}

		boolean cacheRandomNow() {
			return this.settings.cacheRandom();
		}

	}

	@CachalotOverride("enabled=false")
	static class DisabledService extends SettingsReader {

		DisabledService(OverridableSettings settings) {
			super(settings);
		}

	}

	@CachalotOverride("cache-random=true")
	static class RandomService extends SettingsReader {

		RandomService(OverridableSettings settings) {
			super(settings);
		}

	}

	/** The values of settings at one moment, to look at after the scope closed. */
	record SnapshotSettings(Duration timeout) implements CachalotSettings {

		static SnapshotSettings of(CachalotSettings settings) {
			return new SnapshotSettings(settings.timeout());
		}

		@Override
		public boolean enabled() {
			return true;
		}

		@Override
		public boolean cacheRandom() {
			return false;
		}

		@Override
		public boolean invalidateRaw() {
			return true;
		}

		@Override
		public java.util.Set<String> uncachableTables() {
			return java.util.Set.of();
		}

		@Override
		public java.util.Set<String> onlyCachableTables() {
			return java.util.Set.of();
		}

		@Override
		public Map<String, java.util.Set<String>> additionalTables() {
			return Map.of();
		}

		@Override
		public io.github.cachalot.key.QueryKeyGenerator queryKeyGenerator() {
			return null;
		}

		@Override
		public io.github.cachalot.key.TableKeyGenerator tableKeyGenerator() {
			return null;
		}

		@Override
		public int maxResultRows() {
			return 0;
		}

		@Override
		public long maxResultBytes() {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		ReportService reportService(JdbcTemplate jdbc, OverridableSettings settings) {
			return new ReportService(jdbc, settings);
		}

		@Bean
		NoCacheService noCacheService(OverridableSettings settings) {
			return new NoCacheService(settings);
		}

		@Bean
		DisabledService disabledService(OverridableSettings settings) {
			return new DisabledService(settings);
		}

		@Bean
		RandomService randomService(OverridableSettings settings) {
			return new RandomService(settings);
		}

	}

}
