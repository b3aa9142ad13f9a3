package org.epigrid.demo.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Moves the identity sequences of the tables the demo town is copied into past the ids
 * the generator supplied, so that rows inserted later get fresh ids.
 */
public final class Sequences {

	private Sequences() {
	}

	static String resetStatement(DemoTable table) {
		String name = table.tableName();
		return "SELECT setval(pg_get_serial_sequence('" + name + "', 'id'), COALESCE(max(id), 0) + 1, false) FROM "
				+ name;
	}

	/**
	 * Resets the sequence of every demo table.
	 * @param connection an open connection
	 * @throws SQLException if a statement fails
	 */
	public static void reset(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (DemoTable table : DemoTable.values()) {
				if (table == DemoTable.VENUE) {
					// written (and its sequence moved) by the venues module, which owns
					// it
					continue;
				}
				statement.execute(resetStatement(table));
			}
		}
	}

}
