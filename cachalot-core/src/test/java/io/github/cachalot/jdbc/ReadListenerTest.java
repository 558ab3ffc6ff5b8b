package io.github.cachalot.jdbc;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.ReadListener;
import io.github.cachalot.ReadOutcome;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** A read listener is told each read's outcome (hit, miss, bypass and why), its tables and its SQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "H2", "POSTGRESQL" })
class ReadListenerTest {

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	final List<Read> reads = new CopyOnWriteArrayList<>();

	record Read(String dataSource, ReadOutcome outcome, String reason, Set<String> tables, String sql) {
	}

	@BeforeEach
	void createTables() {
		this.database.dropTables("rl_books");
		this.database.execute("CREATE TABLE rl_books (id INT PRIMARY KEY, title VARCHAR(50))",
				"INSERT INTO rl_books VALUES (1, 'Emma'), (2, 'Hard Times')");
		this.cachalot = new CachalotFixture(this.database);
		this.cachalot.dataSource().addReadListener((dataSource, outcome, reason, tables, sql) -> this.reads
			.add(new Read(dataSource, outcome, reason, tables, sql)));
	}

	@Test
	void aMissThenAHitOfTheSameRead() {
		String sql = "SELECT title FROM rl_books WHERE id = ?";
		this.cachalot.query(sql, 1);
		this.cachalot.query(sql, 1);

		String name = this.cachalot.dataSource().dataSourceId();
		assertThat(this.reads).containsExactly(new Read(name, ReadOutcome.MISS, null, Set.of("rl_books"), sql),
				new Read(name, ReadOutcome.HIT, null, Set.of("rl_books"), sql));
	}

	@Test
	void aBypassSaysWhy() throws Exception {
		this.cachalot.query("SELECT title, random() FROM rl_books");
		try (Connection connection = this.cachalot.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			CachalotFixture.update(connection, "UPDATE rl_books SET title = 'Persuasion' WHERE id = 2");
			CachalotFixture.query(connection, "SELECT title FROM rl_books WHERE id = 2");
			connection.rollback();
		}

		assertThat(this.reads).extracting(Read::outcome, Read::reason, Read::tables)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ReadOutcome.BYPASS, "random", Set.of("rl_books")),
					org.assertj.core.groups.Tuple.tuple(ReadOutcome.BYPASS, "written in transaction",
							Set.of("rl_books")));
		assertThat(this.cachalot.dataSource().statistics().uncacheable()).containsEntry("random", 1L)
			.containsEntry("written in transaction", 1L);
	}

	@Test
	void aListenerThatThrowsDoesNotFailTheReadNorSilenceTheOthers() {
		ReadListener failing = (dataSource, outcome, reason, tables, sql) -> {
			throw new IllegalStateException("listener down");
		};
		CachingDataSource dataSource = this.cachalot.dataSource();
		dataSource.addReadListener(failing);
		List<ReadOutcome> after = new CopyOnWriteArrayList<>();
		dataSource.addReadListener((name, outcome, reason, tables, sql) -> after.add(outcome));

		assertThat(this.cachalot.query("SELECT title FROM rl_books WHERE id = 2")).containsExactly(List.of("Hard Times"));
		assertThat(this.cachalot.query("SELECT title FROM rl_books WHERE id = 2")).containsExactly(List.of("Hard Times"));

		assertThat(after).containsExactly(ReadOutcome.MISS, ReadOutcome.HIT);
		assertThat(this.reads).extracting(Read::outcome).containsExactly(ReadOutcome.MISS, ReadOutcome.HIT);
	}

	@Test
	void writesAreNotReads() {
		this.cachalot.update("UPDATE rl_books SET title = 'Emma!' WHERE id = 1");
		assertThat(this.reads).isEmpty();
	}

}
