package io.github.cachalot.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;

/**
 * Small Hikari pools that tests build inline (inside a routing data source, under a lazy proxy),
 * which no application context closes: {@link #closeAll()} does, after each test.
 */
public final class TestPools {

	private static final List<HikariDataSource> OPEN = new CopyOnWriteArrayList<>();

	private TestPools() {
	}

	/** A pool of two connections on the database, closed by {@link #closeAll()}. */
	public static HikariDataSource open(TestDatabases database) {
		return open(database, database.url());
	}

	/** A pool of two connections on the given URL of the database's server, closed by {@link #closeAll()}. */
	public static HikariDataSource open(TestDatabases database, String url) {
		return open(url, database.user(), database.password());
	}

	/** A pool of two connections on the given URL, closed by {@link #closeAll()}. */
	public static HikariDataSource open(String url, String user, String password) {
		HikariDataSource pool = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(url)
			.username(user)
			.password(password)
			.build();
		pool.setMaximumPoolSize(2);
		OPEN.add(pool);
		return pool;
	}

	/** Closes every pool opened since the last call. */
	public static void closeAll() {
		for (HikariDataSource pool : OPEN) {
			pool.close();
		}
		OPEN.clear();
	}

}
