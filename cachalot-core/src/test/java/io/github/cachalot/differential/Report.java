package io.github.cachalot.differential;

import java.util.List;

/** Formats a failure: seed, step, both answers, and the shrunk history with each step's answers. */
final class Report {

	private Report() {
	}

	/** A failure's report; {@code counts} is false only for a lock conflict that did not reproduce (see below). */
	record Verdict(String text, boolean counts) {
	}

	/**
	 * Whether a failing step involves a lock conflict or a serialization failure on exactly one
	 * side. InnoDB decides some lock conflicts by whether purge has yet removed a deleted row (a
	 * lock on a delete-marked record conflicts, the gap lock it becomes after purge does not), so
	 * the same history can meet a lock on one database and not on its twin: on MariaDB such a failure
	 * counts only if cachalot answered the step from the cache (it then skipped a lock), or if it
	 * reproduces. PostgreSQL decides its conflicts from the history alone: they always count.
	 */
	static boolean lockConflict(Runner.Failure failure) {
		String text = failure.a() + " " + failure.b();
		return text.contains("Lock wait timeout") || text.contains("sqlstate=55P03") || text.contains("sqlstate=40001")
				|| text.contains("sqlstate=40P01") || text.contains("Deadlock");
	}

	static Verdict verdict(DiffDatabase database, long seed, int steps, Schema schema, Runner.Failure failure,
			long shrinkMillis, Runner runner) {
		String text = failure(database, seed, steps, schema, failure, shrinkMillis, runner);
		// a lock conflict on one side only is the database's doing when both sides asked the database;
		// when cachalot answered from the cache instead, it skipped a lock the database would take
		boolean databaseOnBothSides = !database.postgres() && lockConflict(failure) && !failure.aFromCache();
		boolean counts = !(databaseOnBothSides || (text.contains(NOT_REPRODUCED) && lockConflict(failure)));
		return new Verdict(counts ? text : text + "(not counted: both sides asked the database, and a lock conflict on one of "
				+ "twin databases only is the database's nondeterminism)\n", counts);
	}

	static final String NOT_REPRODUCED = "!! the failure did NOT reproduce";

	static String failure(DiffDatabase database, long seed, int steps, Schema schema, Runner.Failure failure,
			long shrinkMillis, Runner runner) {
		StringBuilder out = new StringBuilder();
		out.append("==== ").append(failure.kind()).append(" on ").append(database).append(", seed ").append(seed)
			.append(" (-Dcachalot.diff.seed=").append(seed).append(" -Dcachalot.diff.steps=").append(steps).append("), step ")
			.append(failure.step()).append('\n');
		out.append("schema: ").append(schema.describe()).append('\n');
		out.append("action:   ").append(failure.action()).append('\n');
		out.append("cachalot: ").append(failure.a()).append('\n');
		out.append("plain:    ").append(failure.b()).append('\n');
		if (failure.detail() != null) {
			out.append("detail:   ").append(failure.detail()).append('\n');
		}
		if (shrinkMillis <= 0) {
			out.append("(not shrunk: the shrinking budget is spent)\n");
			return out.toString();
		}
		Shrinker.Shrunk shrunk = new Shrinker(runner, shrinkMillis).shrink(
				HistoryGenerator.generate(database, schema, seed, failure.step() + 1), failure);
		if (!shrunk.reproduced()) {
			out.append(NOT_REPRODUCED).append(" when the prefix was re-run: nondeterminism\n");
			return out.toString();
		}
		out.append("shrunk to ").append(shrunk.history().size()).append(" steps in ").append(shrunk.runs()).append(" runs")
			.append(shrunk.complete() ? " (no single step can be dropped)" : " (time budget reached)").append(":\n");
		List<Runner.Step> trace = shrunk.result().trace();
		int from = Math.max(0, trace.size() - 60);
		if (from > 0) {
			out.append("  (the first ").append(from).append(" steps are left out; re-run the seed with a larger shrinking budget)\n");
		}
		for (int i = from; i < trace.size(); i++) {
			Runner.Step step = trace.get(i);
			out.append(String.format("  %3d %s%n", i, step.action()));
			if (step.a().equals(step.b())) {
				out.append("        -> ").append(step.a()).append('\n');
			}
			else {
				out.append("        -> cachalot: ").append(step.a()).append('\n');
				out.append("        -> plain:    ").append(step.b()).append('\n');
			}
		}
		Runner.Failure last = shrunk.result().failure();
		if (last.detail() != null) {
			out.append("  detail: ").append(last.detail()).append('\n');
		}
		try (Runner plain = new Runner(database, schema, true)) {
			Runner.Result self = plain.run(shrunk.history());
			out.append("self-check, plain pool on both sides with this history: ")
				.append((self.failure() == null) ? "all steps equal (so the difference is cachalot's)" : "DIFFERS: " + self.failure())
				.append('\n');
		}
		return out.toString();
	}

}
