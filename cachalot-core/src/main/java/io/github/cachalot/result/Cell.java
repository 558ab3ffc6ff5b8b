package io.github.cachalot.result;

/**
 * A captured value that needs more than its {@code getObject} form: the driver's {@code getString}
 * (or the error it threw) and, for temporal columns, the natural {@code java.time} value (or the
 * error it threw). Values that need neither are stored bare in the row.
 */
final class Cell {

	/** The frozen {@code getObject} value, never null. */
	final Object value;

	/** The {@code getString} value, or a {@link CapturedError}. */
	final Object text;

	/** The natural {@code java.time} value, a {@link CapturedError}, or null when not captured. */
	final Object natural;

	Cell(Object value, Object text, Object natural) {
		this.value = value;
		this.text = text;
		this.natural = natural;
	}

	long estimatedBytes() {
		return 24 + Values.estimate(this.value) + Values.estimate(this.text) + Values.estimate(this.natural);
	}

}
