package org.epigrid.codes.internal.token;

import org.epigrid.codes.internal.CodesProperties;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.epigrid.codes.Colour;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Code tokens: a CWT (RFC 8392) in a COSE_Sign1 (RFC 9052), Base45-encoded behind the
 * prefix {@value #PREFIX}, as the EU Digital COVID Certificate does it (without its zlib
 * step: the token is too short to gain from it). The protected header holds the algorithm
 * and the key id; the claims: {@code sub} a fresh pseudonym of the person, {@code iat},
 * {@code exp}, {@code cti} a random token id, and private claims for colour, star, masked
 * name, kind and card id. A dynamic token lives at most 60 seconds; a printed card long.
 */
@Component
public class CodeTokens {

	/** What every token starts with (QR alphanumeric characters only). */
	public static final String PREFIX = "EGC1:";

	/** The longest input looked at. */
	public static final int MAX_LENGTH = 1024;

	static final long CLAIM_ISS = 1;

	static final long CLAIM_SUB = 2;

	static final long CLAIM_EXP = 4;

	static final long CLAIM_IAT = 6;

	static final long CLAIM_CTI = 7;

	static final long CLAIM_COLOUR = -70001;

	static final long CLAIM_STAR = -70002;

	static final long CLAIM_NAME = -70003;

	static final long CLAIM_KIND = -70004;

	static final long CLAIM_CARD = -70005;

	static final long CLAIM_VENUE = -70006;

	static final long CLAIM_SERIAL = -70007;

	private static final long HEADER_ALG = 1;

	private static final long HEADER_KID = 4;

	private static final long COSE_SIGN1 = 18;

	private static final byte[] NO_AAD = new byte[0];

	private final KeyRing keys;

	private final IssuedTokens issued;

	private final String issuer;

	private final SecureRandom random = new SecureRandom();

	@Autowired
	CodeTokens(KeyRing keys, IssuedTokens issued, CodesProperties properties) {
		this(keys, issued, properties.issuer());
	}

	CodeTokens(KeyRing keys, IssuedTokens issued, String issuer) {
		this.keys = keys;
		this.issued = issued;
		this.issuer = issuer;
	}

	/**
	 * Signs a token with the key in force.
	 * @param claims what it says
	 * @return the token text
	 */
	public String issue(Claims claims) {
		return issue(claims, this.keys.signing());
	}

	/**
	 * Signs a token with a given key (tests sign with keys the platform does not know).
	 * @param claims what it says
	 * @param key the key
	 * @return the token text
	 */
	public String issue(Claims claims, SigningKey key) {
		Map<Object, Object> cwt = Cbor.map();
		cwt.put(CLAIM_ISS, this.issuer);
		cwt.put(CLAIM_SUB, this.keys.pseudonym(claims.personId()));
		cwt.put(CLAIM_EXP, claims.expiresAt().getEpochSecond());
		cwt.put(CLAIM_IAT, claims.issuedAt().getEpochSecond());
		cwt.put(CLAIM_CTI, ByteBuffer.allocate(8).putLong(claims.tokenId()).array());
		cwt.put(CLAIM_COLOUR, (long) claims.colour().ordinal());
		cwt.put(CLAIM_STAR, claims.star());
		cwt.put(CLAIM_NAME, claims.maskedName());
		cwt.put(CLAIM_KIND, (long) claims.kind().ordinal());
		if (claims.cardId() != null) {
			cwt.put(CLAIM_CARD, claims.cardId());
		}
		byte[] cose = sign(cwt, key);
		// remembered only when signed with a key of the ring (never an impostor with our
		// key id)
		if (claims.kind() == Kind.DYNAMIC && this.keys.byKid(key.kid()) == key) {
			this.issued.remember(claims.tokenId(), cose, claims.expiresAt().getEpochSecond());
		}
		return PREFIX + Base45.encode(cose);
	}

