package io.github.cachalot.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds, at startup, the {@link CachalotOverride} annotations of the application's beans that name
 * another cache ({@code cache-alias}, {@code cache-name}) and binds them, which resolves and
 * registers that cache: writes then invalidate in it from the start, before any annotated method
 * runs, and an annotation naming a cache that does not exist fails startup.
 */
public final class OverriddenCaches {

	private OverriddenCaches() {
	}

	/** Binds every annotation of the factory's bean types that names a cache; returns how many. */
	public static int bindAll(ListableBeanFactory beanFactory, SettingsOverrideBinder binder) {
		int bound = 0;
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type;
			try {
				type = beanFactory.getType(name, false);
			}
			catch (RuntimeException | LinkageError ex) {
				continue; // a type that cannot be known before the bean exists: checked at its first call
			}
			if (type == null || !AnnotationUtils.isCandidateClass(type, CachalotOverride.class)) {
				continue;
			}
			for (Declared declared : declaredOn(ClassUtils.getUserClass(type))) {
				try {
					binder.bind(declared.settings());
				}
				catch (RuntimeException ex) {
					throw new IllegalStateException("Invalid @CachalotOverride on " + declared.where() + ": "
							+ ex.getMessage(), ex);
				}
				bound++;
			}
		}
		return bound;
	}

	private static List<Declared> declaredOn(Class<?> type) {
		List<Declared> declared = new ArrayList<>();
		CachalotOverride onClass = AnnotatedElementUtils.findMergedAnnotation(type, CachalotOverride.class);
		if (onClass != null && namesCache(onClass)) {
			declared.add(new Declared(type.getName(), onClass.value()));
		}
		ReflectionUtils.doWithMethods(type, (Method method) -> {
			CachalotOverride onMethod = AnnotatedElementUtils.findMergedAnnotation(method, CachalotOverride.class);
			if (onMethod != null && namesCache(onMethod)) {
				declared.add(new Declared(method.toString(), onMethod.value()));
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return declared;
	}

	private static boolean namesCache(CachalotOverride annotation) {
		for (String setting : annotation.value()) {
			String key = setting.substring(0, Math.max(setting.indexOf('='), 0)).trim().toLowerCase(java.util.Locale.ROOT)
				.replace("_", "").replace("-", "");
			if (key.endsWith("cachealias") || key.endsWith("cachename")) {
				return true;
			}
		}
		return false;
	}

	private record Declared(String where, String[] settings) {
	}

}
