package io.github.cachalot.differential;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.cachalot.differential.Action.Kind;

/**
 * Generates a history from the seed. It keeps a small model of each logical connection (open,
 * autocommit, SQL-level transaction, savepoints) only to choose plausible actions; it never looks
 * at what the databases answer, so histories are fixed lists and any sub-list is replayable.
 * Writes mostly touch the connection's own key range (to keep lock waits rare), sometimes
 * another's (to make them happen).
 */
final class HistoryGenerator {

	private static final int[] LEVELS = { Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
			Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE };

	private static final String[] SQL_LEVELS = { "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE" };

	private final Schema schema;

	private final boolean pg;

	private final DiffDatabase database;

	private final Random random;

	private final List<Action> history = new ArrayList<>();

	private final List<Action> recentReads = new ArrayList<>();

	private final Model[] models;

	private int savepointCounter;

	private static final class Model {

		boolean autoCommit = true;

		boolean sqlTransaction;

		final List<String> jdbcSavepoints = new ArrayList<>();

		final List<String> sqlSavepoints = new ArrayList<>();

		boolean inTransaction() {
			return !this.autoCommit || this.sqlTransaction;
		}

		void endTransaction() {
			this.sqlTransaction = false;
			this.jdbcSavepoints.clear();
			this.sqlSavepoints.clear();
		}

	}

	private HistoryGenerator(DiffDatabase database, Schema schema, long seed) {
		this.database = database;
		this.schema = schema;
		this.pg = database.postgres();
		this.random = new Random(seed);
		this.models = new Model[schema.connections];
		Arrays.setAll(this.models, i -> new Model());
	}

	static List<Action> generate(DiffDatabase database, Schema schema, long seed, int steps) {
		HistoryGenerator generator = new HistoryGenerator(database, schema, seed);
		while (generator.history.size() < steps) {
			generator.step();
		}
		return List.copyOf(generator.history.subList(0, steps));
	}

	/** Steps left in a read-mostly burst, where a few reads repeat on every connection (and hit). */
	private int burst;

	private void step() {
		int c = this.random.nextInt(this.schema.connections);
		Model model = this.models[c];
		if (this.burst == 0 && this.random.nextInt(100) < 4) {
			this.burst = 20 + this.random.nextInt(60);
		}
		if (this.burst > 0) {
			this.burst--;
			int roll = this.random.nextInt(100);
			if (roll < 80 && !this.recentReads.isEmpty()) {
				List<Action> hot = this.recentReads.subList(Math.max(0, this.recentReads.size() - 6),
						this.recentReads.size());
				add(c, pick(hot).withConnection(c));
				return;
			}
			if (roll < 92) {
				read(c);
				return;
			}
		}
		int roll = this.random.nextInt(100);
		if (!model.inTransaction()) {
			if (roll < 55) {
				read(c);
			}
			else if (roll < 80) {
				write(c);
			}
			else if (roll < 92) {
				begin(c, model);
			}
			else if (roll < 94) {
				add(c, Action.of(c, Kind.SET_ISOLATION).withLevel(level()));
			}
			else if (roll < 97) {
				searchPath(c, model);
			}
			else if (roll < 99) {
				close(c, model);
			}
			else {
				add(c, Action.of(c, Kind.STATE));
			}
		}
		else {
			if (roll < 50) {
				read(c);
			}
			else if (roll < 78) {
				write(c);
			}
			else if (roll < 88) {
				end(c, model);
			}
			else if (roll < 95) {
				savepoint(c, model);
			}
			else if (roll < 97) {
				searchPath(c, model);
			}
			else if (roll < 98) {
				close(c, model);
			}
			else if (roll < 99) {
				add(c, Action.of(c, Kind.SET_ISOLATION).withLevel(level()));
			}
			else {
				add(c, Action.of(c, Kind.STATE));
			}
		}
	}

	private void add(int c, Action action) {
		this.history.add(action);
	}

