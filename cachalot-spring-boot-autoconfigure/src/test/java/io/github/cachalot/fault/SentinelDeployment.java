package io.github.cachalot.fault;

import java.time.Duration;
import java.util.List;

import io.github.cachalot.testsupport.RedisServer;

/**
 * A master and a replica (no persistence) watched by one sentinel; both instances find the master
 * through the sentinel ({@code spring.data.redis.sentinel.*}). The faults are failovers: the master
 * killed (what it acknowledged but had not yet replicated is lost), the killed master back empty as a
 * replica of the new one (it copies everything from it), and a failover asked of the sentinel.
 */
final class SentinelDeployment implements Deployment {

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(15);

	private final RedisServer.Sentinel sentinel = RedisServer.Sentinel.start("cachalot-fault");

	@Override
	public List<String> redisProperties(String instance) {
		return List.of("spring.data.redis.sentinel.master=" + this.sentinel.masterName(),
				"spring.data.redis.sentinel.nodes=" + this.sentinel.nodes());
	}

	@Override
	public List<Fault> faults(Run run) {
		return List.of(new Fault("kill the master, the sentinel promotes the replica", () -> killMaster(run)),
				new Fault("the killed master restarts empty and rejoins as a replica", this::rejoin),
				new Fault("failover asked of the sentinel (SENTINEL FAILOVER)", () -> {
					long start = System.nanoTime();
					this.sentinel.failover(FAILOVER_TIMEOUT);
					run.note("asked failover " + (System.nanoTime() - start) / 1_000_000 + " ms");
				}), new Fault("kill the master again", () -> killMaster(run)),
				new Fault("the killed master restarts empty and rejoins again", this::rejoin));
	}

	private RedisServer killed;

	private void killMaster(Run run) {
		RedisServer master = this.sentinel.master();
		run.awaitCommitInFlight();
		long start = System.nanoTime();
		master.kill();
		this.sentinel.awaitNewMaster(master, FAILOVER_TIMEOUT);
		this.killed = master;
		run.note("failover after kill " + (System.nanoTime() - start) / 1_000_000 + " ms");
	}

	private void rejoin() {
		// as an orchestrator would restart it: a replica of the current master (the sentinel itself
		// takes up to 18 s to turn a master that came back into a replica)
		this.killed.startAgain(List.of("--replicaof", "127.0.0.1", String.valueOf(this.sentinel.master().port())));
		this.sentinel.awaitReplicaInSync(this.killed, FAILOVER_TIMEOUT);
	}

	@Override
	public void close() {
		this.sentinel.close();
	}

}
