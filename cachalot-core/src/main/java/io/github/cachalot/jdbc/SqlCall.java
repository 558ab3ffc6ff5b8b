package io.github.cachalot.jdbc;

import java.sql.SQLException;

/** A call to the real JDBC object. */
@FunctionalInterface
interface SqlCall<T> {

	T call() throws SQLException;

}
