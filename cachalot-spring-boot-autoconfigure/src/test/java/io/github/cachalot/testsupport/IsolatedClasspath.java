package io.github.cachalot.testsupport;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs code on the test classpath less some jars, in a class loader of its own that shares only the
 * JDK with the tests: the jars left out are really absent (unlike Spring Boot's
 * {@code FilteredClassLoader}, whose hidden classes its parent still links), as they are for an
 * application that lacks them. The code is a class with a public no-argument constructor and a
 * method {@code Map<String, String> run(Map<String, String>)}; what it returns is what the test
 * asserts on.
 */
public final class IsolatedClasspath {

	private final List<Pattern> excluded;

	private IsolatedClasspath(List<Pattern> excluded) {
		this.excluded = excluded;
	}

	/** The test classpath without the jars whose file names match any of the given patterns. */
	public static IsolatedClasspath without(String... jarPatterns) {
		List<Pattern> patterns = new ArrayList<>();
		for (String jarPattern : jarPatterns) {
			patterns.add(Pattern.compile(jarPattern));
		}
		return new IsolatedClasspath(patterns);
	}

	/** Whether cachalot-core on the test classpath carries its own, relocated Caffeine (its packaged jar). */
	public static boolean coreCarriesCaffeine() {
		return IsolatedClasspath.class.getClassLoader()
			.getResource("io/github/cachalot/shaded/caffeine/cache/Caffeine.class") != null;
	}

	/** Runs the named class's {@code run(arguments)} in the isolated class loader. */
	@SuppressWarnings("unchecked")
	public Map<String, String> run(String className, Map<String, String> arguments) throws Exception {
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(urls(), ClassLoader.getPlatformClassLoader())) {
			Thread.currentThread().setContextClassLoader(loader);
			Class<?> type = Class.forName(className, true, loader);
			Object code = type.getDeclaredConstructor().newInstance();
			return (Map<String, String>) type.getMethod("run", Map.class).invoke(code, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getTargetException() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	private URL[] urls() throws MalformedURLException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classpath.split(File.pathSeparator)) {
			if (entry.isEmpty()) {
				continue;
			}
			File file = new File(entry);
			if (file.isFile() && this.excluded.stream().anyMatch((pattern) -> pattern.matcher(file.getName()).find())) {
				continue;
			}
			urls.add(file.toURI().toURL());
		}
		return urls.toArray(URL[]::new);
	}

}
