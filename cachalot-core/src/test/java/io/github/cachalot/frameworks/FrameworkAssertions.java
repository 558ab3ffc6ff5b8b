package io.github.cachalot.frameworks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cachalot.testsupport.CachalotFixture;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions shared by the framework compatibility tests. */
final class FrameworkAssertions {

	private FrameworkAssertions() {
	}

	/** A read that throws checked exceptions. */
	@FunctionalInterface
	interface Read<T> {

		T run() throws Exception;

	}

	/**
	 * Runs a read through the cache twice and once directly on the database, and asserts that the
	 * second run reached the database not at all and that all three returned equal values, of
	 * equal types. Returns what the second (cached) run returned.
	 */
	static <T> T assertRepeatedReadIsAHit(String what, CachalotFixture cachalot, Read<T> cached, Read<T> direct) {
		T first = call(cached);
		int before = cachalot.databaseExecutions();
		T second = call(cached);
		int executions = cachalot.databaseExecutions() - before;
		assertThat(executions).as("%s: database executions of the repeated read (%s)", what,
				cachalot.counting().executed().subList(before, cachalot.databaseExecutions()))
			.isZero();
		T onDatabase = call(direct);
		assertSame(what + ": cached run vs first run", second, first);
		assertSame(what + ": cached run vs the framework on the database", second, onDatabase);
		return second;
	}

	/**
	 * Runs a read through the cache once and asserts that it reached the database not at all and
	 * returned what the framework returns directly on the database.
	 */
	static <T> T assertAnsweredFromCache(String what, CachalotFixture cachalot, Read<T> cached, Read<T> direct) {
		int before = cachalot.databaseExecutions();
		T read = call(cached);
		assertThat(cachalot.databaseExecutions() - before).as("%s: database executions (%s)", what,
				cachalot.counting().executed().subList(before, cachalot.databaseExecutions()))
			.isZero();
		assertSame(what + ": cached read vs the framework on the database", read, call(direct));
		return read;
	}

	/**
	 * Runs a read through the cache that must reach the database (after a write), and asserts it
	 * returns what the framework returns directly on the database. Returns what it read.
	 */
	static <T> T assertFreshRead(String what, CachalotFixture cachalot, Read<T> cached, Read<T> direct) {
		int before = cachalot.databaseExecutions();
		T read = call(cached);
		assertThat(cachalot.databaseExecutions() - before).as("%s: the read after a write reaches the database", what)
			.isPositive();
		assertSame(what + ": read after the write vs the framework on the database", read, call(direct));
		return read;
	}

	/** Asserts equal values and equal types, comparing a type-annotated rendering first. */
	static void assertSame(String what, Object actual, Object expected) {
		assertThat(typed(actual)).as(what + " (values with their types)").isEqualTo(typed(expected));
		if (!(actual instanceof Object[])) {
			assertThat(actual).as(what).isEqualTo(expected);
		}
	}

	/**
	 * A rendering of a value with the class of every leaf, so that an Integer read as a Long or a
	 * Timestamp read as a LocalDateTime shows in the assertion message.
	 */
	static Object typed(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> typed = new LinkedHashMap<>();
			map.forEach((key, each) -> typed.put(key, typed(each)));
			return typed;
		}
		if (value instanceof Iterable<?> iterable) {
			List<Object> typed = new ArrayList<>();
			iterable.forEach((each) -> typed.add(typed(each)));
			return typed;
		}
		if (value instanceof Object[] array) {
			return typed(Arrays.asList(array));
		}
		if (value instanceof Record || value.getClass().getName().startsWith("io.github.cachalot")) {
			return value.getClass().getSimpleName() + value;
		}
		return value.getClass().getName() + "(" + value + ")";
	}

	private static <T> T call(Read<T> read) {
		try {
			return read.run();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
