package io.github.cachalot.fault;

import java.io.IOException;
import java.util.List;

import io.github.cachalot.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One redis-server, with its append-only file on and fsync at every write (so that a restart after
 * a kill has everything it acknowledged; a restart after {@link RedisServer#wipe()} is empty, as
 * without persistence), and {@code DEBUG} enabled on loopback. Each instance reaches it through a
 * {@link TcpProxy} of its own, which can cut that instance off alone.
 */
final class StandaloneDeployment implements Deployment {

	private final RedisServer redis;

	private final TcpProxy proxyA;

	private final TcpProxy proxyB;

	StandaloneDeployment() throws IOException {
		this.redis = RedisServer.start(List.of("--enable-debug-command", "local", "--appendonly", "yes",
				"--appendfsync", "always"));
		try {
			assertThat(this.redis.command("INFO", "persistence")).as("AOF on").contains("aof_enabled:1");
			this.proxyA = new TcpProxy(this.redis.port(), "A");
			this.proxyB = new TcpProxy(this.redis.port(), "B");
		}
		catch (IOException | RuntimeException | Error ex) {
			this.redis.close();
			throw ex;
		}
	}

	@Override
	public List<String> redisProperties(String instance) {
		TcpProxy proxy = instance.equals("A") ? this.proxyA : this.proxyB;
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + proxy.port());
	}

	@Override
	public List<Fault> faults(Run run) {
		return List.of(new Fault("kill, restart empty at once", () -> {
			run.awaitCommitInFlight();
			this.redis.kill();
			this.redis.wipe();
			this.redis.startAgain();
		}), new Fault("kill, 1 s down, restart empty", () -> {
			run.awaitCommitInFlight();
			this.redis.kill();
			this.redis.wipe();
			Thread.sleep(1000);
			this.redis.startAgain();
		}), new Fault("kill, restart empty; A reaches it 0.7 s after B", () -> {
			// the instances do not recover at the same moment: the writer's is the late one
			run.awaitCommitInFlight();
			this.proxyA.cut();
			this.redis.kill();
			this.redis.wipe();
			this.redis.startAgain();
			Thread.sleep(700);
			this.proxyA.restore();
		}), new Fault("pause 0.7 s (SIGSTOP)", () -> {
			this.redis.suspend();
			Thread.sleep(700);
			this.redis.resume();
		}), new Fault("slow: DEBUG SLEEP 0.5", () -> this.redis.command("DEBUG", "SLEEP", "0.5")),
				new Fault("pause 150 ms (SIGSTOP, under the timeout)", () -> {
					this.redis.suspend();
					Thread.sleep(150);
					this.redis.resume();
				}), new Fault("B cut off 1.5 s", () -> {
					this.proxyB.cut();
					Thread.sleep(1500);
					this.proxyB.restore();
				}), new Fault("A cut off 1.5 s", () -> {
					this.proxyA.cut();
					Thread.sleep(1500);
					this.proxyA.restore();
				}), new Fault("kill, 0.5 s down, restart with AOF", () -> {
					String before = this.redis.command("DBSIZE");
					run.awaitCommitInFlight();
					this.redis.kill();
					Thread.sleep(500);
					this.redis.startAgain();
					String after = this.redis.awaitLoaded().command("DBSIZE");
					run.note("AOF: " + before.substring(1) + " keys before the kill, " + after.substring(1) + " after");
				}));
	}

	@Override
	public void close() {
		this.proxyA.close();
		this.proxyB.close();
		this.redis.close();
	}

}
