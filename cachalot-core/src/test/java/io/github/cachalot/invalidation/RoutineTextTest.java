package io.github.cachalot.invalidation;

import org.junit.jupiter.api.Test;

import io.github.cachalot.invalidation.RoutineText.BodyEffects;
import io.github.cachalot.invalidation.RoutineText.Syntax;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexical reading of trigger and routine bodies, on the cases the catalog tests do not reach. */
class RoutineTextTest {

	private static BodyEffects postgres(String body) {
		return RoutineText.postgresBodyEffects(body);
	}

	@Test
	void postgresWriteTargetsAreFoundButNotLockingOrConflictClauses() {
		BodyEffects effects = postgres("""
				BEGIN
					PERFORM 1 FROM cat_a WHERE id = NEW.id FOR UPDATE;
					SELECT * INTO r FROM cat_b FOR NO KEY UPDATE OF cat_b NOWAIT;
					INSERT INTO cat_c AS c (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = excluded.id;
					MERGE INTO ONLY s."Cat_D" d USING cat_e e ON d.id = e.id
						WHEN MATCHED THEN UPDATE SET id = e.id WHEN NOT MATCHED THEN INSERT (id) VALUES (e.id);
					DELETE FROM ONLY cat_f WHERE id = OLD.id;
					TRUNCATE TABLE cat_g, ONLY public.cat_h *;
					UPDATE cat_i SET n = 1;
					RETURN NEW;
				END""");
		assertThat(effects.unknown()).isFalse();
		assertThat(effects.written())
			.containsExactlyInAnyOrder("cat_c", "cat_d", "cat_f", "cat_g", "cat_h", "cat_i");
	}

	@Test
	void postgresStringsAndCommentsHideKeywords() {
		BodyEffects effects = postgres("""
				BEGIN
					-- EXECUTE 'DROP TABLE x'; INSERT INTO cat_no
					/* nested /* EXECUTE */ CALL p() */
					RAISE NOTICE 'EXECUTE % INSERT INTO cat_no', E'it\\'s; CALL p()';
					x := $q$ EXECUTE $inner$ $q$;
					RETURN NULL;
				END""");
		assertThat(effects.unknown()).isFalse();
		assertThat(effects.written()).isEmpty();
	}

	@Test
	void postgresDynamicSqlCallsAndDdlAreUnknown() {
		assertThat(postgres("BEGIN EXECUTE 'INSERT INTO t VALUES (1)'; END").unknown()).isTrue();
		assertThat(postgres("BEGIN RETURN QUERY EXECUTE q; END").unknown()).isTrue();
		assertThat(postgres("BEGIN CALL cat_proc(); END").unknown()).isTrue();
		assertThat(postgres("BEGIN CREATE TEMP TABLE t (id int); END").unknown()).isTrue();
		assertThat(postgres("BEGIN COPY t FROM '/tmp/x'; END").unknown()).isTrue();
		assertThat(postgres("BEGIN x := 'unterminated; END").unknown()).isTrue();
	}

	@Test
	void postgresCallsAreReportedWithTheirSchema() {
		BodyEffects effects = postgres(
				"BEGIN PERFORM cat_helper(1); x := pg_catalog.lower(y) || my.fn(z)::numeric(10, 2); RETURN NEW; END");
		assertThat(effects.calls()).contains("cat_helper", "pg_catalog.lower", "my.fn");
		assertThat(effects.calls()).doesNotContain("lower", "fn");
	}

	@Test
	void mariaDbBodiesSplitOutsideStringsCommentsAndParentheses() {
		assertThat(RoutineText.statements("""
				BEGIN
					INSERT INTO a VALUES ('x;y', "q;", `c;`); -- one; still one
					UPDATE b SET n = (SELECT 1; ) # odd; but inside parentheses
					;
				END""", Syntax.MARIADB)).hasSize(2);
		assertThat(RoutineText.statements("INSERT INTO a VALUES ('it\\'s;')", Syntax.MARIADB)).hasSize(1);
		assertThat(RoutineText.statements("INSERT INTO a VALUES ('open", Syntax.MARIADB)).isNull();
	}

	@Test
	void sqliteTriggerBodiesAreBetweenBeginAndEnd() {
		String body = RoutineText.sqliteTriggerBody("CREATE TRIGGER [begin] AFTER INSERT ON t WHEN NEW.x = 'begin' "
				+ "BEGIN INSERT INTO a VALUES (CASE WHEN NEW.x THEN 1 END); END");
		assertThat(RoutineText.statements(body, Syntax.SQLITE))
			.containsExactly("INSERT INTO a VALUES (CASE WHEN NEW.x THEN 1 END)");
		assertThat(RoutineText.sqliteTriggerBody("CREATE TRIGGER t AFTER INSERT ON t SELECT 1")).isNull();
	}

	@Test
	void mariaDbRoutinesThatMayCreateTemporaryTables() {
		assertThat(RoutineText.mayCreateTemporaryTables("BEGIN CREATE TEMPORARY TABLE t (id INT); END")).isTrue();
		assertThat(RoutineText.mayCreateTemporaryTables("BEGIN PREPARE s FROM @q; EXECUTE s; END")).isTrue();
		assertThat(RoutineText.mayCreateTemporaryTables("BEGIN CALL other(); END")).isTrue();
		assertThat(RoutineText.mayCreateTemporaryTables("BEGIN INSERT INTO t VALUES ('temporary'); END")).isFalse();
	}

}
