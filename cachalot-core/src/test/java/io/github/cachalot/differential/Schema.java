package io.github.cachalot.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The schema and initial data of one run, generated from the seed: 3–5 tables {@code t0…} with
 * integer keys, a version column {@code ver} that every write sets, foreign keys to earlier tables
 * with ON DELETE CASCADE or SET NULL, an audit table filled by triggers and numbered by a
 * sequence, a view over a join, and (PostgreSQL) a table {@code dup} in each of the schemas
 * {@code s1} and {@code s2} that connections reach through their search path.
 */
final class Schema {

	/** One generated table; {@code parent} is the index of the table its foreign key references, or -1. */
	record Table(String name, int parent, String onDelete, boolean audited) {
	}

	static final int KEYS_PER_CONNECTION = 8;

	/**
	 * {@code -Dcachalot.diff.withoutTriggers=true} leaves out the audit triggers: for exploring
	 * the other kinds of failure once a trigger bug is known (never the default).
	 */
	static final boolean WITHOUT_TRIGGERS = Boolean.getBoolean("cachalot.diff.withoutTriggers");

	final List<Table> tables;

	/** Logical connections per side. */
	final int connections;

	/** The table that the view joins to its parent. */
	final int viewChild;

	final boolean searchPaths;

	private final List<String> data;

	private final DiffDatabase database;

	private Schema(DiffDatabase database, List<Table> tables, int connections, int viewChild, List<String> data) {
		this.database = database;
		this.tables = tables;
		this.connections = connections;
		this.viewChild = viewChild;
		this.searchPaths = database.postgres();
		this.data = data;
	}

	static Schema generate(DiffDatabase database, long seed) {
		Random random = new Random(seed ^ 0x5CE3A);
		int count = 3 + random.nextInt(3);
		List<Table> tables = new ArrayList<>();
		boolean anyAudited = false;
		for (int i = 0; i < count; i++) {
			int parent = (i == 0) ? -1 : random.nextInt(i);
			String onDelete = random.nextBoolean() ? "CASCADE" : "SET NULL";
			boolean audited = (random.nextInt(3) == 0 || (i == count - 1 && !anyAudited)) && !WITHOUT_TRIGGERS;
			anyAudited |= audited;
			tables.add(new Table("t" + i, parent, (parent < 0) ? null : onDelete, audited));
		}
		int connections = 3 + random.nextInt(3);
		int keySpace = connections * KEYS_PER_CONNECTION;
		List<String> data = new ArrayList<>();
		List<List<Integer>> present = new ArrayList<>();
		for (Table table : tables) {
			List<Integer> ids = new ArrayList<>();
			List<String> rows = new ArrayList<>();
			for (int id = 1; id <= keySpace; id++) {
				if (random.nextInt(10) < 7) {
					ids.add(id);
					String parent = "NULL";
					if (table.parent() >= 0 && random.nextInt(10) > 0) {
						List<Integer> parents = present.get(table.parent());
						parent = String.valueOf(parents.get(random.nextInt(parents.size())));
					}
					rows.add("(" + id + ", 0, " + random.nextInt(100) + ", 'b" + random.nextInt(10) + "', " + parent + ")");
				}
			}
			data.add("INSERT INTO " + table.name() + " (id, ver, a, b, parent) VALUES " + String.join(", ", rows));
			present.add(ids);
		}
		if (database.postgres()) {
			List<String> s1 = new ArrayList<>();
			List<String> s2 = new ArrayList<>();
			for (int id = 1; id <= 6; id++) {
				s1.add("(" + id + ", " + (100 + id) + ")");
				s2.add("(" + (id + 1) + ", " + (200 + id) + ")");
			}
			data.add("INSERT INTO s1.dup (id, v) VALUES " + String.join(", ", s1));
			data.add("INSERT INTO s2.dup (id, v) VALUES " + String.join(", ", s2));
		}
		int viewChild = 1 + random.nextInt(count - 1);
		return new Schema(database, List.copyOf(tables), connections, viewChild, List.copyOf(data));
	}

	Table table(int index) {
		return this.tables.get(index);
	}

	int keySpace() {
		return this.connections * KEYS_PER_CONNECTION;
	}

