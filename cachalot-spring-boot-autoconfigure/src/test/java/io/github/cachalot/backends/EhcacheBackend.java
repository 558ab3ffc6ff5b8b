package io.github.cachalot.backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * Ehcache 3 through JCache (JSR-107) and Spring's JCacheCacheManager, configured the Spring Boot
 * way ({@code spring.cache.type=jcache}, {@code spring.cache.jcache.config}) from
 * {@code backends/ehcache.xml}: a cache {@code cachalot} of String keys and byte[] values, ten
 * entries on the heap and the rest on a persistent disk tier.
 */
public final class EhcacheBackend {

	/** The system property {@code backends/ehcache.xml} takes its disk directory from. */
	static final String DIRECTORY_PROPERTY = "cachalot.test.ehcache.directory";

	private EhcacheBackend() {
	}

	/** Configures the runner for Ehcache with a new disk directory per context, deleted on close. */
	public static ApplicationContextRunner configure(ApplicationContextRunner runner) {
		return jcache(runner).withInitializer((context) -> {
			Path directory = newDirectory();
			System.setProperty(DIRECTORY_PROPERTY, directory.toString());
			// registered first, so destroyed last: after Ehcache has closed its files
			((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("backendEhcacheDirectory",
					() -> {
						delete(directory);
						System.clearProperty(DIRECTORY_PROPERTY);
					});
		});
	}

	/** Configures the runner for Ehcache on the given disk directory, which outlives the context. */
	public static ApplicationContextRunner configure(ApplicationContextRunner runner, Path directory) {
		return jcache(runner)
			.withInitializer((context) -> System.setProperty(DIRECTORY_PROPERTY, directory.toString()));
	}

	private static ApplicationContextRunner jcache(ApplicationContextRunner runner) {
		return runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=jcache", "spring.cache.jcache.config=classpath:backends/ehcache.xml",
					"spring.cache.jcache.provider=org.ehcache.jsr107.EhcacheCachingProvider");
	}

	/** A new empty directory for a disk tier. */
	static Path newDirectory() {
		try {
			return Files.createTempDirectory("cachalot-ehcache");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes the directory and everything in it. */
	static void delete(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
