package io.github.cachalot.sample.report;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.github.cachalot.spring.CachalotManager;
import io.github.cachalot.spring.CachalotOverride;

/**
 * Reports written in plain SQL with JdbcTemplate: joins and aggregates, cached by cachalot like
 * everything else, with the settings overridden where a report needs other ones:
 * <ul>
 * <li>the top authors report, the heaviest, is kept in a cache of its own ({@code reports}), so
 * that the shop's many small reads never evict it: a method override of the cache (with the
 * {@code redis} profile, a Redis cache every instance shares; otherwise a second in-process one);
 * the shop's writes invalidate it there like everywhere else;</li>
 * <li>the stock value changes with every sale: a method override keeps it at most 30 seconds (a
 * bound on top of the invalidations, for writes made behind the shop's back);</li>
 * <li>the low-stock report must be exact to the copy, so it reads with caching off for that one
 * block of code.</li>
 * </ul>
 * The third form, a setting changed for everyone at runtime, is the dashboard's switch
 * ({@code ActivityController}).
 */
@Service
public class ReportService {

	private final JdbcTemplate jdbc;

	private final CachalotManager cachalot;

	ReportService(JdbcTemplate jdbc, CachalotManager cachalot) {
		this.jdbc = jdbc;
		this.cachalot = cachalot;
	}

	/** Authors by average rating of their books, best first; cached in the {@code reports} cache. */
	@CachalotOverride("cache-name=reports")
	public List<AuthorRating> topAuthors() {
		return this.jdbc.query("""
				SELECT a.name, COUNT(DISTINCT b.id) AS books, AVG(CAST(r.rating AS DECIMAL(5, 2))) AS rating
				FROM authors a
				JOIN books b ON b.author_id = a.id
				LEFT JOIN reviews r ON r.book_id = b.id
				GROUP BY a.name
				ORDER BY rating DESC, a.name
				""", (rs, row) -> new AuthorRating(rs.getString("name"), rs.getInt("books"),
				scaled(rs.getBigDecimal("rating"))));
	}

	/** What the books in stock are worth; cached 30 seconds at most. */
	@CachalotOverride("timeout=30s")
	public BigDecimal stockValue() {
		BigDecimal value = this.jdbc.queryForObject(
				"SELECT SUM(b.price * s.quantity) FROM books b JOIN stock s ON s.book_id = b.id", BigDecimal.class);
		return scaled(value);
	}

	/** Books with fewer copies than the threshold, read straight from the database. */
	public List<LowStock> lowStock(int below) {
		try (var exact = this.cachalot.override("enabled=false")) {
			return this.jdbc.query("""
					SELECT b.title, s.quantity FROM books b JOIN stock s ON s.book_id = b.id
					WHERE s.quantity < ? ORDER BY s.quantity, b.title
					""", (rs, row) -> new LowStock(rs.getString("title"), rs.getInt("quantity")), below);
		}
	}

	private static BigDecimal scaled(BigDecimal value) {
		return (value != null) ? value.setScale(2, java.math.RoundingMode.HALF_UP) : BigDecimal.ZERO.setScale(2);
	}

	/** One line of the top authors report. */
	public record AuthorRating(String name, int books, BigDecimal rating) {
	}

	/** One line of the low stock report. */
	public record LowStock(String title, int quantity) {
	}

}
