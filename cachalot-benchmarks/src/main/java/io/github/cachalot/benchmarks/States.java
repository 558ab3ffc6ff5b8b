package io.github.cachalot.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.SessionFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.cachalot.jdbc.CachingDataSource;

/**
 * The data sources the variants run against, each set up only for the benchmarks that use it. Every
 * pool is a HikariCP pool on the same PostgreSQL database.
 */
public final class States {

	/** Pool size: enough for the mixed workload's threads. */
	static final int POOL = 8;

	private States() {
	}

	/** Plain JDBC through HikariCP: the baseline. */
	@State(Scope.Benchmark)
	public static class Plain {

		public HikariDataSource pool;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.pool.close();
		}

	}

	/** cachalot on the in-process Caffeine store, in front of the same kind of pool. */
	@State(Scope.Benchmark)
	public static class InProcess {

		public HikariDataSource pool;

		public CachingDataSource cached;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
			this.cached = BenchEnv.cachalotInProcess(this.pool);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.pool.close();
		}

	}

	/**
	 * cachalot on Redis (127.0.0.1:6379) through the client a subclass connects with, with a key
	 * prefix of its own per trial, cleared at the end.
	 * @param <F> the client's connection factory
	 */
	@State(Scope.Benchmark)
	public abstract static class RedisBase<F extends RedisConnectionFactory & DisposableBean> {

		public HikariDataSource pool;

		public F redis;

		public CachingDataSource cached;

		/** A started connection factory of the client. */
		protected abstract F connect();

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
			this.redis = connect();
			this.cached = BenchEnv.cachalotRedis(this.pool, this.redis);
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			try {
				this.cached.store().clear();
			}
			finally {
				this.redis.destroy();
				this.pool.close();
			}
		}

	}

	/**
	 * cachalot on Redis through Lettuce: the caller hands each command to Lettuce's event loop and
	 * waits for the reply.
	 */
	@State(Scope.Benchmark)
	public static class Redis extends RedisBase<LettuceConnectionFactory> {

		@Override
		protected LettuceConnectionFactory connect() {
			return BenchEnv.redis();
		}

	}

	/** cachalot on Redis through Jedis: the caller writes and reads the socket itself. */
	@State(Scope.Benchmark)
	public static class RedisJedis extends RedisBase<JedisConnectionFactory> {

		@Override
		protected JedisConnectionFactory connect() {
			return BenchEnv.redisJedis();
		}

	}

	/** Hibernate with its second-level and query caches on JCache/Caffeine. */
	@State(Scope.Benchmark)
	public static class HibernateCached {

		public HikariDataSource pool;

		public SessionFactory sessionFactory;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
			this.sessionFactory = Hibernates.sessionFactory(this.pool, true);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.sessionFactory.close();
			this.pool.close();
		}

	}

	/** Hibernate without any cache. */
	@State(Scope.Benchmark)
	public static class HibernatePlain {

		public HikariDataSource pool;

		public SessionFactory sessionFactory;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
			this.sessionFactory = Hibernates.sessionFactory(this.pool, false);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.sessionFactory.close();
			this.pool.close();
		}

	}

	/** A Spring context with {@code @EnableCaching} around a JdbcTemplate call. */
	@State(Scope.Benchmark)
	public static class Spring {

		public HikariDataSource pool;

		public AnnotationConfigApplicationContext context;

		public SpringCacheable.ProductService service;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = BenchEnv.pool(POOL);
			this.context = SpringCacheable.context(this.pool);
			this.service = this.context.getBean(SpringCacheable.ProductService.class);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.context.close();
			this.pool.close();
		}

	}

	/** Per-thread parameter sequences. */
	@State(Scope.Thread)
	public static class Sequence {

		private long next;

		/** One of {@link BenchEnv#HOT} ids, cycled: all cached after the first warm-up pass. */
		public long hot() {
			return 1 + (this.next++ & (BenchEnv.HOT - 1));
		}

		/**
		 * A product id never used before in this trial (a permutation of the 1M ids), so that every
		 * read through cachalot is a miss.
		 */
		public long fresh() {
			return fresh(BenchEnv.PRODUCTS);
		}

		/**
		 * An id from 1 to {@code ids} not used before in this trial until {@code ids} have been used
		 * (a permutation: {@code ids} must not be a multiple of 7919).
		 */
		public long fresh(int ids) {
			return 1 + (this.next++ * 7919L + Thread.currentThread().getId() * 104_729L) % ids;
		}

	}

}
