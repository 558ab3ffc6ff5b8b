package io.github.cachalot.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.cachalot.key.TableKeyGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Thread-bound override scopes: they override, nest, restore, and stay on their thread. */
class OverridableSettingsTest {

	private final MutableCachalotSettings base = new MutableCachalotSettings();

	private final OverridableSettings settings = new OverridableSettings(this.base);

	@Test
	void withoutScopeTheBaseSettingsApplyLive() {
		assertThat(this.settings.enabled()).isTrue();
		this.base.setEnabled(false);
		assertThat(this.settings.enabled()).isFalse();
		assertThat(this.settings.current()).isSameAs(this.base);
	}

	@Test
	void aScopeOverridesOnlyWhatItSets() {
		try (OverridableSettings.Scope scope = this.settings
			.override(SettingsOverride.builder().timeout(Duration.ofSeconds(5)).uncachableTables(List.of("Orders")).build())) {
			assertThat(this.settings.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(this.settings.uncachableTables()).containsExactly("orders");
			assertThat(this.settings.enabled()).isTrue();
			this.base.setEnabled(false);
			assertThat(this.settings.enabled()).as("settings not overridden stay live").isFalse();
			assertThat(this.settings.current()).isSameAs(scope);
		}
		assertThat(this.settings.timeout()).isNull();
		assertThat(this.settings.uncachableTables()).isEqualTo(MutableCachalotSettings.DEFAULT_UNCACHABLE_TABLES);
		assertThat(this.settings.isOverridden()).isFalse();
	}

	@Test
	void scopesNestAndRestoreInOrder() {
		try (var outer = this.settings.override(SettingsOverride.builder().enabled(false).maxResultRows(5).build())) {
			try (var inner = this.settings.override(SettingsOverride.builder().enabled(true).build())) {
				assertThat(this.settings.enabled()).isTrue();
				assertThat(this.settings.maxResultRows()).as("inherited from the enclosing scope").isEqualTo(5);
			}
			assertThat(this.settings.enabled()).isFalse();
			assertThat(this.settings.maxResultRows()).isEqualTo(5);
		}
		assertThat(this.settings.enabled()).isTrue();
		assertThat(this.settings.maxResultRows()).isEqualTo(MutableCachalotSettings.DEFAULT_MAX_RESULT_ROWS);
	}

	@Test
	void aTimeoutCanBeOverriddenToForever() {
		this.base.setTimeout(Duration.ofMinutes(1));
		try (var scope = this.settings.override(SettingsOverride.builder().timeout(null).build())) {
			assertThat(this.settings.timeout()).isNull();
		}
		assertThat(this.settings.timeout()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void closingAnOuterScopeClosesTheScopesOpenedInsideIt() {
		var outer = this.settings.override(SettingsOverride.builder().enabled(false).build());
		var inner = this.settings.override(SettingsOverride.builder().cacheRandom(true).build());
		outer.close();
		assertThat(this.settings.enabled()).isTrue();
		assertThat(this.settings.cacheRandom()).isFalse();
		assertThat(this.settings.isOverridden()).as("nothing leaks on a pooled thread").isFalse();
		inner.close();
		assertThat(this.settings.isOverridden()).isFalse();
	}

	@Test
	void closingTwiceDoesNothing() {
		var outer = this.settings.override(SettingsOverride.builder().enabled(false).build());
		var inner = this.settings.override(SettingsOverride.builder().maxResultRows(1).build());
		inner.close();
		inner.close();
		assertThat(this.settings.enabled()).isFalse();
		outer.close();
		assertThat(this.settings.enabled()).isTrue();
	}

	@Test
	void otherThreadsAreLeftAlone() throws Exception {
		try (var scope = this.settings.override(SettingsOverride.builder().enabled(false).build())) {
			boolean elsewhere = CompletableFuture.supplyAsync(this.settings::enabled).get();
			assertThat(elsewhere).isTrue();
			assertThat(this.settings.enabled()).isFalse();
		}
	}

	@Test
	void aScopeMustBeClosedOnItsThread() throws Exception {
		var scope = this.settings.override(SettingsOverride.builder().enabled(false).build());
		Throwable failure = CompletableFuture.runAsync(scope::close).handle((ignored, ex) -> ex).get();
		assertThat(failure).hasCauseInstanceOf(IllegalStateException.class);
		scope.close();
		assertThat(this.settings.enabled()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> {
			throw (IllegalStateException) failure.getCause();
		}).withMessageContaining("thread that opened it");
	}

	@Test
	void whatWritesInvalidateIsNeverThreadLocal() {
		TableKeyGenerator custom = new TableKeyGenerator() {
			@Override
			public String tableKey(String dataSourceId, String table) {
				return "x:" + table;
			}

			@Override
			public String dataSourceKey(String dataSourceId) {
				return "x";
			}
		};
		try (var scope = this.settings.override(SettingsOverride.builder().enabled(false).build())) {
			this.base.setTableKeyGenerator(custom);
			this.base.setInvalidateRaw(false);
			this.base.setAdditionalTables(Map.of("orders", List.of("totals")));
			assertThat(this.settings.tableKeyGenerator()).isSameAs(custom);
			assertThat(this.settings.invalidateRaw()).isFalse();
			assertThat(this.settings.additionalTables()).containsOnlyKeys("orders");
		}
	}

	@Test
	void aNegativeTimeoutIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsOverride.builder().timeout(Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
	}

	@Test
	void anOverrideDescribesWhatItSets() {
		assertThat(SettingsOverride.builder().enabled(false).onlyCachableTables(Set.of("A")).build())
			.hasToString("SettingsOverride[enabled=false, onlyCachableTables=[a]]");
		assertThat(SettingsOverride.none()).hasToString("SettingsOverride[]");
	}

}
