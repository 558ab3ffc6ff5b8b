package io.github.cachalot.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.github.cachalot.autoconfigure.CachalotProperties;
import io.github.cachalot.config.CachalotSettings;

/**
 * The settings of cachalot in force, as the {@code cachalot} endpoint reports them.
 * @param enabled whether reads are served from and stored in the cache
 * @param timeout how long a result stays cached, {@code null} for no limit
 * @param cacheRandom whether reads with random ordering or values are cached
 * @param invalidateRaw whether statements whose written tables cannot be known invalidate the
 * whole data source
 * @param uncachableTables tables whose reads are never cached
 * @param onlyCachableTables when not empty, the only tables whose reads are cached
 * @param additionalTables tables whose writes also invalidate other tables
 * @param maxResultRows the largest number of rows a cached result may have
 * @param maxResultBytes the largest estimated size in bytes a cached result may have
 * @param cacheAlias the bean name of the CacheManager asked for, {@code null} for the default
 * @param cacheName the name of the cache inside that CacheManager
 */
public record SettingsDescriptor(boolean enabled, @Nullable Duration timeout, boolean cacheRandom,
		boolean invalidateRaw, Set<String> uncachableTables, Set<String> onlyCachableTables,
		Map<String, Set<String>> additionalTables, int maxResultRows, long maxResultBytes, @Nullable String cacheAlias,
		String cacheName) {

	/** Describes the given live settings and the startup properties of the cache. */
	static SettingsDescriptor of(CachalotSettings settings, CachalotProperties properties) {
		Map<String, Set<String>> additional = new TreeMap<>();
		settings.additionalTables().forEach((table, dependents) -> additional.put(table, new TreeSet<>(dependents)));
		return new SettingsDescriptor(settings.enabled(), settings.timeout(), settings.cacheRandom(),
				settings.invalidateRaw(), new TreeSet<>(settings.uncachableTables()),
				new TreeSet<>(settings.onlyCachableTables()), additional, settings.maxResultRows(),
				settings.maxResultBytes(), properties.getCacheAlias(), properties.getCacheName());
	}

}
