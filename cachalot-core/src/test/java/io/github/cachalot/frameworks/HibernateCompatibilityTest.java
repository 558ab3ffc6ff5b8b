package io.github.cachalot.frameworks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.Hibernate;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterEach;
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
 * Hibernate ORM 7, bootstrapped natively on the caching data source (second-level and query
 * caches off, no schema generation): entity loads, HQL, native queries and lazy associations are
 * answered from the cache with the values Hibernate reads from the database, and what Hibernate
 * writes in a transaction is seen by the next session once committed, and not at all when rolled
 * back. Every read runs in a new session, so that the persistence context hides nothing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TestDatabase.class, names = { "POSTGRESQL", "MARIADB" })
class HibernateCompatibilityTest {

	@Parameter
	TestDatabase database;

	CachalotFixture cachalot;

	/** Hibernate on the caching data source. */
	SessionFactory cached;

	/** Hibernate directly on the database. */
	SessionFactory direct;

	@BeforeEach
	void createSchema() {
		FrameworkSchema.create(this.database);
		this.cachalot = new CachalotFixture(this.database);
		this.cached = sessionFactory(this.cachalot.dataSource());
		this.direct = sessionFactory(this.database.dataSource());
	}

	@AfterEach
	void close() {
		if (this.cached != null) {
			this.cached.close();
		}
		if (this.direct != null) {
			this.direct.close();
		}
	}

