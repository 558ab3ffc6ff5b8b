package io.github.cachalot.spring.memcached;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Makes a context runner use memcached as cachalot's cache, for suites that run the same scenarios
 * on every backend: {@code MemcachedBackend.configure(runner)} adds a {@link MemcachedCacheManager}
 * bean on a memcached server shared by the whole test JVM (started on first use, on a free port,
 * stopped when the JVM exits).
 * <p>
 * Each call gets a key prefix of its own, so that the entries of one test never leak into another
 * (the server is not flushed): the contexts run from one configured runner share their cache, like
 * instances of one application; contexts from runners configured separately do not.
 */
public final class MemcachedBackend {

	private static final AtomicInteger prefixes = new AtomicInteger();

	private static MemcachedServer server;

	private MemcachedBackend() {
	}

	/** The runner, with a {@link MemcachedCacheManager} bean on the shared server. */
	public static ApplicationContextRunner configure(ApplicationContextRunner runner) {
		return configure(runner, server().address());
	}

	/** The runner, with a {@link MemcachedCacheManager} bean on the given {@code host:port}. */
	public static ApplicationContextRunner configure(ApplicationContextRunner runner, String address) {
		String keyPrefix = "test" + prefixes.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".";
		return runner.withBean(MemcachedCacheManager.class,
				() -> MemcachedCacheManager.builder(address).keyPrefix(keyPrefix).build());
	}

	/** The server shared by the tests of this JVM, started on first use. */
	public static synchronized MemcachedServer server() {
		if (server == null) {
			MemcachedServer started = MemcachedServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "memcached-test-server-stop"));
			server = started;
		}
		return server;
	}

}
