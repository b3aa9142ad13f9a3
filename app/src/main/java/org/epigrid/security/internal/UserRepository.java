package org.epigrid.security.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Staff accounts in {@code app_user}.
 */
@Repository
public class UserRepository {

	private static final String SELECT = """
			SELECT id, username, display_name, roles, jurisdiction_path, enabled, created_at, last_login_at FROM app_user""";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a new, enabled account.
	 * @param username login name
	 * @param displayName display name
	 * @param passwordHash the password's hash
	 * @param roles roles
	 * @param jurisdictionPath jurisdiction
	 * @param now the time
	 * @return its id
	 */
	public long insert(String username, String displayName, String passwordHash, Set<Role> roles,
			String jurisdictionPath, Instant now) {
		return this.jdbc
			.sql("""
					INSERT INTO app_user (username, display_name, password_hash, roles, jurisdiction_path, enabled, created_at)
					VALUES (:username, :displayName, :hash, :roles, :path, TRUE, :now) RETURNING id
					""")
			.param("username", username)
			.param("displayName", displayName)
			.param("hash", passwordHash)
			.param("roles", roleArray(roles))
			.param("path", jurisdictionPath)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
	}

	/**
	 * Sets an account's roles, jurisdiction and whether it may log in.
	 * @return {@code false} if there is no such account
	 */
	public boolean updateAccess(long id, Set<Role> roles, String jurisdictionPath, boolean enabled) {
		return this.jdbc
			.sql("UPDATE app_user SET roles = :roles, jurisdiction_path = :path, enabled = :enabled WHERE id = :id")
			.param("roles", roleArray(roles))
			.param("path", jurisdictionPath)
			.param("enabled", enabled)
			.param("id", id)
			.update() > 0;
	}

	/**
	 * Sets an account's password hash.
	 * @return {@code false} if there is no such account
	 */
	public boolean updatePassword(long id, String passwordHash) {
		return this.jdbc.sql("UPDATE app_user SET password_hash = :hash WHERE id = :id")
			.param("hash", passwordHash)
			.param("id", id)
			.update() > 0;
	}

	/**
	 * An account by id.
	 * @param id the id
	 * @return the account, empty if none
	 */
	public Optional<StoredUser> find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(UserRepository::map).optional();
	}

	/**
	 * An account by login name.
	 * @param username the name
	 * @return the account, empty if none
	 */
	public Optional<StoredUser> findByUsername(String username) {
		return this.jdbc.sql(SELECT + " WHERE username = :u")
			.param("u", username)
			.query(UserRepository::map)
			.optional();
	}

	/**
	 * All accounts, by login name.
	 * @return the accounts
	 */
	public List<StoredUser> list() {
		return this.jdbc.sql(SELECT + " ORDER BY username").query(UserRepository::map).list();
	}

	/** The principal of a login name, with its password hash. */
	Optional<EpiGridPrincipal> principal(String username) {
		return this.jdbc.sql("""
				SELECT id, username, display_name, roles, jurisdiction_path, enabled, password_hash
				FROM app_user WHERE username = :username
				""").param("username", username).query((rs, i) -> {
			Caller caller = new Caller(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
					roles((String[]) rs.getArray("roles").getArray()), rs.getString("jurisdiction_path"));
			return new EpiGridPrincipal(caller, rs.getString("password_hash"), rs.getBoolean("enabled"));
		}).optional();
	}

	void recordLogin(long userId, Instant now) {
		this.jdbc.sql("UPDATE app_user SET last_login_at = :now WHERE id = :id")
			.param("now", Timestamp.from(now))
			.param("id", userId)
			.update();
	}

	private static StoredUser map(ResultSet rs, int row) throws SQLException {
		Timestamp lastLogin = rs.getTimestamp("last_login_at");
		return new StoredUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
				roles((String[]) rs.getArray("roles").getArray()), rs.getString("jurisdiction_path"),
				rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant(),
				(lastLogin != null) ? lastLogin.toInstant() : null);
	}

	static EnumSet<Role> roles(String[] names) {
		return Arrays.stream(names)
			.map(Role::valueOf)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
	}

	private static String[] roleArray(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().toArray(String[]::new);
	}

	/**
	 * An account as stored (never its password hash).
	 *
	 * @param id id
	 * @param username login name
	 * @param displayName display name
	 * @param roles roles
	 * @param jurisdictionPath jurisdiction
	 * @param enabled whether it may log in
	 * @param createdAt when created
	 * @param lastLoginAt last login, may be {@code null}
	 */
	public record StoredUser(long id, String username, String displayName, Set<Role> roles, String jurisdictionPath,
			boolean enabled, Instant createdAt, Instant lastLoginAt) {
	}

}
