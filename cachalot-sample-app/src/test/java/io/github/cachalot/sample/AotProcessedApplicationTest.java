package io.github.cachalot.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.javapoet.ClassName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookshop processed ahead of time, as a native build does it ({@link SpringApplicationAotProcessor}:
 * generated bean definitions, runtime hints), the generated code compiled, and the shop started from
 * it in a JVM of its own with {@code -Dspring.aot.enabled=true}: reads are cached, a write
 * invalidates, and the hints for a native image include cachalot's. (GraalVM's native-image itself
 * is not available here: this is as far as the build goes.)
 */
class AotProcessedApplicationTest {

	/** The database, and analysis before the first execution, as the build sets it for the other tests. */
	private static final String[] ARGUMENTS = { "--spring.datasource.url=jdbc:h2:mem:aot;DB_CLOSE_DELAY=-1",
			"--cachalot.analysis-budget=0" };

	@TempDir
	Path work;

	@Test
	void theShopProcessedAheadOfTimeStartsFromTheGeneratedCodeAndCaches() throws Exception {
		Path sources = this.work.resolve("sources");
		Path resources = this.work.resolve("resources");
		Path classes = this.work.resolve("classes");
		ClassName initializer = new SpringApplicationAotProcessor(SampleApplication.class,
				AbstractAotProcessor.Settings.builder()
					.sourceOutput(sources)
					.resourceOutput(resources)
					.classOutput(classes)
					.groupId("io.github.cachalot")
					.artifactId("cachalot-sample-app")
					.build(),
				ARGUMENTS)
			.process();
		assertThat(initializer.canonicalName())
			.isEqualTo("io.github.cachalot.sample.SampleApplication__ApplicationContextInitializer");
		assertThat(hints(resources)).as("cachalot's runtime hints in the native image metadata")
			.contains("org.postgresql.core.BaseConnection", "getTransactionState", "java.sql.DatabaseMetaData",
					"io.github.cachalot.spring.CachalotInvalidationEvent");

		String classpath = System.getProperty("java.class.path");
		compile(sources, classes, classpath);

		int port = freePort();
		Path log = this.work.resolve("shop.log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-cp", classes + File.pathSeparator + resources + File.pathSeparator + classpath,
				SampleApplication.class.getName(), "--server.port=" + port));
		command.addAll(List.of(ARGUMENTS));
		Process shop = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			BookshopClient client = new BookshopClient(port);
			awaitStarted(client, shop, log);
			assertThat(Files.readString(log)).as("started from the generated initializer")
				.contains("Starting AOT-processed SampleApplication");

			String before = client.get("/api/reports/stock-value");
			assertThat(client.get("/api/reports/stock-value")).isEqualTo(before);
			client.put("/api/books/1/stock", "{\"quantity\":1000}");
			String after = client.get("/api/reports/stock-value");
			assertThat(after).as("the write invalidated the cached value").isNotEqualTo(before);

			List<JsonNode> requests = new ObjectMapper().readTree(client.get("/api/activity/requests"))
				.valueStream()
				.filter((request) -> request.path("path").asText().equals("/api/reports/stock-value"))
				.toList();
			assertThat(requests).extracting((request) -> request.path("statements").get(0).path("outcome").asText())
				.as("latest first: read again after the write, a hit, the first read")
				.containsExactly("miss", "hit", "miss");
			JsonNode cachalot = new ObjectMapper().readTree(client.get("/actuator/cachalot"));
			assertThat(cachalot.path("dataSources").path("dataSource").path("lastInvalidations").has("stock")).isTrue();
		}
		finally {
			shop.destroy();
			if (!shop.waitFor(30, TimeUnit.SECONDS)) {
				shop.destroyForcibly();
			}
		}
	}

	private static String hints(Path resources) throws IOException {
		try (Stream<Path> files = Files.walk(resources.resolve("META-INF/native-image"))) {
			StringBuilder all = new StringBuilder();
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				all.append(Files.readString(file));
			}
			return all.toString();
		}
	}

	private static void compile(Path sources, Path classes, String classpath) throws IOException {
		List<String> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter((file) -> file.toString().endsWith(".java")).map(Path::toString).toList();
		}
		assertThat(files).as("generated sources").isNotEmpty();
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac).as("a JDK's compiler").isNotNull();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
				classes + File.pathSeparator + classpath, "-parameters", "-proc:none", "-nowarn"));
		arguments.addAll(files);
		java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
		int result = javac.run(null, null, errors, arguments.toArray(String[]::new));
		assertThat(result).as("javac: " + errors.toString(StandardCharsets.UTF_8)).isZero();
	}

	private static void awaitStarted(BookshopClient client, Process shop, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			assertThat(shop.isAlive()).as("the shop runs; its log:\n" + Files.readString(log)).isTrue();
			try {
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(client.uri("/actuator/health")).GET().build());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IllegalStateException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the shop did not start in 2 minutes; its log:\n" + Files.readString(log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
