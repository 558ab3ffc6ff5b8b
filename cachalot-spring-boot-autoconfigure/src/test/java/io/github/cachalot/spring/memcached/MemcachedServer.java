package io.github.cachalot.spring.memcached;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cachalot.testsupport.LoopbackPorts;

/**
 * A memcached process of the test's own on a free loopback port ({@code memcached -l 127.0.0.1 -p
 * PORT -U 0}); it can be stopped and started again on the same port (empty, as after a crash).
 * Needs the {@code memcached} binary: a test that cannot find it fails, it is not skipped
 * ({@code ./test.sh} installs it with apt-get).
 */
public final class MemcachedServer implements AutoCloseable {

	private final int port;

	private final Path directory;

	private final List<String> extraArguments;

	private Process process;

	private MemcachedServer(int port, List<String> extraArguments) throws IOException {
		this.port = port;
		this.extraArguments = extraArguments;
		this.directory = Files.createTempDirectory("cachalot-memcached-" + port);
	}

	/** Starts a server on a free port, with the given extra arguments (such as {@code -I 512k}). */
	public static MemcachedServer start(String... extraArguments) {
		try {
			MemcachedServer server = new MemcachedServer(LoopbackPorts.free(), List.of(extraArguments));
			server.startAgain();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start memcached", ex);
		}
	}

	/** The port it listens on. */
	public int port() {
		return this.port;
	}

	/** The process id of the running server (to suspend it with SIGSTOP, for instance). */
	public long pid() {
		if (this.process == null) {
			throw new IllegalStateException("memcached on port " + this.port + " is stopped");
		}
		return this.process.pid();
	}

	/** {@code 127.0.0.1:port}. */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/** Removes every item, as the next test expects an empty server. */
	public void flushAll() {
		String reply = command("flush_all");
		if (!reply.startsWith("OK")) {
			throw new IllegalStateException("flush_all failed on port " + this.port + ": " + reply);
		}
	}

	/** Sends one text-protocol command and returns the first line of the reply. */
	public String command(String line) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder reply = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				if (c != '\r') {
					reply.append((char) c);
				}
			}
			return reply.toString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach memcached on port " + this.port, ex);
		}
	}

	/** Starts the server again after {@link #stop()}, on the same port, empty. */
	public void startAgain() {
		String binary = binary();
		List<String> command = new ArrayList<>(List.of(binary, "-l", "127.0.0.1", "-p", String.valueOf(this.port), "-U",
				"0", "-m", "64", "-u", System.getProperty("user.name", "root")));
		command.addAll(this.extraArguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(new File(this.directory.toFile(), "memcached.log"))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + binary, ex);
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

	/** The memcached binary on the PATH (or in /usr/bin, /usr/local/bin); fails when there is none. */
	static String binary() {
		List<String> candidates = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				candidates.add(directory + "/memcached");
			}
		}
		candidates.add("/usr/bin/memcached");
		candidates.add("/usr/local/bin/memcached");
		for (String candidate : candidates) {
			File file = new File(candidate);
			if (file.isFile() && file.canExecute()) {
				return file.getAbsolutePath();
			}
		}
		throw new IllegalStateException("The memcached binary is not installed (not on the PATH, nor in /usr/bin); "
				+ "./test.sh installs it (apt-get install -y memcached), or install it by hand to run these tests");
	}

	private void awaitPort(boolean open) {
		if (LoopbackPorts.await(this.port, open, this.process)) {
			return;
		}
		String log;
		try {
			log = Files.readString(this.directory.resolve("memcached.log"));
		}
		catch (IOException ex) {
			log = "";
		}
		throw new IllegalStateException("memcached on port " + this.port + " did not " + (open ? "start" : "stop")
				+ " within 10 s; its output: " + log);
	}


}
