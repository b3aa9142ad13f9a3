package org.epigrid.security.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.PushTokenManagement.PushToken;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens in {@code api_token}, by their SHA-256 only: staff tokens, device tokens
 * and departments' push tokens.
 */
@Repository
public class ApiTokenRepository {

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String hash, long userId, Instant issuedAt, Instant expiresAt) {
		this.jdbc.sql("INSERT INTO api_token (token_hash, user_id, issued_at, expires_at) VALUES (:h, :u, :i, :e)")
			.param("h", hash)
			.param("u", userId)
			.param("i", Timestamp.from(issuedAt))
			.param("e", Timestamp.from(expiresAt))
			.update();
	}

	void deleteExpired(Instant now) {
		this.jdbc.sql("DELETE FROM api_token WHERE expires_at < :now").param("now", Timestamp.from(now)).update();
	}

	/**
	 * Deletes a user's tokens.
	 * @param userId the user
	 * @return the deleted tokens' hashes
	 */
	public List<String> deleteOfUser(long userId) {
		return this.jdbc.sql("DELETE FROM api_token WHERE user_id = :id RETURNING token_hash")
			.param("id", userId)
			.query(String.class)
			.list();
	}

	/**
	 * Stores a device's token.
	 * @param hash the token's hash
	 * @param issuerId the issuing administrator
	 * @param issuedAt when
	 * @param expiresAt until when
	 * @param device the device (its id is ignored)
	 * @return the token's id
	 */
	public long insertDevice(String hash, long issuerId, Instant issuedAt, Instant expiresAt, Device device) {
		return this.jdbc.sql("""
				INSERT INTO api_token (token_hash, user_id, issued_at, expires_at, label, device_kind, device_ref,
				                       device_lon, device_lat)
				VALUES (:h, :u, :i, :e, :l, :k, :r, :lon, :lat) RETURNING id
				""")
			.param("h", hash)
			.param("u", issuerId)
			.param("i", Timestamp.from(issuedAt))
			.param("e", Timestamp.from(expiresAt))
			.param("l", device.label())
			.param("k", device.kind().name())
			.param("r", device.ref())
			.param("lon", device.lon())
			.param("lat", device.lat())
			.query(Long.class)
			.single();
	}

	/**
	 * Every device token, newest first.
	 * @return the devices
	 */
	public List<Device> devices() {
		return this.jdbc.sql("""
				SELECT id, device_kind, device_ref, label, device_lon, device_lat FROM api_token
				WHERE device_kind IS NOT NULL ORDER BY issued_at DESC, id DESC
				""")
			.query((rs, i) -> new Device(rs.getLong(1), Device.Kind.valueOf(rs.getString(2)),
					rs.getObject(3, Long.class), rs.getString(4), rs.getObject(5, Double.class),
					rs.getObject(6, Double.class)))
			.list();
	}

	/**
	 * Deletes a device token.
	 * @param id the token's id
	 * @return its hash, empty if there is no such device token
	 */
	public Optional<String> deleteDevice(long id) {
		return this.jdbc.sql("DELETE FROM api_token WHERE id = :id AND device_kind IS NOT NULL RETURNING token_hash")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	/**
	 * Stores a department's push token.
	 * @param hash the token's hash
	 * @param issuerId the issuer
	 * @param issuedAt when
	 * @param expiresAt until when
	 * @param sources the data sources it may import into
	 * @param label who uses it
	 * @return the token's id
	 */
	public long insertPush(String hash, long issuerId, Instant issuedAt, Instant expiresAt, Collection<String> sources,
			String label) {
		return this.jdbc.sql("""
				INSERT INTO api_token (token_hash, user_id, issued_at, expires_at, push_sources, label)
				VALUES (:h, :u, :i, :e, CAST(:s AS text[]), :l) RETURNING id
				""")
			.param("h", hash)
			.param("u", issuerId)
			.param("i", Timestamp.from(issuedAt))
			.param("e", Timestamp.from(expiresAt))
			.param("s", sources.toArray(String[]::new))
			.param("l", label)
			.query(Long.class)
			.single();
	}

	/**
	 * Push tokens, newest first.
	 * @param all all of them, else only those {@code issuerId} issued
	 * @param issuerId the issuer
	 * @return the tokens
	 */
	public List<PushToken> pushTokens(boolean all, long issuerId) {
		return this.jdbc.sql("""
				SELECT t.id, t.label, t.push_sources, u.username, t.issued_at, t.expires_at
				FROM api_token t JOIN app_user u ON u.id = t.user_id
				WHERE t.push_sources IS NOT NULL AND (:all OR t.user_id = :u)
				ORDER BY t.issued_at DESC, t.id DESC
				""")
			.param("all", all)
			.param("u", issuerId)
			.query((rs, i) -> new PushToken(rs.getLong("id"), rs.getString("label"),
					Set.of((String[]) rs.getArray("push_sources").getArray()), rs.getString("username"),
					rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant()))
			.list();
	}

	/**
	 * Deletes a push token.
	 * @param id the token's id
	 * @param all any token, else only one {@code issuerId} issued
	 * @param issuerId the issuer
	 * @return its hash, empty if there is no such token
	 */
	public Optional<String> deletePush(long id, boolean all, long issuerId) {
		return this.jdbc.sql("""
				DELETE FROM api_token WHERE id = :id AND push_sources IS NOT NULL AND (:all OR user_id = :u)
				RETURNING token_hash
				""").param("id", id).param("all", all).param("u", issuerId).query(String.class).optional();
	}

	/**
	 * The principal a token stands for, if the token is known, unexpired and its user
	 * enabled.
	 */
	Optional<EpiGridPrincipal> principal(String tokenHash, Instant now) {
		return this.jdbc.sql("""
				SELECT u.id, u.username, u.display_name, u.roles, u.jurisdiction_path, t.push_sources,
				       t.id AS token_id, t.device_kind, t.device_ref, t.label, t.device_lon, t.device_lat
				FROM api_token t JOIN app_user u ON u.id = t.user_id
				WHERE t.token_hash = :hash AND t.expires_at > :now AND u.enabled
				  -- a push token works while its issuer may still import
				  AND (t.push_sources IS NULL OR u.roles && CAST(ARRAY['ADMIN', 'DATA_OFFICER'] AS text[]))
				  -- a device token while its issuer is an administrator
				  AND (t.device_kind IS NULL OR 'ADMIN' = ANY(u.roles))
				""").param("hash", tokenHash).param("now", Timestamp.from(now)).query((rs, i) -> {
			Caller caller = new Caller(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
					UserRepository.roles((String[]) rs.getArray("roles").getArray()),
					rs.getString("jurisdiction_path"));
			java.sql.Array push = rs.getArray("push_sources");
			String kind = rs.getString("device_kind");
			Device device = (kind == null) ? null
					: new Device(rs.getLong("token_id"), Device.Kind.valueOf(kind),
							rs.getObject("device_ref", Long.class), rs.getString("label"),
							rs.getObject("device_lon", Double.class), rs.getObject("device_lat", Double.class));
			return new EpiGridPrincipal(caller, null, true, (push != null) ? Set.of((String[]) push.getArray()) : null,
					device);
		}).optional();
	}

}
