package org.epigrid.backup.internal;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.epigrid.backup.internal.BackupManifest.Column;
import org.epigrid.backup.internal.BackupManifest.Partition;
import org.epigrid.backup.internal.BackupManifest.SequenceValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Reads what a backup needs from PostgreSQL's catalogue, on the caller's connection (so
 * inside its snapshot): the application's tables of the current schema (not partitions,
 * which are copied through their parent; not the migration history, which Flyway writes
 * again; not tables of extensions) in the order of their foreign keys, their partitions,
 * sequences and other sessions on the database. It knows no table by name.
 */
@Component
public class DatabaseCatalogReader {

	/**
	 * Reads the catalogue.
	 * @param connection the connection, in the caller's transaction
	 * @param historyTable the Flyway history table, left out
	 * @return the tables in foreign-key order, partitions and sequences
	 * @throws IllegalStateException if foreign keys form a cycle between tables (no order
	 * could load them)
	 */
	public Catalog read(Connection connection, String historyTable) {
		JdbcClient jdbc = jdbc(connection);
		Map<Long, Table> byOid = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT c.oid, c.relname, c.relkind = 'p' AS partitioned
				FROM pg_class c
				WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
				  AND NOT c.relispartition AND c.relname <> :history
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d
				                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
				ORDER BY c.relname
				""")
			.param("history", historyTable)
			.query((rs, i) -> new Table(rs.getLong("oid"), rs.getString("relname"), rs.getBoolean("partitioned"),
					new ArrayList<>()))
			.list()
			.forEach((table) -> byOid.put(table.oid(), table));
		if (byOid.isEmpty()) {
			return new Catalog(List.of(), List.of(), List.of());
		}
		Long[] oids = byOid.keySet().toArray(Long[]::new);
		jdbc.sql("""
				SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type
				FROM pg_attribute a
				WHERE a.attrelid = ANY(CAST(:oids AS oid[])) AND a.attnum > 0 AND NOT a.attisdropped
				  AND a.attgenerated = ''
				ORDER BY a.attrelid, a.attnum
				""").param("oids", oids).query((rs, i) -> {
			byOid.get(rs.getLong("attrelid")).columns().add(new Column(rs.getString("attname"), rs.getString("type")));
			return null;
		}).list();
		Map<Long, Set<Long>> references = new HashMap<>();
		jdbc.sql("""
				SELECT coalesce(CAST(pg_partition_root(conrelid) AS oid), conrelid) AS child,
				       coalesce(CAST(pg_partition_root(confrelid) AS oid), confrelid) AS parent
				FROM pg_constraint
				WHERE contype = 'f' AND conparentid = 0
				""").query((rs, i) -> {
			references.computeIfAbsent(rs.getLong("child"), (k) -> new HashSet<>()).add(rs.getLong("parent"));
			return null;
		}).list();
		List<Partition> partitions = new ArrayList<>();
		for (Table table : byOid.values()) {
			if (table.partitioned()) {
				partitions.addAll(jdbc.sql("""
						SELECT c.relname, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound,
						       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by
						FROM pg_partition_tree(CAST(:root AS oid)) t
						JOIN pg_class c ON c.oid = t.relid
						JOIN pg_class p ON p.oid = t.parentrelid
						WHERE t.level > 0
						ORDER BY t.level, c.relname
						""")
					.param("root", table.oid())
					.query((rs, i) -> new Partition(rs.getString("relname"), rs.getString("parent"),
							rs.getString("bound"), rs.getString("partition_by")))
					.list());
			}
		}
		List<String> sequences = jdbc.sql("""
				SELECT c.relname FROM pg_class c
				WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d
				                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
				ORDER BY c.relname
				""").query(String.class).list();
		return new Catalog(order(byOid, references), partitions, sequences);
	}

	/**
	 * Reads the sequences' values (they are not transactional: each is at least as far as
	 * any row of the snapshot).
	 * @param connection the connection
	 * @param sequences the sequences
	 * @return their values
	 */
	public List<SequenceValue> sequenceValues(Connection connection, List<String> sequences) {
		JdbcClient jdbc = jdbc(connection);
		return sequences.stream()
			.map((name) -> jdbc.sql("SELECT last_value, is_called FROM " + Sql.identifier(name))
				.query((rs, i) -> new SequenceValue(name, rs.getLong("last_value"), rs.getBoolean("is_called")))
				.single())
			.toList();
	}

	/**
	 * The sequences that number a table's column (identity and serial columns).
	 * @param connection the connection
	 * @return per sequence, its table and column
	 */
	public List<OwnedSequence> ownedSequences(Connection connection) {
		return jdbc(connection).sql("""
				SELECT s.relname AS sequence, t.relname AS table_name, a.attname AS column_name
				FROM pg_depend d
				JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
				JOIN pg_class t ON t.oid = d.refobjid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
				WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
				  AND d.deptype IN ('a', 'i') AND s.relnamespace = current_schema()::regnamespace
				ORDER BY s.relname
				""")
			.query((rs, i) -> new OwnedSequence(rs.getString("sequence"), rs.getString("table_name"),
					rs.getString("column_name")))
			.list();
	}

	/**
	 * Whether the current schema holds any table.
	 * @param connection the connection
	 * @return {@code true} if it does
	 */
	public boolean hasTables(Connection connection) {
		return jdbc(connection).sql("""
				SELECT EXISTS (SELECT 1 FROM pg_class
				               WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p'))
				""").query(Boolean.class).single();
	}

	/**
	 * The other sessions connected to this database, except those with an application
	 * name.
	 * @param connection the connection
	 * @param ownApplicationName the {@code application_name} of this process's sessions
	 * @return one line per session: user, application, client address
	 */
	public List<String> otherSessions(Connection connection, String ownApplicationName) {
		return jdbc(connection).sql("""
				SELECT coalesce(usename, '?') || ' ' || coalesce(nullif(application_name, ''), '-') || ' '
				       || coalesce(host(client_addr), 'local') AS session
				FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()
				  -- other roles' sessions show no backend type to a role that is not a superuser;
				  -- they have a user, the server's own processes have none
				  AND usesysid IS NOT NULL AND coalesce(backend_type, 'client backend') = 'client backend'
				  AND application_name IS DISTINCT FROM :own
				ORDER BY 1
				""").param("own", ownApplicationName).query(String.class).list();
	}

	/**
	 * The version the schema has been migrated to: the last successful versioned
	 * migration.
	 * @param connection the connection
	 * @param historyTable Flyway's history table
	 * @return the version, e.g. {@code 24}
	 * @throws IllegalStateException if the schema has not been migrated
	 */
	public String schemaVersion(Connection connection, String historyTable) {
		return jdbc(connection)
			.sql("SELECT version FROM " + Sql.identifier(historyTable)
					+ " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("The database has no migrated schema"));
	}

	/**
	 * The server's version.
	 * @param connection the connection
	 * @return e.g. {@code PostgreSQL 17.6 on x86_64…}
	 */
	public String serverVersion(Connection connection) {
		return jdbc(connection).sql("SELECT version()").query(String.class).single();
	}

	private static JdbcClient jdbc(Connection connection) {
		return JdbcClient.create(new SingleConnectionDataSource(connection, true));
	}

	/**
	 * Orders tables so that every table comes after the tables its foreign keys reference
	 * (alphabetical among equals, so the order is stable).
	 */
	private static List<Table> order(Map<Long, Table> tables, Map<Long, Set<Long>> references) {
		Map<Long, Set<Long>> waitingFor = new HashMap<>();
		for (Long oid : tables.keySet()) {
			Set<Long> parents = new HashSet<>(references.getOrDefault(oid, Set.of()));
			parents.remove(oid);
			parents.retainAll(tables.keySet());
			waitingFor.put(oid, parents);
		}
		List<Table> ordered = new ArrayList<>();
		TreeSet<String> ready = new TreeSet<>();
		Map<String, Long> byName = new HashMap<>();
		tables.forEach((oid, table) -> byName.put(table.name(), oid));
		waitingFor.forEach((oid, parents) -> {
			if (parents.isEmpty()) {
				ready.add(tables.get(oid).name());
			}
		});
		Set<Long> done = new HashSet<>();
		while (!ready.isEmpty()) {
			Long oid = byName.get(ready.pollFirst());
			ordered.add(tables.get(oid));
			done.add(oid);
			waitingFor.forEach((other, parents) -> {
				if (!done.contains(other) && parents.remove(oid) && parents.isEmpty()) {
					ready.add(tables.get(other).name());
				}
			});
		}
		if (ordered.size() < tables.size()) {
			List<String> cyclic = tables.values()
				.stream()
				.filter((table) -> !done.contains(table.oid()))
				.map(Table::name)
				.sorted()
				.toList();
			throw new IllegalStateException("Foreign keys form a cycle between the tables " + cyclic);
		}
		return ordered;
	}

	/**
	 * What the catalogue says.
	 *
	 * @param tables the application's tables, referenced tables first
	 * @param partitions the partitions of the partitioned ones, parents first
	 * @param sequences the sequences' names
	 */
	public record Catalog(List<Table> tables, List<Partition> partitions, List<String> sequences) {
	}

	/**
	 * A table.
	 *
	 * @param oid its object id
	 * @param name its name
	 * @param partitioned whether it is partitioned
	 * @param columns its stored columns in order
	 */
	public record Table(long oid, String name, boolean partitioned, List<Column> columns) {
	}

	/**
	 * A sequence that numbers a column.
	 *
	 * @param sequence the sequence
	 * @param table the table
	 * @param column the column
	 */
	public record OwnedSequence(String sequence, String table, String column) {
	}

}
