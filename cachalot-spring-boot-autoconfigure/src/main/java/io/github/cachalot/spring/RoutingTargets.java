package io.github.cachalot.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * The targets of one Spring {@link AbstractRoutingDataSource}, each wrapped by cachalot on its own
 * (a routing data source answers for several databases, which must not share entries): those it
 * has when cachalot first sees it are wrapped and set back into it; those it routes to later (a
 * tenant added with {@code setTargetDataSources} and {@code afterPropertiesSet} or
 * {@code initialize()}, a target made on demand by an overridden {@code determineTargetDataSource})
 * are wrapped the first time a connection is asked of them through {@link #interceptor()}, which
 * stands between callers and the routing data source: a class-based proxy of it, an advice added
 * to the AOP proxy that already stands for it, or what a Spring delegating proxy over it now
 * delegates to.
 */
public final class RoutingTargets {

	private static final Logger logger = LoggerFactory.getLogger(RoutingTargets.class);

	private static final Method DETERMINE_TARGET = accessible("determineTargetDataSource");

	private static final Method LOOKUP_KEY = accessible("determineCurrentLookupKey");

	private final AbstractRoutingDataSource routing;

	private final String name;

	/** Wraps a raw target under a name, returning what replaces it. */
	private final BiFunction<DataSource, String, DataSource> wrapper;

	/** What each target the routing data source returned is served by (wrapped ones map to themselves); copied on write. */
	private volatile Map<DataSource, DataSource> served = new IdentityHashMap<>();

	private final MethodInterceptor interceptor = new ConnectionsOfWrappedTargets();

	/**
	 * The targets of a routing data source, to be named {@code name[lookup key]}.
	 * @param wrapper wraps a raw target under a name and returns what replaces it (the target itself
	 * when it must not be wrapped)
	 */
	public RoutingTargets(AbstractRoutingDataSource routing, String name,
			BiFunction<DataSource, String, DataSource> wrapper) {
		this.routing = routing;
		this.name = name;
		this.wrapper = wrapper;
	}

	/**
	 * Why targets added later cannot be wrapped on first use, or {@code null} when they can: the
	 * JVM must let cachalot ask the routing data source which target it chose, and the routing
	 * data source's class must not do more in {@code getConnection} than ask that target for one
	 * (cachalot asks the target's wrapper instead, which would skip what it does).
	 */
	public String whyLaterTargetsAreNotFollowed() {
		if (DETERMINE_TARGET == null) {
			return "the JVM refuses access to AbstractRoutingDataSource.determineTargetDataSource()";
		}
		Class<?> type = org.springframework.util.ClassUtils.getUserClass(this.routing.getClass());
		try {
			if (type.getMethod("getConnection").getDeclaringClass() != AbstractRoutingDataSource.class
					|| type.getMethod("getConnection", String.class, String.class)
						.getDeclaringClass() != AbstractRoutingDataSource.class) {
				return type.getName() + " overrides getConnection";
			}
		}
		catch (NoSuchMethodException ex) {
			return ex.toString();
		}
		return null;
	}

	/** Wraps every target the routing data source has now and sets them back into it. */
	public void wrapCurrentTargets() {
		Map<DataSource, DataSource> done = new IdentityHashMap<>();
		Map<Object, Object> targets = new java.util.HashMap<>();
		Map<Object, DataSource> resolved;
		try {
			resolved = this.routing.getResolvedDataSources();
		}
		catch (IllegalStateException ex) {
			logger.warn("cachalot cannot wrap the targets of routing data source '{}' yet: {}", this.name,
					ex.getMessage());
			return;
		}
		resolved.forEach((key, target) -> targets.put(key,
				done.computeIfAbsent(target, (raw) -> wrap(raw, this.name + "[" + key + "]"))));
		DataSource fallback = this.routing.getResolvedDefaultDataSource();
		this.routing.setTargetDataSources(targets);
		if (fallback != null) {
			this.routing.setDefaultTargetDataSource(
					done.computeIfAbsent(fallback, (raw) -> wrap(raw, this.name + "[default]")));
		}
		this.routing.afterPropertiesSet();
		synchronized (this) {
			Map<DataSource, DataSource> copy = new IdentityHashMap<>(this.served);
			done.forEach((raw, wrapped) -> {
				copy.put(raw, wrapped);
				copy.put(wrapped, wrapped);
			});
			this.served = copy;
		}
	}

	private DataSource wrap(DataSource target, String targetName) {
		return this.wrapper.apply(target, targetName);
	}

	/**
	 * The advice that serves {@code getConnection} from the wrapped target the routing data source
	 * chooses, wrapping a target it never saw first; every other method proceeds.
	 */
	public MethodInterceptor interceptor() {
		return this.interceptor;
	}

	/**
	 * A class-based proxy of the routing data source (it keeps its type) whose connections come
	 * through {@link #interceptor()}; {@code null} when its class cannot be subclassed safely (final,
	 * a final public method, a JDK proxy).
	 */
	public DataSource proxy() {
		Class<?> type = this.routing.getClass();
		if (java.lang.reflect.Proxy.isProxyClass(type) || Modifier.isFinal(type.getModifiers())
				|| CachingDataSourceProxy.finalMethod(type) != null) {
			return null;
		}
		ProxyFactory factory = new ProxyFactory(this.routing);
		factory.setProxyTargetClass(true);
		factory.addAdvice(this.interceptor);
		try {
			return (DataSource) factory.getProxy(type.getClassLoader());
		}
		catch (AopConfigException | IllegalArgumentException | LinkageError ex) {
			logger.debug("cachalot cannot subclass {}", type, ex);
			return null;
		}
	}

	/**
	 * Adds {@link #interceptor()} to an AOP proxy that stands for the routing data source (innermost,
	 * after the application's own advice); returns whether it could (a frozen proxy cannot).
	 */
	public boolean advise(Advised proxy) {
		if (proxy.isFrozen()) {
			return false;
		}
		proxy.addAdvice(this.interceptor);
		return true;
	}

	/** What serves connections of the target the routing data source chose: its wrapper. */
	DataSource servedBy(DataSource chosen) {
		if (chosen instanceof CachingDataSource) {
			return chosen;
		}
		DataSource known = this.served.get(chosen);
		if (known != null) {
			return known;
		}
		synchronized (this) {
			known = this.served.get(chosen);
			if (known != null) {
				return known;
			}
			DataSource replacement = (CachingDataSourceProxy.cachingOf(chosen) != null) ? chosen
					: wrap(chosen, this.name + "[" + keyOf(chosen) + "]");
			Map<DataSource, DataSource> copy = new IdentityHashMap<>(this.served);
			copy.put(chosen, replacement);
			copy.put(replacement, replacement);
			this.served = copy;
			logger.info("cachalot wrapped a target that routing data source '{}' routed to after startup: {}",
					this.name, this.name + "[" + keyOf(chosen) + "]");
			return replacement;
		}
	}

	/** The lookup key of a target: the key it is listed under, else the current lookup key. */
	private String keyOf(DataSource target) {
		try {
			for (Map.Entry<Object, DataSource> entry : this.routing.getResolvedDataSources().entrySet()) {
				if (entry.getValue() == target) {
					return String.valueOf(entry.getKey());
				}
			}
			if (this.routing.getResolvedDefaultDataSource() == target) {
				return "default";
			}
			return (LOOKUP_KEY != null) ? String.valueOf(LOOKUP_KEY.invoke(this.routing)) : "?";
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return "?";
		}
	}

	private static Method accessible(String name) {
		try {
			Method method = AbstractRoutingDataSource.class.getDeclaredMethod(name);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("cachalot cannot call AbstractRoutingDataSource.{}; targets added later are not wrapped",
					name, ex);
			return null;
		}
	}

	private final class ConnectionsOfWrappedTargets implements MethodInterceptor {

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Method method = invocation.getMethod();
			Object[] arguments = invocation.getArguments();
			if (DETERMINE_TARGET == null || !method.getName().equals("getConnection")
					|| !(invocation.getThis() instanceof AbstractRoutingDataSource target)
					|| (arguments.length != 0 && arguments.length != 2)) {
				return invocation.proceed();
			}
			DataSource chosen;
			try {
				chosen = (DataSource) DETERMINE_TARGET.invoke(target);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause(); // as the routing data source's own getConnection would throw it
			}
			if (chosen == null) {
				return invocation.proceed();
			}
			DataSource servedBy = servedBy(chosen);
			return (arguments.length == 0) ? servedBy.getConnection()
					: servedBy.getConnection((String) arguments[0], (String) arguments[1]);
		}

		@Override
		public String toString() {
			return "cachalot connections of the wrapped targets of " + RoutingTargets.this.name;
		}

	}

}
