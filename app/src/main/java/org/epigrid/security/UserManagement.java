package org.epigrid.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.epigrid.security.internal.TokenService;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User accounts: creation, roles, jurisdiction, passwords.
 */
@Service
public class UserManagement {

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,39}");

	/** Shortest password accepted. */
	public static final int MIN_PASSWORD_LENGTH = 10;

	private final JdbcClient jdbc;

	private final PasswordEncoder passwordEncoder;

	private final JurisdictionCatalog jurisdictions;

	private final Clock clock;

	private final TokenService tokens;

	UserManagement(JdbcClient jdbc, PasswordEncoder passwordEncoder, JurisdictionCatalog jurisdictions, Clock clock,
			TokenService tokens) {
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.passwordEncoder = passwordEncoder;
		this.jurisdictions = jurisdictions;
		this.clock = clock;
	}

	/**
	 * Creates a user.
	 * @param request the new user
	 * @return the created user
	 * @throws FieldErrorsException naming each invalid field
	 * @throws ConflictException if the username is taken
	 */
	@Transactional
	public User create(NewUser request) {
		List<FieldError> errors = new ArrayList<>();
		if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
			errors.add(new FieldError("username", "must be 3-40 lower-case letters, digits, '.', '_' or '-'"));
		}
		if (request.displayName() == null || request.displayName().isBlank()) {
			errors.add(new FieldError("displayName", "must not be blank"));
		}
		TextLimit.check(errors, "displayName", request.displayName(), TextLimit.NAME);
		checkPassword(request.password(), errors);
		validateRolesAndJurisdiction(request.roles(), request.jurisdictionPath(), errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (findByUsername(request.username()).isPresent()) {
			throw new ConflictException("username", "username " + request.username() + " is taken");
		}
		long id = this.jdbc
			.sql("""
					INSERT INTO app_user (username, display_name, password_hash, roles, jurisdiction_path, enabled, created_at)
					VALUES (:username, :displayName, :hash, :roles, :path, TRUE, :now) RETURNING id
					""")
			.param("username", request.username())
			.param("displayName", request.displayName().strip())
			.param("hash", this.passwordEncoder.encode(request.password()))
			.param("roles", roleArray(request.roles()))
			.param("path", request.jurisdictionPath())
			.param("now", java.sql.Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
		return find(id).orElseThrow();
	}

	/**
	 * Changes a user's roles, jurisdiction and whether they may log in.
	 * @param id the user
	 * @param roles new roles, not empty
	 * @param jurisdictionPath new jurisdiction
	 * @param enabled whether the user may log in
	 * @return the updated user
	 * @throws NotFoundException if there is no such user
	 * @throws FieldErrorsException naming each invalid field
	 */
	@Transactional
	public User update(long id, Set<Role> roles, String jurisdictionPath, boolean enabled) {
		List<FieldError> errors = new ArrayList<>();
		validateRolesAndJurisdiction(roles, jurisdictionPath, errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		int updated = this.jdbc
			.sql("UPDATE app_user SET roles = :roles, jurisdiction_path = :path, enabled = :enabled WHERE id = :id")
			.param("roles", roleArray(roles))
			.param("path", jurisdictionPath)
			.param("enabled", enabled)
			.param("id", id)
			.update();
		if (updated == 0) {
			throw new NotFoundException("user " + id);
		}
		if (!enabled) {
			this.jdbc.sql("DELETE FROM api_token WHERE user_id = :id RETURNING token_hash")
				.param("id", id)
				.query(String.class)
				.list()
				.forEach(this.tokens::forget);
		}
		return find(id).orElseThrow();
	}

	/**
	 * Sets a new password and revokes the user's API tokens.
	 * @param id the user
	 * @param password the new password
	 * @throws FieldErrorsException if the password is too short
	 * @throws NotFoundException if there is no such user
	 */
	@Transactional
	public void changePassword(long id, String password) {
		List<FieldError> errors = new ArrayList<>();
		checkPassword(password, errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		int updated = this.jdbc.sql("UPDATE app_user SET password_hash = :hash WHERE id = :id")
			.param("hash", this.passwordEncoder.encode(password))
			.param("id", id)
			.update();
		if (updated == 0) {
			throw new NotFoundException("user " + id);
		}
		this.jdbc.sql("DELETE FROM api_token WHERE user_id = :id RETURNING token_hash")
			.param("id", id)
			.query(String.class)
			.list()
			.forEach(this.tokens::forget);
	}

	/**
	 * Finds a user by id.
	 * @param id the id
	 * @return the user, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<User> find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(this::map).optional();
	}

	/**
	 * Finds a user by login name.
	 * @param username the login name
	 * @return the user, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<User> findByUsername(String username) {
		return this.jdbc.sql(SELECT + " WHERE username = :u").param("u", username).query(this::map).optional();
	}

	/**
	 * All users, by username.
	 * @return the users
	 */
	@Transactional(readOnly = true)
	public List<User> list() {
		return this.jdbc.sql(SELECT + " ORDER BY username").query(this::map).list();
	}

	private static final String SELECT = """
			SELECT id, username, display_name, roles, jurisdiction_path, enabled, created_at, last_login_at FROM app_user""";

	private User map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		String[] roles = (String[]) rs.getArray("roles").getArray();
		String path = rs.getString("jurisdiction_path");
		java.sql.Timestamp lastLogin = rs.getTimestamp("last_login_at");
		return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
				Arrays.stream(roles)
					.map(Role::valueOf)
					.collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class))),
				path, jurisdictionName(path), rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant(),
				lastLogin != null ? lastLogin.toInstant().atZone(this.clock.getZone()).toLocalDateTime() : null);
	}

	private String jurisdictionName(String path) {
		if ("/".equals(path)) {
			return "全部 / All";
		}
		return this.jurisdictions.nameOf(path).orElse(path);
	}

	private void validateRolesAndJurisdiction(Set<Role> roles, String path, List<FieldError> errors) {
		if (roles == null || roles.isEmpty()) {
			errors.add(new FieldError("roles", "must name at least one role"));
		}
		if (path == null || path.isBlank()) {
			errors.add(new FieldError("jurisdictionPath", "must not be blank"));
		}
		else if (!"/".equals(path) && this.jurisdictions.nameOf(path).isEmpty()) {
			errors.add(new FieldError("jurisdictionPath", "is not a known division or grid"));
		}
	}

	private static void checkPassword(String password, List<FieldError> errors) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			errors.add(new FieldError("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters"));
		}
		else if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
			// bcrypt reads only the first 72 bytes: a longer password would be a false
			// promise
			errors.add(new FieldError("password", "must have at most 72 bytes (72 letters or 24 Chinese characters)"));
		}
	}

	private static String[] roleArray(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().toArray(String[]::new);
	}

	/**
	 * A new user.
	 *
	 * @param username login name
	 * @param displayName name shown in the UI
	 * @param password initial password
	 * @param roles roles
	 * @param jurisdictionPath jurisdiction path ({@code "/"} for everything)
	 */
	public record NewUser(String username, String displayName, String password, Set<Role> roles,
			String jurisdictionPath) {
	}

	/**
	 * A user account (never its password hash).
	 *
	 * @param id id
	 * @param username login name
	 * @param displayName display name
	 * @param roles roles
	 * @param jurisdictionPath jurisdiction path
	 * @param jurisdictionName jurisdiction display name
	 * @param enabled whether the user may log in
	 * @param createdAt when created
	 * @param lastLoginAt last login in the platform's time zone, may be {@code null}
	 */
	public record User(long id, String username, String displayName, Set<Role> roles, String jurisdictionPath,
			String jurisdictionName, boolean enabled, Instant createdAt, java.time.LocalDateTime lastLoginAt) {

		/**
		 * The user as a caller.
		 * @return the caller
		 */
		public Caller asCaller() {
			return new Caller(this.id, this.username, this.displayName, this.roles, this.jurisdictionPath);
		}

	}

}
