package io.github.cachalot.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.cachalot.key.QueryKeyGenerator;
import io.github.cachalot.key.TableKeyGenerator;
import io.github.cachalot.store.CacheStore;

/**
 * {@link CachalotSettings} that a thread may override for a block of code: settings not
 * overridden are read live from the base settings, so changes to them keep taking effect.
 * Scopes nest; other threads are not affected.
 *
 * <pre>{@code
 * try (OverridableSettings.Scope scope = settings.override(SettingsOverride.builder().enabled(false).build())) {
 *     // reads on this thread go to the database
 * }
 * }</pre>
 */
public final class OverridableSettings implements CachalotSettings {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(OverridableSettings.class);

	private final CachalotSettings base;

	private final ThreadLocal<Scope> scopes = new ThreadLocal<>();

	/** Settings that answer {@code base} wherever no scope of the calling thread overrides them. */
	public OverridableSettings(CachalotSettings base) {
		this.base = Objects.requireNonNull(base);
	}

	/** The settings that apply where nothing is overridden. */
	public CachalotSettings base() {
		return this.base;
	}

	/**
	 * Applies the override to the calling thread until the returned scope is closed, on top of the
	 * scopes already open on it. Close scopes on the thread that opened them, innermost first
	 * (try-with-resources does both); closing a scope closes the scopes opened inside it.
	 */
	public Scope override(SettingsOverride override) {
		Objects.requireNonNull(override);
		Scope enclosing = this.scopes.get();
		Scope scope = new Scope(this, override, (enclosing != null) ? enclosing : this.base, enclosing);
		this.scopes.set(scope);
		return scope;
	}

	/** Whether the calling thread has an override scope open. */
	public boolean isOverridden() {
		return this.scopes.get() != null;
	}

	@Override
	public CachalotSettings current() {
		Scope scope = this.scopes.get();
		return (scope != null) ? scope : this.base;
	}

	@Override
	public boolean enabled() {
		return current().enabled();
	}

	@Override
	public Duration timeout() {
		return current().timeout();
	}

	@Override
	public boolean cacheRandom() {
		return current().cacheRandom();
	}

	@Override
	public boolean invalidateRaw() {
		return current().invalidateRaw();
	}

	@Override
	public Set<String> uncachableTables() {
		return current().uncachableTables();
	}

	@Override
	public Set<String> onlyCachableTables() {
		return current().onlyCachableTables();
	}

	@Override
	public Map<String, Set<String>> additionalTables() {
		return current().additionalTables();
	}

	@Override
	public QueryKeyGenerator queryKeyGenerator() {
		return current().queryKeyGenerator();
	}

	@Override
	public TableKeyGenerator tableKeyGenerator() {
		return current().tableKeyGenerator();
	}

	@Override
	public int maxResultRows() {
		return current().maxResultRows();
	}

	@Override
	public long maxResultBytes() {
		return current().maxResultBytes();
	}

	@Override
	public CacheStore cacheStore() {
		return current().cacheStore();
	}

	// the shared-store protocol is one for all threads: not overridable

	@Override
	public SharedMode sharedMode() {
		return this.base.sharedMode();
	}

	@Override
	public Duration lease() {
		return this.base.lease();
	}

	@Override
	public Duration maxStaleness() {
		return this.base.maxStaleness();
	}

	private void closed(Scope scope) {
		Scope top = this.scopes.get();
		if (top != scope) {
			logger.warn("A cachalot override scope was closed while scopes opened inside it were still open; "
					+ "they are closed with it");
			for (Scope inner = top; inner != null && inner != scope; inner = inner.enclosing) {
				inner.closed = true;
			}
		}
		Scope enclosing = scope.enclosing;
		while (enclosing != null && enclosing.closed) {
			enclosing = enclosing.enclosing;
		}
		if (enclosing != null) {
			this.scopes.set(enclosing);
		}
		else {
			this.scopes.remove();
		}
	}

	/**
	 * One open override on one thread: the settings it overrides, the enclosing ones otherwise.
	 * Closing it restores the enclosing settings.
	 */
	public static final class Scope implements CachalotSettings, AutoCloseable {

		private final OverridableSettings owner;

		private final SettingsOverride override;

		private final CachalotSettings parent;

		private final Scope enclosing;

		private final Thread thread = Thread.currentThread();

		private boolean closed;

		private Scope(OverridableSettings owner, SettingsOverride override, CachalotSettings parent, Scope enclosing) {
			this.owner = owner;
			this.override = override;
			this.parent = parent;
			this.enclosing = enclosing;
		}

		/** What this scope overrides. */
		public SettingsOverride override() {
			return this.override;
		}

		/** Restores the enclosing settings; closing twice does nothing. */
		@Override
		public void close() {
			if (Thread.currentThread() != this.thread) {
				throw new IllegalStateException("An override scope must be closed by the thread that opened it ("
						+ this.thread.getName() + ")");
			}
			if (!this.closed) {
				this.closed = true;
				this.owner.closed(this);
			}
		}

		@Override
		public boolean enabled() {
			return (this.override.enabled != null) ? this.override.enabled : this.parent.enabled();
		}

		@Override
		public Duration timeout() {
			return this.override.timeoutSet ? this.override.timeout : this.parent.timeout();
		}

		@Override
		public boolean cacheRandom() {
			return (this.override.cacheRandom != null) ? this.override.cacheRandom : this.parent.cacheRandom();
		}

		@Override
		public boolean invalidateRaw() {
			return this.parent.invalidateRaw();
		}

		@Override
		public Set<String> uncachableTables() {
			return (this.override.uncachableTables != null) ? this.override.uncachableTables
					: this.parent.uncachableTables();
		}

		@Override
		public Set<String> onlyCachableTables() {
			return (this.override.onlyCachableTables != null) ? this.override.onlyCachableTables
					: this.parent.onlyCachableTables();
		}

		@Override
		public Map<String, Set<String>> additionalTables() {
			return this.parent.additionalTables();
		}

		@Override
		public QueryKeyGenerator queryKeyGenerator() {
			return (this.override.queryKeyGenerator != null) ? this.override.queryKeyGenerator
					: this.parent.queryKeyGenerator();
		}

		@Override
		public TableKeyGenerator tableKeyGenerator() {
			return this.parent.tableKeyGenerator();
		}

		@Override
		public int maxResultRows() {
			return (this.override.maxResultRows != null) ? this.override.maxResultRows : this.parent.maxResultRows();
		}

		@Override
		public long maxResultBytes() {
			return (this.override.maxResultBytes != null) ? this.override.maxResultBytes
					: this.parent.maxResultBytes();
		}

		@Override
		public CacheStore cacheStore() {
			return (this.override.cacheStore != null) ? this.override.cacheStore : this.parent.cacheStore();
		}

		@Override
		public SharedMode sharedMode() {
			return this.parent.sharedMode();
		}

		@Override
		public Duration lease() {
			return this.parent.lease();
		}

		@Override
		public Duration maxStaleness() {
			return this.parent.maxStaleness();
		}

	}

}
