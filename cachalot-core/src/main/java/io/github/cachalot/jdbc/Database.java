package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A database as cachalot's token keys name it: the invalidation domain that every data source on
 * it shares, whatever its name, user or URL parameters (see {@link CachingDataSource#database()}).
 * @param id what token keys are built from: 16 hex digits derived from the database, or the
 * configured key scope
 * @param description what the id was derived from (no credentials), for logs and the endpoint
 */
public record Database(String id, String description) {

	/**
	 * The database a connection is on, derived as for a data source without a configured key scope.
	 * On PostgreSQL runs two short queries (when autocommit is off, the transaction they began is
	 * rolled back): call it where no transaction of someone else's is open.
	 */
	public static Database of(Connection connection) throws SQLException {
		DatabaseIdentity identity = DatabaseIdentity.read(connection);
		return new Database(identity.database(), identity.databaseDescription());
	}

	/**
	 * The catalog of the database changed through a connection that cachalot does not wrap (a
	 * migration on a data source of its own): every data source of this JVM on it looks the
	 * catalog up again (views, triggers, cascades).
	 */
	public static void catalogChanged(String id) {
		DatabaseDomains.catalogChanged(id, null);
	}

}
