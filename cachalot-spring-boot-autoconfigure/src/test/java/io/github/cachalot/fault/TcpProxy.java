package io.github.cachalot.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port of its own, in front of one upstream port (a redis-server), that
 * can cut the network between its clients and the upstream and restore it: the way to make one
 * instance lose Redis while another still reaches it.
 * <p>
 * {@link #cut()} closes every connection it carries and from then on accepts new connections but
 * answers nothing on them (a black hole: the client's handshake hangs until its own timeout);
 * {@link #restore()} closes those held connections, so that the client reconnects, and forwards
 * again. A connection whose upstream closes (the server was killed) is closed on the client side
 * too, and while the upstream refuses connections the proxy refuses them as well (it stops
 * listening until the upstream listens again), so that a client's reconnection sees what it would
 * see without the proxy: a refused connection, not one that opens and closes at once.
 */
final class TcpProxy implements AutoCloseable {

	private final int upstreamPort;

	private final int port;

	private volatile ServerSocket server;

	private final Thread acceptor;

	private final Object lock = new Object();

	private final Set<Socket> open = new HashSet<>();

	private final List<Socket> held = new ArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private boolean cut;

	private volatile boolean closed;

	TcpProxy(int upstreamPort, String name) throws IOException {
		this.upstreamPort = upstreamPort;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		this.acceptor = new Thread(this::acceptLoop, "proxy-" + name + "-accept");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** The port clients connect to. */
	int port() {
		return this.port;
	}

	/** How many client connections it accepted in all (each reconnect of the client counts). */
	int connections() {
		return this.connections.get();
	}

	/** Cuts the clients off: closes every connection and black-holes new ones until {@link #restore()}. */
	void cut() {
		List<Socket> closing;
		synchronized (this.lock) {
			this.cut = true;
			closing = new ArrayList<>(this.open);
			this.open.clear();
		}
		closing.forEach(TcpProxy::closeQuietly);
	}

	/** Forwards again; connections accepted while cut are closed, so that their clients reconnect. */
	void restore() {
		List<Socket> closing;
		synchronized (this.lock) {
			this.cut = false;
			closing = new ArrayList<>(this.held);
			this.held.clear();
		}
		closing.forEach(TcpProxy::closeQuietly);
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		cut();
		restore();
		try {
			this.acceptor.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
				continue;
			}
			this.connections.incrementAndGet();
			try {
				client.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				closeQuietly(client);
				continue;
			}
			synchronized (this.lock) {
				if (this.cut) {
					this.held.add(client); // read nothing, answer nothing
					continue;
				}
			}
			Socket upstream = new Socket();
			try {
				upstream.setTcpNoDelay(true);
				upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.upstreamPort), 1_000);
			}
			catch (IOException ex) {
				// the server is down: refuse this client and the next ones until it listens again
				closeQuietly(upstream);
				closeQuietly(client);
				refuseWhileUpstreamIsDown();
				continue;
			}
			synchronized (this.lock) {
				if (this.cut) {
					closeQuietly(upstream);
					this.held.add(client);
					continue;
				}
				this.open.add(client);
				this.open.add(upstream);
			}
			pump(client, upstream, "up");
			pump(upstream, client, "down");
		}
	}

	/** Stops listening until the upstream accepts a connection again (or the proxy is cut or closed). */
	private void refuseWhileUpstreamIsDown() {
		closeQuietly(this.server);
		while (!this.closed) {
			synchronized (this.lock) {
				if (this.cut) {
					break;
				}
			}
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.upstreamPort), 1_000);
				break;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		for (int attempt = 0; !this.closed; attempt++) {
			try {
				this.server = listen(this.port);
				if (this.closed) {
					closeQuietly(this.server);
				}
				return;
			}
			catch (IOException ex) {
				if (attempt == 200) {
					throw new IllegalStateException("could not listen on port " + this.port + " again", ex);
				}
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return server;
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// closed by cut(), by the peer, or by the server's death: both ends go
			}
			finally {
				synchronized (this.lock) {
					this.open.remove(from);
					this.open.remove(to);
				}
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "proxy-" + this.upstreamPort + "-" + direction);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