	/** An isolation level: mostly READ COMMITTED and REPEATABLE READ, sometimes SERIALIZABLE (and on MariaDB READ UNCOMMITTED). */
	private int level() {
		int roll = this.random.nextInt(20);
		if (roll < 7) {
			return Connection.TRANSACTION_READ_COMMITTED;
		}
		if (roll < 14) {
			return Connection.TRANSACTION_REPEATABLE_READ;
		}
		return (roll < 17 || this.pg) ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_READ_UNCOMMITTED;
	}

	private <T> T pick(List<T> list) {
		return list.get(this.random.nextInt(list.size()));
	}

	// ---------------------------------------------------------------- transactions

	private void begin(int c, Model model) {
		int roll = this.random.nextInt(10);
		if (roll < 6) {
			if (this.random.nextInt(10) < 8) {
				add(c, Action.of(c, Kind.SET_ISOLATION).withLevel(level()));
			}
			add(c, Action.of(c, Kind.SET_AUTOCOMMIT_FALSE));
			model.autoCommit = false;
			return;
		}
		String level = SQL_LEVELS[levelIndex(level())];
		List<String> forms = this.pg
				? List.of("BEGIN", "START TRANSACTION", "BEGIN ISOLATION LEVEL " + level,
						"START TRANSACTION ISOLATION LEVEL " + level, "BEGIN TRANSACTION ISOLATION LEVEL " + level + ", READ WRITE",
						"BEGIN READ ONLY")
				: List.of("START TRANSACTION", "BEGIN", "SET TRANSACTION ISOLATION LEVEL " + level,
						"START TRANSACTION WITH CONSISTENT SNAPSHOT", "START TRANSACTION READ ONLY");
		String form = pick(forms);
		if (form.startsWith("SET TRANSACTION")) {
			add(c, sqlAction(c, form));
			form = "START TRANSACTION";
		}
		add(c, sqlAction(c, form));
		model.sqlTransaction = true;
	}

	private static int levelIndex(int level) {
		for (int i = 0; i < LEVELS.length; i++) {
			if (LEVELS[i] == level) {
				return i;
			}
		}
		throw new IllegalArgumentException(String.valueOf(level));
	}

	private void end(int c, Model model) {
		int roll = this.random.nextInt(20);
		if (model.sqlTransaction) {
			String form = (roll < 9) ? "COMMIT" : (roll < 18) ? "ROLLBACK" : this.pg ? "END" : "COMMIT WORK";
			add(c, sqlAction(c, form));
			model.endTransaction();
			return;
		}
		if (roll < 8) {
			add(c, Action.of(c, Kind.COMMIT));
		}
		else if (roll < 16) {
			add(c, Action.of(c, Kind.ROLLBACK));
		}
		else if (roll < 18) {
			add(c, Action.of(c, Kind.SET_AUTOCOMMIT_TRUE));
			model.autoCommit = true;
		}
		else {
			add(c, sqlAction(c, (roll == 18) ? "COMMIT" : "ROLLBACK"));
		}
		model.endTransaction();
		if (!model.autoCommit && this.random.nextInt(3) == 0) {
			add(c, Action.of(c, Kind.SET_AUTOCOMMIT_TRUE));
			model.autoCommit = true;
		}
	}

	private void savepoint(int c, Model model) {
		boolean jdbc = !model.autoCommit && this.random.nextBoolean();
		List<String> names = jdbc ? model.jdbcSavepoints : model.sqlSavepoints;
		int roll = this.random.nextInt(10);
		if (names.isEmpty() || roll < 4) {
			String name = "sp" + (++this.savepointCounter);
			names.add(name);
			add(c, jdbc ? Action.of(c, Kind.SAVEPOINT).withName(name) : sqlAction(c, "SAVEPOINT " + name));
		}
		else if (roll < 8) {
			int index = this.random.nextInt(names.size());
			String name = names.get(index);
			names.subList(index + 1, names.size()).clear();
			add(c, jdbc ? Action.of(c, Kind.ROLLBACK_TO_SAVEPOINT).withName(name) : sqlAction(c, "ROLLBACK TO SAVEPOINT " + name));
		}
		else {
			int index = this.random.nextInt(names.size());
			String name = names.get(index);
			names.subList(index, names.size()).clear();
			add(c, jdbc ? Action.of(c, Kind.RELEASE_SAVEPOINT).withName(name) : sqlAction(c, "RELEASE SAVEPOINT " + name));
		}
	}

