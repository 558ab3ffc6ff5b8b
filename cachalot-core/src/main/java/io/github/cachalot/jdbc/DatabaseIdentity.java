package io.github.cachalot.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a data source's cache keys are built from, learned from its first connection: two facts of
 * different strength.
 * <ul>
 * <li>The <b>key scope</b> decides which database a data source's reads answer from: the JDBC URL
 * (without credentials and driver parameters), the user, and on PostgreSQL the database's name and
 * the cluster's system identifier. Its digest prefixes the data source's name in every result key,
 * so that applications on different databases sharing a store never share an entry, while the
 * instances of one application (same URL, user and database) do. Finer is safe: two data sources
 * that could share results and do not only miss more.</li>
 * <li>The <b>database</b> is the invalidation domain: every data source that reaches it (routing
 * targets, a migration data source, another pool, another instance) builds its table tokens from
 * it, so that a write through any of them invalidates what the others cached. It leaves out what
 * does not change which tables a write changes: the user, the driver parameters, and where the
 * server can name itself, the URL. Coarser is safe: two databases sharing tokens only invalidate
 * each other's reads; two data sources on one database that do not share them serve stale reads.
 * On PostgreSQL it is the cluster's system identifier and {@code current_database()} (the URL's
 * host and port stand in for the identifier when the user may not read it); on MariaDB and MySQL
 * the server as the URL names it (lower-case hosts, default port, this machine's loopback names as
 * {@code localhost}), without the database: a
 * connection reaches every database of its server by qualified names, and table names are compared
 * unqualified; elsewhere the URL without credentials and parameters.</li>
 * </ul>
 * Only facts that stay the same while the data does are used: a server's address, host name,
 * MariaDB's {@code server_id} (1 on every server unless configured; different on a replica) or
 * {@code @@hostname} change with a restart on another node or a failover to a replica, and
 * instances that learned different identities would no longer see each other's invalidations. The
 * user is that of the first connection: a data source handed credentials per connection should be
 * given a key scope.
 */
final class DatabaseIdentity {

	/** Hex digits of the scope: 64 bits of SHA-256. */
	private static final int SCOPE_LENGTH = 16;

	/** What a configured key scope may be made of (no {@code :}, which ends the scope in a key). */
	static final Pattern CONFIGURED_SCOPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** Tells this JVM's in-memory databases from those of other JVMs with the same URL. */
	private static final String JVM = UUID.randomUUID().toString();

	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

	private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("^(jdbc:oracle:[a-z]+:)[^@]*@");

	private static final Pattern SECRET_PROPERTY = Pattern
		.compile(";\\s*(user|username|password|pwd|uid)\\s*=[^;]*", Pattern.CASE_INSENSITIVE);

	private static final Pattern IN_PROCESS_MEMORY = Pattern
		.compile("^jdbc:(h2:mem:|hsqldb:mem:|derby:memory:|sqlite:(:memory:|$)|sqlite:.*mode=memory)");

	private static final Pattern SERVER = Pattern.compile("^jdbc:[^/]*//([^/?;]*)");

	private final String description;

	private final String scope;

	private final String database;

	private final String databaseDescription;

	private DatabaseIdentity(String description, String databaseDescription) {
		this.description = description;
		this.scope = digest(description);
		this.databaseDescription = databaseDescription;
		this.database = digest(databaseDescription);
	}

	/** What the scope was derived from (no credentials), for the startup log. */
	String description() {
		return this.description;
	}

	/** The key scope: 16 hex digits. */
	String scope() {
		return this.scope;
	}

	/** The database, the invalidation domain that table tokens are built from: 16 hex digits. */
	String database() {
		return this.database;
	}

	/** What the database was derived from (no credentials), for the startup log and the endpoint. */
	String databaseDescription() {
		return this.databaseDescription;
	}

	/**
	 * Reads the identity of the database the connection is on. On PostgreSQL runs one or two
	 * queries, which the caller must allow (no transaction of someone else's open); when autocommit
	 * is off, the transaction they began is rolled back.
	 */
	static DatabaseIdentity read(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String product = String.valueOf(metaData.getDatabaseProductName()).toLowerCase(Locale.ROOT);
		String rawUrl = metaData.getURL();
		String url = normalizeUrl(rawUrl);
		StringBuilder identity = new StringBuilder(product).append(' ').append(url);
		identity.append(" user=").append(metaData.getUserName());
		StringBuilder database = new StringBuilder(product).append(' ');
		if (product.contains("postgres")) {
			String[] postgres = postgresIdentity(connection);
			identity.append(" database=").append(postgres[0]);
			if (postgres[1] != null) {
				identity.append(" system=").append(postgres[1]);
				database.append("system=").append(postgres[1]);
			}
			else {
				database.append("server=").append(server(rawUrl, url, 5432));
			}
			database.append(" database=").append(postgres[0]);
		}
		else if (product.contains("mariadb") || product.contains("mysql")) {
			database.append("server=").append(server(rawUrl, url, 3306));
		}
		else {
			database.append(product.contains("h2") ? withoutH2Settings(url) : url);
		}
		if (rawUrl != null && IN_PROCESS_MEMORY.matcher(rawUrl).find()) {
			identity.append(" jvm=").append(JVM); // no other process can reach that database
			database.append(" jvm=").append(JVM);
		}
		return new DatabaseIdentity(identity.toString(), database.toString());
	}

