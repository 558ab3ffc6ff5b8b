package io.github.cachalot.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the driver's own connection, which identifies a session, is found under proxies. */
class PhysicalConnectionTest {

	@Test
	void aProxyIsUnwrappedToTheConnectionThatAnswersItself() {
		Connection driver = proxy(null);
		Connection pool = proxy(driver);

		assertThat(CachingConnection.physicalOf(pool)).isSameAs(driver);
		assertThat(CachingConnection.physicalOf(driver)).isSameAs(driver);
	}

	@Test
	void aDynamicProxyThatOnceAnsweredItselfIsStillUnwrappedWhenAnotherOneWrapsAConnection() {
		Connection driver = proxy(null);
		Connection alone = proxy(null);
		assertThat(CachingConnection.physicalOf(alone)).isSameAs(alone);

		Connection wrapper = proxy(driver); // of the same proxy class as the one that answered itself

		assertThat(wrapper.getClass()).isSameAs(alone.getClass());
		assertThat(CachingConnection.physicalOf(wrapper)).isSameAs(driver);
	}

	/** A connection whose {@code unwrap(Connection.class)} answers the target, or itself without one. */
	private static Connection proxy(Connection target) {
		return (Connection) Proxy.newProxyInstance(PhysicalConnectionTest.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (self, method, arguments) -> switch (method.getName()) {
					case "unwrap" -> (target != null) ? target : self;
					case "hashCode" -> System.identityHashCode(self);
					case "equals" -> self == arguments[0];
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
