package io.github.cachalot.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.github.cachalot.Cachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.store.CaffeineCacheStore;

/**
 * What cachalot itself costs per statement, in µs: each variant minus its plain baseline
 * ({@link #plainLookup} for the lookups, {@link #plainUpdate} for the update). The database is an
 * in-memory H2 in this JVM, where a statement costs little and nothing waits on a socket, so that
 * differences of a microsecond are visible (PostgreSQL round trips on this machine move by tens of
 * percent between iterations). Read the differences against the PostgreSQL baselines of the other
 * benchmarks ({@link PkLookupBenchmark#plainJdbc}, {@link WriteBenchmark#plainJdbc}): that is what
 * cachalot adds to a real statement.
 * <p>
 * {@link #plainLookup} and {@link #cachalotMiss} walk through the ids, so that every read through
 * cachalot is a miss ({@link MissesOnly}) until cachalot stops recording a statement whose
 * results are never read again (then one window of misses a second, the rest bypass as "not
 * reused"); {@link #cachalotHit} cycles through {@link BenchEnv#HOT}
 * ids; the updates change one row in autocommit, which through cachalot invalidates
 * {@code product}. The in-process store throughout.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2) // a miss keeps getting faster for ~10 s (JIT of the recording and of H2)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class OverheadBenchmark {

	/** Rows of the H2 {@code product} table: the id space that the lookups walk through. */
	public static final int PRODUCTS = 1_000_000;

	public static final String LOOKUP_SQL = "select id, name, price, stock, category from product where id = ?";

	public static final String UPDATE_SQL = "update product set stock = stock + 1 where id = ?";

	/** Shared by the pool's connections, kept until the JVM exits ({@code DB_CLOSE_DELAY=-1}). */
	private static final String URL = "jdbc:h2:mem:overhead;DB_CLOSE_DELAY=-1";

	@Benchmark
	public int plainLookup(H2 state, States.Sequence sequence, Blackhole blackhole) throws SQLException {
		return BenchEnv.query(state.pool, LOOKUP_SQL, blackhole, sequence.fresh(PRODUCTS));
	}

	@Benchmark
	public int cachalotMiss(MissesOnly state, States.Sequence sequence, Blackhole blackhole) throws SQLException {
		return BenchEnv.query(state.cached, LOOKUP_SQL, blackhole, sequence.fresh(PRODUCTS));
	}

	@Benchmark
	public int cachalotHit(H2 state, States.Sequence sequence, Blackhole blackhole) throws SQLException {
		return BenchEnv.query(state.cached, LOOKUP_SQL, blackhole, sequence.hot());
	}

	@Benchmark
	public int plainUpdate(H2 state, States.Sequence sequence) throws SQLException {
		return BenchEnv.update(state.pool, UPDATE_SQL, sequence.hot(), false);
	}

	@Benchmark
	public int cachalotUpdate(H2 state, States.Sequence sequence) throws SQLException {
		return BenchEnv.update(state.cached, UPDATE_SQL, sequence.hot(), false);
	}

	/**
	 * The in-memory H2 database with a {@code product} table like {@code bench.product}, created
	 * anew for each trial, a pool of its own, and cachalot on the in-process store in front of it.
	 */
	@State(Scope.Benchmark)
	public static class H2 {

		public HikariDataSource pool;

		public CachingDataSource cached;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(URL);
			config.setUsername("sa");
			config.setMaximumPoolSize(States.POOL);
			config.setMinimumIdle(States.POOL);
			config.setPoolName("overhead");
			this.pool = new HikariDataSource(config);
			try (Connection connection = this.pool.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists product");
				statement.execute("create table product (id bigint primary key, name varchar(100) not null,"
						+ " price numeric(10,2) not null, stock int not null, category varchar(40) not null)");
				statement.execute("insert into product select x, 'product ' || x, (x % 10000) / 100.0 + 1,"
						+ " x % 500, 'category ' || (x % 50) from system_range(1, " + PRODUCTS + ")");
			}
			this.cached = Cachalot.builder().store(new CaffeineCacheStore()).build().wrap(this.pool, "overhead");
		}

		@TearDown(Level.Trial)
		public void tearDown() throws SQLException {
			try (Connection connection = this.pool.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("drop table product");
			}
			finally {
				this.pool.close();
			}
		}

	}

	/**
	 * {@link H2} for {@link OverheadBenchmark#cachalotMiss}: a trial reads more than the
	 * {@link OverheadBenchmark#PRODUCTS} ids (and some of the first pass would still be cached on
	 * the second), so the cache is emptied before every iteration, and an iteration with a hit fails
	 * the run.
	 */
	@State(Scope.Benchmark)
	public static class MissesOnly extends H2 {

		@Setup(Level.Iteration)
		public void empty() {
			this.cached.store().clear();
		}

		@TearDown(Level.Iteration)
		public void checkNoHit() {
			if (this.cached.statistics().hits() > 0) {
				throw new IllegalStateException(this.cached.statistics().hits() + " hits: more than " + PRODUCTS
						+ " reads in one iteration");
			}
		}

	}

}
