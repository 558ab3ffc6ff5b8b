package io.github.cachalot.slices;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.cachalot.CachalotStatistics;
import io.github.cachalot.spring.CachalotManager;

/** What the slice tests look at: the slice's data source and what cachalot counted on it. */
public abstract class SliceTestSupport {

	@Autowired
	protected DataSource dataSource;

	@Autowired
	protected CachalotManager cachalot;

	/** The counters of Boot's data source, which the slice's cachalot wrapped. */
	protected CachalotStatistics statistics() {
		return this.cachalot.statistics("dataSource");
	}

}
