package org.epigrid.codes.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the codes module introduced with issue 11 (older settings of the module are
 * still read where they are used, under the same prefix).
 *
 * @param idNumberVerifications the limit on ID-number verifications per device and the
 * alert on a burst of unknown numbers
 */
@ConfigurationProperties("epigrid.codes")
public record CodesProperties(@DefaultValue IdNumberVerifications idNumberVerifications) {

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
