package org.epigrid.testing.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the testing module ({@code epigrid.testing.*}), every default in this
 * one place (the README's configuration table documents them).
 *
 * @param seal the electronic seal of test certificates
 */
@ConfigurationProperties("epigrid.testing")
public record TestingProperties(@DefaultValue Seal seal) {

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
