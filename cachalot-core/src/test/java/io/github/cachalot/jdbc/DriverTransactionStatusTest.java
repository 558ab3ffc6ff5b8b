package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the drivers that track their session's transaction tell of it, read without a round trip. */
class DriverTransactionStatusTest {

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
	void aDriverThatTracksItsTransactionTellsIdleThenOpenThenIdle(TestDatabase database) throws SQLException {
		database.dropTables("status_probe");
		database.execute("CREATE TABLE status_probe (id INT PRIMARY KEY)");
		try (Connection connection = database.newConnection()) {
			assertThat(DriverTransactionStatus.of(connection)).isEqualTo(DriverTransactionStatus.IDLE);

			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// a table's read: MariaDB opens no transaction for a read of none
				statement.execute("SELECT id FROM status_probe");
			}
			assertThat(DriverTransactionStatus.of(connection)).isEqualTo(DriverTransactionStatus.OPEN);

			connection.commit();
			assertThat(DriverTransactionStatus.of(connection)).isEqualTo(DriverTransactionStatus.IDLE);
		}
	}

	@Test
	void postgresTellsATransactionThatFailed() throws SQLException {
		try (Connection connection = TestDatabase.POSTGRESQL.newConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				assertThatThrownBy(() -> statement.execute("SELECT 1 / 0")).isInstanceOf(SQLException.class);
			}
			assertThat(DriverTransactionStatus.of(connection)).isEqualTo(DriverTransactionStatus.FAILED);
			connection.rollback();
		}
	}

	@Test
	void aDriverThatDoesNotTellIsUnknown() throws SQLException {
		try (Connection connection = TestDatabase.H2.newConnection()) {
			assertThat(DriverTransactionStatus.of(connection)).isEqualTo(DriverTransactionStatus.UNKNOWN);
		}
	}

}
