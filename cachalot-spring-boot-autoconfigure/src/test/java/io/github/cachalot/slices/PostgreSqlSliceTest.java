package io.github.cachalot.slices;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.cachalot.testsupport.TestDatabases;

/**
 * A slice test on PostgreSQL, with a small pool closed after the class (other builds share the
 * server, and each slice is a context of its own); its subclasses keep the slice from swapping in
 * an embedded database with {@code @AutoConfigureTestDatabase(replace = NONE)}.
 */
@DirtiesContext
public abstract class PostgreSqlSliceTest extends SliceTestSupport {

	protected static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	@DynamicPropertySource
	static void postgresql(DynamicPropertyRegistry registry) {
		for (String property : DATABASE.springProperties()) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
		// Flyway is on this module's test classpath (and in the slices) but these tests make their own tables
		registry.add("spring.flyway.enabled", () -> "false");
	}

}
