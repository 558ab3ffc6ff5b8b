package io.github.cachalot.frameworks;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.BeanPropertyRowMapper;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.jdbc.support.rowset.SqlRowSet;
import org.springframework.jdbc.support.rowset.SqlRowSetMetaData;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.cachalot.testsupport.CachalotFixture;
import io.github.cachalot.testsupport.TestDatabase;

import static io.github.cachalot.frameworks.FrameworkAssertions.assertAnsweredFromCache;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertFreshRead;
import static io.github.cachalot.frameworks.FrameworkAssertions.assertRepeatedReadIsAHit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's {@link JdbcTemplate}, {@link NamedParameterJdbcTemplate} and
 * {@link TransactionTemplate} over the caching data source: repeated reads are answered from the
 * cache with the values Spring gets from the database, and writes made through Spring are seen by
 * the next read.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class JdbcTemplateCompatibilityTest {

	private static final String BOOK_COLUMNS = "id, author_id, title, price, pages, published, in_print, genre, sales, "
			+ "updated_at";

	private static final String BOOKS_OF_AUTHOR = "SELECT " + BOOK_COLUMNS
			+ " FROM fw_books WHERE author_id = ? ORDER BY id";

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	/** Spring on the caching data source. */
	JdbcTemplate jdbc;

	/** Spring directly on the database. */
	JdbcTemplate direct;

	NamedParameterJdbcTemplate named;

	NamedParameterJdbcTemplate namedDirect;

	@BeforeEach
	void createSchema() {
		FrameworkSchema.create(this.database);
		this.cachalot = new CachalotFixture(this.database);
		this.jdbc = new JdbcTemplate(this.cachalot.dataSource());
		this.direct = new JdbcTemplate(this.database.dataSource());
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		this.namedDirect = new NamedParameterJdbcTemplate(this.direct);
	}

	/** A book, read by a hand-written {@link RowMapper}, by {@link DataClassRowMapper}. */
	record Book(long id, int authorId, String title, BigDecimal price, Integer pages, LocalDate published,
			boolean inPrint, String genre, long sales, LocalDateTime updatedAt) {
	}

	/** What a typical hand-written row mapper does: typed getters by label, wasNull, java.sql types. */
	static final RowMapper<Book> BOOK_MAPPER = (rs, rowNum) -> {
		int pages = rs.getInt("pages");
		Integer nullablePages = rs.wasNull() ? null : pages;
		java.sql.Date published = rs.getDate("published");
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Book(rs.getLong("id"), rs.getInt("author_id"), rs.getString("title"), rs.getBigDecimal("price"),
				nullablePages, (published != null) ? published.toLocalDate() : null, rs.getBoolean("in_print"),
				rs.getString("genre"), rs.getLong("sales"), (updated != null) ? updated.toLocalDateTime() : null);
	};

	/** A JavaBean for {@link BeanPropertyRowMapper}. */
	public static class AuthorBean {

		private Integer id;

		private String name;

		private String email;

		private LocalDate born;

		private Boolean active;

		private BigDecimal rating;

		private Timestamp createdAt;

		public Integer getId() {
			return this.id;
		}

		public void setId(Integer id) {
			this.id = id;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

		public LocalDate getBorn() {
			return this.born;
		}

		public void setBorn(LocalDate born) {
			this.born = born;
		}

		public Boolean getActive() {
			return this.active;
		}

		public void setActive(Boolean active) {
			this.active = active;
		}

		public BigDecimal getRating() {
			return this.rating;
		}

		public void setRating(BigDecimal rating) {
			this.rating = rating;
		}

		public Timestamp getCreatedAt() {
			return this.createdAt;
		}

		public void setCreatedAt(Timestamp createdAt) {
			this.createdAt = createdAt;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof AuthorBean that && Objects.equals(this.id, that.id)
					&& Objects.equals(this.name, that.name) && Objects.equals(this.email, that.email)
					&& Objects.equals(this.born, that.born) && Objects.equals(this.active, that.active)
					&& Objects.equals(this.rating, that.rating) && Objects.equals(this.createdAt, that.createdAt);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.id, this.name);
		}

		@Override
		public String toString() {
			return "AuthorBean[id=" + this.id + ", name=" + this.name + ", email=" + this.email + ", born=" + this.born
					+ ", active=" + this.active + ", rating=" + this.rating + ", createdAt=" + this.createdAt + "]";
		}

	}

	// ---- reads

	@Test
	void queryWithAHandWrittenRowMapper() {
		List<Book> books = assertRepeatedReadIsAHit("query(RowMapper)", this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1));
		assertThat(books).extracting(Book::title)
			.containsExactly("A Wizard of Earthsea", "The Left Hand of Darkness", "The Dispossessed");
		assertThat(books.get(2).pages()).isNull();
		assertThat(books.get(1).updatedAt()).isNull();
		assertThat(books.get(0).price()).isEqualTo(new BigDecimal("12.50"));
		assertThat(books.get(0).updatedAt()).isEqualTo(LocalDateTime.of(2024, 3, 4, 5, 6, 7, 890_123_000));

		String byPrice = "SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE price > ? AND in_print = ? ORDER BY price DESC";
		List<Book> expensive = assertRepeatedReadIsAHit("query(RowMapper) with BigDecimal and boolean parameters",
				this.cachalot, () -> this.jdbc.query(byPrice, BOOK_MAPPER, new BigDecimal("11.00"), true),
				() -> this.direct.query(byPrice, BOOK_MAPPER, new BigDecimal("11.00"), true));
		assertThat(expensive).extracting(Book::id).containsExactly(2L, 1L, 4L);
		assertThat(expensive.get(2).sales()).isEqualTo(3_000_000_000L);
	}

	@Test
	void queryIntoARecordWithDataClassRowMapper() {
		List<Book> books = assertRepeatedReadIsAHit("DataClassRowMapper", this.cachalot,
				() -> this.jdbc.query("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id",
						new DataClassRowMapper<>(Book.class)),
				() -> this.direct.query("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id",
						new DataClassRowMapper<>(Book.class)));
		assertThat(books).hasSize(5);
		assertThat(books).isEqualTo(this.direct.query("SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id",
				BOOK_MAPPER));
	}

	@Test
	void queryIntoABeanWithBeanPropertyRowMapper() {
		String sql = "SELECT id, name, email, born, active, rating, created_at FROM fw_authors ORDER BY id";
		List<AuthorBean> authors = assertRepeatedReadIsAHit("BeanPropertyRowMapper", this.cachalot,
				() -> this.jdbc.query(sql, new BeanPropertyRowMapper<>(AuthorBean.class)),
				() -> this.direct.query(sql, new BeanPropertyRowMapper<>(AuthorBean.class)));
		assertThat(authors).extracting(AuthorBean::getName)
			.containsExactly("Ursula K. Le Guin", "Stanisław Lem", "Anonymous");
		assertThat(authors.get(2).getBorn()).isNull();
		assertThat(authors.get(2).getRating()).isNull();
		assertThat(authors.get(0).getActive()).isTrue();
		assertThat(authors.get(2).getActive()).isFalse();
	}

	@Test
	void queryForObjectOfEachType() {
		assertRepeatedReadIsAHit("queryForObject(Integer)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM fw_books", Integer.class),
				() -> this.direct.queryForObject("SELECT COUNT(*) FROM fw_books", Integer.class));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM fw_books", Integer.class)).isEqualTo(5);
		String name = assertRepeatedReadIsAHit("queryForObject(String)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT name FROM fw_authors WHERE id = ?", String.class, 2),
				() -> this.direct.queryForObject("SELECT name FROM fw_authors WHERE id = ?", String.class, 2));
		assertThat(name).isEqualTo("Stanisław Lem");
		LocalDate born = assertRepeatedReadIsAHit("queryForObject(LocalDate)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT born FROM fw_authors WHERE id = 1", LocalDate.class),
				() -> this.direct.queryForObject("SELECT born FROM fw_authors WHERE id = 1", LocalDate.class));
		assertThat(born).isEqualTo(LocalDate.of(1929, 10, 21));
		assertRepeatedReadIsAHit("queryForObject(LocalDate) of NULL", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT born FROM fw_authors WHERE id = 3", LocalDate.class),
				() -> this.direct.queryForObject("SELECT born FROM fw_authors WHERE id = 3", LocalDate.class));
		assertRepeatedReadIsAHit("queryForObject(Long)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT sales FROM fw_books WHERE id = 4", Long.class),
				() -> this.direct.queryForObject("SELECT sales FROM fw_books WHERE id = 4", Long.class));
		assertRepeatedReadIsAHit("queryForObject(BigDecimal) of SUM", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT SUM(price) FROM fw_books", BigDecimal.class),
				() -> this.direct.queryForObject("SELECT SUM(price) FROM fw_books", BigDecimal.class));
		assertRepeatedReadIsAHit("queryForObject(Boolean)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT in_print FROM fw_books WHERE id = 3", Boolean.class),
				() -> this.direct.queryForObject("SELECT in_print FROM fw_books WHERE id = 3", Boolean.class));
		assertRepeatedReadIsAHit("queryForObject(LocalDateTime)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT updated_at FROM fw_books WHERE id = 1", LocalDateTime.class),
				() -> this.direct.queryForObject("SELECT updated_at FROM fw_books WHERE id = 1", LocalDateTime.class));
		assertRepeatedReadIsAHit("queryForObject(Timestamp)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT MAX(updated_at) FROM fw_books", Timestamp.class),
				() -> this.direct.queryForObject("SELECT MAX(updated_at) FROM fw_books", Timestamp.class));
		assertRepeatedReadIsAHit("queryForObject(Double)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT AVG(pages) FROM fw_books", Double.class),
				() -> this.direct.queryForObject("SELECT AVG(pages) FROM fw_books", Double.class));
		assertRepeatedReadIsAHit("queryForObject(String) of NULL", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT email FROM fw_authors WHERE id = 3", String.class),
				() -> this.direct.queryForObject("SELECT email FROM fw_authors WHERE id = 3", String.class));
	}

	@Test
	void queryForListAndQueryForMap() {
		String join = "SELECT a.name AS author, b.title, b.price, b.pages, b.published, b.in_print, b.sales, "
				+ "b.updated_at, a.rating, a.born, a.created_at FROM fw_books b JOIN fw_authors a ON a.id = b.author_id "
				+ "ORDER BY b.id";
		List<Map<String, Object>> rows = assertRepeatedReadIsAHit("queryForList(sql) of a join", this.cachalot,
				() -> this.jdbc.queryForList(join), () -> this.direct.queryForList(join));
		assertThat(rows).hasSize(5);
		assertThat(rows.get(0)).containsKeys("author", "title", "price", "created_at");

		List<String> titles = assertRepeatedReadIsAHit("queryForList(sql, String.class, args)", this.cachalot,
				() -> this.jdbc.queryForList("SELECT title FROM fw_books WHERE genre = ? ORDER BY title", String.class,
						"SCIENCE_FICTION"),
				() -> this.direct.queryForList("SELECT title FROM fw_books WHERE genre = ? ORDER BY title", String.class,
						"SCIENCE_FICTION"));
		assertThat(titles).containsExactly("Solaris", "The Dispossessed", "The Left Hand of Darkness");

		Map<String, Object> author = assertRepeatedReadIsAHit("queryForMap", this.cachalot,
				() -> this.jdbc.queryForMap("SELECT * FROM fw_authors WHERE id = ?", 1),
				() -> this.direct.queryForMap("SELECT * FROM fw_authors WHERE id = ?", 1));
		assertThat(author).containsEntry("name", "Ursula K. Le Guin");

		assertRepeatedReadIsAHit("queryForMap with NULLs", this.cachalot,
				() -> this.jdbc.queryForMap("SELECT * FROM fw_authors WHERE id = ?", 3),
				() -> this.direct.queryForMap("SELECT * FROM fw_authors WHERE id = ?", 3));

		String aggregate = "SELECT a.id, a.name, COUNT(b.id) AS books, SUM(b.price) AS total, MAX(b.published) AS latest "
				+ "FROM fw_authors a LEFT JOIN fw_books b ON b.author_id = a.id GROUP BY a.id, a.name ORDER BY a.id";
		assertRepeatedReadIsAHit("queryForList of an aggregate with a LEFT JOIN", this.cachalot,
				() -> this.jdbc.queryForList(aggregate), () -> this.direct.queryForList(aggregate));
	}

	@Test
	void namedParameterJdbcTemplate() {
		String sql = "SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE id IN (:ids) AND published >= :since ORDER BY id";
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("ids", List.of(1L, 2L, 4L, 5L))
			.addValue("since", LocalDate.of(1965, 1, 1));
		List<Book> books = assertRepeatedReadIsAHit("NamedParameterJdbcTemplate.query with a list and a LocalDate",
				this.cachalot, () -> this.named.query(sql, parameters, new DataClassRowMapper<>(Book.class)),
				() -> this.namedDirect.query(sql, parameters, new DataClassRowMapper<>(Book.class)));
		assertThat(books).extracting(Book::id).containsExactly(1L, 2L);

		assertRepeatedReadIsAHit("NamedParameterJdbcTemplate.queryForObject", this.cachalot,
				() -> this.named.queryForObject("SELECT title FROM fw_books WHERE author_id = :author AND pages > :pages",
						Map.of("author", 2, "pages", 250), String.class),
				() -> this.namedDirect.queryForObject(
						"SELECT title FROM fw_books WHERE author_id = :author AND pages > :pages",
						Map.of("author", 2, "pages", 250), String.class));
		assertRepeatedReadIsAHit("NamedParameterJdbcTemplate.queryForList", this.cachalot,
				() -> this.named.queryForList("SELECT * FROM fw_books WHERE genre = :genre ORDER BY id",
						Map.of("genre", "SCIENCE_FICTION")),
				() -> this.namedDirect.queryForList("SELECT * FROM fw_books WHERE genre = :genre ORDER BY id",
						Map.of("genre", "SCIENCE_FICTION")));
	}

	@Test
	void queryForRowSetCopiesTheResultAndItsMetadata() {
		String sql = "SELECT b.*, a.name AS author, a.rating, a.created_at FROM fw_books b "
				+ "JOIN fw_authors a ON a.id = b.author_id WHERE b.id <> ? ORDER BY b.id";
		RowSetContents contents = assertRepeatedReadIsAHit("queryForRowSet", this.cachalot,
				() -> RowSetContents.of(this.jdbc.queryForRowSet(sql, 3L)),
				() -> RowSetContents.of(this.direct.queryForRowSet(sql, 3L)));
		assertThat(contents.rows()).hasSize(4);
	}

	/** The rows of a {@link SqlRowSet}, with what its metadata says of each column. */
	record RowSetContents(List<String> columns, List<List<Object>> rows) {

		static RowSetContents of(SqlRowSet rowSet) {
			SqlRowSetMetaData metaData = rowSet.getMetaData();
			List<String> columns = new java.util.ArrayList<>();
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				columns.add(metaData.getColumnLabel(i) + " name=" + metaData.getColumnName(i) + " type="
						+ metaData.getColumnType(i) + " typeName=" + metaData.getColumnTypeName(i) + " class="
						+ metaData.getColumnClassName(i) + " precision=" + metaData.getPrecision(i) + " scale="
						+ metaData.getScale(i) + " signed=" + metaData.isSigned(i) + " table="
						+ metaData.getTableName(i));
			}
			List<List<Object>> rows = new java.util.ArrayList<>();
			while (rowSet.next()) {
				List<Object> row = new java.util.ArrayList<>();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					row.add(rowSet.getObject(i));
				}
				rows.add(row);
			}
			return new RowSetContents(columns, rows);
		}

	}

	@Test
	void queryForStreamReadToTheEnd() {
		String sql = "SELECT " + BOOK_COLUMNS + " FROM fw_books WHERE sales > ? ORDER BY sales";
		List<Book> books = assertRepeatedReadIsAHit("queryForStream", this.cachalot, () -> {
			try (Stream<Book> stream = this.jdbc.queryForStream(sql, BOOK_MAPPER, 100L)) {
				return stream.toList();
			}
		}, () -> {
			try (Stream<Book> stream = this.direct.queryForStream(sql, BOOK_MAPPER, 100L)) {
				return stream.toList();
			}
		});
		assertThat(books).extracting(Book::id).containsExactly(5L, 3L, 1L, 2L, 4L);
	}

	@Test
	void aTemplateWithMaxRowsAndFetchSize() {
		JdbcTemplate limited = new JdbcTemplate(this.cachalot.dataSource());
		limited.setMaxRows(2);
		limited.setFetchSize(1);
		JdbcTemplate limitedDirect = new JdbcTemplate(this.database.dataSource());
		limitedDirect.setMaxRows(2);
		limitedDirect.setFetchSize(1);
		String sql = "SELECT " + BOOK_COLUMNS + " FROM fw_books ORDER BY id";
		List<Book> two = assertRepeatedReadIsAHit("query with maxRows 2", this.cachalot,
				() -> limited.query(sql, BOOK_MAPPER), () -> limitedDirect.query(sql, BOOK_MAPPER));
		assertThat(two).extracting(Book::id).containsExactly(1L, 2L);
		List<Book> all = assertRepeatedReadIsAHit("the same query without maxRows", this.cachalot,
				() -> this.jdbc.query(sql, BOOK_MAPPER), () -> this.direct.query(sql, BOOK_MAPPER));
		assertThat(all).hasSize(5);
	}

	@Test
	void queryForObjectOfAnOffsetDateTime() {
		// SingleColumnRowMapper: rs.getObject(1, OffsetDateTime.class)
		assertRepeatedReadIsAHit("queryForObject(OffsetDateTime) of the instant column", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT created_at FROM fw_authors WHERE id = 1", OffsetDateTime.class),
				() -> this.direct.queryForObject("SELECT created_at FROM fw_authors WHERE id = 1",
						OffsetDateTime.class));
	}

	@Test
	void queryForObjectOfAnInstant() {
		assertRepeatedReadIsAHit("queryForObject(Instant) of the instant column", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT created_at FROM fw_authors WHERE id = 1", Instant.class),
				() -> this.direct.queryForObject("SELECT created_at FROM fw_authors WHERE id = 1", Instant.class));
	}

	@Test
	void queryForObjectOfJdbcDateTypes() {
		assertRepeatedReadIsAHit("queryForObject(java.sql.Date)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT published FROM fw_books WHERE id = 1", java.sql.Date.class),
				() -> this.direct.queryForObject("SELECT published FROM fw_books WHERE id = 1", java.sql.Date.class));
		assertRepeatedReadIsAHit("queryForObject(java.util.Date)", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT updated_at FROM fw_books WHERE id = 1", java.util.Date.class),
				() -> this.direct.queryForObject("SELECT updated_at FROM fw_books WHERE id = 1",
						java.util.Date.class));
		assertRepeatedReadIsAHit("queryForObject(Object) of the instant column", this.cachalot,
				() -> this.jdbc.queryForObject("SELECT created_at FROM fw_authors WHERE id = 2", Object.class),
				() -> this.direct.queryForObject("SELECT created_at FROM fw_authors WHERE id = 2", Object.class));
	}

	// ---- writes

	@Test
	void updatesInsertsAndDeletesAreSeenByTheNextRead() {
		readBooksOfAuthor(2);
		assertThat(this.jdbc.update("UPDATE fw_books SET price = ?, updated_at = ? WHERE id = ?",
				new BigDecimal("19.99"), LocalDateTime.of(2025, 1, 2, 3, 4, 5), 4L)).isEqualTo(1);
		List<Book> afterUpdate = freshBooksOfAuthor(2);
		assertThat(afterUpdate.get(0).price()).isEqualTo(new BigDecimal("19.99"));
		assertThat(afterUpdate.get(0).updatedAt()).isEqualTo(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
		readBooksOfAuthor(2);

		assertThat(this.jdbc.update(
				"INSERT INTO fw_books (id, author_id, title, price, pages, published, in_print, genre, sales) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				10L, 2, "Fiasco", new BigDecimal("15.00"), null, LocalDate.of(1986, 1, 1), false, "SCIENCE_FICTION",
				42L)).isEqualTo(1);
		List<Book> afterInsert = freshBooksOfAuthor(2);
		assertThat(afterInsert).extracting(Book::title).containsExactly("Solaris", "The Cyberiad", "Fiasco");
		assertThat(afterInsert.get(2).pages()).isNull();
		readBooksOfAuthor(2);

		assertThat(this.jdbc.update("DELETE FROM fw_books WHERE id = ?", 5L)).isEqualTo(1);
		assertThat(freshBooksOfAuthor(2)).extracting(Book::title).containsExactly("Solaris", "Fiasco");
		readBooksOfAuthor(2);

		// a write to the parent table, read through a join
		String join = "SELECT a.name, b.title FROM fw_authors a JOIN fw_books b ON b.author_id = a.id ORDER BY b.id";
		assertRepeatedReadIsAHit("join before the author update", this.cachalot, () -> this.jdbc.queryForList(join),
				() -> this.direct.queryForList(join));
		this.named.update("UPDATE fw_authors SET name = :name WHERE id = :id", Map.of("name", "S. Lem", "id", 2));
		List<Map<String, Object>> joined = assertFreshRead("join after the author update", this.cachalot,
				() -> this.jdbc.queryForList(join), () -> this.direct.queryForList(join));
		assertThat(joined).filteredOn((row) -> "Solaris".equals(row.get("title")))
			.extracting((row) -> row.get("name"))
			.containsExactly("S. Lem");
	}

	@Test
	void anInsertWithGeneratedKeys() {
		readBooksOfAuthor(1);
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(
					"INSERT INTO fw_books (author_id, title, price, in_print, genre, sales) VALUES (?, ?, ?, ?, ?, ?)",
					new String[] { "id" });
			statement.setInt(1, 1);
			statement.setString(2, "Always Coming Home");
			statement.setBigDecimal(3, new BigDecimal("21.00"));
			statement.setBoolean(4, true);
			statement.setString(5, "FANTASY");
			statement.setLong(6, 7L);
			return statement;
		}, keys);
		assertThat(keys.getKey()).isNotNull();
		assertThat(keys.getKey().longValue()).isEqualTo(6L);
		assertThat(freshBooksOfAuthor(1)).extracting(Book::id).containsExactly(1L, 2L, 3L, 6L);
	}

	@Test
	void batchUpdatesAreSeenByTheNextRead() {
		readBooksOfAuthor(1);
		readBooksOfAuthor(2);
		int[] counts = this.jdbc.batchUpdate("UPDATE fw_books SET sales = sales + ? WHERE id = ?",
				List.of(new Object[] { 10L, 1L }, new Object[] { 20L, 4L }, new Object[] { 30L, 5L }));
		assertThat(counts).hasSize(3);
		assertThat(freshBooksOfAuthor(1).get(0).sales()).isEqualTo(1_500_010L);
		assertThat(freshBooksOfAuthor(2)).extracting(Book::sales).containsExactly(3_000_000_020L, 153L);
		readBooksOfAuthor(2);

		this.jdbc.batchUpdate("INSERT INTO fw_books (id, author_id, title, price, in_print, genre, sales) "
				+ "VALUES (20, 3, 'Beowulf', 5.00, TRUE, 'ESSAY', 1)",
				"UPDATE fw_authors SET active = TRUE, rating = 3.10 WHERE id = 3");
		List<Book> anonymous = assertFreshRead("books of author 3 after a batch of statements", this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 3),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 3));
		assertThat(anonymous).extracting(Book::title).containsExactly("Beowulf");
		assertThat(assertFreshRead("author 3 after a batch of statements", this.cachalot,
				() -> this.jdbc.queryForMap("SELECT active, rating FROM fw_authors WHERE id = 3"),
				() -> this.direct.queryForMap("SELECT active, rating FROM fw_authors WHERE id = 3")))
			.containsEntry("rating", new BigDecimal("3.10"));
	}

	// ---- transactions

	@Test
	void aCommittedTransactionIsSeenByTheNextRead() {
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(this.cachalot.dataSource()));
		readBooksOfAuthor(1);
		transaction.executeWithoutResult((status) -> {
			this.jdbc.update("UPDATE fw_books SET title = ? WHERE id = ?", "Earthsea", 1L);
			this.jdbc.update("INSERT INTO fw_books (id, author_id, title, price, in_print, genre, sales) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?)", 30L, 1, "Lavinia", new BigDecimal("16.00"), true, "FANTASY", 5L);
			// the transaction reads its own writes
			assertThat(this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1)).extracting(Book::title)
				.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
			// others still see the committed state
			assertThat(this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1)).extracting(Book::title)
				.containsExactly("A Wizard of Earthsea", "The Left Hand of Darkness", "The Dispossessed");
		});
		assertThat(freshBooksOfAuthor(1)).extracting(Book::title)
			.containsExactly("Earthsea", "The Left Hand of Darkness", "The Dispossessed", "Lavinia");
		readBooksOfAuthor(1);
	}

	@Test
	void aRolledBackTransactionLeavesTheCachedReadIntact() {
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(this.cachalot.dataSource()));
		List<Book> before = readBooksOfAuthor(1);
		transaction.executeWithoutResult((status) -> {
			this.jdbc.update("UPDATE fw_books SET title = ? WHERE id = ?", "Rolled back", 1L);
			this.jdbc.update("DELETE FROM fw_books WHERE id = ?", 3L);
			assertThat(this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1)).extracting(Book::title)
				.containsExactly("Rolled back", "The Left Hand of Darkness");
			status.setRollbackOnly();
		});
		// the rollback must neither invalidate nor have polluted the cached read
		List<Book> after = assertAnsweredFromCache("books of author 1 after the rollback", this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1));
		assertThat(after).isEqualTo(before);

		// an exception rolls back too
		try {
			transaction.executeWithoutResult((status) -> {
				this.jdbc.update("UPDATE fw_books SET price = price * 2 WHERE author_id = ?", 1);
				throw new IllegalStateException("boom");
			});
		}
		catch (IllegalStateException expected) {
			// rolled back
		}
		assertThat(assertAnsweredFromCache("books of author 1 after the second rollback", this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, 1)))
			.isEqualTo(before);
	}

	private List<Book> readBooksOfAuthor(int author) {
		return assertRepeatedReadIsAHit("books of author " + author, this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, author),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, author));
	}

	private List<Book> freshBooksOfAuthor(int author) {
		return assertFreshRead("books of author " + author, this.cachalot,
				() -> this.jdbc.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, author),
				() -> this.direct.query(BOOKS_OF_AUTHOR, BOOK_MAPPER, author));
	}

}
