package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The session of each physical connection of a data source, found by identity on every borrow.
 * Connections are weakly held, since a pool retires them (a session holds its own weakly too). A
 * pool lends the same few connections again and again: a small direct-mapped table of recent
 * sessions answers those without the weak-keyed cache's key wrapper and read buffer, which cost
 * more than the rest of a borrow.
 */
final class SessionTable {

	/** Slots of the table of recent sessions: a power of two, above any pool's usual size. */
	private static final int RECENT = 64;

	private final AtomicReferenceArray<Session> recent = new AtomicReferenceArray<>(RECENT);

	// maintenance on the calling thread: handing it to the common pool wakes a thread per batch
	private final Cache<Connection, Session> all = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

	/** The session of a physical connection, or {@code null} if it has none yet. */
	Session get(Connection physical) {
		int slot = slot(physical);
		Session session = this.recent.get(slot);
		if (session != null && session.physical() == physical) {
			return session;
		}
		session = this.all.getIfPresent(physical);
		if (session != null) {
			this.recent.set(slot, session);
		}
		return session;
	}

	/**
	 * Remembers a new session of a physical connection, unless another thread remembered one first
	 * (a connection shared by threads): returns the one remembered.
	 */
	Session putIfAbsent(Connection physical, Session session) {
		Session known = this.all.asMap().putIfAbsent(physical, session);
		Session winner = (known != null) ? known : session;
		this.recent.set(slot(physical), winner);
		return winner;
	}

	private static int slot(Connection physical) {
		return System.identityHashCode(physical) & (RECENT - 1);
	}

}