	private void searchPath(int c, Model model) {
		if (!this.pg) {
			read(c);
			return;
		}
		String schema = this.random.nextBoolean() ? "s1" : "s2";
		int roll = this.random.nextInt(10);
		String sql = (roll < 4) ? "SET search_path = " + schema + ", public"
				: (roll < 6) ? "SET search_path TO " + schema + ", public"
				: (roll < 8) ? "SET LOCAL search_path = " + schema + ", public"
				: (roll < 9) ? "SET SESSION search_path TO " + schema + ", public" : null;
		if (sql != null) {
			add(c, sqlAction(c, sql));
		}
		else {
			add(c, Action.sql(c, Kind.QUERY_PREPARED, "SELECT set_config('search_path', ?, false)", List.of(schema + ", public")));
		}
	}

	private void close(int c, Model model) {
		add(c, Action.of(c, Kind.CLOSE));
		this.models[c] = new Model();
	}

	private Action sqlAction(int c, String sql) {
		return Action.sql(c, Kind.SQL, sql, List.of());
	}

	// ---------------------------------------------------------------- reads

	private int anyKey() {
		return 1 + this.random.nextInt(this.schema.keySpace());
	}

	/** A key of the connection's own range most of the time, any key sometimes. */
	private int key(int c) {
		if (this.random.nextInt(100) < 90) {
			return c * Schema.KEYS_PER_CONNECTION + 1 + this.random.nextInt(Schema.KEYS_PER_CONNECTION);
		}
		return anyKey();
	}

	private int childTable() {
		return 1 + this.random.nextInt(this.schema.tables.size() - 1);
	}

	private String name(int table) {
		return this.schema.table(table).name();
	}

	private void read(int c) {
		if (!this.recentReads.isEmpty() && this.random.nextInt(100) < 40) {
			add(c, pick(this.recentReads).withConnection(c));
			return;
		}
		Action read = newRead(c);
		this.recentReads.add(read);
		if (this.recentReads.size() > 40) {
			this.recentReads.remove(0);
		}
		add(c, read);
	}

	private Action newRead(int c) {
		int t = this.random.nextInt(this.schema.tables.size());
		String table = name(t);
		int roll = this.random.nextInt(100);
		if (roll < 14) {
			return query("SELECT id, ver, a, b, parent FROM " + table + " WHERE id = ?", anyKey());
		}
		if (roll < 24) {
			int low = anyKey();
			return query("SELECT id, a, b FROM " + table + " WHERE id BETWEEN ? AND ? ORDER BY id", low, low + this.random.nextInt(10));
		}
		if (roll < 30) {
			return query("SELECT count(*), sum(a), max(ver) FROM " + table);
		}
		if (roll < 40) {
			return query("SELECT max(ver) FROM " + table).withProbe(t);
		}
		if (roll < 44) {
			return query("SELECT parent, count(*) FROM " + table + " GROUP BY parent ORDER BY parent");
		}
		if (roll < 48) {
			return query("SELECT count(*) FROM " + table + " WHERE a > ?", this.random.nextInt(100));
		}
		int child = childTable();
		String parent = name(this.schema.table(child).parent());
		if (roll < 55) {
			return query("SELECT c.id, c.a, p.id, p.b FROM " + name(child) + " c JOIN " + parent
					+ " p ON c.parent = p.id WHERE c.a >= ? ORDER BY c.id", this.random.nextInt(100));
		}
		if (roll < 59) {
			return query("SELECT p.id, (SELECT count(*) FROM " + name(child) + " c WHERE c.parent = p.id) FROM " + parent
					+ " p WHERE p.id <= ? ORDER BY p.id", anyKey());
		}
		if (roll < 62) {
			return query("SELECT id FROM " + name(child) + " x WHERE EXISTS (SELECT 1 FROM " + parent
					+ " y WHERE y.id = x.parent AND y.a < ?) ORDER BY id", this.random.nextInt(100));
		}
		if (roll < 68) {
			return query("SELECT cid, ca, pid, pb FROM v_join WHERE cid <= ? ORDER BY cid", anyKey());
		}
		if (roll < 73) {
			return query("SELECT id, tbl, op, row_id, ver FROM audit ORDER BY id DESC LIMIT 6");
		}
		if (roll < 77) {
			return query("SELECT count(*) FROM audit");
		}
		if (roll < 79) {
			return query("SELECT " + this.database.nextval());
		}
		if (roll < 82) {
			return query("SELECT id, a FROM " + table + " WHERE id = ? FOR UPDATE", key(c));
		}
		if (this.pg) {
			if (roll < 90) {
				return query("SELECT id, v FROM dup ORDER BY id");
			}
			if (roll < 95) {
				return query("SELECT v FROM dup WHERE id = ?", 1 + this.random.nextInt(7));
			}
			return query("SELECT id, v FROM " + (this.random.nextBoolean() ? "s1" : "s2") + ".dup WHERE id <= ? ORDER BY id",
					1 + this.random.nextInt(7));
		}
		return query("SELECT id, ver FROM " + table + " WHERE parent IS NULL ORDER BY id");
	}

