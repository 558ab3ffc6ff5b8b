package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.Cachalot;
import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.config.MutableCachalotSettings;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.store.CaffeineCacheStore;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Two applications that share a store and name their data source alike (Spring Boot's
 * {@code dataSource}) share entries only when they are on the same database, or were given the
 * same key scope: the scope derived from the database prefixes every query key and token key.
 * Databases {@code <test database>a} and {@code <test database>b} on the same server stand for
 * the staging and production databases of the same schema.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class KeyScopeTest {

	private static final String READ = "SELECT email FROM ks_customer WHERE id = 1";

	@Parameter
	TestDatabase database;

	/** The store both applications share (as they would a Redis). */
	final CaffeineCacheStore store = new CaffeineCacheStore();

	HikariDataSource staging;

	HikariDataSource production;

	@BeforeEach
	void createTables() throws SQLException {
		this.staging = this.database.newPoolOnSibling("a", 4);
		this.production = this.database.newPoolOnSibling("b", 4);
		createCustomer(this.staging, "staging@example.com");
		createCustomer(this.production, "production@example.com");
	}

	@AfterEach
	void closePools() {
		this.staging.close();
		this.production.close();
	}

	@Test
	void applicationsOnDifferentDatabasesDoNotReadEachOthersRows() {
		CachalotFixture staging = new CachalotFixture(this.database, this.store, this.staging);
		CachalotFixture production = new CachalotFixture(this.database, this.store, this.production);
		assertThat(production.query(READ)).containsExactly(List.of("production@example.com"));
		assertThat(production.executionsOfRepeatedRead(READ)).isZero();

		int before = staging.databaseExecutions();
		assertThat(staging.query(READ)).containsExactly(List.of("staging@example.com"));
		assertThat(staging.databaseExecutions() - before).as("a miss: production's entry is not staging's").isOne();
		assertThat(staging.dataSource().keyScope()).isNotEqualTo(production.dataSource().keyScope());
		assertThat(staging.dataSource().dataSourceId()).isEqualTo(production.dataSource().dataSourceId());
	}

	/**
	 * PostgreSQL databases are invalidation domains of their own; MariaDB's databases of one server
	 * are one (a connection writes any of them by qualified names, and table names are compared
	 * unqualified): there the write only costs the other database a miss, never its own row.
	 */
	@Test
	void applicationsOnDifferentDatabasesInvalidateEachOthersEntriesOnlyOnOneMariaDbServer() {
		CachalotFixture staging = new CachalotFixture(this.database, this.store, this.staging);
		CachalotFixture production = new CachalotFixture(this.database, this.store, this.production);
		production.query(READ);
		staging.update("UPDATE ks_customer SET email = 'changed@example.com' WHERE id = 1");
		staging.dataSource().invalidateAll();

		int before = production.databaseExecutions();
		assertThat(production.query(READ)).containsExactly(List.of("production@example.com"));
		if (this.database == TestDatabase.POSTGRESQL) {
			assertThat(production.databaseExecutions() - before).as("still a hit").isZero();
			assertThat(production.dataSource().database()).isNotEqualTo(staging.dataSource().database());
		}
		else {
			assertThat(production.databaseExecutions() - before).as("one server: a miss").isOne();
			assertThat(production.dataSource().database()).isEqualTo(staging.dataSource().database());
		}
		assertThat(staging.query(READ)).containsExactly(List.of("changed@example.com"));
	}

	@Test
	void instancesOnTheSameDatabaseShareEntriesAndInvalidations() {
		try (HikariDataSource otherPool = this.database.newPoolOnSibling("a", 2)) {
			CachalotFixture first = new CachalotFixture(this.database, this.store, this.staging);
			CachalotFixture second = new CachalotFixture(this.database, this.store, otherPool);
			assertThat(first.query(READ)).containsExactly(List.of("staging@example.com"));

			int before = second.databaseExecutions();
			assertThat(second.query(READ)).containsExactly(List.of("staging@example.com"));
			assertThat(second.databaseExecutions() - before).as("a hit on the first instance's entry").isZero();
			assertThat(second.dataSource().keyScope()).isEqualTo(first.dataSource().keyScope());

			first.update("UPDATE ks_customer SET email = 'new@example.com' WHERE id = 1");
			assertThat(second.query(READ)).as("invalidated by the first instance's write")
				.containsExactly(List.of("new@example.com"));
		}
	}

	/**
	 * The case of the issue, where only the host tells the databases apart (same database name,
	 * schema, SQL and data source name): here one database through two host names, so the rows are
	 * the same, but no read of one is answered from the other's entry. Invalidations are shared
	 * where the database can be told to be one: on PostgreSQL by its cluster's system identifier;
	 * MariaDB cannot name itself, and the host names differ.
	 */
	@Test
	void databasesOfTheSameNameOnDifferentHostsDoNotShareKeys() {
		try (HikariDataSource otherHost = this.database.newPoolOnSibling("a", 2, KeyScopeTest::otherHostName)) {
			CachalotFixture first = new CachalotFixture(this.database, this.store, this.staging);
			CachalotFixture second = new CachalotFixture(this.database, this.store, otherHost);
			first.query(READ);
			int before = second.databaseExecutions();
			second.query(READ);
			assertThat(second.databaseExecutions() - before).as("a miss").isOne();
			assertThat(second.dataSource().keyScope()).isNotEqualTo(first.dataSource().keyScope());

			first.query(READ);
			second.dataSource().invalidateAll();
			before = first.databaseExecutions();
			first.query(READ);
			if (this.database == TestDatabase.POSTGRESQL || isLoopback(otherHost.getJdbcUrl())) {
				// MariaDB cannot name itself, but this machine's names for its own server are one server
				assertThat(second.dataSource().database()).isEqualTo(first.dataSource().database());
				assertThat(first.databaseExecutions() - before).as("one server, one database: invalidated").isOne();
			}
			else {
				assertThat(second.dataSource().database()).isNotEqualTo(first.dataSource().database());
				assertThat(first.databaseExecutions() - before).as("not invalidated by the other host's").isZero();
			}
		}
	}

	/** The use of a key scope: one database reached through two URLs, shared on purpose. */
	@Test
	void theSameKeyScopeMakesApplicationsShareAcrossUrls() {
		try (HikariDataSource otherHost = this.database.newPoolOnSibling("a", 2, KeyScopeTest::otherHostName)) {
			CachalotFixture first = new CachalotFixture(this.database, this.store, this.staging, "shop");
			CachalotFixture second = new CachalotFixture(this.database, this.store, otherHost, "shop");
			assertThat(first.dataSource().keyScope()).isEqualTo("shop");
			assertThat(first.query(READ)).containsExactly(List.of("staging@example.com"));

			int before = second.databaseExecutions();
			assertThat(second.query(READ)).containsExactly(List.of("staging@example.com"));
			assertThat(second.databaseExecutions() - before).as("a hit on the other's entry").isZero();

			second.update("UPDATE ks_customer SET email = 'changed@example.com' WHERE id = 1");
			assertThat(first.query(READ)).as("invalidated by the other's write")
				.containsExactly(List.of("changed@example.com"));
		}
	}

	@Test
	void anInvalidationBeforeTheFirstConnectionLearnsTheScopeAndReachesTheOtherInstances() {
		CachalotFixture first = new CachalotFixture(this.database, this.store, this.staging);
		first.query(READ);
		try (HikariDataSource otherPool = this.database.newPoolOnSibling("a", 2)) {
			CachingDataSource second = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(otherPool,
					first.dataSource().dataSourceId());
			assertThat(second.keyScope()).as("not known before a connection").isNull();
			assertThat(second.invalidateTables(Set.of("ks_customer"))).isTrue();
			assertThat(second.keyScope()).isEqualTo(first.dataSource().keyScope());
		}
		int before = first.databaseExecutions();
		first.query(READ);
		assertThat(first.databaseExecutions() - before).as("its entry was invalidated").isOne();
	}

	@Test
	void aCustomTableKeyGeneratorGetsTheDatabase() throws SQLException {
		Set<String> named = new CopyOnWriteArraySet<>();
		TableKeyGenerator recording = new TableKeyGenerator() {
			@Override
			public String tableKey(String dataSourceId, String table) {
				named.add(dataSourceId);
				return "custom:t:" + dataSourceId + ":" + table;
			}

			@Override
			public String dataSourceKey(String dataSourceId) {
				named.add(dataSourceId);
				return "custom:d:" + dataSourceId;
			}
		};
		CachingDataSource cached = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000))
			.settings(new MutableCachalotSettings().setTableKeyGenerator(recording))
			.store(this.store)
			.build()
			.wrap(this.staging, "dataSource");
		try (Connection connection = cached.getConnection()) {
			CachalotFixture.query(connection, READ);
		}
		String database = cached.database();
		assertThat(database).matches("[0-9a-f]{16}").isNotEqualTo(cached.keyScope());
		assertThat(named).containsExactly(database);
		assertThat(this.store.getAll(new String[] { "custom:t:" + database + ":ks_customer" })[0])
			.isInstanceOf(Long.class);
	}

	@Test
	void learningTheScopeLeavesNoTransactionOpenWithAutocommitOff() throws SQLException {
		try (HikariDataSource manual = this.database.newPoolOnSibling("a", 2, (config) -> config.setAutoCommit(false))) {
			CachingDataSource cached = Cachalot.builder().sqlAnalyzer(SqlAnalyzer.synchronous(1_000)).store(this.store).build().wrap(manual, "dataSource");
			try (Connection connection = cached.getConnection()) {
				assertThat(cached.keyScope()).isNotNull();
				assertThat(DriverTransactionStatus.of(((CachingConnection) connection).physical()))
					.isEqualTo(DriverTransactionStatus.IDLE);
				// refused by PostgreSQL inside a transaction
				connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
				connection.rollback();
			}
		}
	}

	@Test
	void aConfiguredScopeIsCheckedAndADerivedOneHidesCredentials() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cachalot.builder().keyScope("a:b"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cachalot.builder().keyScope(""));
		assertThat(DatabaseIdentity.normalizeUrl("jdbc:postgresql://app:secret@db.internal:5432/shop?password=x&ssl=true"))
			.isEqualTo("jdbc:postgresql://db.internal:5432/shop");
		assertThat(DatabaseIdentity.normalizeUrl("jdbc:sqlserver://db:1433;databaseName=shop;user=sa;password=x"))
			.isEqualTo("jdbc:sqlserver://db:1433;databaseName=shop");
		assertThat(DatabaseIdentity.normalizeUrl("jdbc:oracle:thin:scott/tiger@//db:1521/shop"))
			.isEqualTo("jdbc:oracle:thin:@//db:1521/shop");
	}

	/** The same server under another host name: {@code localhost} for a loopback address, else the address. */
	private static boolean isLoopback(String url) {
		return url.matches("jdbc:[a-z]+://(localhost|127\\.0\\.0\\.1)[:/].*");
	}

	@Test
	void thisMachinesNamesForItsOwnServerAreOneServer() {
		for (String url : List.of("jdbc:mariadb://localhost/shop", "jdbc:mariadb://127.0.0.1:3306/shop",
				"jdbc:mariadb://127.0.1.1/other", "jdbc:mariadb://[::1]:3306/shop", "jdbc:mariadb://[0:0:0:0:0:0:0:1]/x")) {
			assertThat(DatabaseIdentity.server(url, url, 3306)).as(url).isEqualTo("localhost:3306");
		}
		assertThat(DatabaseIdentity.server("jdbc:mariadb://localhost:3307/shop", "", 3306)).isEqualTo("localhost:3307");
		assertThat(DatabaseIdentity.server("jdbc:mariadb://127.0.0.10.example/shop", "", 3306))
			.isEqualTo("127.0.0.10.example:3306");
		assertThat(DatabaseIdentity.server("jdbc:mariadb://10.0.0.1/shop", "", 3306)).isEqualTo("10.0.0.1:3306");
	}

	private static void otherHostName(com.zaxxer.hikari.HikariConfig config) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(jdbc:[a-z]+://)([^:/]+)(.*)$")
			.matcher(config.getJdbcUrl());
		assertThat(matcher.matches()).as(config.getJdbcUrl()).isTrue();
		String host = matcher.group(2);
		String other;
		if (host.equals("127.0.0.1")) {
			other = "localhost";
		}
		else {
			try {
				other = java.net.InetAddress.getByName(host).getHostAddress();
			}
			catch (java.net.UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		assertThat(other).as("another name for " + host).isNotEqualTo(host);
		config.setJdbcUrl(matcher.group(1) + other + matcher.group(3));
	}

	private static void createCustomer(DataSource pool, String email) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS ks_customer");
			statement.execute("CREATE TABLE ks_customer (id INT PRIMARY KEY, email VARCHAR(100))");
			statement.execute("INSERT INTO ks_customer VALUES (1, '" + email + "')");
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
	}

}
