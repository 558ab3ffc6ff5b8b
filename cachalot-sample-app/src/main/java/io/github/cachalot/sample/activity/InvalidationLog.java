package io.github.cachalot.sample.activity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.github.cachalot.spring.CachalotInvalidationEvent;

/** Logs every invalidation cachalot publishes, after the commit that caused it. */
@Component
class InvalidationLog {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationLog.class);

	@EventListener
	void invalidated(CachalotInvalidationEvent event) {
		if (event.isAllTables()) {
			logger.info("Every cached read of data source '{}' was invalidated", event.getDataSource());
		}
		else {
			logger.info("Cached reads of table '{}' ({}) were invalidated", event.getTable(), event.getDataSource());
		}
	}

}
