package io.github.cachalot.autoconfigure.endpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.cachalot.config.TableNames;
import io.github.cachalot.jdbc.CachingDataSource;

/**
 * The tables the database of a wrapped data source has, named as cachalot names them (unqualified,
 * unquoted, lower case): every relation the driver's catalog lists (tables, views, materialized
 * views, partitions, foreign tables), in every schema it lists. The {@code cachalot} endpoint
 * invalidates only these, so that a caller cannot make cachalot remember names that are no tables.
 */
final class CatalogTables {

	private static final Logger logger = LoggerFactory.getLogger(CatalogTables.class);

	private CatalogTables() {
	}

	/**
	 * The tables of the data source's database, read now through the data source it wraps; empty
	 * when the catalog cannot be read (the database is down).
	 */
	static Optional<Set<String>> of(String name, CachingDataSource dataSource) {
		try (Connection connection = dataSource.getDelegate().getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, null, null)) {
			Set<String> names = new HashSet<>();
			while (tables.next()) {
				String table = tables.getString("TABLE_NAME");
				if (table != null) {
					names.add(TableNames.normalize(table));
				}
			}
			return Optional.of(names);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not read the tables of data source '{}' from its database's catalog", name, ex);
			return Optional.empty();
		}
	}

}
