package io.github.cachalot.sql;

import java.util.concurrent.Executor;

/** Analyzers for tests in other packages that need what only this package can build. */
public final class TestAnalyzers {

	private TestAnalyzers() {
	}

	/**
	 * An analyzer for which the parser never has time on the caller's thread: every statement's
	 * first execution runs as a never-analysed one (a read uncached, a write judged from its tokens),
	 * and its full analysis runs on {@code background}.
	 */
	public static SqlAnalyzer withNoTimeToParseOnTheCallersThread(Executor background) {
		return new SqlAnalyzer(1_000, background, (sql, budget) -> {
			if (budget.millis == SqlAnalyzer.CALLER_PARSE_BUDGET_MILLIS) {
				StatementParser.Budget none = new StatementParser.Budget(0);
				StatementAnalysis analysis = SqlAnalysisEngine.analyze(sql, none);
				if (none.exhausted()) {
					budget.markExhausted();
				}
				return analysis;
			}
			return SqlAnalysisEngine.analyze(sql, budget);
		});
	}

}
