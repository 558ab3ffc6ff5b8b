package io.github.cachalot.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The databases the tests run against. Each defaults to the service on this machine and can be
 * pointed elsewhere with environment variables ({@code CACHALOT_TEST_<NAME>_URL}, {@code _USER},
 * {@code _PASSWORD}). A database that is not reachable fails the test that needs it: nothing is
 * skipped.
 */
public enum TestDatabase {

	H2("jdbc:h2:mem:cachalot;DB_CLOSE_DELAY=-1", "sa", ""),

	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),

	MARIADB("jdbc:mariadb://127.0.0.1:3306/test?allowMultiQueries=true", "root", ""),

	SQLITE(null, "", "");

	private static final Map<TestDatabase, HikariDataSource> POOLS = new EnumMap<>(TestDatabase.class);

	private final String defaultUrl;

	private final String defaultUser;

	private final String defaultPassword;

	TestDatabase(String defaultUrl, String defaultUser, String defaultPassword) {
		this.defaultUrl = defaultUrl;
		this.defaultUser = defaultUser;
		this.defaultPassword = defaultPassword;
	}

	/** The JDBC URL, from {@code CACHALOT_TEST_<NAME>_URL} or the local default. */
	public String url() {
		String url = System.getenv("CACHALOT_TEST_" + name() + "_URL");
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (this == SQLITE) {
			try {
				Path file = Files.createTempFile("cachalot-sqlite", ".db");
				file.toFile().deleteOnExit();
				return "jdbc:sqlite:" + file;
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return this.defaultUrl;
	}

	/** The database named in the URL ({@code test} by default; PostgreSQL and MariaDB). */
	public String databaseName() {
		return url().replaceAll("^jdbc:[a-z]+://[^/]+/([^?]+).*$", "$1");
	}

	private String setting(String suffix, String fallback) {
		String value = System.getenv("CACHALOT_TEST_" + name() + "_" + suffix);
		return (value != null) ? value : fallback;
	}

	/**
	 * A shared pool on this database (created once per test JVM). Fails with a message naming the
	 * environment variables when the database cannot be reached.
	 */
	public synchronized DataSource dataSource() {
		return POOLS.computeIfAbsent(this, this::createPool);
	}

	/** A new pool of the given size, to be closed by the caller. */
	public HikariDataSource newPool(int size) {
		HikariConfig config = config();
		config.setMaximumPoolSize(size);
		return open(config);
	}

	/** A new pool of the given size whose URL has the given driver parameters appended, to be closed by the caller. */
	public HikariDataSource newPool(int size, String urlParameters) {
		HikariConfig config = config();
		String url = config.getJdbcUrl();
		config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + urlParameters);
		config.setMaximumPoolSize(size);
		return open(config);
	}

	/**
	 * A new pool of the given size on a database next to this one on the same server, named like it
	 * with the suffix (created when missing; PostgreSQL and MariaDB), to be closed by the caller.
	 */
	public HikariDataSource newPoolOnSibling(String suffix, int size) {
		return newPoolOnSibling(suffix, size, (config) -> {
		});
	}

	/** Like {@link #newPoolOnSibling(String, int)}, with the pool's configuration adjusted. */
	public HikariDataSource newPoolOnSibling(String suffix, int size,
			java.util.function.Consumer<HikariConfig> adjustment) {
		if (this != POSTGRESQL && this != MARIADB) {
			throw new IllegalArgumentException("no sibling databases on " + this);
		}
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(jdbc:[a-z]+://[^/]+/)([^?]+)(.*)$")
			.matcher(url());
		if (!matcher.matches()) {
			throw new IllegalStateException("no database name in " + url());
		}
		String name = matcher.group(2) + suffix;
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
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
			throw new IllegalStateException("could not create database " + name, ex);
		}
		HikariConfig config = config();
		config.setPoolName("test-" + name().toLowerCase() + "-" + name);
		config.setJdbcUrl(matcher.group(1) + name + matcher.group(3));
		config.setMaximumPoolSize(size);
		adjustment.accept(config);
		return open(config);
	}

	private HikariDataSource createPool(TestDatabase database) {
		HikariConfig config = config();
		config.setMaximumPoolSize((this == SQLITE) ? 4 : 8);
		return open(config);
	}

	/** A new physical connection of the driver itself, without a pool, to be closed by the caller. */
	public Connection newConnection() throws SQLException {
		return DriverManager.getConnection(url(), setting("USER", this.defaultUser),
				setting("PASSWORD", this.defaultPassword));
	}

	private HikariConfig config() {
		HikariConfig config = new HikariConfig();
		config.setPoolName("test-" + name().toLowerCase());
		config.setJdbcUrl(url());
		config.setUsername(setting("USER", this.defaultUser));
		config.setPassword(setting("PASSWORD", this.defaultPassword));
		config.setConnectionTimeout(10_000);
		config.setInitializationFailTimeout(10_000);
		return config;
	}

	private HikariDataSource open(HikariConfig config) {
		try {
			return new HikariDataSource(config);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(name() + " is not reachable at " + config.getJdbcUrl()
					+ ": start it, or point CACHALOT_TEST_" + name() + "_URL/_USER/_PASSWORD at one", ex);
		}
	}

	/** Whether this database has the given feature. */
	public boolean supports(Feature feature) {
		return feature.supportedBy(this);
	}

	/** Runs each statement in autocommit on a connection of {@link #dataSource()}. */
	public void execute(String... sql) {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Drops the given tables or views if they exist (views first, then tables). */
	public void dropTables(String... names) {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			for (String name : names) {
				try {
					statement.execute("DROP VIEW IF EXISTS " + name);
				}
				catch (SQLException ignored) {
					// not a view
				}
				String cascade = (this == POSTGRESQL || this == H2) ? " CASCADE" : "";
				try {
					statement.execute("DROP TABLE IF EXISTS " + name + cascade);
				}
				catch (SQLException ignored) {
					// a view of that name was dropped above
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Database features that some of the test databases lack. */
	public enum Feature {

		/** {@code SELECT … FOR UPDATE}. */
		FOR_UPDATE,
		/** Views whose base tables can be read from the catalog. */
		VIEWS,
		/** Foreign keys with ON DELETE CASCADE reported by DatabaseMetaData. */
		CASCADING_FOREIGN_KEYS,
		/** Stored procedures called with CALL. */
		PROCEDURES,
		/** Savepoints. */
		SAVEPOINTS,
		/** Concurrent writers on separate connections. */
		CONCURRENT_WRITERS,
		/** {@code MERGE INTO}. */
		MERGE,
		/** {@code RETURNING}. */
		RETURNING;

		boolean supportedBy(TestDatabase database) {
			return switch (this) {
				case FOR_UPDATE -> database != SQLITE;
				case PROCEDURES -> database == POSTGRESQL || database == MARIADB;
				case CONCURRENT_WRITERS -> database != SQLITE;
				case MERGE -> database == POSTGRESQL || database == H2;
				case RETURNING -> database == POSTGRESQL || database == MARIADB || database == SQLITE;
				default -> true;
			};
		}

	}

}
