package io.github.cachalot.autoconfigure;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;

/**
 * Wraps each {@link DataSource} bean in a {@link CachingDataSource} once it is initialized, unless
 * {@code cachalot.databases} leaves it out or a data source under it is already wrapped. A Spring
 * {@link AbstractRoutingDataSource} is not wrapped itself: each of its targets is (a routing data
 * source answers for several databases, which must not share cache entries).
 */
public class CachingDataSourcePostProcessor implements BeanPostProcessor, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(CachingDataSourcePostProcessor.class);

	private final ObjectProvider<CachalotDataSources> dataSources;

	private final ObjectProvider<CachalotProperties> properties;

	/** A post-processor that wraps with the registry it resolves on first use. */
	public CachingDataSourcePostProcessor(ObjectProvider<CachalotDataSources> dataSources,
			ObjectProvider<CachalotProperties> properties) {
		this.dataSources = dataSources;
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || bean instanceof CachingDataSource
				|| beanName.startsWith("scopedTarget.")) {
			return bean;
		}
		Set<String> databases = this.properties.getObject().getDatabases();
		if (!databases.isEmpty() && !databases.contains(beanName)) {
			logger.info("cachalot leaves data source '{}' alone: it is not listed in cachalot.databases {}", beanName,
					databases);
			return bean;
		}
		if (bean instanceof AbstractRoutingDataSource routing) {
			wrapTargets(routing, beanName);
			return bean;
		}
		if (isWrappedBelow(dataSource)) {
			logger.debug("cachalot leaves data source '{}' alone: a data source under it is already wrapped", beanName);
			return bean;
		}
		return this.dataSources.getObject().wrap(dataSource, beanName);
	}

	private void wrapTargets(AbstractRoutingDataSource routing, String beanName) {
		CachalotDataSources registry = this.dataSources.getObject();
		Map<DataSource, DataSource> done = new IdentityHashMap<>();
		Map<Object, Object> targets = new HashMap<>();
		routing.getResolvedDataSources().forEach((key, target) -> targets.put(key,
				done.computeIfAbsent(target, (raw) -> wrapTarget(registry, raw, beanName + "[" + key + "]"))));
		DataSource fallback = routing.getResolvedDefaultDataSource();
		routing.setTargetDataSources(targets);
		if (fallback != null) {
			routing.setDefaultTargetDataSource(
					done.computeIfAbsent(fallback, (raw) -> wrapTarget(registry, raw, beanName + "[default]")));
		}
		routing.afterPropertiesSet();
	}

	private static DataSource wrapTarget(CachalotDataSources registry, DataSource target, String name) {
		if (target instanceof CachingDataSource || isWrappedBelow(target)) {
			return target;
		}
		return registry.wrap(target, name);
	}

	private static boolean isWrappedBelow(DataSource dataSource) {
		DataSource current = dataSource;
		for (int depth = 0; depth < 16 && current != null; depth++) {
			if (current instanceof CachingDataSource) {
				return true;
			}
			current = (current instanceof DelegatingDataSource delegating) ? delegating.getTargetDataSource() : null;
		}
		try {
			return dataSource.isWrapperFor(CachingDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

}
