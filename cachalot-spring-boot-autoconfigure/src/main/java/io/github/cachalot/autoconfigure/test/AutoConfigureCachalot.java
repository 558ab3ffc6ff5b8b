package io.github.cachalot.autoconfigure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds cachalot to a test slice that leaves it out: the auto-configurations listed in
 * {@code META-INF/spring/io.github.cachalot.autoconfigure.test.AutoConfigureCachalot.imports}.
 * {@code @JdbcTest}, {@code @DataJdbcTest} and {@code @DataJpaTest} need it not: they include
 * cachalot already (through {@code @AutoConfigureJdbc}), so that repository tests read through the
 * cache as the application does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureCachalot {

}
