package org.epigrid.support;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Api.Response;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the testing module's platform tests set up over the API: a grid of the small demo
 * town and its persons, a sampling site with its staff, a round.
 */
public final class TestingFixtures {

	/** The password of every staff account made here. */
	public static final String PASSWORD = "sampler-password";

	private final Api api;

	private final String admin;

	private final JdbcClient jdbc;

	private final UserManagement users;

	/**
	 * Fixtures made by an administrator.
	 * @param api the client
	 * @param admin the administrator's token
	 * @param jdbc the database, to read the town
	 * @param users to make staff accounts
	 */
	public TestingFixtures(Api api, String admin, JdbcClient jdbc, UserManagement users) {
		this.api = api;
		this.admin = admin;
		this.jdbc = jdbc;
		this.users = users;
	}

	/**
	 * A grid of the town (the small town has 6).
	 * @param offset which, in id order
	 * @return the grid
	 */
	public Grid grid(int offset) {
		return this.jdbc
			.sql("""
					SELECT g.id, g.path, g.parent_id FROM division g WHERE g.level = 'GRID' ORDER BY g.id LIMIT 1 OFFSET :n""")
			.param("n", offset)
			.query((rs, i) -> new Grid(rs.getLong("id"), rs.getString("path"), rs.getLong("parent_id")))
			.single();
	}

	/**
	 * The grid's persons, computed here from the population tables.
	 * @param grid the grid
	 * @return their ids, in id order
	 */
	public List<Long> persons(Grid grid) {
		return this.jdbc.sql("""
				SELECT id FROM person WHERE merged_into IS NULL AND path >= :lo AND path < :hi ORDER BY id""")
			.param("lo", grid.path())
			.param("hi", grid.upperPath())
			.query(Long.class)
			.list();
	}

	/**
	 * The ID numbers of the grid's persons who hold a resident ID card.
	 * @param grid the grid
	 * @return the numbers, in person id order
	 */
	public List<String> idNumbers(Grid grid) {
		return this.jdbc
			.sql("""
					SELECT document_number FROM person
					WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' AND path >= :lo AND path < :hi ORDER BY id""")
			.param("lo", grid.path())
			.param("hi", grid.upperPath())
			.query(String.class)
			.list();
	}

	/**
	 * A mass-testing site in the grid.
	 * @param grid the grid
	 * @param name its name
	 * @return its id
	 */
	public long site(Grid grid, String name) {
		return created(this.api.post(this.admin, "/api/v1/testing/sites", """
				{"name":"%s","kind":"MASS","divisionId":%d,"address":"测试路1号","lon":120.6,"lat":31.4,
				 "stations":4,"capacityPerHour":240}""".formatted(name, grid.id()))).get("id").asLong();
	}

	/**
	 * A new staff member of a site (password {@value #PASSWORD}).
	 * @param site the site
	 * @param prefix of the username (the site's id follows)
	 * @param role their role
	 * @return the staff member
	 */
	public Staff staff(long site, String prefix, Role role) {
		String username = prefix + "-" + site;
		long userId = this.users.create(new NewUser(username, "采样员", PASSWORD, EnumSet.of(role), "/")).id();
		assertThat(this.api.put(this.admin, "/api/v1/testing/sites/" + site + "/staff/" + userId, "").status())
			.isEqualTo(204);
		return new Staff(new Caller(userId, username, "采样员", EnumSet.of(role), "/"),
				this.api.token(username, PASSWORD));
	}

	/**
	 * A round of all persons of one grid, started over the API.
	 * @param name its name
	 * @param grid the grid
	 * @param pooling persons a tube
	 * @param now the platform's time
	 * @return the round as answered
	 */
	public JsonNode round(String name, Grid grid, int pooling, Instant now) {
		return created(this.api.post(this.admin, "/api/v1/testing/rounds", """
				{"name":"%s","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":%d,"divisionIds":[%d]}"""
			.formatted(name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(6)), pooling, grid.id())));
	}

	/**
	 * A tube opened over the API by the administrator.
	 * @param barcode its barcode
	 * @param round the round
	 * @param site the site
	 * @return the tube as answered
	 */
	public JsonNode tube(String barcode, long round, long site) {
		return created(this.api.post(this.admin, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(barcode, round, site)));
	}

	/**
	 * The body of a 201 answer.
	 * @param response the answer
	 * @return its JSON
	 */
	public static JsonNode created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	/**
	 * A grid.
	 *
	 * @param id its id
	 * @param path its materialised path
	 * @param parent its community's id
	 */
	public record Grid(long id, String path, long parent) {

		/** The first path after every path under this grid. */
		String upperPath() {
			return this.path.substring(0, this.path.length() - 1) + "0";
		}

	}

	/**
	 * A staff member of a site.
	 *
	 * @param caller as the services see them
	 * @param token their bearer token
	 */
	public record Staff(Caller caller, String token) {
	}

}
