package org.epigrid.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.epigrid.security.internal.ApiTokenRepository;
import org.epigrid.security.internal.TokenService;
import org.epigrid.security.internal.UserRepository;
import org.epigrid.security.internal.UserRepository.StoredUser;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;

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

	private final UserRepository users;

	private final ApiTokenRepository apiTokens;

	private final PasswordEncoder passwordEncoder;

	private final JurisdictionCatalog jurisdictions;

	private final Clock clock;

	private final TokenService tokens;

	UserManagement(UserRepository users, ApiTokenRepository apiTokens, PasswordEncoder passwordEncoder,
			JurisdictionCatalog jurisdictions, Clock clock, TokenService tokens) {
		this.users = users;
		this.apiTokens = apiTokens;
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
		long id = this.users.insert(request.username(), request.displayName().strip(),
				this.passwordEncoder.encode(request.password()), request.roles(), request.jurisdictionPath(),
				this.clock.instant());
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
		boolean updated = this.users.updateAccess(id, roles, jurisdictionPath, enabled);
		if (!updated) {
			throw new NotFoundException("user " + id);
		}
		if (!enabled) {
			this.apiTokens.deleteOfUser(id).forEach(this.tokens::forget);
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
		if (!this.users.updatePassword(id, this.passwordEncoder.encode(password))) {
			throw new NotFoundException("user " + id);
		}
		this.apiTokens.deleteOfUser(id).forEach(this.tokens::forget);
	}

	/**
	 * Finds a user by id.
	 * @param id the id
	 * @return the user, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<User> find(long id) {
		return this.users.find(id).map(this::user);
	}

	/**
	 * Finds a user by login name.
	 * @param username the login name
	 * @return the user, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<User> findByUsername(String username) {
		return this.users.findByUsername(username).map(this::user);
	}

	/**
	 * All users, by username.
	 * @return the users
	 */
	@Transactional(readOnly = true)
	public List<User> list() {
		return this.users.list().stream().map(this::user).toList();
	}

	private User user(StoredUser u) {
		return new User(u.id(), u.username(), u.displayName(), u.roles(), u.jurisdictionPath(),
				jurisdictionName(u.jurisdictionPath()), u.enabled(), u.createdAt(),
				(u.lastLoginAt() != null) ? u.lastLoginAt().atZone(this.clock.getZone()).toLocalDateTime() : null);
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
