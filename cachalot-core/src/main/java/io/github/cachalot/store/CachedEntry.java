package io.github.cachalot.store;

import io.github.cachalot.result.CachedResult;

/**
 * A cached result together with the tokens of the tables it was read from, as they were before the
 * read executed. It is fresh while every token is unchanged.
 *
 * @param tokens the tokens, in the order of the read's token keys
 * @param result the rows and metadata
 * @param readAtMillis when the read that produced it began (epoch milliseconds): its age is
 * measured from there
 */
public record CachedEntry(long[] tokens, CachedResult result, long readAtMillis) {

	/** An entry whose read began now. */
	public CachedEntry(long[] tokens, CachedResult result) {
		this(tokens, result, System.currentTimeMillis());
	}

	/** Whether the given current tokens (in the same order, {@code null} if missing) match. */
	public boolean isFresh(Object[] currentTokens, int offset) {
		if (this.tokens == null || currentTokens.length - offset != this.tokens.length) {
			return false;
		}
		for (int i = 0; i < this.tokens.length; i++) {
			if (!(currentTokens[offset + i] instanceof Long token) || token != this.tokens[i]) {
				return false;
			}
		}
		return true;
	}

}
