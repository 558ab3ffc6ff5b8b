package io.github.cachalot.autoconfigure.observation;

import java.util.Set;

import io.micrometer.observation.Observation;

import io.github.cachalot.ReadOutcome;

/** The context of a {@code cachalot.read} observation: one read and how cachalot answered it. */
public class CachalotReadObservationContext extends Observation.Context {

	private final String dataSource;

	private final ReadOutcome outcome;

	private final String reason;

	private final Set<String> tables;

	private final String sql;

	/**
	 * A context for one read.
	 * @param dataSource the data source's name
	 * @param outcome hit, miss or bypass
	 * @param reason why the read bypassed the cache, or {@code null}
	 * @param tables the tables the statement reads
	 * @param sql the statement, or {@code null} where the SQL is not to be observed
	 */
	public CachalotReadObservationContext(String dataSource, ReadOutcome outcome, String reason, Set<String> tables,
			String sql) {
		this.dataSource = dataSource;
		this.outcome = outcome;
		this.reason = reason;
		this.tables = tables;
		this.sql = sql;
	}

	public String getDataSource() {
		return this.dataSource;
	}

	public ReadOutcome getOutcome() {
		return this.outcome;
	}

	/** Why the read bypassed the cache; {@code null} for hits and misses. */
	public String getReason() {
		return this.reason;
	}

	public Set<String> getTables() {
		return this.tables;
	}

	/** The statement; {@code null} unless {@code cachalot.observations.include-sql} is on. */
	public String getSql() {
		return this.sql;
	}

}