	/**
	 * Signs a venue's code (场所码): the venue and the serial of its poster, no expiry (a
	 * poster hangs for months; printing a new one makes the older ones void). It goes
	 * into a URL, so it is Base64url without padding rather than Base45.
	 * @param venueId the venue
	 * @param serial the poster's serial
	 * @param issuedAt when printed
	 * @return the token, safe in a URL path
	 */
	public String issueVenue(long venueId, int serial, Instant issuedAt) {
		Map<Object, Object> cwt = Cbor.map();
		cwt.put(CLAIM_ISS, this.issuer);
		cwt.put(CLAIM_IAT, issuedAt.getEpochSecond());
		cwt.put(CLAIM_KIND, (long) Kind.VENUE.ordinal());
		cwt.put(CLAIM_VENUE, venueId);
		cwt.put(CLAIM_SERIAL, (long) serial);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sign(cwt, this.keys.signing()));
	}

	/**
	 * Reads and checks a venue's code.
	 * @param text the token from the poster's URL
	 * @return the outcome, with the venue and serial when signed
	 */
	public VenueDecoded decodeVenue(String text) {
		if (text == null || text.length() > MAX_LENGTH) {
			return new VenueDecoded(Check.MALFORMED, 0, 0);
		}
		byte[] cose;
		try {
			cose = java.util.Base64.getUrlDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return new VenueDecoded(Check.MALFORMED, 0, 0);
		}
		Opened opened = open(cose);
		if (opened.check() != Check.SIGNED) {
			return new VenueDecoded(opened.check(), 0, 0);
		}
		if (!(opened.claims().get(CLAIM_KIND) instanceof Long kind) || kind != Kind.VENUE.ordinal()
				|| !(opened.claims().get(CLAIM_VENUE) instanceof Long venue)
				|| !(opened.claims().get(CLAIM_SERIAL) instanceof Long serial)) {
			return new VenueDecoded(Check.MALFORMED, 0, 0);
		}
		return new VenueDecoded(Check.SIGNED, venue, serial.intValue());
	}

	private byte[] sign(Map<Object, Object> cwt, SigningKey key) {
		Map<Object, Object> header = Cbor.map();
		header.put(HEADER_ALG, key.algorithm().coseId());
		header.put(HEADER_KID, key.kid().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		byte[] protectedHeader = Cbor.encode(header);
		byte[] payload = Cbor.encode(cwt);
		byte[] signature = key.sign(toBeSigned(protectedHeader, payload));
		return Cbor.encode(new Cbor.Tagged(COSE_SIGN1, List.of(protectedHeader, Cbor.map(), payload, signature)));
	}

	/**
	 * @return a random token id
	 */
	public long newTokenId() {
		return this.random.nextLong();
	}

	/**
	 * Reads and checks a token: form, key, signature. Times are left to the caller.
	 * @param text what the gate read
	 * @return the outcome, with the claims when the signature holds
	 */
	public Decoded decode(String text) {
		if (text == null || text.length() > MAX_LENGTH || !text.startsWith(PREFIX)) {
			return Decoded.of(Check.MALFORMED);
		}
		byte[] cose;
		try {
			cose = Base45.decode(text.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			return Decoded.of(Check.MALFORMED);
		}
		Opened opened = open(cose);
		if (opened.check() != Check.SIGNED) {
			return Decoded.of(opened.check());
		}
		try {
			Map<?, ?> cwt = opened.claims();
			byte[] cti = (byte[]) cwt.get(CLAIM_CTI);
			Kind kind = Kind.values()[((Long) cwt.get(CLAIM_KIND)).intValue()];
			if (kind == Kind.VENUE) {
				return Decoded.of(Check.MALFORMED);
			}
			Claims claims = new Claims(this.keys.person((byte[]) cwt.get(CLAIM_SUB)), (String) cwt.get(CLAIM_NAME),
					Colour.ofRank(((Long) cwt.get(CLAIM_COLOUR)).intValue()), (Boolean) cwt.get(CLAIM_STAR),
					Instant.ofEpochSecond((Long) cwt.get(CLAIM_IAT)), Instant.ofEpochSecond((Long) cwt.get(CLAIM_EXP)),
					ByteBuffer.wrap(cti).getLong(), kind, (Long) cwt.get(CLAIM_CARD));
			return new Decoded(Check.SIGNED, claims, opened.kid());
		}
		catch (RuntimeException ex) {
			// signed by us but not in our form: a key was misused
			return Decoded.of(Check.MALFORMED);
		}
	}

	/** Checks the COSE_Sign1 envelope and its signature; gives the claims when signed. */
	private Opened open(byte[] cose) {
		Object root;
		try {
			root = Cbor.decode(cose);
		}
		catch (IllegalArgumentException ex) {
			return new Opened(Check.MALFORMED, null, null);
		}
		if (!(root instanceof Cbor.Tagged tagged) || tagged.tag() != COSE_SIGN1
				|| !(tagged.value() instanceof List<?> parts) || parts.size() != 4
				|| !(parts.get(0) instanceof byte[] protectedHeader)
				// nothing unsigned is accepted: the unprotected header must be empty
				|| !(parts.get(1) instanceof Map<?, ?> unprotected) || !unprotected.isEmpty()
				|| !(parts.get(2) instanceof byte[] payload) || !(parts.get(3) instanceof byte[] signature)) {
			return new Opened(Check.MALFORMED, null, null);
		}
		Map<?, ?> header;
		try {
			header = (Map<?, ?>) Cbor.decode(protectedHeader);
		}
		catch (IllegalArgumentException | ClassCastException ex) {
			return new Opened(Check.MALFORMED, null, null);
		}
		if (!(header.get(HEADER_KID) instanceof byte[] kidBytes) || !(header.get(HEADER_ALG) instanceof Long alg)) {
			return new Opened(Check.MALFORMED, null, null);
		}
		SigningKey key = this.keys.byKid(new String(kidBytes, java.nio.charset.StandardCharsets.UTF_8));
		if (key == null || key.algorithm().coseId() != alg) {
			return new Opened(Check.UNKNOWN_KEY, null, null);
		}
		Map<?, ?> claims;
		try {
			claims = (Map<?, ?>) Cbor.decode(payload);
		}
		catch (IllegalArgumentException | ClassCastException ex) {
			claims = null;
		}
		IssuedTokens.Recall recall = (claims != null && claims.get(CLAIM_CTI) instanceof byte[] cti && cti.length == 8)
				? this.issued.recall(ByteBuffer.wrap(cti).getLong(), cose) : IssuedTokens.Recall.UNKNOWN;
		if (recall == IssuedTokens.Recall.ALTERED || (recall == IssuedTokens.Recall.UNKNOWN
				&& !key.verify(toBeSigned(protectedHeader, payload), signature))) {
			return new Opened(Check.BAD_SIGNATURE, null, null);
		}
		return (claims != null) ? new Opened(Check.SIGNED, claims, key.kid()) : new Opened(Check.MALFORMED, null, null);
	}

	private record Opened(Check check, Map<?, ?> claims, String kid) {
	}

	private static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
		return Cbor.encode(List.of("Signature1", protectedHeader, NO_AAD, payload));
	}

	/** Dynamic codes on a phone, printed cards, venue posters. */
	public enum Kind {

		/** Shown on a phone, lives at most 60 seconds. */
		DYNAMIC,
		/** Printed for a person without a phone, lives long, revocable. */
		CARD,
		/** A venue's poster (场所码), not a person's code. */
		VENUE

	}

	/** What reading a token found. */
	public enum Check {

		/** Well-formed and signed by a known key. */
		SIGNED,
		/** Not a token of ours at all. */
		MALFORMED,
		/** Signed by a key the platform does not know (a forgery). */
		UNKNOWN_KEY,
		/** The signature does not match (tampered). */
		BAD_SIGNATURE

	}

	/**
	 * What a token says.
	 *
	 * @param personId the person
	 * @param maskedName the masked name
	 * @param colour the colour when issued
	 * @param star the star when issued
	 * @param issuedAt when issued (seconds)
	 * @param expiresAt when it stops being valid (seconds)
	 * @param tokenId random id, for replay detection
	 * @param kind dynamic or card
	 * @param cardId for a card, its id
	 */
	public record Claims(long personId, String maskedName, Colour colour, boolean star, Instant issuedAt,
			Instant expiresAt, long tokenId, Kind kind, Long cardId) {
	}

	/**
	 * The outcome of reading a venue's code.
	 *
	 * @param check what was found
	 * @param venueId the venue, when signed
	 * @param serial the poster's serial, when signed
	 */
	public record VenueDecoded(Check check, long venueId, int serial) {
	}

	/**
	 * The outcome of reading a token.
	 *
	 * @param check what was found
	 * @param claims the claims, when signed
	 * @param kid the key that signed it, when signed
	 */
	public record Decoded(Check check, Claims claims, String kid) {

		static Decoded of(Check check) {
			return new Decoded(check, null, null);
		}

	}

}
