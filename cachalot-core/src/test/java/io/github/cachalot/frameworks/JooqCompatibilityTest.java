package io.github.cachalot.frameworks;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.Record7;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static io.github.cachalot.frameworks.FrameworkAssertions.assertAnsweredFromCache;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertFreshRead;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertRepeatedReadIsAHit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

/**
 * jOOQ over the caching data source (jOOQ reads with {@code PreparedStatement.execute()} and
 * {@code getResultSet()}, and infers the types of plain-SQL columns from the result set's
 * metadata): repeated reads are answered from the cache with the records jOOQ builds from the
 * database, and what jOOQ writes is seen by the next read.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class JooqCompatibilityTest {

	static {
		System.setProperty("org.jooq.no-logo", "true");
		System.setProperty("org.jooq.no-tips", "true");
	}

	static final Table<Record> AUTHORS = table(name("fw_authors"));

	static final Table<Record> BOOKS = table(name("fw_books"));

	static final Field<Integer> AUTHOR_ID = field(name("fw_authors", "id"), SQLDataType.INTEGER);

	static final Field<String> AUTHOR_NAME = field(name("fw_authors", "name"), SQLDataType.VARCHAR(100));

	static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);

	static final Field<Long> BOOK_ID = field(name("fw_books", "id"), SQLDataType.BIGINT);

	static final Field<Integer> BOOK_AUTHOR = field(name("author_id"), SQLDataType.INTEGER);

	static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR(200));

	static final Field<BigDecimal> PRICE = field(name("price"), SQLDataType.DECIMAL(10, 2));

	static final Field<Integer> PAGES = field(name("pages"), SQLDataType.INTEGER);

	static final Field<LocalDate> PUBLISHED = field(name("published"), SQLDataType.LOCALDATE);

	static final Field<Boolean> IN_PRINT = field(name("in_print"), SQLDataType.BOOLEAN);

	static final Field<String> GENRE = field(name("genre"), SQLDataType.VARCHAR(20));

	static final Field<Long> SALES = field(name("sales"), SQLDataType.BIGINT);

	static final Field<LocalDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.LOCALDATETIME(6));

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	/** jOOQ on the caching data source. */
	DSLContext jooq;

	/** jOOQ directly on the database. */
	DSLContext direct;

	@BeforeEach
	void createSchema() {
		FrameworkSchema.create(this.database);
		this.cachalot = new CachalotFixture(this.database);
		SQLDialect dialect = (this.database == TestDatabase.POSTGRESQL) ? SQLDialect.POSTGRES : SQLDialect.MARIADB;
		this.jooq = DSL.using(this.cachalot.dataSource(), dialect);
		this.direct = DSL.using(this.database.dataSource(), dialect);
	}

	/** A book, for {@code fetchInto}. */
	record BookRow(Long id, Integer authorId, String title, BigDecimal price, Integer pages, LocalDate published,
			Boolean inPrint, String genre, Long sales, LocalDateTime updatedAt) {
	}

	/**
	 * What jOOQ fetched: the fields with the data types jOOQ inferred (from the result set metadata
	 * for plain-SQL columns) and every row's values.
	 */
	record Fetched(List<String> fields, List<Map<String, Object>> rows) {

		static Fetched of(Result<? extends Record> result) {
			return new Fetched(Arrays.stream(result.fields())
				.map((field) -> field.getName() + " " + field.getDataType().getTypeName() + "/"
						+ field.getType().getName() + " precision=" + field.getDataType().precision() + " scale="
						+ field.getDataType().scale() + " nullable=" + field.getDataType().nullable())
				.toList(), result.intoMaps());
		}

		@Override
		public String toString() {
			return "Fetched[fields=" + this.fields + ", rows=" + FrameworkAssertions.typed(this.rows) + "]";
		}

	}

	private <T> T assertHit(String what, Function<DSLContext, T> read) {
		return assertRepeatedReadIsAHit(what, this.cachalot, () -> read.apply(this.jooq),
				() -> read.apply(this.direct));
	}

	private <T> T assertFresh(String what, Function<DSLContext, T> read) {
		return assertFreshRead(what, this.cachalot, () -> read.apply(this.jooq), () -> read.apply(this.direct));
	}

	private static Fetched booksOfAuthor(DSLContext jooq, int author) {
		return Fetched.of(jooq.selectFrom(BOOKS).where(BOOK_AUTHOR.eq(author)).orderBy(ID).fetch());
	}

	// ---- reads

	@Test
	void selectFromATableWithColumnTypesFromTheMetadata() {
		Fetched books = assertHit("selectFrom(table).where(...).fetch()", (DSLContext jooq) -> booksOfAuthor(jooq, 1));
		assertThat(books.rows()).hasSize(3);
		assertThat(books.fields()).hasSize(10);
		Fetched authors = assertHit("selectFrom(authors).fetch()",
				(DSLContext jooq) -> Fetched.of(jooq.selectFrom(AUTHORS).orderBy(AUTHOR_ID).fetch()));
		assertThat(authors.rows()).hasSize(3);
		assertThat(authors.rows().get(2).get("born")).isNull();
		assertHit("selectFrom with an empty result",
				(DSLContext jooq) -> Fetched.of(jooq.selectFrom(BOOKS).where(BOOK_AUTHOR.eq(3)).fetch()));
	}

	@Test
	void fetchIntoARecordClass() {
		List<BookRow> typed = assertHit("select(typed fields).fetchInto(record)",
				(DSLContext jooq) -> jooq.select(ID, BOOK_AUTHOR, TITLE, PRICE, PAGES, PUBLISHED, IN_PRINT, GENRE, SALES, UPDATED_AT)
					.from(BOOKS)
					.orderBy(ID)
					.fetchInto(BookRow.class));
		assertThat(typed).hasSize(5);
		assertThat(typed.get(0)).isEqualTo(new BookRow(1L, 1, "A Wizard of Earthsea", new BigDecimal("12.50"), 205,
				LocalDate.of(1968, 11, 1), true, "FANTASY", 1_500_000L,
				LocalDateTime.of(2024, 3, 4, 5, 6, 7, 890_123_000)));
		assertThat(typed.get(2).pages()).isNull();
		assertThat(typed.get(3).sales()).isEqualTo(3_000_000_000L);

		List<BookRow> untyped = assertHit("selectFrom(table).fetchInto(record)",
				(DSLContext jooq) -> jooq.selectFrom(BOOKS).orderBy(ID).fetchInto(BookRow.class));
		assertThat(untyped).isEqualTo(typed);
	}

	@Test
	void fetchOneWithTypedColumns() {
		Record7<String, BigDecimal, LocalDate, Boolean, Long, LocalDateTime, Integer> record = assertHit(
				"fetchOne with typed fields",
				(DSLContext jooq) -> jooq.select(TITLE, PRICE, PUBLISHED, IN_PRINT, SALES, UPDATED_AT, PAGES)
					.from(BOOKS)
					.where(ID.eq(4L))
					.fetchOne());
		assertThat(record.value1()).isEqualTo("Solaris");
		assertThat(record.value2()).isEqualTo(new BigDecimal("11.25"));
		assertThat(record.value3()).isEqualTo(LocalDate.of(1961, 6, 1));
		assertThat(record.value4()).isTrue();
		assertThat(record.value5()).isEqualTo(3_000_000_000L);
		assertThat(record.value6()).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 100_000_000));

		assertThat(assertHit("fetchOne of a column with NULLs",
				(DSLContext jooq) -> jooq.select(TITLE, PUBLISHED, UPDATED_AT).from(BOOKS).where(ID.eq(5L)).fetchOne()).value2())
			.isNull();
		assertThat(assertHit("fetchOne(field)",
				(DSLContext jooq) -> jooq.select(TITLE).from(BOOKS).where(ID.eq(2L)).fetchOne(TITLE)))
			.isEqualTo("The Left Hand of Darkness");
		assertThat(assertHit("fetchValue(count)", (DSLContext jooq) -> jooq.fetchValue(jooq.selectCount().from(BOOKS))))
			.isEqualTo(5);
		assertThat(assertHit("fetchOne of no row",
				(DSLContext jooq) -> jooq.select(TITLE).from(BOOKS).where(ID.eq(99L)).fetchOne()))
			.isNull();
		assertThat(assertHit("fetchSingle(field, Class)",
				(DSLContext jooq) -> jooq.select(field(name("born"))).from(AUTHORS).where(AUTHOR_ID.eq(1)).fetchSingle(0,
						LocalDate.class)))
			.isEqualTo(LocalDate.of(1929, 10, 21));
		assertHit("fetchOne of an author with an instant",
				(DSLContext jooq) -> jooq.selectFrom(AUTHORS).where(AUTHOR_ID.eq(2)).fetchOne().intoMap());
	}

	@Test
	void aJoinWithAnAggregate() {
		List<Record3<String, Integer, BigDecimal>> totals = assertHit("join with group by",
				(DSLContext jooq) -> jooq.select(AUTHOR_NAME, count(BOOK_ID), sum(field(name("fw_books", "price"), BigDecimal.class)))
					.from(AUTHORS)
					.join(BOOKS)
					.on(field(name("fw_books", "author_id"), Integer.class).eq(AUTHOR_ID))
					.where(field(name("fw_books", "in_print"), Boolean.class).isTrue())
					.groupBy(AUTHOR_NAME)
					.orderBy(AUTHOR_NAME)
					.fetch());
		assertThat(totals).hasSize(2);
		assertThat(totals.get(0).value1()).isEqualTo("Stanisław Lem");
		assertThat(totals.get(0).value2()).isEqualTo(2);

		Fetched leftJoin = assertHit("left join with plain-SQL column types",
				(DSLContext jooq) -> Fetched.of(jooq
					.select(AUTHOR_NAME, field(name("fw_authors", "rating")), field(name("fw_authors", "created_at")),
							max(field(name("fw_books", "published"), LocalDate.class)).as("latest"))
					.from(AUTHORS)
					.leftJoin(BOOKS)
					.on(field(name("fw_books", "author_id"), Integer.class).eq(AUTHOR_ID))
					.groupBy(AUTHOR_NAME, field(name("fw_authors", "rating")), field(name("fw_authors", "created_at")))
					.orderBy(AUTHOR_NAME)
					.fetch()));
		assertThat(leftJoin.rows()).hasSize(3);

		assertHit("plain SQL with a bind value", (DSLContext jooq) -> Fetched
			.of(jooq.fetch("SELECT b.*, a.name AS author FROM fw_books b JOIN fw_authors a ON a.id = b.author_id "
					+ "WHERE b.price BETWEEN ? AND ? ORDER BY b.id", new BigDecimal("10"), new BigDecimal("14"))));
	}

	@Test
	void lazyCursorsStreamsArraysAndMaps() {
		List<BookRow> lazy = assertHit("fetchLazy() cursor read to the end", (DSLContext jooq) -> {
			try (Cursor<Record> cursor = jooq.selectFrom(BOOKS).orderBy(ID).fetchLazy()) {
				List<BookRow> rows = new java.util.ArrayList<>();
				while (cursor.hasNext()) {
					rows.add(cursor.fetchNext().into(BookRow.class));
				}
				return rows;
			}
		});
		assertThat(lazy).hasSize(5);
		List<String> streamed = assertHit("fetchStream()", (DSLContext jooq) -> {
			try (Stream<Record1<String>> stream = jooq.select(TITLE).from(BOOKS).where(PRICE.gt(new BigDecimal("11")))
				.orderBy(TITLE).fetchStream()) {
				return stream.map(Record1::value1).toList();
			}
		});
		assertThat(streamed).containsExactly("A Wizard of Earthsea", "Solaris", "The Dispossessed",
				"The Left Hand of Darkness");
		List<List<Object>> arrays = assertHit("fetchArrays()", (DSLContext jooq) -> Arrays
			.stream(jooq.selectFrom(AUTHORS).orderBy(AUTHOR_ID).fetchArrays())
			.map(Arrays::asList)
			.toList());
		assertThat(arrays).hasSize(3);
		Map<Long, String> map = assertHit("fetchMap(id, title)",
				(DSLContext jooq) -> jooq.select(ID, TITLE).from(BOOKS).where(ID.in(1L, 3L, 5L)).fetchMap(ID, TITLE));
		assertThat(map).containsOnlyKeys(1L, 3L, 5L);
		Map<Integer, List<String>> groups = assertHit("fetchGroups(author, title)", (DSLContext jooq) -> jooq
			.select(BOOK_AUTHOR, TITLE).from(BOOKS).orderBy(ID).fetchGroups(BOOK_AUTHOR, TITLE));
		assertThat(groups.get(2)).containsExactly("Solaris", "The Cyberiad");
	}

	@Test
	void staticStatementsWithInlinedValues() {
		SQLDialect dialect = (this.database == TestDatabase.POSTGRESQL) ? SQLDialect.POSTGRES : SQLDialect.MARIADB;
		Settings inline = new Settings().withStatementType(StatementType.STATIC_STATEMENT);
		DSLContext jooq = DSL.using(this.cachalot.dataSource(), dialect, inline);
		DSLContext direct = DSL.using(this.database.dataSource(), dialect, inline);
		Fetched books = assertRepeatedReadIsAHit("a static statement (Statement.execute(sql))", this.cachalot,
				() -> booksOfAuthor(jooq, 2), () -> booksOfAuthor(direct, 2));
		assertThat(books.rows()).hasSize(2);
		jooq.update(BOOKS).set(TITLE, "Solaris!").where(ID.eq(4L)).execute();
		assertThat(assertFreshRead("the static statement after a static update", this.cachalot,
				() -> booksOfAuthor(jooq, 2), () -> booksOfAuthor(direct, 2)).rows().get(0).get("title"))
			.isEqualTo("Solaris!");
	}

	@Test
	void anOffsetDateTimeColumn() {
		Field<OffsetDateTime> createdAt = field(name("created_at"), SQLDataType.OFFSETDATETIME(6));
		OffsetDateTime value = assertHit("fetchOne of an OFFSETDATETIME field",
				(DSLContext jooq) -> jooq.select(createdAt).from(AUTHORS).where(AUTHOR_ID.eq(1)).fetchOne(createdAt));
		assertThat(value.toInstant()).isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05.123456Z"));
		Field<java.time.Instant> instant = field(name("created_at"), SQLDataType.INSTANT);
		assertThat(assertHit("fetchOne of an INSTANT field",
				(DSLContext jooq) -> jooq.select(instant).from(AUTHORS).where(AUTHOR_ID.eq(1)).fetchOne(instant)))
			.isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05.123456Z"));
	}

	// ---- writes

	@Test
	void insertUpdateAndDeleteAreSeenByTheNextRead() {
		assertHit("books of author 2", (DSLContext jooq) -> booksOfAuthor(jooq, 2));
		assertThat(this.jooq.insertInto(BOOKS, ID, BOOK_AUTHOR, TITLE, PRICE, PAGES, PUBLISHED, IN_PRINT, GENRE, SALES)
			.values(10L, 2, "Fiasco", new BigDecimal("15.00"), null, LocalDate.of(1986, 1, 1), false,
					"SCIENCE_FICTION", 42L)
			.execute()).isEqualTo(1);
		Fetched afterInsert = assertFresh("books of author 2 after insertInto", (DSLContext jooq) -> booksOfAuthor(jooq, 2));
		assertThat(afterInsert.rows()).extracting((row) -> row.get("title"))
			.containsExactly("Solaris", "The Cyberiad", "Fiasco");
		assertHit("books of author 2", (DSLContext jooq) -> booksOfAuthor(jooq, 2));

		assertThat(this.jooq.update(BOOKS)
			.set(PRICE, new BigDecimal("19.99"))
			.set(UPDATED_AT, LocalDateTime.of(2025, 1, 2, 3, 4, 5))
			.where(ID.eq(4L))
			.execute()).isEqualTo(1);
		Fetched afterUpdate = assertFresh("books of author 2 after update", (DSLContext jooq) -> booksOfAuthor(jooq, 2));
		assertThat(afterUpdate.rows().get(0).get("price")).isEqualTo(new BigDecimal("19.99"));
		assertHit("books of author 2", (DSLContext jooq) -> booksOfAuthor(jooq, 2));

		assertThat(this.jooq.deleteFrom(BOOKS).where(ID.eq(5L)).execute()).isEqualTo(1);
		assertThat(assertFresh("books of author 2 after deleteFrom", (DSLContext jooq) -> booksOfAuthor(jooq, 2)).rows())
			.extracting((row) -> row.get("title"))
			.containsExactly("Solaris", "Fiasco");

		// a write to the parent table, read through a join
		Function<DSLContext, List<String>> authorsOfBooks = (DSLContext jooq) -> jooq.select(AUTHOR_NAME)
			.from(BOOKS)
			.join(AUTHORS)
			.on(BOOK_AUTHOR.eq(AUTHOR_ID))
			.orderBy(BOOK_ID)
			.fetch(AUTHOR_NAME);
		assertHit("authors of the books", authorsOfBooks);
		this.jooq.update(AUTHORS).set(AUTHOR_NAME, "S. Lem").where(AUTHOR_ID.eq(2)).execute();
		assertThat(assertFresh("authors of the books after an author update", authorsOfBooks)).contains("S. Lem")
			.doesNotContain("Stanisław Lem");
	}

	@Test
	void anInsertReturningTheGeneratedKey() {
		assertHit("books of author 1", (DSLContext jooq) -> booksOfAuthor(jooq, 1));
		Long id = this.jooq.insertInto(BOOKS, BOOK_AUTHOR, TITLE, PRICE, IN_PRINT, GENRE, SALES)
			.values(1, "Always Coming Home", new BigDecimal("21.00"), true, "FANTASY", 7L)
			.returningResult(ID)
			.fetchOne(ID);
		assertThat(id).isEqualTo(6L);
		assertThat(assertFresh("books of author 1 after an insert returning", (DSLContext jooq) -> booksOfAuthor(jooq, 1)).rows())
			.extracting((row) -> row.get("id"))
			.containsExactly(1L, 2L, 3L, 6L);
	}

	@Test
	void aCommittedTransactionIsSeenAndARolledBackOneLeavesTheCachedReadIntact() {
		Fetched before = assertHit("books of author 1", (DSLContext jooq) -> booksOfAuthor(jooq, 1));

		assertThatThrownBy(() -> this.jooq.transaction((configuration) -> {
			DSLContext transaction = DSL.using(configuration);
			transaction.update(BOOKS).set(TITLE, "Rolled back").where(ID.eq(1L)).execute();
			transaction.deleteFrom(BOOKS).where(ID.eq(3L)).execute();
			assertThat(booksOfAuthor(transaction, 1).rows()).extracting((row) -> row.get("title"))
				.containsExactly("Rolled back", "The Left Hand of Darkness");
			throw new IllegalStateException("roll back");
		})).hasMessageContaining("roll back");
		assertThat(assertAnsweredFromCache("books of author 1 after the rollback", this.cachalot,
				() -> booksOfAuthor(this.jooq, 1), () -> booksOfAuthor(this.direct, 1)))
			.isEqualTo(before);

		this.jooq.transaction((configuration) -> {
			DSLContext transaction = DSL.using(configuration);
			transaction.update(BOOKS).set(TITLE, "Earthsea").where(ID.eq(1L)).execute();
			transaction.insertInto(BOOKS, ID, BOOK_AUTHOR, TITLE, PRICE, IN_PRINT, GENRE, SALES)
				.values(30L, 1, "Lavinia", new BigDecimal("16.00"), true, "FANTASY", 5L)
				.execute();
			assertThat(booksOfAuthor(transaction, 1).rows()).extracting((row) -> row.get("title"))
				.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
		});
		assertThat(assertFresh("books of author 1 after the commit", (DSLContext jooq) -> booksOfAuthor(jooq, 1)).rows())
			.extracting((row) -> row.get("title"))
			.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
		assertHit("books of author 1", (DSLContext jooq) -> booksOfAuthor(jooq, 1));
	}

}
