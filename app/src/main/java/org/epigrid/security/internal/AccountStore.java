package org.epigrid.security.internal;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.Role;
import org.epigrid.shared.ShortLivedCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads principals for logins and for bearer tokens. Not a {@code UserDetailsService}: no
 * password is checked but behind the login throttle ({@link LoginGuard}).
 */
@Component
class AccountStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ShortLivedCache<String, EpiGridPrincipal> tokens;

	AccountStore(JdbcClient jdbc, Clock clock, TokenCacheHolder cache) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.tokens = cache.principals();
	}

	/**
	 * The principal of a login name, with its password hash.
	 * @throws UsernameNotFoundException if there is no such user
	 */
	EpiGridPrincipal loadUserByUsername(String username) {
		return this.jdbc.sql("""
				SELECT id, username, display_name, roles, jurisdiction_path, enabled, password_hash
				FROM app_user WHERE username = :username
				""").param("username", username).query((rs, i) -> {
			Caller caller = new Caller(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
					roles((String[]) rs.getArray("roles").getArray()), rs.getString("jurisdiction_path"));
			return new EpiGridPrincipal(caller, rs.getString("password_hash"), rs.getBoolean("enabled"));
		}).optional().orElseThrow(() -> new UsernameNotFoundException(username));
	}

	/**
	 * The principal a bearer token stands for, if the token is known, unexpired and its
	 * user enabled.
	 */
	Optional<EpiGridPrincipal> loadByTokenHash(String tokenHash) {
		return Optional.ofNullable(this.tokens.get(tokenHash, hash -> load(hash).orElse(null)));
	}

	private Optional<EpiGridPrincipal> load(String tokenHash) {
		return this.jdbc.sql("""
				SELECT u.id, u.username, u.display_name, u.roles, u.jurisdiction_path, t.push_sources,
				       t.id AS token_id, t.device_kind, t.device_ref, t.label, t.device_lon, t.device_lat
				FROM api_token t JOIN app_user u ON u.id = t.user_id
				WHERE t.token_hash = :hash AND t.expires_at > :now AND u.enabled
				  -- a push token works while its issuer may still import
				  AND (t.push_sources IS NULL OR u.roles && CAST(ARRAY['ADMIN', 'DATA_OFFICER'] AS text[]))
				  -- a device token while its issuer is an administrator
				  AND (t.device_kind IS NULL OR 'ADMIN' = ANY(u.roles))
				""")
			.param("hash", tokenHash)
			.param("now", java.sql.Timestamp.from(this.clock.instant()))
			.query((rs, i) -> {
				Caller caller = new Caller(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
						roles((String[]) rs.getArray("roles").getArray()), rs.getString("jurisdiction_path"));
				java.sql.Array push = rs.getArray("push_sources");
				String kind = rs.getString("device_kind");
				Device device = (kind == null) ? null
						: new Device(rs.getLong("token_id"), Device.Kind.valueOf(kind),
								rs.getObject("device_ref", Long.class), rs.getString("label"),
								rs.getObject("device_lon", Double.class), rs.getObject("device_lat", Double.class));
				return new EpiGridPrincipal(caller, null, true,
						(push != null) ? Set.of((String[]) push.getArray()) : null, device);
			})
			.optional();
	}

	void recordLogin(long userId) {
		this.jdbc.sql("UPDATE app_user SET last_login_at = :now WHERE id = :id")
			.param("now", java.sql.Timestamp.from(this.clock.instant()))
			.param("id", userId)
			.update();
	}

	private static EnumSet<Role> roles(String[] names) {
		return Arrays.stream(names)
			.map(Role::valueOf)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
	}

}
