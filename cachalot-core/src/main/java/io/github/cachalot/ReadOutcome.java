package io.github.cachalot;

/** How cachalot answered a read: from the cache, from the database and stored, or past the cache. */
public enum ReadOutcome {

	/** Answered from the cache: the database was not asked. */
	HIT("hit"),

	/** Cacheable but not in the cache (or not fresh): read from the database and kept. */
	MISS("miss"),

	/** Read from the database without consulting the cache, for a reason (see {@link ReadListener}). */
	BYPASS("bypass");

	private final String value;

	ReadOutcome(String value) {
		this.value = value;
	}

	/** The lower-case name, as metrics and observations show it. */
	public String value() {
		return this.value;
	}

}
