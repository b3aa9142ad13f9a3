package org.epigrid.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a database holds, table by table, found independently of the backup code: the
 * number of rows and an MD5 of all rows' text in a fixed order, for every table of the
 * current schema (partitioned tables through their parent, which holds their partitions'
 * rows) except Flyway's history; and the partitions with their bounds.
 */
public final class DatabaseFingerprint {

	private DatabaseFingerprint() {
	}

	/**
	 * Takes the fingerprint.
	 * @param jdbc the database
	 * @return per table {@code rows:md5}, and per partition {@code partition:bound}
	 */
	public static Map<String, String> of(JdbcClient jdbc) {
		Map<String, String> fingerprint = new LinkedHashMap<>();
		List<String> tables = jdbc.sql("""
				SELECT relname FROM pg_class
				WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
				  AND NOT relispartition AND relname <> 'flyway_schema_history'
				ORDER BY relname
				""").query(String.class).list();
		for (String table : tables) {
			fingerprint.put(table,
					jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' "
							+ "ORDER BY t::text COLLATE \"C\")), '-') FROM \"" + table + "\" t")
						.query(String.class)
						.single());
		}
		jdbc.sql("""
				SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c
				WHERE c.relnamespace = current_schema()::regnamespace AND c.relispartition
				ORDER BY c.relname
				""").query((rs, i) -> fingerprint.put("partition " + rs.getString(1), rs.getString(2))).list();
		return fingerprint;
	}

	/**
	 * The rows of all tables.
	 * @param fingerprint a fingerprint
	 * @return the sum of the tables' row counts
	 */
	public static long rows(Map<String, String> fingerprint) {
		return fingerprint.entrySet()
			.stream()
			.filter((e) -> !e.getKey().startsWith("partition "))
			.mapToLong((e) -> Long.parseLong(e.getValue().substring(0, e.getValue().indexOf(':'))))
			.sum();
	}

	/**
	 * The identity and serial columns whose sequence would hand out a number not above
	 * the column's largest value (a new row would collide), as {@code table.column}.
	 * @param jdbc the database
	 * @return the columns, empty if every sequence is ahead
	 */
	public static List<String> sequencesBehind(JdbcClient jdbc) {
		return jdbc.sql("""
				SELECT t.relname || '.' || a.attname AS col, s.relname AS seq
				FROM pg_depend d
				JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
				JOIN pg_class t ON t.oid = d.refobjid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
				WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
				  AND d.deptype IN ('a', 'i') AND s.relnamespace = current_schema()::regnamespace
				ORDER BY 1
				""")
			.query((rs, i) -> new String[] { rs.getString("col"), rs.getString("seq") })
			.list()
			.stream()
			.filter((c) -> {
				String[] tc = c[0].split("\\.");
				long max = jdbc.sql("SELECT coalesce(max(\"" + tc[1] + "\"), -1) FROM \"" + tc[0] + "\"")
					.query(Long.class)
					.single();
				if (max < 0) {
					return false;
				}
				// what nextval would hand out, without using it up
				long next = jdbc
					.sql("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM \"" + c[1] + "\"")
					.query(Long.class)
					.single();
				return next <= max;
			})
			.map((c) -> c[0])
			.toList();
	}

}
