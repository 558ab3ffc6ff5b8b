package io.github.cachalot.spring;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.github.cachalot.config.OverridableSettings;
import io.github.cachalot.config.SettingsOverride;

/**
 * Applies {@link CachalotOverride} around a method call: opens an override scope on the calling
 * thread and closes it when the method returns or throws. Each method's override is bound once per
 * target class.
 */
public final class CachalotOverrideInterceptor implements MethodInterceptor {

	private final Supplier<OverridableSettings> settings;

	private final Supplier<SettingsOverrideBinder> binder;

	private final Map<MethodClassKey, SettingsOverride> overrides = new ConcurrentHashMap<>();

	/** An interceptor that overrides the given settings, resolved on first use. */
	public CachalotOverrideInterceptor(Supplier<OverridableSettings> settings, Supplier<SettingsOverrideBinder> binder) {
		this.settings = settings;
		this.binder = binder;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis()) : null;
		Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
		SettingsOverride override = this.overrides.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> overrideOf(method, targetClass));
		try (OverridableSettings.Scope scope = this.settings.get().override(override)) {
			return invocation.proceed();
		}
	}

	private SettingsOverride overrideOf(Method method, Class<?> targetClass) {
		CachalotOverride annotation = AnnotatedElementUtils.findMergedAnnotation(method, CachalotOverride.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(
					(targetClass != null) ? targetClass : method.getDeclaringClass(), CachalotOverride.class);
		}
		if (annotation == null) {
			return SettingsOverride.none();
		}
		try {
			return this.binder.get().bind(annotation.value());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Invalid @CachalotOverride on " + method + ": " + ex.getMessage(), ex);
		}
	}

}
