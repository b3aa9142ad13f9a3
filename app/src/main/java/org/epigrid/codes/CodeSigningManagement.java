package org.epigrid.codes;

import java.time.Instant;
import java.util.Optional;

import org.epigrid.codes.internal.token.CodeTokens;

import org.springframework.stereotype.Service;

/**
 * Signed codes that are not a person's health code, made with the platform's signing
 * keys: today venues' codes (场所码), which the venues module prints on its posters and
 * reads back from the check-in page.
 */
@Service
public class CodeSigningManagement {

	private final CodeTokens tokens;

	CodeSigningManagement(CodeTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * Signs a venue's code: the venue and the serial of its poster, no expiry (a poster
	 * hangs for months; a new serial retires the old ones).
	 * @param venueId the venue
	 * @param serial the poster's serial
	 * @param issuedAt when
	 * @return the token, to be put into the check-in URL
	 */
	public String signVenueCode(long venueId, int serial, Instant issuedAt) {
		return this.tokens.issueVenue(venueId, serial, issuedAt);
	}

	/**
	 * Reads and checks a venue's code.
	 * @param token the token of a poster's URL
	 * @return the venue and serial it names, empty if it is not a venue code signed by a
	 * key of this platform (malformed, forged, tampered)
	 */
	public Optional<SignedVenueCode> readVenueCode(String token) {
		CodeTokens.VenueDecoded decoded = this.tokens.decodeVenue(token);
		if (decoded.check() != CodeTokens.Check.SIGNED) {
			return Optional.empty();
		}
		return Optional.of(new SignedVenueCode(decoded.venueId(), decoded.serial()));
	}

	/**
	 * A genuine venue code.
	 *
	 * @param venueId the venue
	 * @param serial the poster's serial
	 */
	public record SignedVenueCode(long venueId, int serial) {
	}

}
