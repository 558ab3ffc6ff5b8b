package io.github.cachalot.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * What a driver knows, without a round trip, of its session's transaction: pgjdbc tracks it from
 * every ReadyForQuery message, MariaDB Connector/J from the status flags of every OK packet. Other
 * drivers say nothing, and the caller then relies on what it saw go through JDBC.
 */
enum DriverTransactionStatus {

	/** No transaction is open. */
	IDLE,

	/** A transaction is open. */
	OPEN,

	/** A transaction is open and failed: the database refuses every statement until it ends. */
	FAILED,

	/** The driver does not tell. */
	UNKNOWN;

	/** The status of the driver's own connection (under any pool proxy). */
	static DriverTransactionStatus of(Connection physical) {
		return probeOf(physical).statusOf(physical);
	}

	/** How to read the status of the driver's own connections of this one's class. */
	static Probe probeOf(Connection physical) {
		return PROBES.get(physical.getClass());
	}

	private static final Probe SILENT = (connection) -> UNKNOWN;

	private static final ClassValue<Probe> PROBES = new ClassValue<>() {
		@Override
		protected Probe computeValue(Class<?> type) {
			try {
				return probeFor(type);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return SILENT;
			}
		}
	};

	/*
	 * Method handles, not Method.invoke: an invoke without setAccessible walks the stack for its
	 * caller on every call, and this runs on every write and every hit.
	 */
	private static Probe probeFor(Class<?> type) throws ReflectiveOperationException {
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		Method transactionState = publicMethod(type, "org.postgresql.core.BaseConnection", "getTransactionState");
		if (transactionState != null) {
			Object[] states = transactionState.getReturnType().getEnumConstants();
			DriverTransactionStatus[] statuses = new DriverTransactionStatus[states.length];
			for (int i = 0; i < states.length; i++) {
				String name = ((Enum<?>) states[i]).name();
				statuses[i] = name.equals("IDLE") ? IDLE : name.equals("OPEN") ? OPEN
						: name.equals("FAILED") ? FAILED : UNKNOWN;
			}
			MethodHandle state = lookup.unreflect(transactionState)
				.asType(MethodType.methodType(Enum.class, Connection.class));
			// by ordinal: a hit reads this on every read
			return (connection) -> statuses[((Enum<?>) state.invokeExact(connection)).ordinal()];
		}
		Method context = publicMethod(type, "org.mariadb.jdbc.Connection", "getContext");
		if (context != null) {
			Method serverStatus = publicMethod(context.getReturnType(), "org.mariadb.jdbc.client.Context",
					"getServerStatus");
			if (serverStatus != null) {
				MethodHandle status = MethodHandles.filterReturnValue(
						lookup.unreflect(context).asType(MethodType.methodType(serverStatus.getDeclaringClass(),
								Connection.class)),
						lookup.unreflect(serverStatus))
					.asType(MethodType.methodType(int.class, Connection.class));
				// ServerStatus.IN_TRANSACTION
				return (connection) -> ((((int) status.invokeExact(connection)) & 1) != 0) ? OPEN : IDLE;
			}
		}
		return SILENT;
	}

	/** The named method as declared by the named public type, if the class is one. */
	private static Method publicMethod(Class<?> type, String declaringType, String name) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			Class<?> declaring = find(candidate, declaringType);
			if (declaring != null) {
				try {
					return declaring.getMethod(name);
				}
				catch (NoSuchMethodException | RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private static Class<?> find(Class<?> type, String name) {
		if (type.getName().equals(name)) {
			return type;
		}
		for (Class<?> implemented : type.getInterfaces()) {
			Class<?> found = find(implemented, name);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/** Reads the status of a driver's connection; a session keeps its own, found once. */
	@FunctionalInterface
	interface Probe {

		DriverTransactionStatus status(Connection connection) throws Throwable;

		/** The status of the connection, {@link #UNKNOWN} when the driver fails to tell. */
		default DriverTransactionStatus statusOf(Connection physical) {
			try {
				return status(physical);
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				return UNKNOWN;
			}
		}

	}

}
