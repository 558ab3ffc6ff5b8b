package io.github.cachalot.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Free loopback ports for the servers tests start, and waiting for them to open or close. */
public final class LoopbackPorts {

	private LoopbackPorts() {
	}

	/** A port nothing listens on right now. */
	public static int free() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits up to 10 s until something listens on the port ({@code open}) or nothing does; gives up
	 * early when the process that should open it has died. Returns whether the port got there.
	 */
	public static boolean await(int port, boolean open, Process process) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			boolean listening;
			try (Socket socket = new Socket("127.0.0.1", port)) {
				listening = true;
			}
			catch (IOException ex) {
				listening = false;
			}
			if (listening == open) {
				return true;
			}
			if (open && process != null && !process.isAlive()) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

}
