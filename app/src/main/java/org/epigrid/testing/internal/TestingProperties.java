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
 * @param scansPerWrite the most sampling scans written in one transaction: scans arriving
 * together are checked and written together ({@code scans-per-write})
 * @param scanQueue the most scans waiting to be written; beyond it a scan is refused with
 * 429 and scanned again a second later ({@code scan-queue})
 * @param scanWriters how many writers write sampling scans side by side
 * ({@code scan-writers})
 * @param scanFastPath whether well-formed sampling scans are answered in front of the
 * general request pipeline ({@code scan-fast-path}; refusals are always the pipeline's)
 */
@ConfigurationProperties("epigrid.testing")
public record TestingProperties(@DefaultValue Seal seal, @DefaultValue("PT1M") Duration missedCheck,
		@DefaultValue("10000") int maxResultsPerRequest, @DefaultValue("500") int scansPerWrite,
		@DefaultValue("20000") int scanQueue, @DefaultValue("1") int scanWriters,
		@DefaultValue("true") boolean scanFastPath) {

	/**
	 * Checks the settings.
	 * @param seal as given
	 * @param missedCheck at least a second
	 * @param maxResultsPerRequest 1 to 100,000
	 * @param scansPerWrite 1 to 10,000
	 * @param scanQueue 1 to 1,000,000
	 * @param scanWriters 1 to 16
	 * @param scanFastPath as given
	 */
	public TestingProperties {
		if (missedCheck.toSeconds() < 1) {
			throw new IllegalStateException("epigrid.testing.missed-check must be at least one second");
		}
		if (maxResultsPerRequest < 1 || maxResultsPerRequest > 100_000) {
			throw new IllegalStateException("epigrid.testing.max-results-per-request must be 1 to 100000");
		}
		if (scansPerWrite < 1 || scansPerWrite > 10_000) {
			throw new IllegalStateException("epigrid.testing.scans-per-write must be 1 to 10000");
		}
		if (scanWriters < 1 || scanWriters > 16) {
			throw new IllegalStateException("epigrid.testing.scan-writers must be 1 to 16");
		}
		if (scanQueue < 1 || scanQueue > 1_000_000) {
			throw new IllegalStateException("epigrid.testing.scan-queue must be 1 to 1000000");
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