	/** Every statement that creates the schema and its data, in order. */
	List<String> statements() {
		boolean pg = this.database.postgres();
		String options = pg ? " WITH (autovacuum_enabled = false)" : " ENGINE=InnoDB";
		List<String> sql = new ArrayList<>();
		for (Table table : this.tables) {
			String foreignKey = "";
			if (table.parent() >= 0) {
				foreignKey = ", FOREIGN KEY (parent) REFERENCES " + table(table.parent()).name() + " (id) ON DELETE "
						+ table.onDelete();
			}
			sql.add("CREATE TABLE " + table.name()
					+ " (id INT PRIMARY KEY, ver INT NOT NULL, a INT, b VARCHAR(20), parent INT" + foreignKey + ")" + options);
		}
		sql.add(pg ? "CREATE SEQUENCE audit_seq" : "CREATE SEQUENCE audit_seq NOCACHE");
		sql.add("CREATE TABLE audit (id BIGINT PRIMARY KEY DEFAULT " + (pg ? "nextval('audit_seq')" : "(NEXT VALUE FOR audit_seq)")
				+ ", tbl VARCHAR(10) NOT NULL, op CHAR(1) NOT NULL, row_id INT, ver INT)" + options);
		Table child = table(this.viewChild);
		sql.add("CREATE VIEW v_join AS SELECT c.id AS cid, c.a AS ca, p.id AS pid, p.b AS pb FROM " + child.name()
				+ " c JOIN " + table(child.parent()).name() + " p ON c.parent = p.id");
		if (pg) {
			for (String schema : List.of("s1", "s2")) {
				sql.add("CREATE SCHEMA " + schema);
				sql.add("CREATE TABLE " + schema + ".dup (id INT PRIMARY KEY, v INT NOT NULL)" + options);
			}
		}
		sql.addAll(this.data);
		if (pg) {
			sql.add("CREATE FUNCTION public.audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
					+ "IF TG_OP = 'DELETE' THEN INSERT INTO public.audit (tbl, op, row_id, ver) VALUES (TG_TABLE_NAME, 'D', OLD.id, OLD.ver); RETURN OLD; "
					+ "ELSE INSERT INTO public.audit (tbl, op, row_id, ver) VALUES (TG_TABLE_NAME, substr(TG_OP, 1, 1), NEW.id, NEW.ver); RETURN NEW; "
					+ "END IF; END $$");
		}
		for (Table table : this.tables) {
			if (!table.audited()) {
				continue;
			}
			if (pg) {
				sql.add("CREATE TRIGGER " + table.name() + "_audit AFTER INSERT OR UPDATE OR DELETE ON " + table.name()
						+ " FOR EACH ROW EXECUTE FUNCTION public.audit_row()");
			}
			else {
				for (String[] event : new String[][] { { "INSERT", "I", "NEW" }, { "UPDATE", "U", "NEW" }, { "DELETE", "D", "OLD" } }) {
					sql.add("CREATE TRIGGER " + table.name() + "_audit_" + event[1] + " AFTER " + event[0] + " ON "
							+ table.name() + " FOR EACH ROW INSERT INTO audit (tbl, op, row_id, ver) VALUES ('"
							+ table.name() + "', '" + event[1] + "', " + event[2] + ".id, " + event[2] + ".ver)");
				}
			}
		}
		return sql;
	}

	/** The freshness oracle's query: the largest committed version of every table, one row per table. */
	String versionsQuery() {
		List<String> parts = new ArrayList<>();
		for (Table table : this.tables) {
			parts.add("SELECT '" + table.name() + "', max(ver) FROM " + table.name());
		}
		return String.join(" UNION ALL ", parts);
	}

	String describe() {
		StringBuilder out = new StringBuilder();
		for (Table table : this.tables) {
			out.append(table.name());
			if (table.parent() >= 0) {
				out.append("->").append(table(table.parent()).name()).append(" ").append(table.onDelete());
			}
			if (table.audited()) {
				out.append(" [audited]");
			}
			out.append("; ");
		}
		out.append("v_join over ").append(table(this.viewChild).name()).append("; ").append(this.connections)
			.append(" connections");
		return out.toString();
	}

}
