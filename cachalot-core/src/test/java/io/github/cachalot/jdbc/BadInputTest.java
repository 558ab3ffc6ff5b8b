package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Malformed SQL reaches the database unchanged and its own error reaches the caller unchanged. */
class BadInputTest {

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void malformedSqlGetsTheDatabasesOwnError(TestDatabase database) {
		CachalotFixture cachalot = new CachalotFixture(database);
		for (String sql : new String[] { "SELEC * FRM nowhere", "SELECT * FROM no_such_table_anywhere",
				"SELECT FROM WHERE", "UPDATE no_such_table SET x = 1" }) {
			SQLException direct = error(database.dataSource(), sql, false);
			SQLException proxied = error(cachalot.dataSource(), sql, false);
			assertSame(direct, proxied);
			assertSame(error(database.dataSource(), sql, true), error(cachalot.dataSource(), sql, true));
		}
		assertThat(cachalot.counting().executed()).allMatch((executed) -> executed.startsWith("execute"));
	}

	private static void assertSame(SQLException direct, SQLException proxied) {
		assertThat((Object) proxied).isNotNull();
		assertThat(proxied.getClass()).isEqualTo(direct.getClass());
		assertThat(proxied.getSQLState()).isEqualTo(direct.getSQLState());
		assertThat(proxied.getErrorCode()).isEqualTo(direct.getErrorCode());
		assertThat(normalize(proxied.getMessage())).isEqualTo(normalize(direct.getMessage()));
	}

	private static String normalize(String message) {
		// some drivers number their connections or statements in messages
		return message.replaceAll("\\d{3,}", "N");
	}

	private static SQLException error(DataSource dataSource, String sql, boolean prepared) {
		return catchThrowableOfType(SQLException.class, () -> {
			try (Connection connection = dataSource.getConnection()) {
				if (prepared) {
					try (PreparedStatement statement = connection.prepareStatement(sql)) {
						statement.execute();
					}
				}
				else {
					try (Statement statement = connection.createStatement()) {
						statement.execute(sql);
					}
				}
			}
		});
	}

}