	private static SessionFactory sessionFactory(DataSource dataSource, String... settings) {
		Configuration configuration = new Configuration().addAnnotatedClass(Author.class).addAnnotatedClass(Book.class);
		configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
		configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none");
		configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
		configuration.setProperty(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		configuration.setProperty(AvailableSettings.USE_QUERY_CACHE, "false");
		configuration.setProperty(AvailableSettings.JAKARTA_SHARED_CACHE_MODE, "NONE");
		configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
		for (int i = 0; i < settings.length; i += 2) {
			configuration.setProperty(settings[i], settings[i + 1]);
		}
		return configuration.buildSessionFactory();
	}

	// ---- the mapping

	/** An author. */
	@Entity(name = "Author")
	@Table(name = "fw_authors")
	public static class Author {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		private Integer id;

		private String name;

		private String email;

		private LocalDate born;

		private Boolean active;

		private BigDecimal rating;

		@Column(name = "created_at")
		private Instant createdAt;

		protected Author() {
		}

		Author(String name, String email, LocalDate born, boolean active, BigDecimal rating, Instant createdAt) {
			this.name = name;
			this.email = email;
			this.born = born;
			this.active = active;
			this.rating = rating;
			this.createdAt = createdAt;
		}

		public Integer getId() {
			return this.id;
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

		public Boolean getActive() {
			return this.active;
		}

		public BigDecimal getRating() {
			return this.rating;
		}

		public Instant getCreatedAt() {
			return this.createdAt;
		}

	}

	/** A book, whose author is loaded lazily. */
	@Entity(name = "Book")
	@Table(name = "fw_books")
	public static class Book {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		private Long id;

		@ManyToOne(fetch = FetchType.LAZY, optional = false)
		@JoinColumn(name = "author_id")
		private Author author;

		private String title;

		private BigDecimal price;

		private Integer pages;

		private LocalDate published;

		@Column(name = "in_print")
		private boolean inPrint;

		@Enumerated(EnumType.STRING)
		private Genre genre;

		private long sales;

		@Column(name = "updated_at")
		private LocalDateTime updatedAt;

		protected Book() {
		}

		Book(Author author, String title, BigDecimal price, Integer pages, LocalDate published, boolean inPrint,
				Genre genre, long sales, LocalDateTime updatedAt) {
			this.author = author;
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

		public Author getAuthor() {
			return this.author;
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

		public LocalDate getPublished() {
			return this.published;
		}

		public boolean isInPrint() {
			return this.inPrint;
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

		public LocalDateTime getUpdatedAt() {
			return this.updatedAt;
		}

		public void setUpdatedAt(LocalDateTime updatedAt) {
			this.updatedAt = updatedAt;
		}

	}

	/** The state of an author, to compare what two sessions loaded. */
	record AuthorState(Integer id, String name, String email, LocalDate born, Boolean active, BigDecimal rating,
			Instant createdAt) {

		static AuthorState of(Author author) {
			return (author != null) ? new AuthorState(author.getId(), author.getName(), author.getEmail(),
					author.getBorn(), author.getActive(), author.getRating(), author.getCreatedAt()) : null;
		}

	}

	/** The state of a book, with its author's id (without initializing a lazy author). */
	record BookState(Long id, Integer authorId, String title, BigDecimal price, Integer pages, LocalDate published,
			boolean inPrint, Genre genre, long sales, LocalDateTime updatedAt) {

		static BookState of(Book book) {
			return (book != null) ? new BookState(book.getId(), book.getAuthor().getId(), book.getTitle(),
					book.getPrice(), book.getPages(), book.getPublished(), book.isInPrint(), book.getGenre(),
					book.getSales(), book.getUpdatedAt()) : null;
		}

	}

	/** A book with its author loaded. */
	record BookWithAuthor(BookState book, AuthorState author) {

		static BookWithAuthor of(Book book) {
			return new BookWithAuthor(BookState.of(book), AuthorState.of(book.getAuthor()));
		}

	}

	private <T> T inNewSession(SessionFactory factory, Function<Session, T> work) {
		try (Session session = factory.openSession()) {
			return work.apply(session);
		}
	}

	/** Runs the work in a new session on the caching and on the direct session factory. */
	private <T> T assertHit(String what, Function<Session, T> work) {
		return assertRepeatedReadIsAHit(what, this.cachalot, () -> inNewSession(this.cached, work),
				() -> inNewSession(this.direct, work));
	}

	private <T> T assertFresh(String what, Function<Session, T> work) {
		return assertFreshRead(what, this.cachalot, () -> inNewSession(this.cached, work),
				() -> inNewSession(this.direct, work));
	}

	private <T> T assertFromCache(String what, Function<Session, T> work) {
		return assertAnsweredFromCache(what, this.cachalot, () -> inNewSession(this.cached, work),
				() -> inNewSession(this.direct, work));
	}

	private static void inTransaction(SessionFactory factory, java.util.function.Consumer<Session> work) {
		try (Session session = factory.openSession()) {
			Transaction transaction = session.beginTransaction();
			try {
				work.accept(session);
				transaction.commit();
			}
			catch (RuntimeException ex) {
				if (transaction.isActive()) {
					transaction.rollback();
				}
				throw ex;
			}
		}
	}

	private static BookState findBook(Session session, long id) {
		return BookState.of(session.find(Book.class, id));
	}

	private static List<BookState> booksOfAuthor(Session session, int authorId) {
		return session.createSelectionQuery("from Book b where b.author.id = :author order by b.id", Book.class)
			.setParameter("author", authorId)
			.getResultList()
			.stream()
			.map(BookState::of)
			.toList();
	}

	// ---- reads

	@Test
	void findInANewSession() {
		BookState book = assertHit("session.find(Book, 1)", (Session session) -> findBook(session, 1L));
		assertThat(book).isEqualTo(new BookState(1L, 1, "A Wizard of Earthsea", new BigDecimal("12.50"), 205,
				LocalDate.of(1968, 11, 1), true, Genre.FANTASY, 1_500_000L,
				LocalDateTime.of(2024, 3, 4, 5, 6, 7, 890_123_000)));
		BookState withNulls = assertHit("session.find(Book, 5)", (Session session) -> findBook(session, 5L));
		assertThat(withNulls.published()).isNull();
		assertThat(withNulls.updatedAt()).isNull();
		assertThat(withNulls.genre()).isEqualTo(Genre.HUMOR);
		assertThat(assertHit("session.find(Book, 4)", (Session session) -> findBook(session, 4L)).sales())
			.isEqualTo(3_000_000_000L);
		AuthorState author = assertHit("session.find(Author, 1)",
				(Session session) -> AuthorState.of(session.find(Author.class, 1)));
		assertThat(author.createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
		assertThat(author.rating()).isEqualTo(new BigDecimal("4.75"));
		AuthorState anonymous = assertHit("session.find(Author, 3)",
				(Session session) -> AuthorState.of(session.find(Author.class, 3)));
		assertThat(anonymous.born()).isNull();
		assertThat(anonymous.rating()).isNull();
		assertThat(anonymous.active()).isFalse();
		assertThat(assertHit("session.find of a missing id", (Session session) -> findBook(session, 99L))).isNull();
	}

	@Test
	void aLazyManyToOneAndAJoinFetch() {
		BookWithAuthor lazy = assertHit("find then initialize the lazy author", (Session session) -> {
			Book book = session.find(Book.class, 4L);
			assertThat(Hibernate.isInitialized(book.getAuthor())).isFalse();
			Hibernate.initialize(book.getAuthor());
			return BookWithAuthor.of(book);
		});
		assertThat(lazy.author().name()).isEqualTo("Stanisław Lem");
		assertThat(lazy.author().email()).isNull();

		List<BookWithAuthor> fetched = assertHit("join fetch", (Session session) -> session
			.createSelectionQuery("from Book b join fetch b.author a where a.active = true order by b.id", Book.class)
			.getResultList()
			.stream()
			.map(BookWithAuthor::of)
			.toList());
		assertThat(fetched).hasSize(5);
		assertThat(fetched.get(3)).isEqualTo(lazy);

		List<BookWithAuthor> graph = assertHit("find with a load graph", (Session session) -> {
			var entityGraph = session.createEntityGraph(Book.class);
			entityGraph.addAttributeNodes("author");
			return List.of(BookWithAuthor.of(session.find(Book.class, 2L,
					java.util.Map.of("jakarta.persistence.loadgraph", entityGraph))));
		});
		assertThat(graph.get(0).author().name()).isEqualTo("Ursula K. Le Guin");
	}

	@Test
	void hqlQueriesWithJoinsAndParameters() {
		List<BookState> books = assertHit("HQL with a join and parameters", (Session session) -> session
			.createSelectionQuery("select b from Book b join b.author a where a.name like :name and b.price > :price "
					+ "and b.published < :before order by b.price desc", Book.class)
			.setParameter("name", "Ursula%")
			.setParameter("price", new BigDecimal("12.75"))
			.setParameter("before", LocalDate.of(1980, 1, 1))
			.getResultList()
			.stream()
			.map(BookState::of)
			.toList());
		assertThat(books).extracting(BookState::title).containsExactly("The Left Hand of Darkness", "The Dispossessed");

		List<List<Object>> totals = assertHit("HQL projection with group by", (Session session) -> session
			.createSelectionQuery("select a.name, count(b), sum(b.price), max(b.published), min(b.updatedAt) "
					+ "from Book b join b.author a group by a.name order by a.name", Object[].class)
			.getResultList()
			.stream()
			.map(Arrays::asList)
			.toList());
		assertThat(totals).hasSize(2);

		List<List<Object>> enums = assertHit("HQL with an enum parameter and a boolean", (Session session) -> session
			.createSelectionQuery("select b.id, b.genre, b.inPrint, b.author.createdAt from Book b "
					+ "where b.genre in :genres and b.inPrint = :inPrint order by b.id", Object[].class)
			.setParameter("genres", List.of(Genre.SCIENCE_FICTION, Genre.HUMOR))
			.setParameter("inPrint", true)
			.getResultList()
			.stream()
			.map(Arrays::asList)
			.toList());
		assertThat(enums).extracting((row) -> row.get(0)).containsExactly(2L, 4L, 5L);
		assertThat(enums.get(0).get(1)).isEqualTo(Genre.SCIENCE_FICTION);

		Long count = assertHit("HQL count", (Session session) -> session
			.createSelectionQuery("select count(b) from Book b where b.pages is null or b.updatedAt is null", Long.class)
			.getSingleResult());
		assertThat(count).isEqualTo(3L);

		List<AuthorState> withoutBooks = assertHit("HQL with a subquery", (Session session) -> session
			.createSelectionQuery("from Author a where not exists (select 1 from Book b where b.author = a)",
					Author.class)
			.getResultList()
			.stream()
			.map(AuthorState::of)
			.toList());
		assertThat(withoutBooks).extracting(AuthorState::name).containsExactly("Anonymous");

		assertHit("HQL with paging", (Session session) -> session
			.createSelectionQuery("from Book b order by b.sales desc", Book.class)
			.setFirstResult(1)
			.setMaxResults(2)
			.getResultList()
			.stream()
			.map(BookState::of)
			.toList());
	}

	@Test
	void nativeQueries() {
		List<List<Object>> rows = assertHit("native query with untyped columns", (Session session) -> session
			.createNativeQuery("SELECT b.id, b.title, b.price, b.pages, b.published, b.in_print, b.sales, b.updated_at, "
					+ "a.name, a.rating, a.born, a.created_at FROM fw_books b JOIN fw_authors a ON a.id = b.author_id "
					+ "WHERE b.author_id = :author ORDER BY b.id", Object[].class)
			.setParameter("author", 1)
			.getResultList()
			.stream()
			.map(Arrays::asList)
			.toList());
		assertThat(rows).hasSize(3);

		List<BookState> entities = assertHit("native query mapped to an entity", (Session session) -> session
			.createNativeQuery("SELECT * FROM fw_books WHERE genre = :genre ORDER BY id", Book.class)
			.setParameter("genre", "SCIENCE_FICTION")
			.getResultList()
			.stream()
			.map(BookState::of)
			.toList());
		assertThat(entities).extracting(BookState::id).containsExactly(2L, 3L, 4L);

		Object scalar = assertHit("native scalar", (Session session) -> session
			.createNativeQuery("SELECT COUNT(*) FROM fw_books WHERE in_print = :p", Object.class)
			.setParameter("p", true)
			.getSingleResult());
		assertThat(((Number) scalar).longValue()).isEqualTo(4L);
	}

	@Test
	void scrollableResultsAndStreams() {
		List<Object> scrolled = assertHit("scroll(SCROLL_INSENSITIVE), forward then first/last/position",
				(Session session) -> {
					List<Object> seen = new java.util.ArrayList<>();
					try (ScrollableResults<Book> scroll = session
						.createSelectionQuery("from Book b order by b.id", Book.class)
						.scroll(ScrollMode.SCROLL_INSENSITIVE)) {
						while (scroll.next()) {
							seen.add(BookState.of(scroll.get()));
						}
						assertThat(scroll.first()).isTrue();
						seen.add(BookState.of(scroll.get()).title());
						assertThat(scroll.last()).isTrue();
						seen.add(BookState.of(scroll.get()).title());
						assertThat(scroll.position(2)).isTrue();
						seen.add(BookState.of(scroll.get()).title());
					}
					return seen;
				});
		assertThat(scrolled).hasSize(8);
		assertThat(scrolled.subList(5, 7)).containsExactly("A Wizard of Earthsea", "The Cyberiad");

		List<BookState> forwardOnly = assertHit("scroll(FORWARD_ONLY)", (Session session) -> {
			List<BookState> seen = new java.util.ArrayList<>();
			try (ScrollableResults<Book> scroll = session.createSelectionQuery("from Book b order by b.title", Book.class)
				.scroll(ScrollMode.FORWARD_ONLY)) {
				while (scroll.next()) {
					seen.add(BookState.of(scroll.get()));
				}
			}
			return seen;
		});
		assertThat(forwardOnly).hasSize(5);

		List<BookState> streamed = assertHit("getResultStream", (Session session) -> {
			try (java.util.stream.Stream<Book> stream = session
				.createSelectionQuery("from Book b where b.sales > :sales order by b.id", Book.class)
				.setParameter("sales", 1_000L)
				.getResultStream()) {
				return stream.map(BookState::of).toList();
			}
		});
		assertThat(streamed).extracting(BookState::id).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void loadsOfSeveralIds() {
		List<BookState> multi = assertHit("multiLoad of several ids", (Session session) -> session
			.byMultipleIds(Book.class)
			.multiLoad(1L, 2L, 4L)
			.stream()
			.map(BookState::of)
			.toList());
		assertThat(multi).extracting(BookState::id).containsExactly(1L, 2L, 4L);

		List<BookState> in = assertHit("HQL with an IN list parameter", (Session session) -> session
			.createSelectionQuery("from Book b where b.id in :ids order by b.id", Book.class)
			.setParameterList("ids", List.of(5L, 3L, 1L))
			.getResultList()
			.stream()
			.map(BookState::of)
			.toList());
		assertThat(in).extracting(BookState::id).containsExactly(1L, 3L, 5L);
	}

	@Test
	void batchFetchingOfLazyAssociations() {
		this.cached.close();
		this.direct.close();
		this.cached = sessionFactory(this.cachalot.dataSource(), AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, "16");
		this.direct = sessionFactory(this.database.dataSource(), AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, "16");
		List<BookWithAuthor> books = assertHit("books with their lazy authors, batch-fetched", (Session session) -> {
			List<Book> all = session.createSelectionQuery("from Book b order by b.id", Book.class).getResultList();
			all.forEach((book) -> Hibernate.initialize(book.getAuthor()));
			return all.stream().map(BookWithAuthor::of).toList();
		});
		assertThat(books).hasSize(5);
		assertThat(books.get(4).author().name()).isEqualTo("Stanisław Lem");
	}

	// ---- writes

	@Test
	void persistMergeAndRemoveAreSeenByTheNextSession() {
		assertHit("books of author 2", (Session session) -> booksOfAuthor(session, 2));
		assertHit("book 4", (Session session) -> findBook(session, 4L));

		Long[] created = new Long[1];
		inTransaction(this.cached, (Session session) -> {
			Author lem = session.find(Author.class, 2);
			Book book = new Book(lem, "Fiasco", new BigDecimal("15.00"), null, LocalDate.of(1986, 1, 1), false,
					Genre.SCIENCE_FICTION, 42L, LocalDateTime.of(2025, 6, 7, 8, 9, 10, 123_000_000));
			session.persist(book);
			session.flush();
			created[0] = book.getId();
		});
		assertThat(created[0]).isEqualTo(6L);
		assertThat(assertFresh("books of author 2 after persist", (Session session) -> booksOfAuthor(session, 2)))
			.extracting(BookState::title)
			.containsExactly("Solaris", "The Cyberiad", "Fiasco");
		assertHit("book 6", (Session session) -> findBook(session, 6L));

		inTransaction(this.cached, (Session session) -> {
			Book book = session.find(Book.class, 4L);
			book.setPrice(new BigDecimal("17.50"));
			book.setUpdatedAt(LocalDateTime.of(2025, 1, 1, 0, 0));
		});
		BookState updated = assertFresh("book 4 after a dirty-checked update", (Session session) -> findBook(session, 4L));
		assertThat(updated.price()).isEqualTo(new BigDecimal("17.50"));
		assertThat(updated.updatedAt()).isEqualTo(LocalDateTime.of(2025, 1, 1, 0, 0));

		BookState detached = assertHit("book 6 again", (Session session) -> findBook(session, 6L));
		inTransaction(this.cached, (Session session) -> {
			Book book = inNewSession(this.direct, (other) -> other.find(Book.class, 6L));
			book.setTitle("Fiasco (2nd ed.)");
			book.setGenre(Genre.ESSAY);
			session.merge(book);
		});
		BookState merged = assertFresh("book 6 after merge", (Session session) -> findBook(session, 6L));
		assertThat(merged).isNotEqualTo(detached);
		assertThat(merged.title()).isEqualTo("Fiasco (2nd ed.)");
		assertThat(merged.genre()).isEqualTo(Genre.ESSAY);

		inTransaction(this.cached, (Session session) -> session.remove(session.find(Book.class, 5L)));
		assertThat(assertFresh("book 5 after remove", (Session session) -> findBook(session, 5L))).isNull();
		assertThat(assertFresh("books of author 2 after remove", (Session session) -> booksOfAuthor(session, 2)))
			.extracting(BookState::id)
			.containsExactly(4L, 6L);

		inTransaction(this.cached, (Session session) -> {
			Author author = new Author("Octavia E. Butler", "octavia@example.org", LocalDate.of(1947, 6, 22), true,
					new BigDecimal("4.90"), Instant.parse("2025-02-03T04:05:06.789Z"));
			session.persist(author);
			session.persist(new Book(author, "Kindred", new BigDecimal("10.00"), 264, LocalDate.of(1979, 6, 1), true,
					Genre.SCIENCE_FICTION, 1_000_000L, null));
		});
		AuthorState butler = assertFresh("the new author", (Session session) -> AuthorState.of(session.find(Author.class, 4)));
		assertThat(butler.createdAt()).isEqualTo(Instant.parse("2025-02-03T04:05:06.789Z"));
		assertThat(assertFresh("books of the new author", (Session session) -> booksOfAuthor(session, 4)))
			.extracting(BookState::title)
			.containsExactly("Kindred");
		assertHit("books of the new author", (Session session) -> booksOfAuthor(session, 4));
	}

	@Test
	void aTransactionReadsItsOwnWritesAndARollbackLeavesTheCachedReadIntact() {
		List<BookState> before = assertHit("books of author 1", (Session session) -> booksOfAuthor(session, 1));
		BookState book1 = assertHit("book 1", (Session session) -> findBook(session, 1L));

		try (Session session = this.cached.openSession()) {
			Transaction transaction = session.beginTransaction();
			Book book = session.find(Book.class, 1L);
			book.setTitle("Rolled back");
			session.remove(session.find(Book.class, 3L));
			session.flush();
			session.clear();
			// the transaction's own reads see its flushed writes
			assertThat(booksOfAuthor(session, 1)).extracting(BookState::title)
				.containsExactly("Rolled back", "The Left Hand of Darkness");
			transaction.rollback();
		}
		assertThat(assertFromCache("books of author 1 after the rollback", (Session session) -> booksOfAuthor(session, 1)))
			.isEqualTo(before);
		assertThat(assertFromCache("book 1 after the rollback", (Session session) -> findBook(session, 1L))).isEqualTo(book1);

		// and a committed transaction that read its own writes is seen afterwards
		try (Session session = this.cached.openSession()) {
			Transaction transaction = session.beginTransaction();
			session.find(Book.class, 1L).setTitle("Committed");
			session.flush();
			session.clear();
			assertThat(findBook(session, 1L).title()).isEqualTo("Committed");
			transaction.commit();
		}
		assertThat(assertFresh("book 1 after the commit", (Session session) -> findBook(session, 1L)).title())
			.isEqualTo("Committed");
		assertThat(assertFresh("books of author 1 after the commit", (Session session) -> booksOfAuthor(session, 1)))
			.extracting(BookState::title)
			.containsExactly("Committed", "The Left Hand of Darkness", "The Dispossessed");
	}

	@Test
	void anHqlBulkUpdateAndDeleteAreSeenByTheNextSession() {
		assertHit("books of author 1", (Session session) -> booksOfAuthor(session, 1));
		inTransaction(this.cached,
				(Session session) -> assertThat(session
					.createMutationQuery("update Book b set b.price = b.price + 1 where b.author.id = :author")
					.setParameter("author", 1)
					.executeUpdate()).isEqualTo(3));
		assertThat(assertFresh("books of author 1 after the bulk update", (Session session) -> booksOfAuthor(session, 1)))
			.extracting(BookState::price)
			.containsExactly(new BigDecimal("13.50"), new BigDecimal("15.99"), new BigDecimal("14.00"));
		assertHit("books of author 1", (Session session) -> booksOfAuthor(session, 1));
		inTransaction(this.cached, (Session session) -> session.createMutationQuery("delete from Book b where b.pages is null")
			.executeUpdate());
		assertThat(assertFresh("books of author 1 after the bulk delete", (Session session) -> booksOfAuthor(session, 1)))
			.extracting(BookState::id)
			.containsExactly(1L, 2L);
	}

}
