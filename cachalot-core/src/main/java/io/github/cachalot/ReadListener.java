package io.github.cachalot;

import java.util.Set;

/**
 * Told of every read of a data source once cachalot has decided how to answer it: from the cache,
 * or from the database (before the database runs it). Called on the reading thread, so a listener
 * must be quick and must not block; one that throws is logged and never fails the read. Register
 * it with {@link io.github.cachalot.jdbc.CachingDataSource#addReadListener}; a data source without
 * one pays a single field check per read.
 */
@FunctionalInterface
public interface ReadListener {

	/**
	 * One read's outcome.
	 * @param dataSourceId the data source's name
	 * @param outcome hit, miss or bypass
	 * @param reason why the read bypassed the cache (the reasons that
	 * {@link CachalotStatistics#uncacheable()} counts, such as {@code "written in transaction"}), or
	 * {@code null} for hits and misses
	 * @param tables the tables the statement reads as written (unqualified, lower case), empty when
	 * it names none
	 * @param sql the statement as the application sent it (bound parameters are not in it, literals
	 * are: treat it as sensitive)
	 */
	void read(String dataSourceId, ReadOutcome outcome, String reason, Set<String> tables, String sql);

}
