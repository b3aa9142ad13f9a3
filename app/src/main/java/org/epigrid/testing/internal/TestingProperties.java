package org.epigrid.testing.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the testing module ({@code epigrid.testing.*}), every default in this
 * one place (the README's configuration table documents them).
 *
 * @param seal the electronic seal of test certificates
 * @param missedCheck how often rounds past their deadline are looked for, to report their
 * untested to the health codes ({@code missed-check})
 * @param maxResultsPerRequest the most results one JSON request, bundle or file may carry
 * ({@code max-results-per-request})
 */
@ConfigurationProperties("epigrid.testing")
public record TestingProperties(@DefaultValue Seal seal, @DefaultValue("PT1M") Duration missedCheck,
		@DefaultValue("10000") int maxResultsPerRequest) {

	/**
	 * Checks the settings.
	 * @param seal as given
	 * @param missedCheck at least a second
	 * @param maxResultsPerRequest 1 to 100,000
	 */
	public TestingProperties {
		if (missedCheck.toSeconds() < 1) {
			throw new IllegalStateException("epigrid.testing.missed-check must be at least one second");
		}
		if (maxResultsPerRequest < 1 || maxResultsPerRequest > 100_000) {
			throw new IllegalStateException("epigrid.testing.max-results-per-request must be 1 to 100000");
		}
	}

	/**
	 * The electronic seal (电子印章) of test certificates: a PDF digital signature by the
	 * testing institution's key, whose certificate is made at the first start.
	 *
	 * @param institution the testing institution's name: the organisation of the seal's
	 * certificate (written when the key is made: a later change names the signer of new
	 * certificates but leaves the key's certificate as it was) and the signer's name in
	 * each signature ({@code epigrid.testing.seal.institution})
	 * @param location where certificates are signed, shown by PDF readers
	 * ({@code epigrid.testing.seal.location})
	 */
	public record Seal(@DefaultValue("EpiGrid 核酸检测机构") String institution, @DefaultValue("中国 China") String location) {

		/**
		 * Checks the settings.
		 * @param institution not blank
		 * @param location not blank
		 */
		public Seal {
			if (institution == null || institution.isBlank() || location == null || location.isBlank()) {
				throw new IllegalArgumentException(
						"epigrid.testing.seal.institution and epigrid.testing.seal.location must not be blank");
			}
			institution = institution.strip();
			location = location.strip();
		}

	}

}
