package org.epigrid.codes.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the codes module ({@code epigrid.codes.*}), every default in this one
 * place (the README's configuration table documents them). The venue settings under the
 * same prefix are in the venues module's {@code VenuesProperties}.
 *
 * @param tokenLifetime how long a resident's QR code lives ({@code token-lifetime}; 20 to
 * 60 seconds, checked by the resident pages)
 * @param issuer the issuer written into code tokens ({@code issuer})
 * @param signingAlgorithm {@code ES256} or {@code SM2}: the kind of new signing keys
 * ({@code signing-algorithm})
 * @param keyRotation a new signing key after this long ({@code key-rotation})
 * @param replayDistanceM the same code at two gates farther apart than this many metres
 * within its life is a replay ({@code replay-distance-m})
 * @param issuedTokenMemory how many tokens signed here are remembered to skip their
 * signature check ({@code issued-token-memory}; 0 remembers none)
 * @param verifyFromDatabase a benchmark's switch: verify every code against the database,
 * with no memory of issued tokens ({@code verify-from-database})
 * @param cardValidity how long a printed code card verifies ({@code card-validity})
 * @param expiryCheck how often statuses whose time conditions flipped are computed again
 * ({@code expiry-check})
 * @param gateFastPath whether devices' verifications are answered ahead of the general
 * request pipeline ({@code gate-fast-path})
 * @param idNumberVerifications the limit on ID-number verifications per device and the
 * alert on a burst of unknown numbers
 */
@ConfigurationProperties("epigrid.codes")
public record CodesProperties(@DefaultValue("PT60S") Duration tokenLifetime, @DefaultValue("EpiGrid") String issuer,
		@DefaultValue("ES256") String signingAlgorithm, @DefaultValue("P90D") Duration keyRotation,
		@DefaultValue("1000") double replayDistanceM, @DefaultValue("2000000") int issuedTokenMemory,
		@DefaultValue("false") boolean verifyFromDatabase, @DefaultValue("P180D") Duration cardValidity,
		@DefaultValue("PT30S") Duration expiryCheck, @DefaultValue("true") boolean gateFastPath,
		@DefaultValue IdNumberVerifications idNumberVerifications) {

	/**
	 * How many identity cards a device may verify: a token bucket per device. A QR code
	 * needs no limit (it is signed: guessing one is hopeless), but an ID number is 17
	 * digits of which a birth date's 1,000 sequence numbers are quickly walked. The
	 * defaults are generous for a real gate, where reading a card takes a few seconds.
	 *
	 * @param perMinute how many a minute, on average
	 * ({@code epigrid.codes.id-number-verifications.per-minute})
	 * @param burst how many at once after a quiet while ({@code …burst})
	 * @param alertNotFound how many answers NOT_FOUND within {@code alertWindow} raise an
	 * alert ({@code …alert-not-found}): more unknown cards than a queue of visitors gives
	 * @param alertWindow the window of {@code alertNotFound} ({@code …alert-window})
	 */
	public record IdNumberVerifications(@DefaultValue("60") int perMinute, @DefaultValue("30") int burst,
			@DefaultValue("30") int alertNotFound, @DefaultValue("PT1M") Duration alertWindow) {

		/**
		 * Checks the settings.
		 * @param perMinute at least 1
		 * @param burst at least 1
		 * @param alertNotFound at least 1
		 * @param alertWindow positive
		 */
		public IdNumberVerifications {
			if (perMinute < 1 || burst < 1 || alertNotFound < 1 || alertWindow == null || alertWindow.isNegative()
					|| alertWindow.isZero()) {
				throw new IllegalArgumentException("epigrid.codes.id-number-verifications: per-minute, burst and "
						+ "alert-not-found must be at least 1 and alert-window positive");
			}
		}

	}

}
