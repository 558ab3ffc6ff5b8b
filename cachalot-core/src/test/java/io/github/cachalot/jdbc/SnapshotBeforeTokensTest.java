package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.store.ForwardingCacheStore;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REPEATABLE READ transaction on PostgreSQL may store its first read: the snapshot is then taken
 * by that read, after its tokens were fetched. A catalog look-up on the session (tables the catalog
 * does not know yet) takes the snapshot first; a write committed between it and the tokens must not
 * leave the older rows cached under the newer token.
 */
class SnapshotBeforeTokensTest {

	private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

	/** Runs once, inside the reader's fetch of its tokens (if it fetches any): a write that commits there. */
	private volatile Runnable onFetch;

	private DataSource cached;

	@BeforeEach
	void setUp() {
		DATABASE.execute("drop table if exists snapshot_items", "drop table if exists snapshot_other",
				"create table snapshot_other (id int primary key)");
		this.cached = Cachalot.builder()
			.store(new ForwardingCacheStore(new CaffeineCacheStore()) {
				@Override
				public Object[] getAll(String[] keys) {
					Runnable write = SnapshotBeforeTokensTest.this.onFetch;
					SnapshotBeforeTokensTest.this.onFetch = null;
					if (write != null) {
						write.run();
					}
					return super.getAll(keys);
				}
			})
			.sqlAnalyzer(SqlAnalyzer.synchronous(100))
			.build()
			.wrap(DATABASE.dataSource(), "snapshot");
	}

	@Test
	void aWriteCommittedAfterTheCatalogLookUpTookTheSnapshotIsNeverHiddenByTheCache() throws SQLException {
		try (Connection reader = this.cached.getConnection()) {
			try (Statement statement = reader.createStatement()) {
				statement.executeQuery("select id from snapshot_other").close(); // the session's key is known
				// DDL empties cachalot's catalog: the next read looks its table up, on the session
				statement.execute("create table snapshot_items (id int primary key, v int)");
			}
			DATABASE.execute("insert into snapshot_items values (1, 0)"); // so that cachalot looks up nothing
			reader.setAutoCommit(false);
			reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			this.onFetch = () -> {
				try (Connection writer = this.cached.getConnection(); Statement statement = writer.createStatement()) {
					statement.executeUpdate("update snapshot_items set v = 1 where id = 1");
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			};

			assertThat(value(reader)).as("the transaction's snapshot predates the write").isZero();
			reader.commit();
		}
		Runnable notRun = this.onFetch;
		if (notRun != null) {
			notRun.run(); // the read bypassed the cache and fetched no token: the write commits now
		}

		try (Connection later = this.cached.getConnection()) {
			assertThat(value(later)).as("read after the write committed").isEqualTo(1);
		}
	}

	private static int value(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select v from snapshot_items where id = 1")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
