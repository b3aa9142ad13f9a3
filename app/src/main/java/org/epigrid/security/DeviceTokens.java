package org.epigrid.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.epigrid.security.internal.TokenAuthentication;
import org.epigrid.security.internal.ApiTokenRepository;
import org.epigrid.security.internal.TokenService;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tokens for devices (gates, venue scanners, compound checkpoints): issued by an
 * administrator, good only for verifying codes, recording passes and reading the device's
 * own counts, never for personal data. Only the hash is stored; the token is shown once.
 */
@Service
public class DeviceTokens {

	/** The longest validity, in days. */
	public static final int MAX_DAYS = 3 * 366;

	private final ApiTokenRepository apiTokens;

	private final TokenService tokens;

	private final AuditManagement audit;

	private final Clock clock;

	private final TokenAuthentication authentication;

	DeviceTokens(ApiTokenRepository apiTokens, TokenService tokens, AuditManagement audit, Clock clock,
			TokenAuthentication authentication) {
		this.authentication = authentication;
		this.apiTokens = apiTokens;
		this.tokens = tokens;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The device a bearer token belongs to (for endpoints that serve devices outside the
	 * usual filter chain, like the gates' verification fast path).
	 * @param token the token
	 * @return the device, empty if the token is unknown, expired, revoked or not a
	 * device's
	 */
	public Optional<Device> authenticate(String token) {
		return this.authentication.device(token);
	}

	/**
	 * Issues a device token.
	 * @param issuer an administrator
	 * @param request what device
	 * @return the token (shown once) and the device
	 * @throws ForbiddenException if the issuer is not an administrator
	 * @throws FieldErrorsException naming {@code kind}, {@code ref} (required for a
	 * venue's device and a checkpoint, not given for a gate), {@code label},
	 * {@code days}, {@code lon} or {@code lat}
	 */
	@Transactional
	public IssuedDeviceToken issue(Caller issuer, NewDevice request) {
		requireAdmin(issuer);
		List<FieldError> errors = new ArrayList<>();
		String label = (request.label() == null) ? "" : request.label().strip();
		if (request.kind() == null) {
			errors.add(new FieldError("kind", "is required: GATE, VENUE, CHECKPOINT, LAB or DISPATCH"));
		}
		else if (!needsRef(request.kind()) && request.ref() != null) {
			errors.add(new FieldError("ref",
					"a gate, a lab or a dispatch system belongs to no venue or compound: leave ref out"));
		}
		else if (needsRef(request.kind()) && (request.ref() == null || request.ref() < 1)) {
			errors.add(new FieldError("ref", (request.kind() == Device.Kind.VENUE) ? "is required: the venue's id"
					: "is required: the id of the compound's division"));
		}
		if (label.isEmpty() || label.length() > 100) {
			errors.add(new FieldError("label", "is required, at most 100 characters"));
		}
		if (request.days() < 1 || request.days() > MAX_DAYS) {
			errors.add(new FieldError("days", "must be between 1 and " + MAX_DAYS));
		}
		if ((request.lon() == null) != (request.lat() == null)) {
			errors.add(new FieldError((request.lon() == null) ? "lon" : "lat", "give both longitude and latitude"));
		}
		if (request.lon() != null && (request.lon() < -180 || request.lon() > 180)) {
			errors.add(new FieldError("lon", "must be between -180 and 180"));
		}
		if (request.lat() != null && (request.lat() < -90 || request.lat() > 90)) {
			errors.add(new FieldError("lat", "must be between -90 and 90"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		String token = this.tokens.newToken();
		Instant now = this.clock.instant();
		Instant expires = now.plus(Duration.ofDays(request.days()));
		long id = this.apiTokens.insertDevice(TokenService.hash(token), issuer.userId(), now, expires,
				new Device(0, request.kind(), request.ref(), label, request.lon(), request.lat()));
		this.audit.record(issuer, new AuditManagement.View("ISSUE_DEVICE_TOKEN", "DEVICE_TOKEN", Long.toString(id),
				request.kind() + " " + label, "device", "API", null));
		return new IssuedDeviceToken(token,
				new Device(id, request.kind(), request.ref(), label, request.lon(), request.lat()), expires);
	}

	/**
	 * Every device token, newest first.
	 * @param caller an administrator
	 * @return the devices
	 */
	@Transactional(readOnly = true)
	public List<Device> list(Caller caller) {
		requireAdmin(caller);
		return this.apiTokens.devices();
	}

	/**
	 * Revokes a device token at once.
	 * @param caller an administrator
	 * @param id the token's id
	 * @throws NotFoundException if there is no such device token
	 */
	@Transactional
	public void revoke(Caller caller, long id) {
		requireAdmin(caller);
		String hash = this.apiTokens.deleteDevice(id)
			.orElseThrow(() -> new NotFoundException("device token " + id + " not found"));
		this.tokens.forget(hash);
		this.audit.record(caller, new AuditManagement.View("REVOKE_DEVICE_TOKEN", "DEVICE_TOKEN", Long.toString(id),
				null, "device", "API", null));
	}

	private static boolean needsRef(Device.Kind kind) {
		return kind == Device.Kind.VENUE || kind == Device.Kind.CHECKPOINT;
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.has(Role.ADMIN)) {
			throw new ForbiddenException("request", "only administrators manage device tokens");
		}
	}

	/**
	 * A device to issue a token for.
	 *
	 * @param kind what it is
	 * @param ref its venue (VENUE) or compound's division (CHECKPOINT); {@code null} for
	 * a gate
	 * @param label its name
	 * @param lon longitude, may be {@code null}
	 * @param lat latitude, may be {@code null}
	 * @param days how long the token is valid
	 */
	public record NewDevice(Device.Kind kind, Long ref, String label, Double lon, Double lat, int days) {
	}

	/**
	 * A new device token.
	 *
	 * @param token the secret, shown this once
	 * @param device the device
	 * @param expiresAt when it stops working
	 */
	public record IssuedDeviceToken(String token, Device device, Instant expiresAt) {
	}

}
