package io.github.cachalot.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import io.github.cachalot.Cachalot;
import io.github.cachalot.invalidation.InvalidationListener;
import io.github.cachalot.jdbc.CachingDataSource;

/**
 * The data sources cachalot wrapped in this application, by name (the bean name, or
 * {@code bean[lookupKey]} for the targets of a routing data source). Publishes a
 * {@link CachalotInvalidationEvent} for each invalidation of any of them.
 */
public final class CachalotDataSources {

	private static final Logger logger = LoggerFactory.getLogger(CachalotDataSources.class);

	private final Cachalot cachalot;

	private final ApplicationEventPublisher publisher;

	private final boolean off;

	private final Map<String, CachingDataSource> wrapped = Collections.synchronizedMap(new LinkedHashMap<>());

	private final CopyOnWriteArrayList<Consumer<CachingDataSource>> wrapListeners = new CopyOnWriteArrayList<>();

	/** A registry that wraps with the given cachalot and publishes events with the given publisher. */
	public CachalotDataSources(Cachalot cachalot, ApplicationEventPublisher publisher) {
		this.cachalot = cachalot;
		this.publisher = publisher;
		this.off = false;
	}

	private CachalotDataSources() {
		this.cachalot = null;
		this.publisher = null;
		this.off = true;
	}

	/**
	 * A registry that wraps nothing: cachalot is off ({@code cachalot.enabled=false} at startup),
	 * and a {@link CachalotManager} over it manages no data source.
	 */
	public static CachalotDataSources off() {
		return new CachalotDataSources();
	}

	/** Whether this registry wraps nothing because cachalot is off since startup. */
	public boolean isOff() {
		return this.off;
	}

	/** Wraps the data source under the given name, which must not be taken yet. */
	public CachingDataSource wrap(DataSource dataSource, String name) {
		if (isOff()) {
			throw new IllegalStateException("cachalot is off (cachalot.enabled=false at startup): it wraps nothing");
		}
		synchronized (this.wrapped) {
			if (this.wrapped.containsKey(name)) {
				throw new IllegalStateException("cachalot already wrapped a data source named '" + name + "'");
			}
			CachingDataSource caching = this.cachalot.wrap(dataSource, name);
			caching.addInvalidationListener(new EventPublishingListener(caching));
			this.wrapped.put(name, caching);
			this.wrapListeners.forEach((listener) -> listener.accept(caching));
			return caching;
		}
	}

	/** The wrapped data source of that name, or {@code null}. */
	public CachingDataSource get(String name) {
		return this.wrapped.get(name);
	}

	/** The names of the wrapped data sources, in the order they were wrapped. */
	public Set<String> names() {
		synchronized (this.wrapped) {
			return Set.copyOf(new java.util.LinkedHashSet<>(this.wrapped.keySet()));
		}
	}

	/** The wrapped data sources by name, in the order they were wrapped. */
	public Map<String, CachingDataSource> all() {
		synchronized (this.wrapped) {
			return Collections.unmodifiableMap(new LinkedHashMap<>(this.wrapped));
		}
	}

	/** Calls the listener with every data source wrapped so far and every one wrapped later. */
	public void forEachWrapped(Consumer<CachingDataSource> listener) {
		synchronized (this.wrapped) {
			this.wrapped.values().forEach(listener);
			this.wrapListeners.add(listener);
		}
	}

	/** The cachalot that wraps them (settings and store); {@code null} when {@link #isOff() off}. */
	public Cachalot cachalot() {
		return this.cachalot;
	}

	private final class EventPublishingListener implements InvalidationListener {

		private final CachingDataSource source;

		EventPublishingListener(CachingDataSource source) {
			this.source = source;
		}

		@Override
		public void tablesInvalidated(String dataSourceId, Set<String> tables) {
			java.util.List<String> caches = caches();
			for (String table : tables) {
				publish(new CachalotInvalidationEvent(this.source, dataSourceId, table, caches));
			}
		}

		@Override
		public void dataSourceInvalidated(String dataSourceId) {
			publish(new CachalotInvalidationEvent(this.source, dataSourceId, null, caches()));
		}

		private java.util.List<String> caches() {
			return java.util.List.copyOf(this.source.stores().all().keySet());
		}

		private void publish(CachalotInvalidationEvent event) {
			try {
				CachalotDataSources.this.publisher.publishEvent(event);
			}
			catch (Throwable ex) {
				// an Error too: it would escape commit() after the database committed (as Spring's
				// own transaction synchronizations, log it and go on)
				logger.warn("A listener of {} failed; the invalidation itself took effect", event, ex);
			}
		}

	}

}