	/**
	 * The server as the URL names it: its host list in lower case, each host with its port (the
	 * default when none is given); the normalized URL when it names no host.
	 */
	static String server(String rawUrl, String normalizedUrl, int defaultPort) {
		java.util.regex.Matcher matcher = (rawUrl != null) ? SERVER.matcher(rawUrl.strip()) : null;
		if (matcher == null || !matcher.find()) {
			return normalizedUrl;
		}
		String authority = USER_INFO.matcher("//" + matcher.group(1)).replaceFirst("//").substring(2);
		StringBuilder server = new StringBuilder();
		for (String host : authority.toLowerCase(Locale.ROOT).split(",")) {
			if (server.length() > 0) {
				server.append(',');
			}
			String trimmed = host.strip();
			if (trimmed.isEmpty()) {
				trimmed = "localhost";
			}
			// host:port, [v6]:port, or a MariaDB address=(host=…)(port=…) left as written
			boolean hasPort = trimmed.startsWith("[") ? trimmed.contains("]:") : trimmed.contains(":");
			trimmed = LOOPBACK.matcher(trimmed).replaceFirst("localhost");
			server.append(trimmed);
			if (!hasPort && !trimmed.contains("(")) {
				server.append(':').append(defaultPort);
			}
		}
		return server.toString();
	}

	/**
	 * The names of this machine's own server ({@code 127.0.0.1}, {@code [::1]}): one server, so one
	 * name; coarser is safe, as a migration URL naming the server otherwise than the pool must not
	 * make it another database.
	 */
	private static final Pattern LOOPBACK = Pattern.compile("^(?:127(?:\\.\\d{1,3}){3}|\\[(?:0{0,4}:){2,7}0{0,3}1\\])(?=:|$)");

	/** An H2 URL without its settings ({@code ;DB_CLOSE_DELAY=-1}), which do not choose the database. */
	private static String withoutH2Settings(String url) {
		int settings = (url != null) ? url.indexOf(';') : -1;
		return (settings >= 0) ? url.substring(0, settings) : url;
	}

	/**
	 * The database's own name (a pooler may map the URL's onto another) and the cluster's system
	 * identifier when the user may read it (null otherwise): kept by restarts, physical replicas and
	 * failovers, and different for every cluster not cloned from a physical backup of another.
	 */
	private static String[] postgresIdentity(Connection connection) throws SQLException {
		boolean began = !connection.getAutoCommit();
		try (Statement statement = connection.createStatement()) {
			String database;
			boolean readable;
			// to_regprocedure: a PostgreSQL look-alike without the function answers null, not an error
			try (ResultSet rs = statement.executeQuery("select current_database(), has_function_privilege("
					+ "to_regprocedure('pg_catalog.pg_control_system()'), 'execute')")) {
				rs.next();
				database = rs.getString(1);
				readable = rs.getBoolean(2);
			}
			String system = null;
			if (readable) {
				try (ResultSet rs = statement.executeQuery("select system_identifier from pg_control_system()")) {
					system = rs.next() ? rs.getString(1) : null;
				}
			}
			return new String[] { database, system };
		}
		finally {
			if (began) {
				connection.rollback(); // the transaction these queries began, before anyone used it
			}
		}
	}

	/** Whether reading the identity runs queries on the connection (PostgreSQL), not only metadata. */
	static boolean runsQueries(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
	}

	/** The scope of a description: the first 16 hex digits of its SHA-256. */
	static String digest(String description) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash).substring(0, SCOPE_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/**
	 * The URL without what does not choose the database: credentials (user info, Oracle's
	 * {@code user/password@}, {@code ;password=} properties) and the driver parameters after
	 * {@code ?} (timeouts, application name, SSL), which may differ between instances of one
	 * application.
	 */
	static String normalizeUrl(String url) {
		if (url == null) {
			return null;
		}
		String normalized = url.strip();
		int query = normalized.indexOf('?');
		if (query >= 0) {
			normalized = normalized.substring(0, query);
		}
		normalized = USER_INFO.matcher(normalized).replaceFirst("//");
		normalized = ORACLE_CREDENTIALS.matcher(normalized).replaceFirst("$1@");
		return SECRET_PROPERTY.matcher(normalized).replaceAll("");
	}

	@Override
	public String toString() {
		return this.scope + " (" + this.description + "), database " + this.database + " ("
				+ this.databaseDescription + ")";
	}

}
