package org.epigrid.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Persons of the demo town for tests. Each test class takes persons from a range of its
 * own (its own offsets), so that codes and facts one class gives do not meet another's.
 */
public final class DemoPersons {

	private DemoPersons() {
	}

	/**
	 * The n-th person of the town (not merged away), in id order.
	 * @param jdbc the database
	 * @param n from 0
	 * @return the person's id
	 */
	public static long nth(JdbcClient jdbc, int n) {
		return jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET :o")
			.param("o", n)
			.query(Long.class)
			.single();
	}

	/**
	 * A person's document number.
	 * @param jdbc the database
	 * @param person the person
	 * @return the number
	 */
	public static String idNumber(JdbcClient jdbc, long person) {
		return jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
	}

}
