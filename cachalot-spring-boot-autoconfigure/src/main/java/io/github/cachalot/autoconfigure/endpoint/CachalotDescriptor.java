package io.github.cachalot.autoconfigure.endpoint;

import java.util.Map;

/**
 * What the {@code cachalot} endpoint reports: the settings in force and each wrapped data source.
 * @param settings the settings in force
 * @param dataSources the wrapped data sources by name, in the order they were wrapped
 */
public record CachalotDescriptor(SettingsDescriptor settings, Map<String, DataSourceDescriptor> dataSources) {
}
