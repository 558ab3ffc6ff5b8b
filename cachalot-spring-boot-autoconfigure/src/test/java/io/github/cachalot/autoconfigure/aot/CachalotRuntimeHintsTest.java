package io.github.cachalot.autoconfigure.aot;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.github.cachalot.spring.CachalotInvalidationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints that {@link CachalotRuntimeHints} registers: one assertion per reflective path of
 * cachalot, and every hinted member exists (a renamed method in a driver would otherwise leave a
 * hint that keeps nothing).
 */
class CachalotRuntimeHintsTest {

	private final RuntimeHints hints = new RuntimeHints();

	CachalotRuntimeHintsTest() {
		new CachalotRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void driverTransactionStatusCanAskPgjdbcAndMariaDb() throws Exception {
		assertThat(invocable("org.postgresql.core.BaseConnection", "getTransactionState")).isTrue();
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("org.postgresql.core.TransactionState")))
			.accepts(this.hints);
		assertThat(invocable("org.mariadb.jdbc.Connection", "getContext")).isTrue();
		assertThat(invocable("org.mariadb.jdbc.client.Context", "getServerStatus")).isTrue();
	}

	@Test
	void theDriverConnectionIsReachableUnderSpringsConnectionProxy() throws Exception {
		assertThat(invocable("org.springframework.jdbc.datasource.ConnectionProxy", "getTargetConnection")).isTrue();
		assertThat(this.hints.reflection().getTypeHint(TypeReference.of("org.apache.commons.dbcp2.DelegatingConnection")))
			.as("DBCP is not on the classpath: nothing is registered for it")
			.isNull();
	}

	@Test
	void theDialectsCanReadDriverDetails() throws Exception {
		assertThat(invocable("org.postgresql.PGResultSetMetaData", "getFormat")).isTrue();
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("org.mariadb.jdbc.Statement")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.mariadb.jdbc.ServerPreparedStatement"))).accepts(this.hints);
	}

	@Test
	void theCodecCanRebuildAndCopyDriverValues() throws Exception {
		for (String name : CachalotRuntimeHints.POSTGRES_VALUES) {
			Class<?> type = Class.forName(name);
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(type.getConstructor()))
				.as(name + "()")
				.accepts(this.hints);
			for (Method method : List.of(type.getMethod("getType"), type.getMethod("getValue"),
					type.getMethod("setType", String.class), type.getMethod("setValue", String.class),
					type.getMethod("clone"))) {
				assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method)).as(method.toString())
					.accepts(this.hints);
			}
		}
		Class<?> interval = Class.forName("org.h2.api.Interval");
		Class<?> qualifier = Class.forName("org.h2.api.IntervalQualifier");
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(interval.getConstructor(qualifier, boolean.class, long.class, long.class)))
			.accepts(this.hints);
		for (String method : List.of("getQualifier", "isNegative", "getLeading", "getRemaining")) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(interval, method)).as(method)
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(qualifier.getMethod("valueOf", String.class)))
			.accepts(this.hints);
	}

	@Test
	void redisStoresCanReachTheCacheWritersConnectionFactory() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onFieldAccess("org.springframework.data.redis.cache.DefaultRedisCacheWriter", "connectionFactory"))
			.accepts(this.hints);
	}

	@Test
	void classesTestedForByNameAreKept() {
		for (String name : List.of("org.springframework.data.redis.cache.RedisCache",
				"org.hibernate.engine.spi.SessionFactoryImplementor", "jakarta.persistence.EntityManagerFactory")) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(name))).as(name).accepts(this.hints);
		}
	}

	@Test
	void eventListenerConditionsCanReadTheEvent() {
		for (String property : List.of("getTable", "getDataSource", "isAllTables")) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(CachalotInvalidationEvent.class, property))
				.as(property)
				.accepts(this.hints);
		}
	}

	@Test
	void theMetadataAndCatalogProxiesCanBeMade() {
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(DatabaseMetaData.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Connection.class)).accepts(this.hints);
	}

	@Test
	void everyHintedMemberExists() {
		List<String> missing = new ArrayList<>();
		this.hints.reflection().typeHints().forEach((type) -> {
			Class<?> resolved = ClassUtils.resolveClassName(type.getType().getName(), getClass().getClassLoader());
			type.methods().forEach((method) -> {
				Method found = ReflectionUtils.findMethod(resolved, method.getName(),
						method.getParameterTypes().stream()
							.map((parameter) -> ClassUtils.resolveClassName(parameter.getCanonicalName(), null))
							.toArray(Class<?>[]::new));
				if (found == null) {
					missing.add(resolved.getName() + "." + method.getName());
				}
			});
			type.fields().forEach((field) -> {
				Field found = ReflectionUtils.findField(resolved, field.getName());
				if (found == null) {
					missing.add(resolved.getName() + "." + field.getName());
				}
			});
		});
		assertThat(missing).isEmpty();
		assertThat(this.hints.reflection().typeHints()).as("every library of the test classpath got its hints")
			.hasSizeGreaterThanOrEqualTo(25);
	}

	private boolean invocable(String type, String method) throws ClassNotFoundException {
		return RuntimeHintsPredicates.reflection().onMethodInvocation(type, method).test(this.hints);
	}

}
