package io.github.cachalot.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies SQL functions by name for PostgreSQL, MariaDB/MySQL, H2 and SQLite.
 *
 * <p>Only names on the allow-list of side-effect-free deterministic built-ins are {@link
 * Category#SAFE}, each listed by its full name (no prefix family is trusted: {@code json_…},
 * {@code array_…} or {@code st_…} names are as easily user functions); everything else that is not
 * known to be random, non-deterministic or locking is {@link Category#UNKNOWN} (it may be a
 * user-defined function that writes). A name alone cannot prove a call reaches the built-in (a
 * PostgreSQL user function may overload it), so trusted calls are reported for a catalog check.
 */
final class FunctionClassifier {

    /** What calling a function means for caching. */
    enum Category {
        /** Deterministic and side-effect free. */
        SAFE,
        /** Returns random values. */
        RANDOM,
        /** Depends on time, session, sequence or server state (but writes no table). */
        NON_DETERMINISTIC,
        /** Takes a lock (advisory / named locks). */
        LOCKING,
        /** Changes session settings (PostgreSQL {@code set_config}). */
        SESSION,
        /** Not known: may have side effects, including writing tables. */
        UNKNOWN
    }

    private static final Set<String> RANDOM = words("""
            random rand randomblob random_bytes random_normal secure_rand dbms_random array_shuffle
            array_sample
            """);

    private static final Set<String> NON_DETERMINISTIC = words("""
            now current_timestamp current_date current_time localtimestamp localtime sysdate
            systimestamp sysdatetime getdate getutcdate curdate curtime utc_timestamp utc_date utc_time
            clock_timestamp statement_timestamp transaction_timestamp timeofday
            uuid uuid_short gen_random_uuid uuid_generate_v1 uuid_generate_v1mc uuid_generate_v3
            uuid_generate_v4 uuid_generate_v5 uuidv4 uuidv7 random_uuid newid sys_guid
            nextval currval lastval setval last_insert_id last_insert_rowid identity scope_identity
            found_rows row_count changes total_changes connection_id session_id
            current_user session_user system_user user current_role current_schema current_schemas
            current_catalog current_database current_setting database schema
            pg_backend_pid txid_current txid_current_if_assigned pg_current_xact_id
            pg_current_xact_id_if_assigned inet_client_addr inet_client_port inet_server_addr
            inet_server_port pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery
            pg_current_wal_lsn pg_last_xact_replay_timestamp pg_sleep pg_sleep_for pg_sleep_until
            version sqlite_version h2version sleep benchmark transaction_id lock_mode lock_timeout
            memory_free memory_used readonly disk_space_used pg_table_size pg_relation_size
            pg_total_relation_size pg_database_size pg_indexes_size has_table_privilege
            has_column_privilege has_schema_privilege has_database_privilege pg_has_role
            to_regclass to_regcollation to_regnamespace to_regoper to_regoperator to_regproc
            to_regprocedure to_regrole to_regtype to_regtypemod
            regclass regcollation regconfig regdictionary regnamespace regoper regoperator regproc
            regprocedure regrole regtype
            """);

    private static final Set<String> LOCKING = words("""
            pg_advisory_lock pg_advisory_lock_shared pg_advisory_xact_lock pg_advisory_xact_lock_shared
            pg_try_advisory_lock pg_try_advisory_lock_shared pg_try_advisory_xact_lock
            pg_try_advisory_xact_lock_shared pg_advisory_unlock pg_advisory_unlock_shared
            pg_advisory_unlock_all get_lock release_lock release_all_locks is_free_lock is_used_lock
            """);

