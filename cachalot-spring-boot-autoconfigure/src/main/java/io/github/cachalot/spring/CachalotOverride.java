package io.github.cachalot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Overrides cachalot settings while the annotated method runs (or every method of the annotated
 * class), on the calling thread only, nested inside any override already in force. Settings are
 * written as in {@code application.yml}, without the {@code cachalot.} prefix:
 *
 * <pre>{@code
 * @CachalotOverride("enabled=false")
 * public Report buildReport() { ... }
 *
 * @CachalotOverride({"timeout=10s", "cache-random=true"})
 * public List<Offer> offers() { ... }
 * }</pre>
 *
 * Works on Spring beans called through their proxy, like {@code @Transactional}. {@link Reflective}:
 * ahead-of-time processing keeps the annotated methods (and classes) of beans readable in a native
 * image, where the interceptor looks the annotation up.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Reflective
public @interface CachalotOverride {

	/** The settings to override, as {@code key=value}. */
	String[] value();

}
