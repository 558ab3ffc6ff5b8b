package io.github.cachalot.jdbc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL never seen before costs no parse on the caller's path and is answered as the database
 * answers: a read runs uncached at once and is cached once analysed off the caller's thread (here
 * when the test runs the analyzer's background tasks); a write invalidates what it writes from its
 * first execution; a read the parser gives up on never invalidates anything.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class NeverSeenSqlTest {

	private static final String READ = "SELECT id, name FROM ns_items ORDER BY id";

	@Parameter
	TestDatabase database;

	/** The analyzer's background analyses, run when the test says. */
	private final Deque<Runnable> analyses = new ArrayDeque<>();

	private CachalotFixture cachalot;

	@BeforeEach
	void createTables() {
		this.database.dropTables("ns_items", "ns_other");
		this.database.execute("CREATE TABLE ns_items (id INT PRIMARY KEY, name VARCHAR(50))",
				"INSERT INTO ns_items VALUES (1, 'one'), (2, 'two')",
				"CREATE TABLE ns_other (id INT PRIMARY KEY)", "INSERT INTO ns_other VALUES (1)");
		this.cachalot = withCallerBudget(Duration.ofSeconds(10)); // as if every parse fitted in the budget
	}

	private CachalotFixture withCallerBudget(Duration budget) {
		return new CachalotFixture(this.database, new SqlAnalyzer(1_000, (Executor) this.analyses::add, budget));
	}

	private void runBackgroundAnalyses() {
		while (!this.analyses.isEmpty()) {
			this.analyses.poll().run();
		}
	}

	private List<List<Object>> direct(String sql) {
		try (var connection = this.database.dataSource().getConnection()) {
			return CachalotFixture.query(connection, sql);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads it until it is cached: a read with literals is parsed at its second sighting, one the
	 * parser has no time for is analysed off the caller's thread; then it is stored.
	 */
	private void cache(String sql) {
		this.cachalot.query(sql);
		this.cachalot.query(sql);
		runBackgroundAnalyses();
		this.cachalot.query(sql);
		assertThat(this.cachalot.executionsOfRepeatedRead(sql)).as("cached").isZero();
	}

	@Test
	void aNeverSeenReadIsAnsweredByTheDatabaseOnItsFirstExecution() {
		String sql = "SELECT n.name, (SELECT count(*) FROM ns_other) AS c FROM ns_items n WHERE n.id IN (1, 2) ORDER BY n.id";
		int before = this.cachalot.databaseExecutions();

		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql)).hasSize(2);
		assertThat(this.cachalot.databaseExecutions() - before).isEqualTo(1);
		assertThat(this.cachalot.dataSource().statistics().uncacheable("not yet analysed")).isEqualTo(1);
		assertThat(this.analyses).as("seen once: not analysed").isEmpty();
	}

	@Test
	void aReadWithoutLiteralsIsParsedWithinTheBudgetAndCachedFromItsFirstExecution() {
		assertThat(this.cachalot.query(READ)).isEqualTo(direct(READ));
		int before = this.cachalot.databaseExecutions();
		assertThat(this.cachalot.query(READ)).isEqualTo(direct(READ));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before);
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(1);
		assertThat(this.analyses).isEmpty();
	}

	@Test
	void aReadWithLiteralsIsParsedAtItsSecondSightingAndCachedFromThen() {
		String sql = "SELECT id, name FROM ns_items WHERE id > 0 ORDER BY id";
		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		assertThat(this.cachalot.dataSource().statistics().uncacheable("not yet analysed")).isEqualTo(1);
		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		int before = this.cachalot.databaseExecutions();
		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before);
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(1);
		assertThat(this.analyses).isEmpty();
	}

	@Test
	void aReadTheParserHasNoTimeForRunsUncachedUntilItsAnalysisIsDoneOffTheCallersThread() {
		this.cachalot = withCallerBudget(Duration.ZERO); // the least budget, a millisecond
		String sql = "SELECT id, name FROM ns_items n WHERE n.id IN (SELECT o.id FROM ns_other o)"
				+ " AND n.name IS NOT NULL".repeat(1_000) + " ORDER BY id";
		for (int i = 0; i < 3; i++) {
			assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		}
		assertThat(this.cachalot.dataSource().statistics().hits()).isZero();
		if (this.analyses.isEmpty()) {
			// the parse fitted in a millisecond after all (a fast machine): then it was cached at once
			assertThat(this.cachalot.dataSource().statistics().uncacheable("not yet analysed")).isZero();
			return;
		}
		assertThat(this.analyses).as("queued once").hasSize(1);
		assertThat(this.cachalot.dataSource().statistics().uncacheable("not yet analysed")).isEqualTo(3);

		runBackgroundAnalyses();
		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		int before = this.cachalot.databaseExecutions();
		assertThat(this.cachalot.query(sql)).isEqualTo(direct(sql));
		assertThat(this.cachalot.databaseExecutions()).isEqualTo(before);
		assertThat(this.cachalot.dataSource().statistics().hits()).isEqualTo(1);
	}

	@Test
	void aNeverSeenWriteInvalidatesWhatItWritesOnItsFirstExecution() {
		cache(READ);
		this.cachalot.update("UPDATE ns_items SET name = 'uno' WHERE id = 1");
		assertThat(this.cachalot.query(READ)).isEqualTo(direct(READ));
		assertThat(this.cachalot.query(READ).get(0).get(1)).isEqualTo("uno");

		cache(READ);
		this.cachalot.update("UPDATE ns_items SET name = 'eins' WHERE id = " + "(".repeat(20) + "1" + ")".repeat(20));
		assertThat(this.cachalot.query(READ).get(0).get(1)).isEqualTo("eins");
		assertThat(this.cachalot.query(READ)).isEqualTo(direct(READ));
	}

	@Test
	void aReadTheParserGivesUpOnInvalidatesNothingEvenWithInvalidateRaw() {
		this.cachalot = withCallerBudget(Duration.ZERO);
		this.cachalot.settings().setInvalidateRaw(true);
		String deep = "SELECT * FROM ns_other WHERE id = " + "(".repeat(20) + "SELECT max(id) FROM ns_other"
				+ ")".repeat(20);
		String longList = "SELECT * FROM ns_other WHERE id IN (" + "0, ".repeat(10_000) + "1)";
		cache(READ);
		for (String pathological : List.of(deep, longList)) {
			assertThat(this.cachalot.query(pathological)).isEqualTo(direct(pathological));
			assertThat(this.cachalot.query(pathological)).isEqualTo(direct(pathological));
			runBackgroundAnalyses(); // the parse gives up: judged from its tokens
			assertThat(this.cachalot.query(pathological)).isEqualTo(direct(pathological));
		}
		assertThat(this.cachalot.executionsOfRepeatedRead(READ)).as("still cached").isZero();
		assertThat(this.cachalot.dataSource().statistics().invalidations()).isZero();
	}
}
