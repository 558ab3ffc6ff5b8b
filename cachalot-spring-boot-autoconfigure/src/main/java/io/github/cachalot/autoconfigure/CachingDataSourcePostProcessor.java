package io.github.cachalot.autoconfigure;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.util.ReflectionUtils;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachalotDataSources;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.RoutingTargets;

/**
 * Wraps each {@link DataSource} bean in a {@link CachingDataSource} once it is initialized, unless
 * {@code cachalot.databases} leaves it out or a data source under it is already wrapped. A pool
 * bean keeps its type: it becomes a {@link CachingDataSourceProxy} of its own class, whose
 * connections come from cachalot and whose other methods go to the bean (an application injecting
 * {@code HikariDataSource} still gets one). What wraps other data sources is wrapped where it
 * keeps them working:
 * <ul>
 * <li>under a Spring delegating proxy ({@link DelegatingDataSource}: {@link LazyConnectionDataSourceProxy},
 * {@code TransactionAwareDataSourceProxy}…) the data source it delegates to is wrapped and set
 * back as its target (and so is a lazy proxy's read-only data source), so that the proxy keeps
 * what it does: a lazy one fetches no connection until a statement needs it, and routes
 * read-only transactions to its read-only data source;</li>
 * <li>a Spring {@link AbstractRoutingDataSource} (the bean, or under a delegating proxy, or seen
 * through {@code unwrap} from a JDK proxy or a decorator such as p6spy or datasource-proxy) is not
 * wrapped itself: each of its targets is, named {@code bean[lookup key]} ({@code bean.target[…]}
 * under a delegating proxy), since one routing data source may answer for several databases;
 * targets it routes to later are wrapped on first use (see {@link RoutingTargets}).</li>
 * </ul>
 * Data sources on one database share their invalidations however they are wired (see
 * {@link CachingDataSource#database()}).
 */
