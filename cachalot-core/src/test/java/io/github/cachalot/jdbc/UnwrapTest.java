package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.Test;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The real objects stay reachable through {@code unwrap}, as pools and health checks need. */
class UnwrapTest {

	@Test
	void thePoolAndTheDriverObjectsAreReachable() throws Exception {
		try (HikariDataSource pool = TestDatabase.POSTGRESQL.newPool(2)) {
			CachingDataSource cached = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).build().wrap(pool, "unwrap");
			assertThat(cached.isWrapperFor(HikariDataSource.class)).isTrue();
			assertThat(cached.unwrap(HikariDataSource.class)).isSameAs(pool);
			HikariPoolMXBean mxBean = cached.unwrap(HikariDataSource.class).getHikariPoolMXBean();
			assertThat(mxBean.getTotalConnections()).isPositive();
			assertThat(cached.unwrap(CachingDataSource.class)).isSameAs(cached);
			try (Connection connection = cached.getConnection()) {
				assertThat(connection.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
				assertThat(connection.unwrap(org.postgresql.PGConnection.class)).isNotNull();
				assertThat(connection.isValid(1)).isTrue();
				try (Statement statement = connection.createStatement();
						PreparedStatement prepared = connection.prepareStatement("SELECT 1")) {
					assertThat(statement.getConnection()).isSameAs(connection);
					assertThat(prepared.getConnection()).isSameAs(connection);
					assertThat(prepared.unwrap(org.postgresql.PGStatement.class)).isNotNull();
				}
			}
		}
	}

	@Test
	void aDataSourceIsNeverWrappedTwice() {
		Cachalot cachalot = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).build();
		CachingDataSource once = cachalot.wrap(TestDatabase.H2.dataSource(), "once");
		assertThatIllegalArgumentException().isThrownBy(() -> cachalot.wrap(once, "twice"))
			.withMessageContaining("already wrapped");
	}

}
