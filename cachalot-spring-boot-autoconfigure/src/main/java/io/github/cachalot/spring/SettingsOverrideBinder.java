package io.github.cachalot.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.unit.DataSize;

import io.github.cachalot.config.SettingsOverride;
import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.spring.store.CachalotCaches;
import io.github.cachalot.store.CacheStore;

/**
 * Turns settings written as in {@code application.yml} ({@code "timeout=5s"},
 * {@code "cachalot.enabled=false"}, {@code "uncachable-tables=audit,log"}) into a
 * {@link SettingsOverride}, with Spring Boot's conversions (durations, sizes, lists, relaxed
 * names).
 */
public final class SettingsOverrideBinder {

	private static final String PREFIX = "cachalot.";

	/** The settings an override may set, in their canonical spelling. */
	public static final Set<String> OVERRIDABLE = Set.of("enabled", "timeout", "cache-random", "uncachable-tables",
			"only-cachable-tables", "query-keygen", "max-result-rows", "max-result-size", "cache-alias", "cache-name");

	private final BeanFactory beanFactory;

	/** A binder that resolves key generator bean names in the given factory. */
	public SettingsOverrideBinder(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/** Binds {@code key=value} strings (the {@code cachalot.} prefix is optional). */
	public SettingsOverride bind(String... settings) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException(
						"A cachalot override must read key=value, like \"enabled=false\", not \"" + setting + "\"");
			}
			map.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
		}
		return bind(map);
	}

	/** Binds the given settings (the {@code cachalot.} prefix is optional on each key). */
	public SettingsOverride bind(Map<String, String> settings) {
		Map<String, String> source = new LinkedHashMap<>();
		Set<String> given = new TreeSet<>();
		settings.forEach((key, value) -> {
			String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
			int dot = name.indexOf('.');
			String root = kebab((dot < 0) ? name : name.substring(0, dot));
			String canonical = (dot < 0) ? root : root + name.substring(dot);
			if (!OVERRIDABLE.contains(root)) {
				throw new IllegalArgumentException("'" + key + "' is not a cachalot setting that can be overridden; "
						+ "those are " + new TreeSet<>(OVERRIDABLE)
						+ " (what writes invalidate, invalidate-raw, additional-tables and table-keygen, cannot be: "
						+ "every thread must agree on it)");
			}
			given.add(root);
			source.put(canonical, value);
		});
		Binder binder = new Binder(List.of(new MapConfigurationPropertySource(source)), null,
				ApplicationConversionService.getSharedInstance());
		SettingsOverride.Builder builder = SettingsOverride.builder();
		for (String name : given) {
			switch (name) {
				case "enabled" -> builder.enabled(binder.bind(name, Boolean.class).get());
				case "timeout" -> builder.timeout(blank(source, name) ? null : binder.bind(name, Duration.class).get());
				case "cache-random" -> builder.cacheRandom(binder.bind(name, Boolean.class).get());
				case "uncachable-tables" ->
					builder.uncachableTables(binder.bind(name, Bindable.setOf(String.class)).orElse(Set.of()));
				case "only-cachable-tables" ->
					builder.onlyCachableTables(binder.bind(name, Bindable.setOf(String.class)).orElse(Set.of()));
				case "query-keygen" -> builder.queryKeyGenerator(
						this.beanFactory.getBean(binder.bind(name, String.class).get(), QueryKeyGenerator.class));
				case "max-result-rows" -> builder.maxResultRows(binder.bind(name, Integer.class).get());
				case "max-result-size" -> builder.maxResultBytes(binder.bind(name, DataSize.class).get().toBytes());
				case "cache-alias", "cache-name" -> {
					// both make one setting: done once, below
				}
				default -> throw new IllegalStateException(name);
			}
		}
		if (given.contains("cache-alias") || given.contains("cache-name")) {
			builder.cacheStore(cacheStore(source.get("cache-alias"), source.get("cache-name")));
		}
		return builder.build();
	}

	/**
	 * The cache an override names, resolved now (an unknown CacheManager or cache fails the
	 * override); the half not given is the one configured (cachalot.cache-alias, cache-name).
	 */
	private CacheStore cacheStore(String alias, String name) {
		CachalotCaches caches = this.beanFactory.getBeanProvider(CachalotCaches.class).getIfAvailable();
		if (caches == null) {
			throw new IllegalStateException("cache-alias and cache-name cannot be overridden: cachalot wraps no "
					+ "data source (cachalot.enabled=false at startup)");
		}
		return caches.overriding(alias, name);
	}

	/** {@code cacheRandom}, {@code cache_random} and {@code CACHE-RANDOM} all read {@code cache-random}. */
	private static String kebab(String name) {
		StringBuilder kebab = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_') {
				c = '-';
			}
			if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
				kebab.append('-');
			}
			kebab.append(Character.toLowerCase(c));
		}
		return kebab.toString();
	}

	private static boolean blank(Map<String, String> source, String name) {
		String value = source.get(name);
		return value != null && (value.isBlank() || value.equalsIgnoreCase("forever"));
	}

}