public class CachingDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(CachingDataSourcePostProcessor.class);

	private static final int MAX_DEPTH = 16;

	private final ObjectProvider<CachalotDataSources> dataSources;

	private final ObjectProvider<CachalotProperties> properties;

	private final Set<String> unseenScopedProxies = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private ConfigurableListableBeanFactory beanFactory;

	/** The routing data sources whose targets are wrapped, and what stands for each (its proxy). */
	private final Map<Object, DataSource> routed = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

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
		return wrapWithin(dataSource, beanName, beanName, 0);
	}

	/**
	 * Wraps what the data source reaches, where it keeps working (see the class comment), and
	 * returns what stands for it now: itself, a proxy of it, or cachalot's proxy of it.
	 * @param name what a data source wrapped here is named
	 * @param routingName what the targets of a routing data source found here are named after
	 */
	private DataSource wrapWithin(DataSource dataSource, String name, String routingName, int depth) {
		if (depth > MAX_DEPTH || dataSource instanceof CachingDataSource) {
			return dataSource;
		}
		if (dataSource instanceof AbstractRoutingDataSource routing) {
			return wrapTargets(routing, routingName, null);
		}
		if (dataSource instanceof DelegatingDataSource delegating) {
			String below = name.equals(routingName) ? name + ".target" : routingName;
			DataSource target = delegating.getTargetDataSource();
			if (target != null) {
				DataSource replacement = wrapWithin(target, name, below, depth + 1);
				if (replacement != target) {
					delegating.setTargetDataSource(replacement);
				}
			}
			if (delegating instanceof LazyConnectionDataSourceProxy lazy) {
				DataSource readOnly = readOnlyDataSourceOf(lazy);
				if (readOnly != null) {
					DataSource replacement = wrapWithin(readOnly, name + ".readOnly", name + ".readOnly", depth + 1);
					if (replacement != readOnly) {
						lazy.setReadOnlyDataSource(replacement);
					}
				}
			}
			return dataSource;
		}
		if (!(dataSource instanceof ScopedObject) && hasStaticTarget(dataSource)) {
			// a JDK proxy or a decorator that unwraps to what it decorates
			AbstractRoutingDataSource routing = unwrapped(dataSource, AbstractRoutingDataSource.class);
			if (routing != null) {
				return wrapTargets(routing, routingName, dataSource);
			}
			if (AopUtils.isAopProxy(dataSource)) {
				DelegatingDataSource delegating = unwrapped(dataSource, DelegatingDataSource.class);
				if (delegating != null) {
					wrapWithin(delegating, name, routingName, depth + 1);
					return dataSource;
				}
			}
		}
		Boolean wrappedBelow = isWrappedBelow(dataSource);
		if (wrappedBelow == null) {
			logger.warn("cachalot leaves data source '{}' alone: it cannot tell whether a data source under it is "
					+ "already wrapped (list the one to wrap in cachalot.databases, or wrap it yourself)", name);
			return dataSource;
		}
		if (wrappedBelow) {
			logger.debug("cachalot leaves data source '{}' alone: a data source under it is already wrapped", name);
			return dataSource;
		}
		return CachingDataSourceProxy.of(dataSource, startup(this.dataSources.getObject().wrap(dataSource, name)));
	}

	/**
	 * Wraps the targets of a routing data source once, and returns what stands for it now. Targets
	 * it routes to later are wrapped too where cachalot can stand between it and its callers: the
	 * AOP proxy that is the bean (or that {@code seenThrough}, the bean it was unwrapped from, is)
	 * gets an advice; a routing data source that is the bean, or under a Spring delegating proxy,
	 * is replaced by a class-based proxy of itself.
	 */
	private DataSource wrapTargets(AbstractRoutingDataSource routing, String name, DataSource seenThrough) {
		synchronized (this.routed) {
			DataSource known = this.routed.get(routing);
			if (known != null) {
				return (seenThrough != null) ? seenThrough : known;
			}
			RoutingTargets targets = new RoutingTargets(routing, name, this::wrapTarget);
			targets.wrapCurrentTargets();
			DataSource standsFor = routing;
			String unfollowed = targets.whyLaterTargetsAreNotFollowed();
			Advised aop = (seenThrough != null) ? aopProxy(seenThrough) : aopProxy(routing);
			if (unfollowed == null && aop != null) {
				if (!targets.advise(aop)) {
					unfollowed = "its AOP proxy is frozen";
				}
			}
			else if (unfollowed == null && seenThrough != null) {
				unfollowed = "it sits under " + seenThrough.getClass().getName()
						+ ", which is no Spring AOP proxy cachalot can advise";
			}
			else if (unfollowed == null) {
				DataSource proxy = targets.proxy();
				if (proxy != null) {
					standsFor = proxy;
				}
				else {
					unfollowed = routing.getClass().getName() + " cannot be subclassed";
				}
			}
			if (unfollowed != null) {
				logger.info("cachalot wrapped the targets that routing data source '{}' has now; targets added to it "
						+ "later are not wrapped ({})", name, unfollowed);
			}
			this.routed.put(routing, standsFor);
			this.routed.put(standsFor, standsFor);
			return (seenThrough != null) ? seenThrough : standsFor;
		}
	}

	private static Advised aopProxy(DataSource dataSource) {
		return (dataSource instanceof Advised advised && AopUtils.isAopProxy(dataSource)) ? advised : null;
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

	/** Wraps a target of a routing data source, unless it is already. */
	private DataSource wrapTarget(DataSource target, String name) {
		if (target instanceof CachingDataSource || Boolean.TRUE.equals(isWrappedBelow(target))) {
			return target;
		}
		CachalotDataSources registry = this.dataSources.getObject();
		String unique = name;
		for (int i = 2; registry.get(unique) != null; i++) {
			unique = name + "#" + i; // another target once routed to under that key
		}
		return CachingDataSourceProxy.of(target, startup(registry.wrap(target, unique)));
	}

	private CachingDataSource startup(CachingDataSource wrapped) {
		if (this.properties.getObject().isInvalidateOnStartup() && !wrapped.invalidateAll()) {
			// before its first connection, the data source borrows one to learn its key scope
			logger.warn("cachalot could not invalidate data source '{}' at startup; its reads bypass the cache "
					+ "until the store and the database answer", wrapped.dataSourceId());
		}
		return wrapped;
	}

	/** The read-only data source of a lazy proxy (Spring 6.1+), which it has no getter for; {@code null} if none. */
	private static DataSource readOnlyDataSourceOf(LazyConnectionDataSourceProxy lazy) {
		java.lang.reflect.Field field = ReflectionUtils.findField(LazyConnectionDataSourceProxy.class, "readOnlyDataSource");
		if (field == null) {
			return null;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return (DataSource) field.get(lazy);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			logger.warn("cachalot cannot read the read-only data source of {}: it is not wrapped", lazy, ex);
			return null;
		}
	}

	/** Whether a proxy keeps one target (anything but an AOP proxy over a pooling or swappable target source). */
	private static boolean hasStaticTarget(DataSource dataSource) {
		return !(dataSource instanceof Advised advised) || advised.getTargetSource().isStatic();
	}

	/** What the data source unwraps to of that type, when it says it wraps one; else {@code null}. */
	private static <T> T unwrapped(DataSource dataSource, Class<T> type) {
		try {
			return dataSource.isWrapperFor(type) ? dataSource.unwrap(type) : null;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("{} does not unwrap to {}", dataSource, type.getName(), ex);
			return null;
		}
	}

	/** Whether a data source under this one is already wrapped; {@code null} when that cannot be told. */
	private static Boolean isWrappedBelow(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(CachingDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("isWrapperFor failed on {}", dataSource, ex);
			return null;
		}
	}

}
