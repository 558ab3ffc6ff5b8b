package io.github.cachalot.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server process of the test's own, on a free loopback port, that keeps nothing on disk;
 * it can be stopped and started again on the same port. Needs the {@code redis-server} binary
 * (installed with Redis on this machine; CI has it). Also starts a three-node cluster, and a master
 * with a replica watched by a sentinel.
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

	/**
	 * Starts a standalone server on a free port with extra {@code redis-server} arguments, which
	 * override the defaults (no persistence) where they name the same setting.
	 */
	public static RedisServer start(List<String> extraArguments) {
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

	/** The process id of the running server. */
	public long pid() {
		if (this.process == null) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		return this.process.pid();
	}

	/** The directory the server runs in (its log, and its append-only files when persistence is on). */
	public Path directory() {
		return this.directory;
	}

	/** Kills the server with SIGKILL, as a crash would: nothing is flushed, and it answers no one. */
	public void kill() {
		stop();
	}

	/**
	 * Removes what the server keeps on disk (after {@link #kill()}), so that {@link #startAgain()}
	 * starts it empty even with persistence on.
	 */
	public void wipe() {
		if (this.process != null) {
			throw new IllegalStateException("wipe a stopped server only");
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder())
				.filter((file) -> !file.equals(this.directory) && !file.getFileName().toString().equals("redis.log"))
				.forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not wipe " + this.directory, ex);
		}
	}

	/** Freezes the process with SIGSTOP: connections stay open, nothing is answered. */
	public void suspend() {
		signal("STOP");
	}

	/** Lets a {@link #suspend() suspended} process run again with SIGCONT. */
	public void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		String pid = String.valueOf(pid());
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true).start();
			String output = new String(kill.getInputStream().readAllBytes());
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends one command on a connection of its own and returns the reply as text: a status or an
	 * integer as its first line ({@code +OK}, {@code :3}), a bulk string as its content, an array as
	 * its elements one per line; an error reply throws. Waits as long as the server takes
	 * ({@code DEBUG SLEEP} blocks it).
	 */
	public String command(String... arguments) {
		return command(this.port, arguments);
	}

	/** Like {@link #command(String...)}, to any server on a loopback port (a sentinel). */
	public static String command(int port, String... arguments) {
		StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
		for (String argument : arguments) {
			request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n").append(argument).append("\r\n");
		}
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line == null || line.startsWith("-")) {
				throw new IllegalStateException(List.of(arguments) + " failed on port " + port + ": " + line);
			}
			if (line.startsWith("*")) {
				List<String> elements = new ArrayList<>();
				for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
					String element = reader.readLine();
					elements.add(element.startsWith("$") ? bulk(reader, element) : element);
				}
				return String.join("\n", elements);
			}
			return line.startsWith("$") ? bulk(reader, line) : line;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach redis-server on port " + port, ex);
		}
	}

	private static String bulk(BufferedReader reader, String header) throws IOException {
		int length = Integer.parseInt(header.substring(1));
		if (length < 0) {
			return "";
		}
		char[] content = new char[length]; // the replies read here are ASCII: one char per byte
		int read = 0;
		while (read < length) {
			int n = reader.read(content, read, length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		reader.readLine();
		return new String(content, 0, read);
	}

	/**
	 * Waits up to 10 s until the server answers {@code PING} (not {@code -LOADING}, as while it
	 * reads its append-only file after a restart); returns this server.
	 */
	public RedisServer awaitLoaded() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				if ("+PONG".equals(command("PING"))) {
					return this;
				}
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING");
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
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
		startAgain(List.of());
	}

	/**
	 * Starts the server again after {@link #stop()}, on the same port, with arguments for this start
	 * only (after those it was created with, so they win: {@code --replicaof} a new master).
	 */
	public void startAgain(List<String> moreArguments) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString()));
		command.addAll(this.extraArguments);
		command.addAll(moreArguments);
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

	/**
	 * A master and a replica on free ports, watched by one sentinel (quorum 1, a master is down after
	 * 800 ms without an answer), for {@code spring.data.redis.sentinel.*}. The sentinel is
	 * {@code redis-server --sentinel}: the same binary, no {@code redis-sentinel} needed.
	 */
	public static final class Sentinel implements AutoCloseable {

		private final String masterName;

		private final List<RedisServer> servers = new ArrayList<>();

		private final Path directory;

		private final int port;

		private Process process;

		private Sentinel(String masterName) throws IOException {
			this.masterName = masterName;
			this.directory = Files.createTempDirectory("cachalot-sentinel");
			this.port = LoopbackPorts.free();
		}

		/** Starts the master, its replica (in sync when this returns) and the sentinel. */
		public static Sentinel start(String masterName) {
			Sentinel sentinel = null;
			try {
				sentinel = new Sentinel(masterName);
				// a replica that (re)joins copies the master at once (Redis 7 waits 5 s for others by default)
				List<String> immediateSync = List.of("--repl-diskless-sync-delay", "0");
				RedisServer master = RedisServer.start(immediateSync);
				sentinel.servers.add(master);
				List<String> replicaArguments = new ArrayList<>(immediateSync);
				replicaArguments.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
				RedisServer replica = RedisServer.start(replicaArguments);
				sentinel.servers.add(replica);
				sentinel.awaitReplicaInSync(replica, Duration.ofSeconds(10));
				Path config = sentinel.directory.resolve("sentinel.conf");
				Files.writeString(config, String.join("\n", "port " + sentinel.port, "bind 127.0.0.1",
						"dir " + sentinel.directory, "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1",
						"sentinel down-after-milliseconds " + masterName + " 800",
						"sentinel failover-timeout " + masterName + " 5000", ""));
				sentinel.process = new ProcessBuilder("redis-server", config.toString(), "--sentinel")
					.redirectErrorStream(true)
					.redirectOutput(sentinel.directory.resolve("sentinel.log").toFile())
					.start();
				if (!LoopbackPorts.await(sentinel.port, true, sentinel.process)) {
					throw new IllegalStateException("the sentinel did not start; see " + sentinel.directory);
				}
				sentinel.awaitMaster(master, Duration.ofSeconds(10));
				return sentinel;
			}
			catch (IOException | RuntimeException ex) {
				if (sentinel != null) {
					sentinel.close();
				}
				throw new IllegalStateException("Could not start Redis with a sentinel (is Redis installed?)", ex);
			}
		}

		/** The name of the master set, for {@code spring.data.redis.sentinel.master}. */
		public String masterName() {
			return this.masterName;
		}

		/** {@code host:port} of the sentinel, for {@code spring.data.redis.sentinel.nodes}. */
		public String nodes() {
			return "127.0.0.1:" + this.port;
		}

		/** The server the sentinel names as master now. */
		public RedisServer master() {
			String address = command(this.port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", this.masterName);
			int masterPort = Integer.parseInt(address.substring(address.indexOf('\n') + 1).trim());
			return this.servers.stream()
				.filter((server) -> server.port() == masterPort)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("the sentinel names an unknown master " + address));
		}

		/** The server that is not the master. */
		public RedisServer replicaOf(RedisServer master) {
			return this.servers.stream().filter((server) -> server != master).findFirst().orElseThrow();
		}

		/** Asks the sentinel for a failover ({@code SENTINEL FAILOVER}) and waits until it is done. */
		public RedisServer failover(Duration timeout) {
			RedisServer old = master();
			command(this.port, "SENTINEL", "FAILOVER", this.masterName);
			return awaitNewMaster(old, timeout);
		}

		/** Waits until the sentinel names another master than {@code old}, and returns it. */
		public RedisServer awaitNewMaster(RedisServer old, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				RedisServer master = master();
				if (master != old && command(master.port(), "ROLE").startsWith("master")) {
					return master;
				}
				pause(20);
			}
			throw new IllegalStateException("the sentinel did not promote a new master within " + timeout + "; see "
					+ this.directory);
		}

		/** Waits until the server is a replica whose link to its master is up. */
		public void awaitReplicaInSync(RedisServer replica, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				try {
					String info = replica.command("INFO", "replication");
					if (info.contains("role:slave") && info.contains("master_link_status:up")
							&& !info.contains("master_sync_in_progress:1")) {
						return;
					}
				}
				catch (IllegalStateException ex) {
					// loading, or not up yet
				}
				pause(20);
			}
			throw new IllegalStateException("redis-server on port " + replica.port() + " is not a replica in sync after "
					+ timeout);
		}

		private void awaitMaster(RedisServer expected, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				try {
					if (master() == expected) {
						return;
					}
				}
				catch (RuntimeException ex) {
					// not monitoring yet
				}
				pause(20);
			}
			throw new IllegalStateException("the sentinel does not name the master; see " + this.directory);
		}

		private static void pause(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			if (this.process != null) {
				this.process.destroyForcibly();
				try {
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.servers.forEach(RedisServer::stop);
		}

	}

}
