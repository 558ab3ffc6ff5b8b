package io.github.cachalot.result;

/**
 * Bounds on what a {@link RecordingResultSet} keeps: a result with more rows than {@code maxRows}
 * or a larger {@link CachedResult#estimatedBytes() estimate} than {@code maxBytes} is not cached.
 *
 * @param maxRows the most rows a cached result may have
 * @param maxBytes the largest estimated size, in bytes, of a cached result
 */
public record ResultLimits(int maxRows, long maxBytes) {

	/** No limits. */
	public static final ResultLimits NONE = new ResultLimits(Integer.MAX_VALUE, Long.MAX_VALUE);

	public ResultLimits {
		if (maxRows < 0 || maxBytes < 0) {
			throw new IllegalArgumentException("limits must not be negative: " + maxRows + ", " + maxBytes);
		}
	}

}
