package io.github.cachalot.frameworks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.MapKey;
import org.apache.ibatis.annotations.One;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Result;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.ResultSetType;
import org.apache.ibatis.mapping.StatementType;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.RowBounds;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.cachalot.frameworks.FrameworkSchema.Genre;
import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static io.github.cachalot.frameworks.FrameworkAssertions.assertAnsweredFromCache;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertFreshRead;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertRepeatedReadIsAHit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MyBatis 3 over the caching data source (MyBatis reads with {@code PreparedStatement.execute()}
 * and maps columns by the result set's metadata): repeated reads through an annotated mapper are
 * answered from the cache with the objects MyBatis maps from the database, and what the mapper
 * writes is seen by the next read. Every read opens a new {@link SqlSession} (and the local cache
 * is statement-scoped), so that MyBatis's own session cache hides nothing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class MyBatisCompatibilityTest {

	static final String BOOK_COLUMNS = "id, author_id, title, price, pages, published, in_print, genre, sales, updated_at";

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	/** MyBatis on the caching data source. */
	SqlSessionFactory cached;

	/** MyBatis directly on the database. */
	SqlSessionFactory direct;

	@BeforeEach
	void createSchema() {
		FrameworkSchema.create(this.database);
		this.cachalot = new CachalotFixture(this.database);
		this.cached = sessionFactory(this.cachalot.dataSource());
		this.direct = sessionFactory(this.database.dataSource());
	}

	private static SqlSessionFactory sessionFactory(DataSource dataSource) {
		Configuration configuration = new Configuration(
				new Environment("test", new JdbcTransactionFactory(), dataSource));
		configuration.setMapUnderscoreToCamelCase(true);
		configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
		configuration.setCacheEnabled(false);
		configuration.addMapper(BookMapper.class);
		return new SqlSessionFactoryBuilder().build(configuration);
	}

	/** A book as MyBatis maps it: by column label, underscores to camel case, with type handlers. */
	public static class BookBean {

		private Long id;

		private Integer authorId;

		private String title;

		private BigDecimal price;

		private Integer pages;

		private LocalDate published;

		private Boolean inPrint;

		private Genre genre;

		private long sales;

		private LocalDateTime updatedAt;

		public BookBean() {
		}

		BookBean(Integer authorId, String title, BigDecimal price, Integer pages, LocalDate published, Boolean inPrint,
				Genre genre, long sales, LocalDateTime updatedAt) {
			this.authorId = authorId;
			this.title = title;
			this.price = price;
			this.pages = pages;
			this.published = published;
			this.inPrint = inPrint;
			this.genre = genre;
			this.sales = sales;
			this.updatedAt = updatedAt;
		}

		public Long getId() {
			return this.id;
		}

		public void setId(Long id) {
			this.id = id;
		}

		public Integer getAuthorId() {
			return this.authorId;
		}

		public void setAuthorId(Integer authorId) {
			this.authorId = authorId;
		}

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		public BigDecimal getPrice() {
			return this.price;
		}

		public void setPrice(BigDecimal price) {
			this.price = price;
		}

		public Integer getPages() {
			return this.pages;
		}

		public void setPages(Integer pages) {
			this.pages = pages;
		}

		public LocalDate getPublished() {
			return this.published;
		}

		public void setPublished(LocalDate published) {
			this.published = published;
		}

		public Boolean getInPrint() {
			return this.inPrint;
		}

		public void setInPrint(Boolean inPrint) {
			this.inPrint = inPrint;
		}

		public Genre getGenre() {
			return this.genre;
		}

		public void setGenre(Genre genre) {
			this.genre = genre;
		}

		public long getSales() {
			return this.sales;
		}

		public void setSales(long sales) {
			this.sales = sales;
		}

		public LocalDateTime getUpdatedAt() {
			return this.updatedAt;
		}

		public void setUpdatedAt(LocalDateTime updatedAt) {
			this.updatedAt = updatedAt;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof BookBean that && Objects.equals(this.id, that.id)
					&& Objects.equals(this.authorId, that.authorId) && Objects.equals(this.title, that.title)
					&& Objects.equals(this.price, that.price) && Objects.equals(this.pages, that.pages)
					&& Objects.equals(this.published, that.published) && Objects.equals(this.inPrint, that.inPrint)
					&& this.genre == that.genre && this.sales == that.sales
					&& Objects.equals(this.updatedAt, that.updatedAt);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.id, this.title);
		}

		@Override
		public String toString() {
			return "BookBean[id=" + this.id + ", authorId=" + this.authorId + ", title=" + this.title + ", price="
					+ this.price + ", pages=" + this.pages + ", published=" + this.published + ", inPrint="
					+ this.inPrint + ", genre=" + this.genre + ", sales=" + this.sales + ", updatedAt="
					+ this.updatedAt + "]";
		}

	}

	/** An author, mapped into a record by constructor. */
	public record AuthorRecord(Integer id, String name, String email, LocalDate born, Boolean active, BigDecimal rating,
			Instant createdAt) {
	}

	/** The annotated mapper. */
	public interface BookMapper {

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE author_id = #{authorId} ORDER BY id")
		List<BookBean> booksOf(int authorId);

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE id = #{id}")
		BookBean find(long id);

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE price BETWEEN #{min} AND #{max} "
				+ "AND published >= #{since} AND in_print = #{inPrint} ORDER BY price")
		List<BookBean> search(@Param("min") BigDecimal min, @Param("max") BigDecimal max,
				@Param("since") LocalDate since, @Param("inPrint") boolean inPrint);

		@Select("SELECT id, name, email, born, active, rating, created_at FROM fw_authors ORDER BY id")
		List<AuthorRecord> authors();

		@Select("SELECT COUNT(*) FROM fw_books")
		int countBooks();

		@Select("SELECT name FROM fw_authors WHERE id = #{id}")
		String authorName(int id);

		@Select("SELECT MAX(published) FROM fw_books WHERE author_id = #{authorId}")
		LocalDate latestPublication(int authorId);

		@Select("SELECT a.name AS author, b.title, b.price, b.pages, b.published, b.in_print, b.sales, b.updated_at, "
				+ "a.rating, a.born, a.created_at FROM fw_books b JOIN fw_authors a ON a.id = b.author_id ORDER BY b.id")
		List<Map<String, Object>> booksWithAuthorsAsMaps();

		@Select("SELECT a.name, COUNT(b.id) AS books, SUM(b.price) AS total FROM fw_authors a "
				+ "LEFT JOIN fw_books b ON b.author_id = a.id GROUP BY a.name ORDER BY a.name")
		List<Map<String, Object>> totals();

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id")
		Cursor<BookBean> cursor();

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id")
		List<BookBean> page(RowBounds bounds);

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id")
		@Options(resultSetType = ResultSetType.SCROLL_INSENSITIVE)
		List<BookBean> scrollable();

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE genre = '${genre}' ORDER BY id")
		@Options(statementType = StatementType.STATEMENT)
		List<BookBean> inlined(@Param("genre") String genre);

		@Select("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id")
		@MapKey("id")
		Map<Long, BookBean> byId();

		@Select("SELECT id, title, author_id FROM fw_books WHERE author_id = #{authorId} ORDER BY id")
		@Results({ @Result(property = "id", column = "id", id = true), @Result(property = "title", column = "title"),
				@Result(property = "author", column = "author_id", javaType = AuthorRecord.class,
						one = @One(select = "findAuthor")) })
		List<BookWithAuthor> booksWithAuthor(int authorId);

		@Select("SELECT id, name, email, born, active, rating, created_at FROM fw_authors WHERE id = #{id}")
		AuthorRecord findAuthor(int id);

		@Select("SELECT created_at FROM fw_authors WHERE id = #{id}")
		OffsetDateTime createdAtOffset(int id);

		@Select("SELECT created_at FROM fw_authors WHERE id = #{id}")
		Instant createdAtInstant(int id);

		@Select("SELECT updated_at FROM fw_books WHERE id = #{id}")
		LocalDateTime updatedAt(long id);

		@Insert("INSERT INTO fw_books (author_id, title, price, pages, published, in_print, genre, sales, updated_at) "
				+ "VALUES (#{authorId}, #{title}, #{price}, #{pages}, #{published}, #{inPrint}, #{genre}, #{sales}, "
				+ "#{updatedAt})")
		@Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
		int insert(BookBean book);

		@Update("UPDATE fw_books SET price = #{price}, updated_at = #{updatedAt} WHERE id = #{id}")
		int updatePrice(@Param("id") long id, @Param("price") BigDecimal price,
				@Param("updatedAt") LocalDateTime updatedAt);

		@Update("UPDATE fw_books SET title = #{title} WHERE id = #{id}")
		int rename(@Param("id") long id, @Param("title") String title);

		@Delete("DELETE FROM fw_books WHERE id = #{id}")
		int delete(long id);

	}

	/** Runs the work in a new autocommit session. */
	private static <T> T inNewSession(SqlSessionFactory factory, Function<BookMapper, T> work) {
		try (SqlSession session = factory.openSession(true)) {
			return work.apply(session.getMapper(BookMapper.class));
		}
	}

	private <T> T assertHit(String what, Function<BookMapper, T> work) {
		return assertRepeatedReadIsAHit(what, this.cachalot, () -> inNewSession(this.cached, work),
				() -> inNewSession(this.direct, work));
	}

	private <T> T assertFresh(String what, Function<BookMapper, T> work) {
		return assertFreshRead(what, this.cachalot, () -> inNewSession(this.cached, work),
				() -> inNewSession(this.direct, work));
	}

	// ---- reads

	@Test
	void selectsIntoABeanWithTypeHandlers() {
		List<BookBean> books = assertHit("booksOf(1)", (BookMapper mapper) -> mapper.booksOf(1));
		assertThat(books).extracting(BookBean::getTitle)
			.containsExactly("A Wizard of Earthsea", "The Left Hand of Darkness", "The Dispossessed");
		assertThat(books.get(0).getUpdatedAt()).isEqualTo(LocalDateTime.of(2024, 3, 4, 5, 6, 7, 890_123_000));
		assertThat(books.get(0).getGenre()).isEqualTo(Genre.FANTASY);
		assertThat(books.get(2).getPages()).isNull();
		assertThat(books.get(2).getInPrint()).isFalse();

		BookBean solaris = assertHit("find(4)", (BookMapper mapper) -> mapper.find(4L));
		assertThat(solaris.getSales()).isEqualTo(3_000_000_000L);
		assertThat(solaris.getPrice()).isEqualTo(new BigDecimal("11.25"));
		assertThat(assertHit("find(5)", (BookMapper mapper) -> mapper.find(5L)).getPublished()).isNull();
		assertThat(assertHit("find of a missing id", (BookMapper mapper) -> mapper.find(99L))).isNull();

		List<BookBean> found = assertHit("search with BigDecimal, LocalDate and boolean parameters",
				(BookMapper mapper) -> mapper.search(new BigDecimal("10.00"), new BigDecimal("15.00"), LocalDate.of(1960, 1, 1),
						true));
		assertThat(found).extracting(BookBean::getId).containsExactly(4L, 1L, 2L);
	}

	@Test
	void selectsIntoARecordScalarsAndMaps() {
		List<AuthorRecord> authors = assertHit("authors() into a record", BookMapper::authors);
		assertThat(authors).hasSize(3);
		assertThat(authors.get(0).createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
		assertThat(authors.get(2).born()).isNull();
		assertThat(authors.get(2).rating()).isNull();

		assertThat(assertHit("countBooks() as int", BookMapper::countBooks)).isEqualTo(5);
		assertThat(assertHit("authorName(2) as String", (BookMapper mapper) -> mapper.authorName(2))).isEqualTo("Stanisław Lem");
		assertThat(assertHit("latestPublication(1) as LocalDate", (BookMapper mapper) -> mapper.latestPublication(1)))
			.isEqualTo(LocalDate.of(1974, 5, 1));
		assertThat(assertHit("latestPublication(3) of no book", (BookMapper mapper) -> mapper.latestPublication(3))).isNull();

		List<Map<String, Object>> maps = assertHit("a join as maps", BookMapper::booksWithAuthorsAsMaps);
		assertThat(maps).hasSize(5);
		assertHit("an aggregate as maps", BookMapper::totals);
	}

	@Test
	void aDefaultSessionReadsFromTheCacheUnderReadCommittedOnly() {
		// openSession() runs reads with autocommit off, in a transaction that writes nothing: under
		// READ COMMITTED (PostgreSQL's default) a hit is what the database would answer; under
		// REPEATABLE READ (MariaDB's) a hit could mix another moment into the transaction's snapshot
		assertHit("booksOf(2)", (BookMapper mapper) -> mapper.booksOf(2));
		FrameworkAssertions.Read<List<BookBean>> inDefaultSession = () -> {
			try (SqlSession session = this.cached.openSession()) {
				return session.getMapper(BookMapper.class).booksOf(2);
			}
		};
		FrameworkAssertions.Read<List<BookBean>> direct = () -> inNewSession(this.direct,
				(BookMapper mapper) -> mapper.booksOf(2));
		if (this.database == TestDatabase.MARIADB) {
			assertThat(assertFreshRead("booksOf(2) in a default (REPEATABLE READ) session", this.cachalot,
					inDefaultSession, direct)).hasSize(2);
		}
		else {
			assertThat(assertAnsweredFromCache("booksOf(2) in a default (READ COMMITTED) session", this.cachalot,
					inDefaultSession, direct)).hasSize(2);
		}
	}

	/** A book with its author, loaded by a nested select. */
	public static class BookWithAuthor {

		private Long id;

		private String title;

		private AuthorRecord author;

		public Long getId() {
			return this.id;
		}

		public void setId(Long id) {
			this.id = id;
		}

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		public AuthorRecord getAuthor() {
			return this.author;
		}

		public void setAuthor(AuthorRecord author) {
			this.author = author;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof BookWithAuthor that && Objects.equals(this.id, that.id)
					&& Objects.equals(this.title, that.title) && Objects.equals(this.author, that.author);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.id);
		}

		@Override
		public String toString() {
			return "BookWithAuthor[id=" + this.id + ", title=" + this.title + ", author=" + this.author + "]";
		}

	}

	@Test
	void cursorsRowBoundsScrollableAndStaticStatements() {
		List<BookBean> cursor = assertHit("a Cursor read to the end", (BookMapper mapper) -> {
			List<BookBean> books = new java.util.ArrayList<>();
			try (Cursor<BookBean> each = mapper.cursor()) {
				each.forEach(books::add);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			return books;
		});
		assertThat(cursor).hasSize(5);
		assertThat(assertHit("RowBounds(1, 10)", (BookMapper mapper) -> mapper.page(new RowBounds(1, 10))))
			.extracting(BookBean::getId)
			.containsExactly(2L, 3L, 4L, 5L);
		assertThat(assertHit("a SCROLL_INSENSITIVE select", BookMapper::scrollable)).isEqualTo(cursor);
		assertThat(assertHit("a STATEMENT select with an inlined value",
				(BookMapper mapper) -> mapper.inlined("SCIENCE_FICTION")))
			.extracting(BookBean::getId)
			.containsExactly(2L, 3L, 4L);
		Map<Long, BookBean> byId = assertHit("@MapKey", BookMapper::byId);
		assertThat(byId).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
	}

	@Test
	void aNestedSelectForAnAssociation() {
		List<BookWithAuthor> books = assertHit("books with a nested select of their author",
				(BookMapper mapper) -> mapper.booksWithAuthor(2));
		assertThat(books).hasSize(2);
		assertThat(books.get(0).getAuthor().name()).isEqualTo("Stanisław Lem");
		assertThat(books.get(0).getAuthor().email()).isNull();
	}

	@Test
	void anOffsetDateTimeTypeHandler() {
		// OffsetDateTimeTypeHandler: rs.getObject(column, OffsetDateTime.class)
		assertThat(assertHit("createdAtOffset(1) as OffsetDateTime", (BookMapper mapper) -> mapper.createdAtOffset(1))
			.toInstant()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
	}

	@Test
	void instantAndLocalDateTimeTypeHandlers() {
		assertThat(assertHit("createdAtInstant(1) as Instant", (BookMapper mapper) -> mapper.createdAtInstant(1)))
			.isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
		assertThat(assertHit("updatedAt(1) as LocalDateTime", (BookMapper mapper) -> mapper.updatedAt(1L)))
			.isEqualTo(LocalDateTime.of(2024, 3, 4, 5, 6, 7, 890_123_000));
	}

	// ---- writes

	@Test
	void insertsUpdatesAndDeletesAreSeenByTheNextRead() {
		assertHit("booksOf(2)", (BookMapper mapper) -> mapper.booksOf(2));
		BookBean fiasco = new BookBean(2, "Fiasco", new BigDecimal("15.00"), null, LocalDate.of(1986, 1, 1), false,
				Genre.SCIENCE_FICTION, 42L, LocalDateTime.of(2025, 6, 7, 8, 9, 10, 123_000_000));
		assertThat(inNewSession(this.cached, (BookMapper mapper) -> mapper.insert(fiasco))).isEqualTo(1);
		assertThat(fiasco.getId()).isEqualTo(6L);
		assertThat(assertFresh("booksOf(2) after insert", (BookMapper mapper) -> mapper.booksOf(2)))
			.extracting(BookBean::getTitle)
			.containsExactly("Solaris", "The Cyberiad", "Fiasco");
		assertHit("booksOf(2)", (BookMapper mapper) -> mapper.booksOf(2));
		assertHit("find(4)", (BookMapper mapper) -> mapper.find(4L));

		assertThat(inNewSession(this.cached,
				(BookMapper mapper) -> mapper.updatePrice(4L, new BigDecimal("19.99"), LocalDateTime.of(2025, 1, 2, 3, 4, 5))))
			.isEqualTo(1);
		BookBean updated = assertFresh("find(4) after update", (BookMapper mapper) -> mapper.find(4L));
		assertThat(updated.getPrice()).isEqualTo(new BigDecimal("19.99"));
		assertThat(updated.getUpdatedAt()).isEqualTo(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
		assertFresh("booksOf(2) after update", (BookMapper mapper) -> mapper.booksOf(2));

		assertThat(inNewSession(this.cached, (BookMapper mapper) -> mapper.delete(5L))).isEqualTo(1);
		assertThat(assertFresh("booksOf(2) after delete", (BookMapper mapper) -> mapper.booksOf(2))).extracting(BookBean::getId)
			.containsExactly(4L, 6L);
		assertThat(assertFresh("find(5) after delete", (BookMapper mapper) -> mapper.find(5L))).isNull();
	}

	@Test
	void aCommittedSessionIsSeenAndARolledBackOneLeavesTheCachedReadIntact() {
		List<BookBean> before = assertHit("booksOf(1)", (BookMapper mapper) -> mapper.booksOf(1));

		try (SqlSession session = this.cached.openSession()) {
			BookMapper mapper = session.getMapper(BookMapper.class);
			mapper.rename(1L, "Rolled back");
			mapper.delete(3L);
			assertThat(mapper.booksOf(1)).extracting(BookBean::getTitle)
				.containsExactly("Rolled back", "The Left Hand of Darkness");
			session.rollback();
		}
		assertThat(assertAnsweredFromCache("booksOf(1) after the rollback", this.cachalot,
				() -> inNewSession(this.cached, (BookMapper mapper) -> mapper.booksOf(1)),
				() -> inNewSession(this.direct, (BookMapper mapper) -> mapper.booksOf(1))))
			.isEqualTo(before);

		try (SqlSession session = this.cached.openSession()) {
			BookMapper mapper = session.getMapper(BookMapper.class);
			mapper.rename(1L, "Earthsea");
			mapper.insert(new BookBean(1, "Lavinia", new BigDecimal("16.00"), 279, LocalDate.of(2008, 4, 1), true,
					Genre.FANTASY, 5L, null));
			assertThat(mapper.booksOf(1)).extracting(BookBean::getTitle)
				.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
			session.commit();
		}
		assertThat(assertFresh("booksOf(1) after the commit", (BookMapper mapper) -> mapper.booksOf(1)))
			.extracting(BookBean::getTitle)
			.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
		assertHit("booksOf(1)", (BookMapper mapper) -> mapper.booksOf(1));
	}

}