	private Action query(String sql, Object... parameters) {
		int roll = this.random.nextInt(10);
		Kind kind = (roll < 6) ? Kind.QUERY_PREPARED : (roll < 9) ? Kind.QUERY_STATEMENT : Kind.QUERY_EXECUTE;
		return Action.sql(0, kind, sql, Arrays.asList(parameters));
	}

	// ---------------------------------------------------------------- writes

	private void write(int c) {
		int version = this.history.size() + 1;
		int t = this.random.nextInt(this.schema.tables.size());
		Schema.Table table = this.schema.table(t);
		int roll = this.random.nextInt(100);
		Action action;
		if (roll < 25) {
			Object parent = (table.parent() < 0 || this.random.nextInt(10) == 0) ? null : key(c);
			action = update("INSERT INTO " + table.name() + " (id, ver, a, b, parent) VALUES (?, ?, ?, ?, ?)", key(c), version,
					this.random.nextInt(100), "b" + this.random.nextInt(10), parent);
		}
		else if (roll < 50) {
			action = update("UPDATE " + table.name() + " SET a = ?, ver = ? WHERE id = ?", this.random.nextInt(100), version, key(c));
		}
		else if (roll < 58) {
			int low = key(c);
			action = update("UPDATE " + table.name() + " SET a = a + 1, ver = ? WHERE id BETWEEN ? AND ?", version, low,
					low + this.random.nextInt(3));
		}
		else if (roll < 64 && table.parent() >= 0) {
			action = update("UPDATE " + table.name() + " SET parent = ?, ver = ? WHERE id = ?",
					(this.random.nextInt(5) == 0) ? null : key(c), version, key(c));
		}
		else if (roll < 80) {
			action = update("DELETE FROM " + table.name() + " WHERE id = ?", key(c));
		}
		else if (roll < 84) {
			int low = key(c);
			action = update("DELETE FROM " + table.name() + " WHERE id BETWEEN ? AND ?", low, low + this.random.nextInt(2));
		}
		else if (this.pg && roll < 94) {
			action = (this.random.nextBoolean())
					? update("UPDATE dup SET v = ? WHERE id = ?", version, 1 + this.random.nextInt(7))
					: update("INSERT INTO dup (id, v) VALUES (?, ?)", 1 + this.random.nextInt(9), version);
		}
		else {
			action = update("UPDATE " + table.name() + " SET b = ?, ver = ? WHERE a < ? AND id BETWEEN ? AND ?",
					"w" + this.random.nextInt(10), version, this.random.nextInt(100), c * Schema.KEYS_PER_CONNECTION + 1,
					(c + 1) * Schema.KEYS_PER_CONNECTION);
		}
		add(c, action.withConnection(c));
	}

	private Action update(String sql, Object... parameters) {
		Kind kind = this.random.nextInt(10) < 6 ? Kind.UPDATE_PREPARED : Kind.UPDATE_STATEMENT;
		return Action.sql(0, kind, sql, Arrays.asList(parameters));
	}

}
