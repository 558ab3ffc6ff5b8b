package io.github.cachalot.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Shrinks a failing history to a short one that still fails the same way (same kind of failure,
 * at its last step), within a time budget.
 *
 * <p>First the prefix: a run stops at its first failure and the history does not depend on the
 * answers, so the history cut right after the failing step is the shortest failing prefix (a
 * shorter prefix never reaches that step); it is re-run once to prove the failure reproduces. Then
 * delta debugging, keeping the failing last step: drop all side-effect-free reads at once, drop all
 * the steps of one other connection at a time, drop chunks of halving size, and finally drop
 * single steps until none can go.
 */
final class Shrinker {

	record Shrunk(List<Action> history, Runner.Result result, int runs, boolean reproduced, boolean complete) {
	}

	private final Runner runner;

	private final long deadline;

	private int runs;

	private Runner.Result lastFailing;

	Shrinker(Runner runner, long budgetMillis) {
		this.runner = runner;
		this.deadline = System.currentTimeMillis() + budgetMillis;
	}

	Shrunk shrink(List<Action> history, Runner.Failure failure) {
		List<Action> current = new ArrayList<>(history.subList(0, failure.step() + 1));
		Predicate<List<Action>> fails = candidate -> {
			this.runs++;
			Runner.Result result = this.runner.run(candidate);
			boolean same = result.failure() != null && result.failure().step() == candidate.size() - 1
					&& result.failure().kind() == failure.kind();
			if (same) {
				this.lastFailing = result;
			}
			return same;
		};
		if (!fails.test(current)) {
			return new Shrunk(current, null, this.runs, false, false);
		}
		Action last = current.get(current.size() - 1);
		// every read without side effects, at once
		current = tryKeep(current, fails, a -> !a.isRead() || hasSideEffects(a));
		// every step of one other connection, one connection at a time
		for (int c = 0; c < 8 && !timeUp(); c++) {
			int other = c;
			if (other != last.connection()) {
				current = tryKeep(current, fails, a -> a.connection() != other);
			}
		}
		// chunks of halving size, then single steps until nothing more can go
		int chunk = Math.max(1, (current.size() - 1) / 2);
		while (!timeUp()) {
			boolean removed = false;
			for (int start = 0; start < current.size() - 1 && !timeUp();) {
				int end = Math.min(start + chunk, current.size() - 1);
				List<Action> candidate = new ArrayList<>(current.subList(0, start));
				candidate.addAll(current.subList(end, current.size()));
				if (fails.test(candidate)) {
					current = candidate;
					removed = true;
				}
				else {
					start = end;
				}
			}
			if (chunk > 1) {
				chunk = Math.max(1, chunk / 2);
			}
			else if (!removed) {
				return new Shrunk(current, this.lastFailing, this.runs, true, true);
			}
		}
		return new Shrunk(current, this.lastFailing, this.runs, true, false);
	}

	private List<Action> tryKeep(List<Action> current, Predicate<List<Action>> fails, Predicate<Action> keep) {
		if (timeUp()) {
			return current;
		}
		List<Action> candidate = new ArrayList<>();
		for (int i = 0; i < current.size() - 1; i++) {
			if (keep.test(current.get(i))) {
				candidate.add(current.get(i));
			}
		}
		candidate.add(current.get(current.size() - 1));
		return (candidate.size() < current.size() && fails.test(candidate)) ? candidate : current;
	}

	/** Reads that lock rows, take sequence values or change the session. */
	static boolean hasSideEffects(Action read) {
		String sql = read.sql().toLowerCase(Locale.ROOT);
		return sql.contains("for update") || sql.contains("nextval") || sql.contains("set_config");
	}

	private boolean timeUp() {
		return System.currentTimeMillis() > this.deadline;
	}

}
