package io.github.cachalot.autoconfigure;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;

/**
 * Wraps each {@link DataSource} bean in a {@link CachingDataSource} once it is initialized, unless
 * {@code cachalot.databases} leaves it out or a data source under it is already wrapped. The bean
 * keeps its type: it becomes a {@link CachingDataSourceProxy} of its own class, whose connections
 * come from cachalot and whose other methods go to the bean (an application injecting
 * {@code HikariDataSource} still gets one). A Spring
 * {@link AbstractRoutingDataSource}, or a Spring delegating proxy over one, is not wrapped itself:
 * each target of the routing data source is (it answers for several databases, which must not
 * share cache entries).
 */
public class CachingDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(CachingDataSourcePostProcessor.class);

	private final ObjectProvider<CachalotDataSources> dataSources;

	private final ObjectProvider<CachalotProperties> properties;

	private final Set<String> unseenScopedProxies = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private ConfigurableListableBeanFactory beanFactory;

	private final Set<AbstractRoutingDataSource> routed = java.util.Collections
		.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

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
		if (!(bean instanceof DataSource dataSource) || bean instanceof CachingDataSource) {
			return bean;
		}
		if (ScopedProxyUtils.isScopedTarget(beanName)) {
			// its scoped proxy is wrapped instead, once for every target it will reach
			warnIfTheScopedProxyIsUnseen(ScopedProxyUtils.getOriginalBeanName(beanName));
			return bean;
		}
		Set<String> databases = this.properties.getObject().getDatabases();
		if (!databases.isEmpty() && !databases.contains(beanName)) {
			logger.info("cachalot leaves data source '{}' alone: it is not listed in cachalot.databases {}", beanName,
					databases);
			return bean;
		}
		AbstractRoutingDataSource routing = routingUnder(dataSource);
		if (routing != null) {
			if (this.routed.add(routing)) {
				wrapTargets(routing, (routing == bean) ? beanName : beanName + ".target");
			}
			return bean;
		}
		Boolean wrappedBelow = isWrappedBelow(dataSource);
		if (wrappedBelow == null) {
			logger.warn("cachalot leaves data source '{}' alone: it cannot tell whether a data source under it is "
					+ "already wrapped (list the one to wrap in cachalot.databases, or wrap it yourself)", beanName);
			return bean;
		}
		if (wrappedBelow) {
			logger.debug("cachalot leaves data source '{}' alone: a data source under it is already wrapped", beanName);
			return bean;
		}
		return CachingDataSourceProxy.of(dataSource, startup(this.dataSources.getObject().wrap(dataSource, beanName)));
	}

	/**
	 * A scoped proxy registered as a synthetic bean (Spring Cloud's {@code @RefreshScope}) is seen by
	 * no post-processor: the data source is not wrapped at all, which must not go unnoticed.
	 */
	private void warnIfTheScopedProxyIsUnseen(String proxyName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(proxyName)
				|| !(this.beanFactory.getMergedBeanDefinition(proxyName) instanceof AbstractBeanDefinition definition)
				|| !definition.isSynthetic()
				|| !this.unseenScopedProxies.add(proxyName)) {
			return;
		}
		logger.warn("cachalot leaves data source '{}' alone: its scoped proxy (such as Spring Cloud's @RefreshScope "
				+ "makes) is a synthetic bean that no post-processor sees, and each target it reaches is replaced "
				+ "on a refresh; its reads are not cached (declare the pool without the scope, or wrap it yourself)",
				proxyName);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
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

	private DataSource wrapTarget(CachalotDataSources registry, DataSource target, String name) {
		if (target instanceof CachingDataSource || Boolean.TRUE.equals(isWrappedBelow(target))) {
			return target;
		}
		return CachingDataSourceProxy.of(target, startup(registry.wrap(target, name)));
	}

	private CachingDataSource startup(CachingDataSource wrapped) {
		if (this.properties.getObject().isInvalidateOnStartup() && !wrapped.invalidateAll()) {
			// before its first connection, the data source borrows one to learn its key scope
			logger.warn("cachalot could not invalidate data source '{}' at startup; its reads bypass the cache "
					+ "until the store and the database answer", wrapped.dataSourceId());
		}
		return wrapped;
	}

	/**
	 * The Spring routing data source that the bean is or delegates to (through Spring's delegating
	 * proxies), whose targets are wrapped instead of the bean: each target is a database of its own.
	 */
	private static AbstractRoutingDataSource routingUnder(DataSource dataSource) {
		DataSource current = dataSource;
		for (int depth = 0; depth < 16 && current != null; depth++) {
			if (current instanceof AbstractRoutingDataSource routing) {
				return routing;
			}
			current = (current instanceof DelegatingDataSource delegating) ? delegating.getTargetDataSource() : null;
		}
		return null;
	}

	/** Whether a data source under this one is already wrapped; {@code null} when that cannot be told. */
	private static Boolean isWrappedBelow(DataSource dataSource) {
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
			logger.debug("isWrapperFor failed on {}", dataSource, ex);
			return null;
		}
	}

}
