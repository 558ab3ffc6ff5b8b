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
 * tables of views (a read of a view depends on them), sequences (never cacheable), the tables a
 * write changes through cascading foreign keys and triggers, and which functions are deterministic
 * built-ins. Looked up once per table or function on the caller's connection and remembered until
 * a DDL statement {@linkplain #clear() clears} it. Every catalog query has a timeout; a look-up that
 * fails answers "unknown".
 */
public final class DatabaseCatalog {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseCatalog.class);

	private static final Pattern SQLITE_VIEW = Pattern.compile(
			"^\\s*create\\s+(?:temp\\s+|temporary\\s+)?view\\s+(?:if\\s+not\\s+exists\\s+)?.+?\\s+as\\s+(.*)$",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final int MAX_VIEW_DEPTH = 16;

	/** Seconds a catalog query may take: a look-up must not hang the application's statement. */
	static final int QUERY_TIMEOUT_SECONDS = 5;

	/** PostgreSQL rules other than a view's own: they may rewrite a write into anything. */
	private static final String POSTGRESQL_RULES = "select count(*) from pg_catalog.pg_rewrite r "
			+ "join pg_catalog.pg_class c on c.oid = r.ev_class where lower(c.relname) = ? and r.rulename <> '_RETURN'";

	private static final String POSTGRESQL_TRIGGERS = "select l.lanname, n.nspname, p.prosrc, "
			+ "case when t.tgqual is not null then pg_catalog.pg_get_triggerdef(t.oid) end "
			+ "from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid "
			+ "join pg_catalog.pg_proc p on p.oid = t.tgfoid join pg_catalog.pg_namespace n on n.oid = p.pronamespace "
			+ "join pg_catalog.pg_language l on l.oid = p.prolang where lower(c.relname) = ? and not t.tgisinternal";

	/** Any function of these names outside pg_catalog: a call in a trigger body could resolve to it. */
	private static final String POSTGRESQL_USER_FUNCTIONS = "select count(*) from pg_catalog.pg_proc p "
			+ "join pg_catalog.pg_namespace n on n.oid = p.pronamespace "
			+ "where n.nspname <> 'pg_catalog' and lower(p.proname) = any(?)";

	/** Per name: how many functions a call could resolve to, and how many of them are not immutable built-ins. */
	private static final String POSTGRESQL_FUNCTION = "select count(*), "
			+ "count(*) filter (where n.nspname <> 'pg_catalog' or p.provolatile <> 'i') "
			+ "from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace "
			+ "where lower(p.proname) = ? and (? = false or n.nspname = 'pg_catalog')";

	/** Built-ins that run the SQL text they are given: as opaque as EXECUTE. */
	private static final Set<String> POSTGRESQL_SQL_RUNNING_FUNCTIONS = Set.of("query_to_xml", "query_to_xmlschema",
			"query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema", "ts_stat", "ts_rewrite");

	/** PostgreSQL constructs written like calls that are not pg_proc functions, yet deterministic. */
	private static final Set<String> POSTGRESQL_DETERMINISTIC_CONSTRUCTS = Set.of("coalesce", "nullif", "greatest",
			"least");

	private static final String INHERITANCE_FAMILY = "with recursive "
			+ "up(oid) as (select c.oid from pg_catalog.pg_class c where lower(c.relname) = ? "
			+ "union select i.inhparent from pg_catalog.pg_inherits i join up on i.inhrelid = up.oid), "
			+ "down(oid) as (select c.oid from pg_catalog.pg_class c where lower(c.relname) = ? "
			+ "union select i.inhrelid from pg_catalog.pg_inherits i join down on i.inhparent = down.oid) "
			+ "select distinct lower(c.relname) from pg_catalog.pg_class c "
			+ "where c.oid in (select oid from up union select oid from down)";

	private final SqlAnalyzer analyzer;

	private final Map<String, Optional<Set<String>>> viewDependencies = new ConcurrentHashMap<>();

	/** Per table, the other tables writing it changes directly (cascades, triggers); empty when unknown. */
	private final Map<String, Optional<Set<String>>> cascades = new ConcurrentHashMap<>();

	private final Map<String, Boolean> cacheableFunctions = new ConcurrentHashMap<>();

	private final Map<String, Boolean> temporaryTableRoutines = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private volatile Dialect dialect;

	private volatile Map<String, List<String[]>> tablesByName;

	public DatabaseCatalog(SqlAnalyzer analyzer) {
		this.analyzer = analyzer;
	}

	/**
	 * The tables a read of the given tables depends on: the tables themselves plus, for views, their
	 * base tables (recursively) and, on PostgreSQL, the parents and children of inherited or
	 * partitioned tables; empty when a view's base tables cannot be known or one of the tables (or of
	 * a view's base tables) is a sequence, whose reads change without any write naming it.
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

	/** Whether {@link #readDependencies} would answer from memory, without using its connection. */
	public boolean knowsReadDependencies(Set<String> tables) {
		for (String table : tables) {
			if (!this.viewDependencies.containsKey(table)) {
				return false;
			}
		}
		return true;
	}

	/** Whether {@link #areCacheableFunctions} would answer from memory, without using its connection. */
	public boolean knowsFunctions(Set<String> functions) {
		for (String function : functions) {
			if (!this.cacheableFunctions.containsKey(function)) {
				return false;
			}
		}
		return true;
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
	 * through ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT foreign keys and those their
	 * triggers write (with the base tables and inheritance family of what a trigger writes),
	 * transitively; empty when the catalog could not be read or a trigger's or rule's effects cannot
	 * be known (dynamic SQL, calls of user functions or procedures, bodies in other languages, H2's
	 * Java triggers, PostgreSQL rules).
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
			Optional<Set<String>> direct = this.cascades.get(table);
			if (direct == null) {
				long generation = this.generation.get();
				beforeQuery.run();
				direct = lookUp(connection, inTransaction, () -> directEffects(connection, table));
				if (direct == null) {
					return Optional.empty();
				}
				putIfCurrent(this.cascades, table, direct, generation);
			}
			if (direct.isEmpty()) {
				return Optional.empty();
			}
			Set<String> children = direct.get();
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

	/**
	 * Whether the catalog knows, without a look-up, that writing the given tables changes no other:
	 * none is a view or has inheritance, cascades or triggers that write elsewhere. Then {@link
	 * #writeEffects} of them is the tables themselves.
	 */
	public boolean knowsWritesStayIn(Set<String> tables) {
		for (String table : tables) {
			Optional<Set<String>> base = this.viewDependencies.get(table);
			if (base == null || base.isEmpty() || !base.get().isEmpty()) {
				return false;
			}
		}
		return knownWithoutCascades(tables);
	}

	private boolean knownWithoutCascades(Set<String> tables) {
		for (String table : tables) {
			Optional<Set<String>> children = this.cascades.get(table);
			if (children == null || children.isEmpty() || !children.get().isEmpty()) {
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
		this.cacheableFunctions.clear();
		this.temporaryTableRoutines.clear();
		this.tablesByName = null;
	}


	/**
	 * Whether every one of the given functions is a built-in that returns the same result for the
	 * same arguments and has no side effects, so that a read calling them may be cached. Names are
	 * lower-cased as called, possibly schema-qualified ({@code public.total}). On PostgreSQL a name
	 * qualifies only if every function the call could resolve to is an immutable one in pg_catalog
	 * and no function of that name exists in any other schema (a search_path could pick it). On
	 * MariaDB and H2 the catalog does not describe built-ins: a name qualifies if it is unqualified
	 * and no stored routine (MariaDB: nor loadable function, when mysql.func is readable) or H2
	 * alias of that name exists; the caller must still classify the built-in itself. SQLite: always.
	 * Other databases, or a failed look-up: false. Remembered per name until {@link #clear()}.
	 */
	public boolean areCacheableFunctions(Connection connection, Set<String> functions) {
		for (String function : functions) {
			Boolean cacheable = this.cacheableFunctions.get(function);
			if (cacheable == null) {
				long generation = this.generation.get();
				cacheable = lookUp(connection, inTransaction(connection),
						() -> isCacheableFunction(connection, function));
				if (cacheable == null) {
					return false;
				}
				putIfCurrent(this.cacheableFunctions, function, cacheable, generation);
			}
			if (!cacheable) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the session of this connection has temporary tables now (they may hide a table of the
	 * same name), by what the database says: PostgreSQL, a relation in {@code pg_my_temp_schema()};
	 * H2, a LOCAL TEMPORARY table; SQLite, a table or view in {@code sqlite_temp_master}; MariaDB
	 * from 11.2, an information_schema.TABLES row of type TEMPORARY. MariaDB before 11.2 cannot
	 * list a session's temporary tables: false there (see {@link #mayCreateTemporaryTables}), and
	 * on other databases. When the look-up fails: true (the caller bypasses the cache for once).
	 * Not remembered: it is per session and changes without DDL being seen.
	 */
	public boolean hasTemporaryTables(Connection connection) {
		Boolean has = lookUp(connection, inTransaction(connection), () -> {
			String query = switch (dialect(connection)) {
				case POSTGRESQL -> "select count(*) from pg_catalog.pg_class where relnamespace = pg_catalog.pg_my_temp_schema()";
				case H2 -> "select count(*) from INFORMATION_SCHEMA.TABLES where TABLE_TYPE = 'LOCAL TEMPORARY'";
				case SQLITE -> "select count(*) from sqlite_temp_master where type in ('table', 'view')";
				case MARIADB -> listsTemporaryTables(connection)
						? "select count(*) from information_schema.TABLES where TABLE_TYPE = 'TEMPORARY'" : null;
				case OTHER -> null;
			};
			return (query != null) && count(connection, query) > 0;
		});
		return (has == null) || has;
	}

	/**
	 * Whether calling the given routine may leave temporary tables in the session, for MariaDB
	 * before 11.2 where {@link #hasTemporaryTables} cannot tell: true if a stored routine of that
	 * name ({@code db.name} or, unqualified, in any database) mentions TEMPORARY, runs dynamic SQL
	 * (PREPARE/EXECUTE) or calls another routine, or if its body cannot be read (no such routine
	 * visible, no privilege, failed look-up). Other databases: false (hasTemporaryTables is exact
	 * there). Remembered per name until {@link #clear()}.
	 * @param procedureName the lower-cased routine name as called, possibly qualified
	 */
	public boolean mayCreateTemporaryTables(Connection connection, String procedureName) {
		Boolean may = this.temporaryTableRoutines.get(procedureName);
		if (may == null) {
			long generation = this.generation.get();
			may = lookUp(connection, inTransaction(connection), () -> {
				if (dialect(connection) != Dialect.MARIADB) {
					return false;
				}
				return routineMayCreateTemporaryTables(connection, procedureName);
			});
			if (may == null) {
				return true;
			}
			putIfCurrent(this.temporaryTableRoutines, procedureName, may, generation);
		}
		return may;
	}

	private static boolean inTransaction(Connection connection) {
		try {
			return !connection.getAutoCommit();
		}
		catch (SQLException ex) {
			return true;
		}
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
			if (isSequence(connection, view)) {
				return Optional.empty(); // nextval changes it without writing any table
			}
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
			// what the body's text took for built-ins is checked like a statement's own calls
			for (String function : analysis.functions()) {
				if (!isCacheableFunction(connection, function)) {
					return Optional.empty();
				}
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
		try (PreparedStatement statement = prepare(connection, INHERITANCE_FAMILY)) {
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
		try (PreparedStatement statement = prepare(connection, query)) {
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

	/**
	 * What writing the table changes directly besides itself: cascading foreign keys and what its
	 * triggers write; empty when that cannot be known.
	 */
	private Optional<Set<String>> directEffects(Connection connection, String table) throws SQLException {
		Optional<Set<String>> triggered = triggerWrites(connection, table);
		if (triggered.isEmpty()) {
			return Optional.empty();
		}
		Set<String> effects = new HashSet<>(cascadingChildren(connection, table));
		for (String written : triggered.get()) {
			// a trigger writing a view changes its base tables; writing a partition, its family
			Optional<Set<String>> dependencies = viewDependencies(connection, written, 0);
			if (dependencies.isEmpty()) {
				return Optional.empty();
			}
			effects.add(written);
			effects.addAll(dependencies.get());
		}
		effects.remove(table);
		return Optional.of(Set.copyOf(effects));
	}

	/** The tables the triggers of the table write; empty when a trigger's effects cannot be known. */
	private Optional<Set<String>> triggerWrites(Connection connection, String table) throws SQLException {
		return switch (dialect(connection)) {
			case POSTGRESQL -> postgresTriggerWrites(connection, table);
			case MARIADB -> analysedTriggerWrites(
					strings(connection, "select ACTION_STATEMENT from information_schema.TRIGGERS "
							+ "where lower(EVENT_OBJECT_TABLE) = ?", table),
					RoutineText.Syntax.MARIADB);
			case SQLITE -> sqliteTriggerWrites(connection, table);
			// H2 triggers are Java classes: what they write cannot be read
			case H2 -> (count(connection, "select count(*) from INFORMATION_SCHEMA.TRIGGERS "
					+ "where lower(EVENT_OBJECT_TABLE) = ?", table) > 0) ? Optional.empty() : Optional.of(Set.of());
			case OTHER -> Optional.of(Set.of());
		};
	}

	private Optional<Set<String>> sqliteTriggerWrites(Connection connection, String table) throws SQLException {
		// temporary triggers are per connection; seeing them here at least keeps this one right
		List<String> definitions = strings(connection, "select sql from sqlite_master where type = 'trigger' "
				+ "and lower(tbl_name) = ? union all select sql from sqlite_temp_master where type = 'trigger' "
				+ "and lower(tbl_name) = ?", table, table);
		List<String> bodies = new ArrayList<>();
		for (String definition : definitions) {
			String body = (definition != null) ? RoutineText.sqliteTriggerBody(definition) : null;
			if (body == null) {
				return Optional.empty();
			}
			bodies.add(body);
		}
		return analysedTriggerWrites(bodies, RoutineText.Syntax.SQLITE);
	}

	/**
	 * The tables SQL trigger bodies write, statement by statement with the analyser; empty when
	 * any statement is not a plain read, write or assignment, or may write unknown tables.
	 */
	private Optional<Set<String>> analysedTriggerWrites(List<String> bodies, RoutineText.Syntax syntax) {
		Set<String> written = new HashSet<>();
		for (String body : bodies) {
			List<String> statements = (body != null) ? RoutineText.statements(body, syntax) : null;
			if (statements == null) {
				return Optional.empty();
			}
			for (String statement : statements) {
				StatementAnalysis analysis = this.analyzer.analyze(statement);
				boolean plain = analysis.kind() == StatementKind.READ || analysis.kind() == StatementKind.WRITE
						|| analysis.kind() == StatementKind.SESSION;
				if (!plain || analysis.writesUnknownTables()) {
					return Optional.empty();
				}
				written.addAll(analysis.writtenTables());
			}
		}
		return Optional.of(written);
	}

	private Optional<Set<String>> postgresTriggerWrites(Connection connection, String table) throws SQLException {
		if (count(connection, POSTGRESQL_RULES, table) > 0) {
			return Optional.empty(); // a rule may turn the write into any other
		}
		Set<String> written = new HashSet<>();
		Set<String> calls = new HashSet<>();
		try (PreparedStatement statement = prepare(connection, POSTGRESQL_TRIGGERS)) {
			statement.setString(1, table);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String language = rs.getString(1);
					String schema = rs.getString(2);
					String source = rs.getString(3);
					String definition = rs.getString(4);
					if (definition != null) {
						// the WHEN condition may call functions too
						int when = definition.indexOf(" WHEN (");
						int execute = definition.lastIndexOf(" EXECUTE ");
						if (when < 0 || execute < when) {
							return Optional.empty();
						}
						RoutineText.BodyEffects condition = RoutineText
							.postgresBodyEffects(definition.substring(when + " WHEN".length(), execute));
						if (condition.unknown() || !condition.written().isEmpty()) {
							return Optional.empty();
						}
						calls.addAll(condition.calls());
					}
					if ("internal".equals(language) && "pg_catalog".equals(schema)) {
						continue; // built-in trigger functions change only the row itself
					}
					if (!("plpgsql".equals(language) || "sql".equals(language)) || source == null || source.isBlank()) {
						return Optional.empty();
					}
					RoutineText.BodyEffects effects = RoutineText.postgresBodyEffects(source);
					if (effects.unknown()) {
						return Optional.empty();
					}
					written.addAll(effects.written());
					calls.addAll(effects.calls());
				}
			}
		}
		return onlyBuiltInsCalled(connection, calls) ? Optional.of(written) : Optional.empty();
	}

	/**
	 * Whether every name called in a PostgreSQL body can only be a built-in that runs no SQL of its
	 * own: unqualified names must have no function outside pg_catalog.
	 */
	private boolean onlyBuiltInsCalled(Connection connection, Set<String> calls) throws SQLException {
		Set<String> unqualified = new HashSet<>();
		for (String call : calls) {
			int dot = call.lastIndexOf('.');
			String name = call.substring(dot + 1);
			if ((dot >= 0 && !call.substring(0, dot).equals("pg_catalog"))
					|| POSTGRESQL_SQL_RUNNING_FUNCTIONS.contains(name)) {
				return false;
			}
			if (dot < 0) {
				unqualified.add(name);
			}
		}
		if (unqualified.isEmpty()) {
			return true;
		}
		try (PreparedStatement statement = prepare(connection, POSTGRESQL_USER_FUNCTIONS)) {
			statement.setArray(1, connection.createArrayOf("text", unqualified.toArray()));
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getLong(1) == 0;
			}
		}
	}

	private boolean isCacheableFunction(Connection connection, String function) throws SQLException {
		int dot = function.lastIndexOf('.');
		String schema = (dot >= 0) ? function.substring(0, dot) : null;
		String name = function.substring(dot + 1);
		switch (dialect(connection)) {
			case POSTGRESQL -> {
				if (schema != null && !schema.equals("pg_catalog")) {
					return false;
				}
				try (PreparedStatement statement = prepare(connection, POSTGRESQL_FUNCTION)) {
					statement.setString(1, name);
					statement.setBoolean(2, schema != null);
					try (ResultSet rs = statement.executeQuery()) {
						if (!rs.next()) {
							return false;
						}
						long candidates = rs.getLong(1);
						long unsafe = rs.getLong(2);
						if (candidates == 0) {
							return POSTGRESQL_DETERMINISTIC_CONSTRUCTS.contains(name);
						}
						return unsafe == 0;
					}
				}
			}
			case MARIADB -> {
				if (schema != null || count(connection,
						"select count(*) from information_schema.ROUTINES where lower(ROUTINE_NAME) = ?", name) > 0) {
					return false;
				}
				return !isMariaDbLoadableFunction(connection, name);
			}
			case H2 -> {
				return schema == null && count(connection,
						"select count(*) from INFORMATION_SCHEMA.ROUTINES where lower(ROUTINE_NAME) = ?", name) == 0;
			}
			default -> {
				// SQLite has no user routines in its catalog; on a database whose catalog is not known
				// here, only the analysis's judgement by name remains (README, Limits)
				return true;
			}
		}
	}

	/**
	 * Whether a loadable (UDF) function of that name is installed; mysql.func is often not readable
	 * by the application's user, and then only stored routines can be checked.
	 */
	private boolean isMariaDbLoadableFunction(Connection connection, String name) {
		try {
			return count(connection, "select count(*) from mysql.func where lower(name) = ?", name) > 0;
		}
		catch (SQLException ex) {
			logger.debug("mysql.func is not readable; loadable functions are not checked", ex);
			return false;
		}
	}

	/** Whether MariaDB lists temporary tables in information_schema.TABLES (from 11.2). */
	private static boolean listsTemporaryTables(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		int major = metaData.getDatabaseMajorVersion();
		return major > 11 || (major == 11 && metaData.getDatabaseMinorVersion() >= 2);
	}

	private boolean routineMayCreateTemporaryTables(Connection connection, String procedureName) throws SQLException {
		int dot = procedureName.lastIndexOf('.');
		List<String> bodies = (dot >= 0)
				? strings(connection, "select ROUTINE_DEFINITION from information_schema.ROUTINES "
						+ "where lower(ROUTINE_NAME) = ? and lower(ROUTINE_SCHEMA) = ?", procedureName.substring(dot + 1),
						procedureName.substring(0, dot))
				: strings(connection, "select ROUTINE_DEFINITION from information_schema.ROUTINES "
						+ "where lower(ROUTINE_NAME) = ?", procedureName);
		if (bodies.isEmpty()) {
			return true; // not visible to this user: cannot tell
		}
		for (String body : bodies) {
			if (body == null || RoutineText.mayCreateTemporaryTables(body)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the relation of that name is a sequence (or SQLite's sqlite_sequence). */
	private boolean isSequence(Connection connection, String table) throws SQLException {
		Dialect dialect = dialect(connection);
		if (dialect == Dialect.SQLITE) {
			return table.equals("sqlite_sequence"); // AUTOINCREMENT inserts change it unnamed
		}
		return dialect.sequenceQuery != null && count(connection, dialect.sequenceQuery, table) > 0;
	}

	/** A catalog statement, with a timeout so that a look-up cannot hang the caller. */
	private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		try {
			statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
		}
		catch (SQLException ex) {
			statement.close();
			throw ex;
		}
		return statement;
	}

	/** The first column of a {@code count(*)} query with string parameters. */
	private static long count(Connection connection, String sql, String... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getLong(1) : 0;
			}
		}
	}

	/** The first column of every row of a query with string parameters. */
	private static List<String> strings(Connection connection, String sql, String... parameters) throws SQLException {
		List<String> values = new ArrayList<>();
		try (PreparedStatement statement = prepare(connection, sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					values.add(rs.getString(1));
				}
			}
		}
		return values;
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

	/** How each known database tells the definition of a view and whether a relation is a sequence. */
	private enum Dialect {

		POSTGRESQL("select pg_get_viewdef(c.oid, true) from pg_catalog.pg_class c "
				+ "where lower(c.relname) = ? and c.relkind = 'v'",
				"select count(*) from pg_catalog.pg_class where lower(relname) = ? and relkind = 'S'"),

		MARIADB("select VIEW_DEFINITION from information_schema.VIEWS where lower(TABLE_NAME) = ?",
				"select count(*) from information_schema.TABLES where lower(TABLE_NAME) = ? and TABLE_TYPE = 'SEQUENCE'"),

		H2("select VIEW_DEFINITION from INFORMATION_SCHEMA.VIEWS where lower(TABLE_NAME) = ?",
				"select count(*) from INFORMATION_SCHEMA.SEQUENCES where lower(SEQUENCE_NAME) = ?"),

		SQLITE("select sql from sqlite_master where type = 'view' and lower(name) = ?", null),

		OTHER(null, null);

		private final String viewDefinitionQuery;

		private final String sequenceQuery;

		Dialect(String viewDefinitionQuery, String sequenceQuery) {
			this.viewDefinitionQuery = viewDefinitionQuery;
			this.sequenceQuery = sequenceQuery;
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
