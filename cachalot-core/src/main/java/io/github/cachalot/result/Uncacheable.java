package io.github.cachalot.result;

/** Thrown while capturing when a value cannot be cached. Carries no stack trace: it is control flow. */
final class Uncacheable extends Exception {

	private static final long serialVersionUID = 1L;

	static final Uncacheable INSTANCE = new Uncacheable();

	private Uncacheable() {
		super("value cannot be cached", null, false, false);
	}

}
