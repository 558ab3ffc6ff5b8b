package io.github.cachalot.spring;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per table after an invalidation took effect: after the outermost commit of the
 * transaction that wrote the table (at once in autocommit), never for a rolled-back transaction.
 * When every cached read of a data source was invalidated, one event is published with
 * {@link #getTable()} {@code null}. Filter with
 * {@code @EventListener(condition = "#event.table == 'orders'")}.
 * <p>
 * A listener that throws never breaks the write, and the other tables still get their events;
 * as with any Spring event, listeners ordered after the one that threw miss that event.
 */
public class CachalotInvalidationEvent extends ApplicationEvent {

	private final String dataSource;

	private final String table;

	private final List<String> caches;

	/**
	 * An event for one table, or for a whole data source.
	 * @param source what published it
	 * @param dataSource the bean name of the data source
	 * @param table the table (unqualified, lower case), or {@code null} for every table
	 */
	public CachalotInvalidationEvent(Object source, String dataSource, String table) {
		this(source, dataSource, table, List.of());
	}

	/**
	 * An event for one table, or for a whole data source, invalidated in the given caches.
	 * @param source what published it
	 * @param dataSource the bean name of the data source
	 * @param table the table (unqualified, lower case), or {@code null} for every table
	 * @param caches the names of the caches it was invalidated in
	 */
	public CachalotInvalidationEvent(Object source, String dataSource, String table, List<String> caches) {
		super(source);
		this.dataSource = dataSource;
		this.table = table;
		this.caches = List.copyOf(caches);
	}

	/** The bean name of the data source whose cached reads were invalidated. */
	public String getDataSource() {
		return this.dataSource;
	}

	/** The invalidated table (unqualified, lower case), or {@code null} when all were. */
	public String getTable() {
		return this.table;
	}

	/**
	 * The names of the caches the invalidation was made in: every cache of the application (the
	 * configured one, those named by overrides and {@code cachalot.invalidate-caches}), since any of
	 * them may hold results of the table.
	 */
	public List<String> getCaches() {
		return this.caches;
	}

	/** Whether every cached read of the data source was invalidated. */
	public boolean isAllTables() {
		return this.table == null;
	}

	@Override
	public String toString() {
		return "CachalotInvalidationEvent[dataSource=" + this.dataSource + ", table="
				+ ((this.table != null) ? this.table : "*") + ", caches=" + this.caches + "]";
	}

}
