package io.github.cachalot.differential;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.cachalot.testsupport.TestDatabase;

/**
 * One database server the checker runs on (PostgreSQL or MariaDB): the URL, user and password
 * come from {@link TestDatabase} (and so from its {@code CACHALOT_TEST_<NAME>_*} environment
 * overrides); the two databases of a run are derived from that URL by replacing the database
 * name. Holds the few places where the two dialects differ.
 */
final class DiffDatabase {

	static final String SIDE_A = "cachalot_diff_a";

	static final String SIDE_B = "cachalot_diff_b";

	private static final Pattern URL = Pattern.compile("^(jdbc:[a-zA-Z0-9]+://[^/]*/)([^?;]*)(.*)$");

	final TestDatabase database;

	private final String baseUrl;

	private final String user;

	private final String password;

	private DiffDatabase(TestDatabase database, String baseUrl, String user, String password) {
		this.database = database;
		this.baseUrl = baseUrl;
		this.user = user;
		this.password = password;
	}

	/**
	 * Connects to the configured database (failing loudly, never skipping, when it is not
	 * reachable) and creates the two checker databases if they are absent.
	 */
	static DiffDatabase connect(TestDatabase database) {
		if (database != TestDatabase.POSTGRESQL && database != TestDatabase.MARIADB) {
			throw new IllegalArgumentException("the differential checker runs on PostgreSQL and MariaDB, not " + database);
		}
		DiffDatabase result;
		try (HikariDataSource probe = database.newPool(1)) {
			result = new DiffDatabase(database, probe.getJdbcUrl(), probe.getUsername(), probe.getPassword());
			try (Connection admin = probe.getConnection()) {
				result.createIfAbsent(admin, SIDE_A);
				result.createIfAbsent(admin, SIDE_B);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(database + " is not usable for the differential checker", ex);
		}
		return result;
	}

	boolean postgres() {
		return this.database == TestDatabase.POSTGRESQL;
	}

	String url(String databaseName) {
		Matcher matcher = URL.matcher(this.baseUrl);
		if (!matcher.matches()) {
			throw new IllegalStateException("cannot derive a database URL from " + this.baseUrl);
		}
		return matcher.group(1) + databaseName + matcher.group(3);
	}

	Connection open(String databaseName) throws SQLException {
		return DriverManager.getConnection(url(databaseName), this.user, this.password);
	}

	/**
	 * A pool on one of the checker databases. Every physical connection gets a lock wait that ends
	 * at once (MariaDB: 0 s, PostgreSQL: 20 ms; within one thread no lock is ever released while
	 * waiting, so a longer wait would only cost time) and, on PostgreSQL, asynchronous commit (no
	 * effect on what any session sees).
	 */
	HikariDataSource pool(String databaseName, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("diff-" + databaseName);
		config.setJdbcUrl(url(databaseName));
		config.setUsername(this.user);
		config.setPassword(this.password);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(10_000);
		config.setInitializationFailTimeout(10_000);
		config.setConnectionInitSql(postgres() ? "SET lock_timeout = '20ms'; SET synchronous_commit = off" : "SET SESSION innodb_lock_wait_timeout = 0");
		return new HikariDataSource(config);
	}

	private void createIfAbsent(Connection admin, String name) throws SQLException {
		try (Statement statement = admin.createStatement()) {
			if (postgres()) {
				try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
					exists.setString(1, name);
					try (ResultSet rs = exists.executeQuery()) {
						if (rs.next()) {
							return;
						}
					}
				}
				statement.execute("CREATE DATABASE " + name);
			}
			else {
				statement.execute("CREATE DATABASE IF NOT EXISTS " + name);
			}
		}
	}

	/** Drops every object of the given checker database. */
	void dropEverything(Connection connection, String name) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			if (postgres()) {
				statement.execute("DROP SCHEMA IF EXISTS s1 CASCADE");
				statement.execute("DROP SCHEMA IF EXISTS s2 CASCADE");
				statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
				statement.execute("CREATE SCHEMA public");
				return;
			}
			List<String> drops = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = '"
					+ name + "' ORDER BY table_type DESC, table_name")) {
				while (rs.next()) {
					String type = rs.getString(2);
					String kind = type.equals("VIEW") ? "VIEW" : type.equals("SEQUENCE") ? "SEQUENCE" : "TABLE";
					drops.add("DROP " + kind + " IF EXISTS " + rs.getString(1));
				}
			}
			statement.execute("SET FOREIGN_KEY_CHECKS = 0");
			for (String drop : drops) {
				statement.execute(drop);
			}
			statement.execute("SET FOREIGN_KEY_CHECKS = 1");
		}
	}

	/** The expression that takes the next value of the audit sequence. */
	String nextval() {
		return postgres() ? "nextval('audit_seq')" : "NEXTVAL(audit_seq)";
	}

	@Override
	public String toString() {
		return this.database.name();
	}

}
