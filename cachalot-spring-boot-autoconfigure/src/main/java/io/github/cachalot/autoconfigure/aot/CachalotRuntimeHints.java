package io.github.cachalot.autoconfigure.aot;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.List;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import io.github.cachalot.spring.CachalotInvalidationEvent;

/**
 * What a native image of an application with cachalot must keep for reflection and proxies: every
 * reflective path of cachalot, each registered only when the library it reaches is on the
 * classpath at build time. Without these, each path quietly degrades in a native image (the
 * driver's transaction status becomes unknown, so every read in a transaction bypasses; PostgreSQL
 * geometric and interval values become uncacheable; Redis falls back to the application's only
 * connection factory) or fails (the metadata and catalog proxies).
 */
public class CachalotRuntimeHints implements RuntimeHintsRegistrar {

	private static final List<TypeReference> NO_PARAMETERS = List.of();

	/** pgjdbc's values that the result codec rebuilds through their no-argument constructor and setters. */
	static final List<String> POSTGRES_VALUES = List.of("org.postgresql.util.PGobject",
			"org.postgresql.util.PGInterval", "org.postgresql.util.PGmoney", "org.postgresql.geometric.PGbox",
			"org.postgresql.geometric.PGcircle", "org.postgresql.geometric.PGline", "org.postgresql.geometric.PGlseg",
			"org.postgresql.geometric.PGpath", "org.postgresql.geometric.PGpoint",
			"org.postgresql.geometric.PGpolygon");

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		ReflectionHints reflection = hints.reflection();
		// DriverTransactionStatus: the transaction state the driver tracks, read on every read
		method(reflection, classLoader, "org.postgresql.core.BaseConnection", "getTransactionState");
		reflection.registerTypeIfPresent(classLoader, "org.postgresql.core.TransactionState",
				MemberCategory.INVOKE_PUBLIC_METHODS);
		method(reflection, classLoader, "org.mariadb.jdbc.Connection", "getContext");
		method(reflection, classLoader, "org.mariadb.jdbc.client.Context", "getServerStatus");
		// CachingConnection.physicalOf: the driver's connection under proxies whose unwrap answers themselves
		method(reflection, classLoader, "org.springframework.jdbc.datasource.ConnectionProxy", "getTargetConnection");
		method(reflection, classLoader, "org.apache.commons.dbcp2.DelegatingConnection", "getInnermostDelegate");
		// PostgresDialect: whether pgjdbc sent a column as text or binary
		reflection.registerTypeIfPresent(classLoader, "org.postgresql.PGResultSetMetaData",
				(type) -> type.withMethod("getFormat", List.of(TypeReference.of(int.class)), ExecutableMode.INVOKE));
		// MariaDbDialect: the driver's statement classes, loaded by name
		reflection.registerTypeIfPresent(classLoader, "org.mariadb.jdbc.Statement");
		reflection.registerTypeIfPresent(classLoader, "org.mariadb.jdbc.ServerPreparedStatement");
		// ResultCodec and Values: driver value types, rebuilt and copied through method handles
		for (String type : POSTGRES_VALUES) {
			reflection.registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
					MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		reflection.registerTypeIfPresent(classLoader, "org.h2.api.Interval", MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
				MemberCategory.INVOKE_PUBLIC_METHODS);
		reflection.registerTypeIfPresent(classLoader, "org.h2.api.IntervalQualifier",
				MemberCategory.INVOKE_PUBLIC_METHODS);
		// RedisStores: the connection factory a RedisCacheManager's cache writer holds
		reflection.registerTypeIfPresent(classLoader, "org.springframework.data.redis.cache.DefaultRedisCacheWriter",
				(type) -> type.withField("connectionFactory"));
		// CacheStoreResolver and CachalotManager test for these by name
		reflection.registerTypeIfPresent(classLoader, "org.springframework.data.redis.cache.RedisCache");
		reflection.registerTypeIfPresent(classLoader, "org.hibernate.engine.spi.SessionFactoryImplementor");
		reflection.registerTypeIfPresent(classLoader, "jakarta.persistence.EntityManagerFactory");
		// SpEL conditions of event listeners read the event's properties: @EventListener(condition = "#event.table == 'x'")
		reflection.registerType(CachalotInvalidationEvent.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		// CachingConnection.getMetaData and CatalogConnection hand out JDK proxies of these
		hints.proxies().registerJdkProxy(DatabaseMetaData.class);
		hints.proxies().registerJdkProxy(Connection.class);
	}

	private static void method(ReflectionHints reflection, ClassLoader classLoader, String type, String name) {
		reflection.registerTypeIfPresent(classLoader, type,
				(hint) -> hint.withMethod(name, NO_PARAMETERS, ExecutableMode.INVOKE));
	}

}
