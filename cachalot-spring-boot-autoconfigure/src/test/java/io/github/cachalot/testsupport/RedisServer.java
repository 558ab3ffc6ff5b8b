package io.github.cachalot.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server process of the test's own, on a free loopback port, that keeps nothing on disk;
 * it can be stopped and started again on the same port. Needs the {@code redis-server} binary
 * (installed with Redis on this machine; CI has it). Also starts a three-node cluster.
 */
public final class RedisServer implements AutoCloseable {

	private final int port;

	private final List<String> extraArguments;

	private final Path directory;

	private Process process;

	private RedisServer(int port, List<String> extraArguments) throws IOException {
		this.port = port;
		this.extraArguments = extraArguments;
		this.directory = Files.createTempDirectory("cachalot-redis-" + port);
	}

	/** Starts a standalone server on a free port. */
	public static RedisServer start() {
		return start(List.of());
	}

	static RedisServer start(List<String> extraArguments) {
		try {
			RedisServer server = new RedisServer(LoopbackPorts.free(), extraArguments);
			server.startAgain();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server (is Redis installed?)", ex);
		}
	}

	/** The port it listens on. */
	public int port() {
		return this.port;
	}

	/** Removes every key, as the next test expects an empty server. */
	public void flushAll() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream().write("FLUSHALL\r\n".getBytes());
			socket.getOutputStream().flush();
			byte[] reply = new byte[5];
			int read = socket.getInputStream().read(reply);
			if (read < 3 || reply[0] != '+') {
				throw new IllegalStateException("FLUSHALL failed on port " + this.port);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach redis-server on port " + this.port, ex);
		}
	}

	/** Makes the server answer no client for the given time ({@code CLIENT PAUSE}). */
	public void pause(Duration duration) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream().write(("CLIENT PAUSE " + duration.toMillis() + "\r\n").getBytes());
			socket.getOutputStream().flush();
			byte[] reply = new byte[5];
			int read = socket.getInputStream().read(reply);
			if (read < 3 || reply[0] != '+') {
				throw new IllegalStateException("CLIENT PAUSE failed on port " + this.port);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach redis-server on port " + this.port, ex);
		}
	}

	/** Starts the server again after {@link #stop()}, on the same port, empty. */
	public void startAgain() {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString()));
		command.addAll(this.extraArguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(new File(this.directory.toFile(), "redis.log"))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run redis-server (is Redis installed?)", ex);
		}
		awaitPort(true);
	}

	/** Stops the server abruptly, as a crash or an operator would. */
	public void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
			awaitPort(false);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitPort(boolean open) {
		if (!LoopbackPorts.await(this.port, open, this.process)) {
			throw new IllegalStateException("redis-server on port " + this.port + " did not "
					+ (open ? "start" : "stop") + " within 10 s; see " + this.directory.resolve("redis.log"));
		}
	}

	/** Three masters with cluster mode on, joined with {@code redis-cli --cluster create}. */
	public static final class Cluster implements AutoCloseable {

		private final List<RedisServer> nodes = new ArrayList<>();

		/** Starts the nodes and creates the cluster. */
		public static Cluster start() {
			Cluster cluster = new Cluster();
			try {
				for (int i = 0; i < 3; i++) {
					cluster.nodes.add(RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-config-file",
							"nodes.conf", "--cluster-node-timeout", "5000")));
				}
				List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
				cluster.nodes.forEach((node) -> command.add("127.0.0.1:" + node.port()));
				command.add("--cluster-yes");
				Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
				String output = new String(create.getInputStream().readAllBytes());
				if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
					throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
				}
				cluster.awaitOk();
				return cluster;
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				cluster.close();
				throw new IllegalStateException("Could not start a Redis cluster", ex);
			}
		}

		/** {@code host:port} of each node, for {@code spring.data.redis.cluster.nodes}. */
		public String nodes() {
			return String.join(",", this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).toList());
		}

		private void awaitOk() throws IOException, InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				Process info = new ProcessBuilder("redis-cli", "-p", String.valueOf(this.nodes.get(0).port()),
						"cluster", "info").redirectErrorStream(true).start();
				String output = new String(info.getInputStream().readAllBytes());
				info.waitFor();
				if (output.contains("cluster_state:ok")) {
					return;
				}
				Thread.sleep(100);
			}
			throw new IllegalStateException("The Redis cluster did not reach cluster_state:ok");
		}

		@Override
		public void close() {
			this.nodes.forEach(RedisServer::stop);
		}

	}

}