    private static final Set<String> SAFE = words("""
            count sum avg min max string_agg group_concat listagg array_agg json_agg jsonb_agg
            json_object_agg jsonb_object_agg json_arrayagg json_objectagg xmlagg bool_and bool_or
            every bit_and bit_or bit_xor any_value stddev stddev_pop stddev_samp std variance
            var_pop var_samp corr covar_pop covar_samp regr_slope regr_intercept regr_count regr_r2
            regr_avgx regr_avgy regr_sxx regr_syy regr_sxy percentile_cont percentile_disc mode median
            row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
            nth_value
            lower upper lcase ucase trim ltrim rtrim btrim substring substr mid concat concat_ws
            length len char_length character_length octet_length bit_length replace position locate
            instr strpos left right lpad rpad repeat replicate reverse split_part regexp_replace
            regexp_substr regexp_instr regexp_like regexp_match regexp_matches regexp_count
            regexp_split_to_array regexp_split_to_table format initcap ascii chr char nchar
            unicode translate quote_ident quote_literal quote_nullable md5 sha1 sha2 sha224 sha256
            sha384 sha512 crc32 hash encode decode to_hex hex unhex bin oct conv space soundex
            difference levenshtein insert elt field find_in_set make_set export_set lower_inc
            upper_inc starts_with ends_with string_to_array array_to_string overlay strcmp
            char_length left_pad right_pad to_base64 from_base64 convert_from convert_to
            quote like_escape glob printf unistr normalize casefold
            abs ceil ceiling floor round trunc truncate mod power pow sqrt cbrt exp ln log log10 log2
            sign greatest least pi degrees radians sin cos tan asin acos atan atan2 cot sinh cosh
            tanh asinh acosh atanh div gcd lcm factorial width_bucket scale min_scale trim_scale
            bitand bitor bitxor bitnot bit_count
            coalesce nullif ifnull nvl nvl2 isnull if iif case decode choose zeroifnull
            cast convert try_cast extract date_part date_trunc date_format to_char to_date to_number
            to_timestamp date time datetime timestamp year month day hour minute second week quarter
            dayofweek dayofmonth dayofyear weekday weekofyear yearweek dayname monthname last_day
            datediff date_add date_sub adddate subdate addtime subtime timediff timestampdiff
            timestampadd dateadd date_diff makedate maketime make_date make_time make_timestamp
            make_timestamptz make_interval justify_days justify_hours justify_interval age
            from_unixtime unix_timestamp str_to_date sec_to_time time_to_sec to_days from_days
            period_add period_diff convert_tz timezone julianday strftime unixepoch isfinite
            microsecond epoch formatdatetime parsedatetime
            json_extract json_extract_path json_extract_path_text jsonb_extract_path
            jsonb_extract_path_text json_build_object jsonb_build_object json_build_array
            jsonb_build_array json_object jsonb_object json_array json_array_length
            jsonb_array_length json_array_elements jsonb_array_elements json_array_elements_text
            jsonb_array_elements_text json_each jsonb_each json_each_text jsonb_each_text
            json_object_keys jsonb_object_keys json_typeof jsonb_typeof json_strip_nulls
            jsonb_strip_nulls jsonb_set jsonb_insert jsonb_pretty jsonb_path_query
            jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match
            json_populate_record jsonb_populate_record json_to_record jsonb_to_record
            json_to_recordset jsonb_to_recordset to_json to_jsonb row_to_json array_to_json
            json_value json_query json_exists json_contains json_contains_path json_keys json_length
            json_type json_valid json_unquote json_quote json_search json_set json_insert
            json_replace json_remove json_merge json_merge_patch json_merge_preserve json_pretty
            json_depth json_overlaps json_table json_tree json_patch json_group_array
            json_group_object json_array_append json_array_insert json_normalize json_equals
            json_exists_path json_scalar json_serialize jsonb_exists isjson
            json jsonb json_array_element json_array_element_text jsonb_array_element
            jsonb_array_element_text json_object_field json_object_field_text jsonb_object_field
            jsonb_object_field_text json_populate_recordset jsonb_populate_recordset jsonb_set_lax
            jsonb_path_exists_tz jsonb_path_match_tz jsonb_path_query_tz jsonb_path_query_array_tz
            jsonb_path_query_first_tz jsonb_concat jsonb_delete jsonb_delete_path jsonb_contains
            jsonb_contained jsonb_exists_any jsonb_exists_all json_agg_strict jsonb_agg_strict
            json_object_agg_strict jsonb_object_agg_strict json_object_agg_unique
            jsonb_object_agg_unique json_object_agg_unique_strict jsonb_object_agg_unique_strict
            json_to_tsvector jsonb_to_tsvector json_compact json_detailed json_loose
            json_array_intersect json_object_filter_keys json_object_to_array json_key_value
            json_schema_valid json_error_position jsonb_array jsonb_extract jsonb_insert jsonb_object
            jsonb_patch jsonb_remove jsonb_replace jsonb_set jsonb_group_array jsonb_group_object
            array_length array_lower array_upper array_ndims array_dims array_append array_prepend
            array_cat array_remove array_replace array_position array_positions array_fill
            array_contains array_slice array_max_cardinality trim_array unnest cardinality any all
            some array generate_series generate_subscripts array_to_tsvector array_sort array_reverse
            st_astext st_asbinary st_aswkt st_aswkb st_asgeojson st_asewkt st_asewkb st_geomfromtext
            st_geometryfromtext st_geomfromwkb st_geomfromgeojson st_geogfromtext st_geographyfromtext
            st_pointfromtext st_polyfromtext st_linefromtext st_point st_makepoint st_setsrid st_srid
            st_transform st_x st_y st_z st_distance st_distance_sphere st_dwithin st_contains st_within
            st_intersects st_intersection st_union st_difference st_symdifference st_buffer
            st_envelope st_area st_length st_perimeter st_centroid st_isvalid st_isempty st_isclosed
            st_issimple st_touches st_crosses st_overlaps st_disjoint st_equals st_relate st_boundary
            st_convexhull st_numpoints st_npoints st_pointn st_startpoint st_endpoint st_geometrytype
            st_dimension st_numgeometries st_geometryn st_exteriorring st_interiorringn
            st_numinteriorrings st_latitude st_longitude st_makeenvelope st_makeline st_makepolygon
            st_collect st_simplify st_snaptogrid st_extent st_expand st_covers st_coveredby
            st_azimuth st_geohash st_force2d st_multi st_closestpoint st_lineinterpolatepoint
            st_linelocatepoint
            exists row values greatest least
            bool boolean int int2 int4 int8 integer smallint bigint float float4 float8 real
            double numeric decimal text varchar bpchar character date_part name oid
            to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank
            ts_rank_cd ts_headline setweight
            grouping grouping_id rollup cube grouping_sets
            """);

