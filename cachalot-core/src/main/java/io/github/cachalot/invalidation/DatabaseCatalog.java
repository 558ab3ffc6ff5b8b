package io.github.cachalot.invalidation;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.cachalot.sql.SqlAnalyzer;
import io.github.cachalot.sql.StatementAnalysis;
import io.github.cachalot.sql.StatementKind;
import io.github.cachalot.sql.UncacheableReason;

/**
 * What the database catalog of one data source says about dependencies between tables: the base
 * tables of views (a read of a view depends on them) and the tables a write changes through
 * cascading foreign keys. Looked up once per table on the caller's connection and remembered until
 * a DDL statement {@linkplain #clear() clears} it.
 */
public final class DatabaseCatalog {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseCatalog.class);

	private static final Pattern SQLITE_VIEW = Pattern.compile(
			"^\\s*create\\s+(?:temp\\s+|temporary\\s+)?view\\s+(?:if\\s+not\\s+exists\\s+)?.+?\\s+as\\s+(.*)$",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final int MAX_VIEW_DEPTH = 16;

	private static final String INHERITANCE_FAMILY = "with recursive "
			+ "up(oid) as (select c.oid from pg_catalog.pg_class c where lower(c.relname) = ? "
			+ "union select i.inhparent from pg_catalog.pg_inherits i join up on i.inhrelid = up.oid), "
			+ "down(oid) as (select c.oid from pg_catalog.pg_class c where lower(c.relname) = ? "
			+ "union select i.inhrelid from pg_catalog.pg_inherits i join down on i.inhparent = down.oid) "
			+ "select distinct lower(c.relname) from pg_catalog.pg_class c "
			+ "where c.oid in (select oid from up union select oid from down)";

	private final SqlAnalyzer analyzer;

	private final Map<String, Optional<Set<String>>> viewDependencies = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> cascades = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private volatile Dialect dialect;

	private volatile Map<String, List<String[]>> tablesByName;

	public DatabaseCatalog(SqlAnalyzer analyzer) {
		this.analyzer = analyzer;
	}

	/**
	 * The tables a read of the given tables depends on: the tables themselves plus, for views, their
	 * base tables (recursively) and, on PostgreSQL, the parents and children of inherited or
	 * partitioned tables; empty when a view's base tables cannot be known.
	 * @param connection where to look up what is not known yet
	 * @param tables the normalized table names
	 * @param inTransaction whether the connection has a transaction open
	 * @param beforeQuery run before the catalog is queried on the connection
	 */
	public Optional<Set<String>> readDependencies(Connection connection, Set<String> tables, boolean inTransaction,
			Runnable beforeQuery) {
		Set<String> dependencies = null;
		for (String table : tables) {
			Optional<Set<String>> base = this.viewDependencies.get(table);
			if (base == null) {
				long generation = this.generation.get();
				beforeQuery.run();
				base = lookUp(connection, inTransaction, () -> viewDependencies(connection, table, 0));
				if (base == null) {
					return Optional.empty();
				}
				putIfCurrent(this.viewDependencies, table, base, generation);
			}
			if (base.isEmpty()) {
				return Optional.empty();
			}
			if (!base.get().isEmpty()) {
				if (dependencies == null) {
					dependencies = new HashSet<>(tables);
				}
				dependencies.addAll(base.get());
			}
		}
		return Optional.of((dependencies != null) ? Set.copyOf(dependencies) : tables);
	}

	/**
	 * Remembers a look-up unless the catalog was cleared since it started (its answer may predate
	 * the DDL that cleared it).
	 */
	private <V> void putIfCurrent(Map<String, V> memo, String table, V value, long generation) {
		if (this.generation.get() == generation) {
			memo.put(table, value);
			if (this.generation.get() != generation) {
				memo.remove(table, value);
			}
		}
	}

	/**
	 * The tables changed by writing the given ones: themselves plus those the database changes
	 * through ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT foreign keys, transitively; empty
	 * when the catalog could not be read.
	 */
	public Optional<Set<String>> writeEffects(Connection connection, Set<String> tables, boolean inTransaction,
			Runnable beforeQuery) {
		if (knownWithoutCascades(tables)) {
			return Optional.of(tables); // the usual case, without the walk's allocations
		}
		Set<String> effects = null;
		Deque<String> queue = new ArrayDeque<>(tables);
		Set<String> seen = new HashSet<>();
		while (!queue.isEmpty()) {
			String table = queue.poll();
			if (!seen.add(table)) {
				continue;
			}
			Set<String> children = this.cascades.get(table);
			if (children == null) {
				long generation = this.generation.get();
				beforeQuery.run();
				Optional<Set<String>> looked = lookUp(connection, inTransaction,
						() -> Optional.of(cascadingChildren(connection, table)));
				if (looked == null) {
					return Optional.empty();
				}
				children = looked.get();
				putIfCurrent(this.cascades, table, children, generation);
			}
			if (!children.isEmpty()) {
				if (effects == null) {
					effects = new HashSet<>(tables);
				}
				effects.addAll(children);
				queue.addAll(children);
			}
		}
		return Optional.of((effects != null) ? Set.copyOf(effects) : tables);
	}

	private boolean knownWithoutCascades(Set<String> tables) {
		for (String table : tables) {
			Set<String> children = this.cascades.get(table);
			if (children == null || !children.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/** Forgets everything looked up (after DDL). */
	public void clear() {
		this.generation.incrementAndGet();
		this.viewDependencies.clear();
		this.cascades.clear();
		this.tablesByName = null;
	}

	/**
	 * Runs a catalog look-up, inside a savepoint where a failure would abort the caller's
	 * transaction (PostgreSQL); returns {@code null} when it failed.
	 */
	private <T> T lookUp(Connection connection, boolean inTransaction, CatalogQuery<T> query) {
		Savepoint savepoint = null;
		try {
			if (inTransaction && dialect(connection) == Dialect.POSTGRESQL) {
				savepoint = connection.setSavepoint();
			}
			T result = query.run();
			if (savepoint != null) {
				connection.releaseSavepoint(savepoint);
			}
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			if (savepoint != null) {
				try {
					connection.rollback(savepoint);
				}
				catch (SQLException ignored) {
					// the connection is broken; the caller's next statement will say so
				}
			}
			logger.debug("Catalog look-up failed; treating the tables as unknown", ex);
			return null;
		}
	}

	private Optional<Set<String>> viewDependencies(Connection connection, String view, int depth)
			throws SQLException {
		List<String> definitions = viewDefinitions(connection, view);
		if (definitions == null) {
			return Optional.empty();
		}
		if (definitions.isEmpty()) {
			return Optional.of(inheritanceFamily(connection, view));
		}
		if (depth >= MAX_VIEW_DEPTH) {
			return Optional.empty();
		}
		Set<String> base = new HashSet<>();
		for (String definition : definitions) {
			StatementAnalysis analysis = this.analyzer.analyze(definition);
			if (analysis.kind() != StatementKind.READ || analysis.writesUnknownTables()
					|| !isCacheableViewBody(analysis.uncacheableReasons())) {
				return Optional.empty();
			}
			for (String table : analysis.readTables()) {
				if (table.equals(view) || !base.add(table)) {
					continue;
				}
				Optional<Set<String>> nested = viewDependencies(connection, table, depth + 1);
				if (nested.isEmpty()) {
					return Optional.empty();
				}
				base.addAll(nested.get());
			}
		}
		return Optional.of(Set.copyOf(base));
	}

	/**
	 * On PostgreSQL, the ancestors and descendants of an inherited or partitioned table (a write to
	 * one changes what reads of the others return); elsewhere none.
	 */
	private Set<String> inheritanceFamily(Connection connection, String table) throws SQLException {
		if (dialect(connection) != Dialect.POSTGRESQL) {
			return Set.of();
		}
		Set<String> family = new HashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(INHERITANCE_FAMILY)) {
			statement.setString(1, table);
			statement.setString(2, table);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					family.add(rs.getString(1));
				}
			}
		}
		family.remove(table);
		return Set.copyOf(family);
	}

	private static boolean isCacheableViewBody(Set<UncacheableReason> reasons) {
		for (UncacheableReason reason : reasons) {
			if (reason != UncacheableReason.NO_TABLES) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The SELECT texts of the views of that (normalized) name in any schema: empty when there is no
	 * such view, {@code null} when a view exists whose definition cannot be read.
	 */
	private List<String> viewDefinitions(Connection connection, String view) throws SQLException {
		Dialect dialect = dialect(connection);
		String query = dialect.viewDefinitionQuery;
		if (query == null) {
			return isViewByMetaData(connection, view) ? null : List.of();
		}
		List<String> definitions = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, view);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String definition = rs.getString(1);
					if (definition == null) {
						return null;
					}
					if (dialect == Dialect.SQLITE) {
						Matcher matcher = SQLITE_VIEW.matcher(definition);
						if (!matcher.matches()) {
							return null;
						}
						definition = matcher.group(1);
					}
					definitions.add(stripTrailingSemicolon(definition));
				}
			}
		}
		return definitions;
	}

	private boolean isViewByMetaData(Connection connection, String view) throws SQLException {
		try (ResultSet rs = connection.getMetaData().getTables(null, null, null, new String[] { "VIEW" })) {
			while (rs.next()) {
				if (view.equals(normalize(rs.getString("TABLE_NAME")))) {
					return true;
				}
			}
		}
		return false;
	}

	private Set<String> cascadingChildren(Connection connection, String table) throws SQLException {
		List<String[]> ids = tablesByName(connection).get(table);
		if (ids == null) {
			return Set.of();
		}
		DatabaseMetaData metaData = connection.getMetaData();
		Set<String> children = new HashSet<>();
		for (String[] id : ids) {
			try (ResultSet rs = metaData.getExportedKeys(id[0], id[1], id[2])) {
				while (rs.next()) {
					int onUpdate = rs.getInt("UPDATE_RULE");
					int onDelete = rs.getInt("DELETE_RULE");
					if (changesChildren(onUpdate) || changesChildren(onDelete)) {
						children.add(normalize(rs.getString("FKTABLE_NAME")));
					}
				}
			}
		}
		children.remove(table);
		return Set.copyOf(children);
	}

	private static boolean changesChildren(int rule) {
		return rule == DatabaseMetaData.importedKeyCascade || rule == DatabaseMetaData.importedKeySetNull
				|| rule == DatabaseMetaData.importedKeySetDefault;
	}

	/** Every table of the catalog by normalized name; kept only if no DDL cleared the catalog meanwhile. */
	private Map<String, List<String[]>> tablesByName(Connection connection) throws SQLException {
		Map<String, List<String[]>> tables = this.tablesByName;
		if (tables == null) {
			long generation = this.generation.get();
			tables = new HashMap<>();
			try (ResultSet rs = connection.getMetaData().getTables(null, null, null, null)) {
				while (rs.next()) {
					String type = rs.getString("TABLE_TYPE");
					if (type != null && type.toUpperCase(Locale.ROOT).contains("TABLE")
							&& !type.toUpperCase(Locale.ROOT).contains("SYSTEM")) {
						String name = rs.getString("TABLE_NAME");
						tables.computeIfAbsent(normalize(name), (key) -> new ArrayList<>())
							.add(new String[] { rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), name });
					}
				}
			}
			if (this.generation.get() == generation) {
				this.tablesByName = tables;
				if (this.generation.get() != generation) {
					this.tablesByName = null;
				}
			}
		}
		return tables;
	}

	private Dialect dialect(Connection connection) throws SQLException {
		Dialect dialect = this.dialect;
		if (dialect == null) {
			dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
			this.dialect = dialect;
		}
		return dialect;
	}

	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private static String stripTrailingSemicolon(String sql) {
		String trimmed = sql.strip();
		while (trimmed.endsWith(";")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
		}
		return trimmed;
	}

	@FunctionalInterface
	private interface CatalogQuery<T> {

		T run() throws SQLException;

	}

	/** How each known database tells the definition of a view. */
	private enum Dialect {

		POSTGRESQL("select pg_get_viewdef(c.oid, true) from pg_catalog.pg_class c "
				+ "where lower(c.relname) = ? and c.relkind = 'v'"),

		MARIADB("select VIEW_DEFINITION from information_schema.VIEWS where lower(TABLE_NAME) = ?"),

		H2("select VIEW_DEFINITION from INFORMATION_SCHEMA.VIEWS where lower(TABLE_NAME) = ?"),

		SQLITE("select sql from sqlite_master where type = 'view' and lower(name) = ?"),

		OTHER(null);

		private final String viewDefinitionQuery;

		Dialect(String viewDefinitionQuery) {
			this.viewDefinitionQuery = viewDefinitionQuery;
		}

		static Dialect of(String productName) {
			String name = (productName != null) ? productName.toLowerCase(Locale.ROOT) : "";
			if (name.contains("postgres")) {
				return POSTGRESQL;
			}
			if (name.contains("mariadb") || name.contains("mysql")) {
				return MARIADB;
			}
			if (name.equals("h2")) {
				return H2;
			}
			if (name.contains("sqlite")) {
				return SQLITE;
			}
			return OTHER;
		}

	}

}
