package io.github.cachalot.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.framework.ProxyFactory;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * A data source bean that keeps its type once cachalot wraps it: a proxy of the bean's own class
 * (as Spring's AOP makes with {@code proxyTargetClass}), so that an application injecting
 * {@code HikariDataSource} still gets one. Its connections come from cachalot's
 * {@link CachingDataSource}; every other method (pool settings, metrics, {@code close}) goes to
 * the bean itself.
 * <p>
 * {@code unwrap} and {@code isWrapperFor} follow JDBC with the proxy as the receiver: asked for
 * what the proxy is ({@link DataSource}, the pool's class, its MXBean interfaces) it answers
 * itself, whose pool methods reach the pool and whose connections stay cachalot's (so that writes
 * made through what {@code unwrap} returned still invalidate), and Spring Boot's
 * {@code DataSourceBuilder.derivedFrom} reads the pool's URL and user through it; asked for
 * {@link CachingDataSource} it answers cachalot's; asked for anything else it answers what the
 * pool unwraps to. {@link CachingDataSource#getDelegate()} is the pool itself.
 * <p>
 * A bean whose class cannot be subclassed safely (a final class, a class with a final public
 * method, which a subclass would run on its own empty fields, a JDK proxy) gets a proxy of all its
 * interfaces instead.
 */
public final class CachingDataSourceProxy {

	private static final Logger logger = LoggerFactory.getLogger(CachingDataSourceProxy.class);

	private CachingDataSourceProxy() {
	}

	/**
	 * A proxy of the original data source's class (or, failing that, of its interfaces) whose
	 * connections come from the caching data source that wraps it.
	 * @param original the data source cachalot wrapped (the bean as it was)
	 * @param caching cachalot's data source over it
	 * @return the proxy, or the caching data source itself where no proxy can be made
	 */
	public static DataSource of(DataSource original, CachingDataSource caching) {
		Class<?> type = original.getClass();
		ClassLoader classLoader = type.getClassLoader();
		Method finalMethod = finalMethod(type);
		if (!Proxy.isProxyClass(type) && !Modifier.isFinal(type.getModifiers()) && finalMethod == null) {
			try {
				return (DataSource) factory(original, caching, true).getProxy(classLoader);
			}
			catch (AopConfigException | IllegalArgumentException | LinkageError ex) {
				logger.info("cachalot cannot subclass {}; the wrapped bean keeps only its interfaces", type, ex);
			}
		}
		else if (finalMethod != null) {
			// a subclass would run that method on its own, empty, fields instead of the bean's
			logger.info("cachalot does not subclass {}: its method {} is final; the wrapped bean keeps only its "
					+ "interfaces", type.getName(), finalMethod.getName());
		}
		else {
			logger.debug("cachalot cannot subclass {}; the wrapped bean keeps only its interfaces", type);
		}
		try {
			return (DataSource) factory(original, caching, false).getProxy(classLoader);
		}
		catch (AopConfigException | IllegalArgumentException | LinkageError ex) {
			logger.debug("cachalot cannot proxy the interfaces of {}; the wrapped bean is a CachingDataSource", type,
					ex);
			return caching;
		}
	}

	/**
	 * A public or protected instance method that a subclass cannot override, declared below
	 * {@code Object} (a Spring CGLIB class of an earlier proxy excepted, whose own are its plumbing).
	 */
	static Method finalMethod(Class<?> type) {
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			if (current.getName().contains("$$")) {
				continue;
			}
			for (Method method : current.getDeclaredMethods()) {
				int modifiers = method.getModifiers();
				if (Modifier.isFinal(modifiers) && !Modifier.isStatic(modifiers)
						&& (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
					return method;
				}
			}
		}
		return null;
	}

	/**
	 * The caching data source under a data source (a proxy made by {@link #of} or any wrapper of
	 * one), or {@code null} when cachalot does not wrap it.
	 */
	public static CachingDataSource cachingOf(DataSource dataSource) {
		if (dataSource instanceof CachingDataSource caching) {
			return caching;
		}
		try {
			return dataSource.isWrapperFor(CachingDataSource.class) ? dataSource.unwrap(CachingDataSource.class) : null;
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	private static ProxyFactory factory(DataSource original, CachingDataSource caching, boolean classBased) {
		ProxyFactory factory = new ProxyFactory(original);
		factory.setProxyTargetClass(classBased);
		factory.addAdvice(new ConnectionsThroughCachalot(caching));
		return factory;
	}

	/** Sends the methods that hand out connections, and unwrapping, to cachalot's data source. */
	private static final class ConnectionsThroughCachalot implements MethodInterceptor {

		private final CachingDataSource caching;

		ConnectionsThroughCachalot(CachingDataSource caching) {
			this.caching = caching;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Method method = invocation.getMethod();
			Object[] arguments = invocation.getArguments();
			switch (method.getName()) {
				case "getConnection":
					if (arguments.length == 0) {
						return this.caching.getConnection();
					}
					if (arguments.length == 2 && method.getParameterTypes()[0] == String.class
							&& method.getParameterTypes()[1] == String.class) {
						return this.caching.getConnection((String) arguments[0], (String) arguments[1]);
					}
					break;
				case "unwrap":
					if (arguments.length == 1 && method.getParameterTypes()[0] == Class.class) {
						return unwrap(proxy(invocation), (Class<?>) arguments[0]);
					}
					break;
				case "isWrapperFor":
					if (arguments.length == 1 && method.getParameterTypes()[0] == Class.class) {
						Class<?> iface = (Class<?>) arguments[0];
						return iface.isInstance(proxy(invocation)) || this.caching.isWrapperFor(iface);
					}
					break;
				default:
					break;
			}
			return invocation.proceed();
		}

		private Object unwrap(Object proxy, Class<?> iface) throws SQLException {
			if (iface == CachingDataSource.class) {
				return this.caching;
			}
			if (iface.isInstance(proxy)) {
				// JDBC: the receiver when it implements the interface (and a proxy of the pool's
				// class does: its pool methods reach the pool, its connections stay cachalot's)
				return proxy;
			}
			return this.caching.unwrap(iface);
		}

		private static Object proxy(MethodInvocation invocation) {
			return ((ProxyMethodInvocation) invocation).getProxy();
		}

		@Override
		public String toString() {
			return "cachalot connections of " + this.caching.dataSourceId();
		}

	}

}