    private FunctionClassifier() {
    }

    /** Classifies a function by its (already normalized) name and number of arguments. */
    static Category classify(String name, int argumentCount) {
        if (name == null) {
            return Category.UNKNOWN;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (RANDOM.contains(key)) {
            return Category.RANDOM;
        }
        if (key.equals("set_config")) {
            return Category.SESSION;
        }
        if (NON_DETERMINISTIC.contains(key)) {
            return Category.NON_DETERMINISTIC;
        }
        if (LOCKING.contains(key)) {
            return Category.LOCKING;
        }
        if (dependsOnCurrentTimeWithoutArguments(key, argumentCount)) {
            return Category.NON_DETERMINISTIC;
        }
        return SAFE.contains(key) ? Category.SAFE : Category.UNKNOWN;
    }

    /**
     * Classifies a call by its name as written, in parts ({@code lower}, {@code "pg_catalog"."lower"},
     * {@code public.total}). A name qualified by any schema but {@code pg_catalog} (MariaDB built-ins
     * cannot be qualified at all) names a user function, as does a quoted name that is not
     * lower-case (no PostgreSQL built-in is spelt so): both are {@link Category#UNKNOWN}.
     */
    static Category classifyCall(List<String> nameParts, int argumentCount) {
        String qualified = qualifiedName(nameParts);
        if (qualified == null) {
            return Category.UNKNOWN;
        }
        if (nameParts.size() > 2
                || (nameParts.size() == 2 && !"pg_catalog".equals(TableNames.normalize(nameParts.get(0))))) {
            return Category.UNKNOWN;
        }
        String written = nameParts.get(nameParts.size() - 1).trim();
        if (TableNames.isQuoted(written)) {
            String unquoted = TableNames.unquote(written);
            if (!unquoted.equals(unquoted.toLowerCase(Locale.ROOT))) {
                return Category.UNKNOWN;
            }
        }
        return classify(TableNames.normalize(written), argumentCount);
    }

    /** The name of a call as reported in {@link StatementAnalysis#functions()}: parts unquoted, lower-cased, dotted. */
    static String qualifiedName(List<String> nameParts) {
        if (nameParts == null || nameParts.isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (String part : nameParts) {
            String normalized = part == null ? null : TableNames.normalize(part);
            if (normalized == null) {
                return null;
            }
            name.append(name.isEmpty() ? "" : ".").append(normalized);
        }
        return name.toString();
    }

    /**
     * Whether a name the parser presents as a function call is SQL syntax rather than a function
     * ({@code ROW(…)}, {@code ARRAY(…)}, {@code ANY(…)}, {@code ROLLUP(…)} …): nothing a catalog lists.
     */
    static boolean isSyntax(String name) {
        return SYNTAX.contains(name);
    }

    private static final Set<String> SYNTAX = words("""
            row values exists any all some array rollup cube grouping_sets
            """);

    /** {@code unix_timestamp()} and {@code age(ts)} read the clock; with more arguments they do not. */
    private static boolean dependsOnCurrentTimeWithoutArguments(String key, int argumentCount) {
        return (key.equals("unix_timestamp") && argumentCount == 0)
                || (key.equals("age") && argumentCount == 1);
    }

    /**
     * Whether an unqualified, unquoted column reference with this name is in fact a zero-argument
     * SQL keyword function ({@code CURRENT_USER}, {@code LOCALTIMESTAMP}, {@code SYSDATE} …).
     */
    static boolean isKeywordFunction(String columnName) {
        return switch (columnName.toLowerCase(Locale.ROOT)) {
            case "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
                 "sysdate", "systimestamp", "utc_timestamp", "utc_date", "utc_time", "current_user",
                 "session_user", "system_user", "user", "current_role", "current_schema",
                 "current_catalog", "current_path" -> true;
            default -> false;
        };
    }

    /**
     * Whether a string literal is one of PostgreSQL's special date/time inputs ({@code 'now'},
     * {@code 'today'}, {@code 'tomorrow'}, {@code 'yesterday'}) or SQLite's {@code 'now'}, which are
     * evaluated when the statement runs.
     */
    static boolean isCurrentTimeLiteral(String value) {
        if (value == null || value.length() > 100) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "now", "today", "tomorrow", "yesterday" -> true;
            default -> false;
        };
    }

    /** PostgreSQL's object identifier types: their values are OIDs, which change when an object is re-created. */
    private static final Set<String> OBJECT_IDENTIFIER_TYPES = words("""
            regclass regcollation regconfig regdictionary regnamespace regoper regoperator regproc
            regprocedure regrole regtype
            """);

    /** Date/time types whose input may be a special value such as {@code 'now'} (not interval). */
    private static final Set<String> DATE_TIME_TYPES = words("""
            timestamp timestamptz date time timetz datetime smalldatetime datetime2 datetimeoffset abstime
            """);

    /**
     * The base name of a cast's target type as JSqlParser gives it: lower-cased, unquoted, without
     * {@code pg_catalog.}, precision, array brackets or {@code with time zone}.
     */
    static String baseTypeName(String dataType) {
        if (dataType == null) {
            return "";
        }
        String type = dataType.trim().toLowerCase(Locale.ROOT).replace("\"", "").replace("`", "");
        if (type.startsWith("pg_catalog.")) {
            type = type.substring("pg_catalog.".length());
        }
        int end = 0;
        while (end < type.length() && (Character.isLetterOrDigit(type.charAt(end)) || type.charAt(end) == '_')) {
            end++;
        }
        return type.substring(0, end);
    }

    /** Whether {@code baseType} is one of PostgreSQL's {@code reg*} object identifier types. */
    static boolean isObjectIdentifierType(String baseType) {
        return OBJECT_IDENTIFIER_TYPES.contains(baseType);
    }

    /** Whether {@code baseType} is a date/time type whose text input may be {@code 'now'}, {@code 'today'} …. */
    static boolean isDateTimeType(String baseType) {
        return DATE_TIME_TYPES.contains(baseType);
    }

    private static Set<String> words(String text) {
        return Set.copyOf(java.util.Arrays.asList(text.trim().split("\\s+")));
    }
}
