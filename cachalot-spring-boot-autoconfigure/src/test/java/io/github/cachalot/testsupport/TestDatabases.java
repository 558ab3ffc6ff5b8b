package io.github.cachalot.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Connection settings of the databases the Spring tests run against: the local services by
 * default, elsewhere with {@code CACHALOT_TEST_POSTGRESQL_URL}, {@code _USER}, {@code _PASSWORD}
 * (and the same for {@code MARIADB}). A database that cannot be reached fails the test; nothing is
 * skipped.
 */
public enum TestDatabases {

	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),

	MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

	private final String defaultUrl;

	private final String defaultUser;

	private final String defaultPassword;

	TestDatabases(String defaultUrl, String defaultUser, String defaultPassword) {
		this.defaultUrl = defaultUrl;
		this.defaultUser = defaultUser;
		this.defaultPassword = defaultPassword;
	}

	public String url() {
		return setting("URL", this.defaultUrl);
	}

	public String user() {
		return setting("USER", this.defaultUser);
	}

	public String password() {
		return setting("PASSWORD", this.defaultPassword);
	}

	/** {@code spring.datasource.*} properties for this database, for context runners and tests. */
	public String[] springProperties() {
		return new String[] { "spring.datasource.url=" + url(), "spring.datasource.username=" + user(),
				"spring.datasource.password=" + password() };
	}

	/** Runs the statements on a connection of its own (not through cachalot). */
	public void execute(String... statements) {
		try (Connection connection = DriverManager.getConnection(url(), user(), password());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + List.of(statements) + " on " + url()
					+ " (set CACHALOT_TEST_" + name() + "_URL/_USER/_PASSWORD to reach another server)", ex);
		}
	}

	/**
	 * The URL of a database next to this one on the same server, named like it with the suffix,
	 * created when missing.
	 */
	public String siblingUrl(String suffix) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(jdbc:[a-z]+://[^/]+/)([^?]+)(.*)$")
			.matcher(url());
		if (!matcher.matches()) {
			throw new IllegalStateException("no database name in " + url());
		}
		String name = matcher.group(2) + suffix;
		try (Connection connection = DriverManager.getConnection(url(), user(), password());
				Statement statement = connection.createStatement()) {
			if (this == MARIADB) {
				statement.execute("CREATE DATABASE IF NOT EXISTS " + name);
			}
			else {
				try (java.sql.ResultSet rs = statement
					.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
					if (!rs.next()) {
						statement.execute("CREATE DATABASE " + name);
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + " next to " + url(), ex);
		}
		return matcher.group(1) + name + matcher.group(3);
	}

	/** Runs the statements on a connection of its own to the given URL of this server. */
	public void executeOn(String url, String... statements) {
		try (Connection connection = DriverManager.getConnection(url, user(), password());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + List.of(statements) + " on " + url, ex);
		}
	}

	private String setting(String suffix, String fallback) {
		String value = System.getenv("CACHALOT_TEST_" + name() + "_" + suffix);
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

}
