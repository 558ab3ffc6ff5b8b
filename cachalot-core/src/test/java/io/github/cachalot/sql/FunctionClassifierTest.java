package io.github.cachalot.sql;

import static io.github.cachalot.sql.FunctionClassifier.Category.LOCKING;
import static io.github.cachalot.sql.FunctionClassifier.Category.NON_DETERMINISTIC;
import static io.github.cachalot.sql.FunctionClassifier.Category.RANDOM;
import static io.github.cachalot.sql.FunctionClassifier.Category.SAFE;
import static io.github.cachalot.sql.FunctionClassifier.Category.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Function names are classified case-insensitively; argument counts matter for a few. */
class FunctionClassifierTest {

    @ParameterizedTest(name = "{0}({1} args) is {2}")
    @CsvSource(textBlock = """
            lower,             1, SAFE
            LOWER,             1, SAFE
            count,             1, SAFE
            jsonb_build_object, 2, SAFE
            jsonb_whatever,    2, UNKNOWN
            json_frobnicate,   1, UNKNOWN
            array_frobnicate,  1, UNKNOWN
            st_frobnicate,     1, UNKNOWN
            st_distance,       2, SAFE
            total,             1, UNKNOWN
            array_shuffle,     1, RANDOM
            random,            0, RANDOM
            RAND,              0, RANDOM
            now,               0, NON_DETERMINISTIC
            nextval,           1, NON_DETERMINISTIC
            unix_timestamp,    0, NON_DETERMINISTIC
            unix_timestamp,    1, SAFE
            age,               1, NON_DETERMINISTIC
            age,               2, SAFE
            pg_advisory_lock,  1, LOCKING
            my_function,       1, UNKNOWN
            """)
    void classifies(String name, int arguments, FunctionClassifier.Category expected) {
        assertThat(FunctionClassifier.classify(name, arguments)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            lower                 | SAFE
            pg_catalog.lower      | SAFE
            "pg_catalog"."lower"  | SAFE
            "lower"               | SAFE
            "Lower"               | UNKNOWN
            public.lower          | UNKNOWN
            public.total          | UNKNOWN
            db.json_extract       | UNKNOWN
            a.pg_catalog.lower    | UNKNOWN
            pg_catalog.now        | NON_DETERMINISTIC
            """)
    void callsQualifiedByAnySchemaButPgCatalogAreUnknown(String written, FunctionClassifier.Category expected) {
        assertThat(FunctionClassifier.classifyCall(List.of(written.split("\\.")), 1)).isEqualTo(expected);
    }

    @Test
    void reportedNamesAreUnquotedLowerCaseAndQualifiedAsWritten() {
        assertThat(FunctionClassifier.qualifiedName(List.of("\"PG_CATALOG\"", "Lower"))).isEqualTo("pg_catalog.lower");
        assertThat(FunctionClassifier.qualifiedName(List.of("total"))).isEqualTo("total");
        assertThat(FunctionClassifier.classifyCall(List.of(), 0)).isEqualTo(UNKNOWN);
    }

    @Test
    void nullNameIsUnknown() {
        assertThat(FunctionClassifier.classify(null, 0)).isEqualTo(UNKNOWN);
    }

    @Test
    void keywordFunctionsAndCurrentTimeLiterals() {
        assertThat(FunctionClassifier.isKeywordFunction("CURRENT_USER")).isTrue();
        assertThat(FunctionClassifier.isKeywordFunction("title")).isFalse();
        assertThat(FunctionClassifier.isCurrentTimeLiteral(" Now ")).isTrue();
        assertThat(FunctionClassifier.isCurrentTimeLiteral("nowhere")).isFalse();
        assertThat(SAFE).isNotEqualTo(RANDOM).isNotEqualTo(NON_DETERMINISTIC).isNotEqualTo(LOCKING);
    }
}
