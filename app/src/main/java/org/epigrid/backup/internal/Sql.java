package org.epigrid.backup.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quoting of names read from the catalogue or from a backup's manifest, which end up in
 * statements that take no parameters ({@code COPY}, {@code LOCK},
 * {@code CREATE TABLE … PARTITION OF}).
 */
final class Sql {

	/** A constant of a partition bound: a plain literal, never an expression. */
	private static final String VALUE = "(?:'[A-Za-z0-9 _:+\\-.]*'|-?[0-9]+(?:\\.[0-9]+)?|MINVALUE|MAXVALUE|NULL|true|false)";

	private static final String VALUES = VALUE + "(?:, " + VALUE + ")*";

	/**
	 * A partition bound as {@code pg_get_expr} prints it. A manifest is read from a file:
	 * its bounds are constants only, so that a crafted file cannot run a function.
	 */
	private static final Pattern BOUND = Pattern.compile("FOR VALUES FROM \\(" + VALUES + "\\) TO \\(" + VALUES
			+ "\\)|FOR VALUES IN \\(" + VALUES + "\\)|FOR VALUES WITH \\(modulus [0-9]+, remainder [0-9]+\\)|DEFAULT");

	private static final String NAME = "(?:[a-z_][a-z0-9_]*|\"[^\"\\x00]+\")";

	/** A partition key as {@code pg_get_partkeydef} prints it, of columns only. */
	private static final Pattern KEY = Pattern.compile("(?:RANGE|LIST|HASH) \\(" + NAME + "(?:, " + NAME + ")*\\)");

	private Sql() {
	}

	/**
	 * A quoted identifier.
	 * @param name the name
	 * @return e.g. {@code "check_in"}
	 */
	static String identifier(String name) {
		if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
			throw new InvalidBackupException("it names a table, column or sequence without a name");
		}
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	/**
	 * Quoted identifiers separated by commas.
	 * @param names the names
	 * @return e.g. {@code "a", "b"}
	 */
	static String identifiers(List<String> names) {
		return names.stream().map(Sql::identifier).collect(Collectors.joining(", "));
	}

	/**
	 * A partition bound as the catalogue printed it, checked to be no more than that.
	 * @param bound e.g. {@code FOR VALUES FROM ('2025-01-01 16:00:00+00') TO (…)}
	 * @return the bound
	 * @throws InvalidBackupException if it holds anything else
	 */
	static String bound(String bound) {
		if (bound == null || !BOUND.matcher(bound).matches()) {
			throw new InvalidBackupException("it has a partition bound that is not one: " + bound);
		}
		return bound;
	}

	/**
	 * A partition key as the catalogue printed it, checked to name columns only.
	 * @param key e.g. {@code RANGE (checked_at)}
	 * @return the key
	 * @throws InvalidBackupException if it holds anything else
	 */
	static String partitionKey(String key) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw new InvalidBackupException("it has a partition key that is not one: " + key);
		}
		return key;
	}

}
