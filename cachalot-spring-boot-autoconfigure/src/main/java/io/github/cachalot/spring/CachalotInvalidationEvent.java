package io.github.cachalot.spring;

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

	/**
	 * An event for one table, or for a whole data source.
	 * @param source what published it
	 * @param dataSource the bean name of the data source
	 * @param table the table (unqualified, lower case), or {@code null} for every table
	 */
	public CachalotInvalidationEvent(Object source, String dataSource, String table) {
		super(source);
		this.dataSource = dataSource;
		this.table = table;
	}

	/** The bean name of the data source whose cached reads were invalidated. */
	public String getDataSource() {
		return this.dataSource;
	}

	/** The invalidated table (unqualified, lower case), or {@code null} when all were. */
	public String getTable() {
		return this.table;
	}

	/** Whether every cached read of the data source was invalidated. */
	public boolean isAllTables() {
		return this.table == null;
	}

	@Override
	public String toString() {
		return "CachalotInvalidationEvent[dataSource=" + this.dataSource + ", table="
				+ ((this.table != null) ? this.table : "*") + "]";
	}

}
