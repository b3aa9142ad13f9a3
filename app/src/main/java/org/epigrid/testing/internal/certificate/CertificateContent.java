package org.epigrid.testing.internal.certificate;

import java.time.Instant;
import java.util.Objects;

/**
 * What a test certificate (核酸检测报告) shows. Personal data arrive masked: the layout prints
 * what it is given.
 *
 * @param certificateId the certificate's id, also in its verification URL
 * @param personName the person's name, masked by the caller
 * @param idNumberMasked the person's ID number, masked
 * @param sampledAt when the sample was taken
 * @param siteName the sampling site
 * @param tubeBarcode the tube's barcode
 * @param outcomeZh the result in Chinese (e.g. 阴性)
 * @param outcomeEn the result in English (e.g. Negative)
 * @param lab the laboratory that tested the tube
 * @param testedAt when the lab reported the result
 * @param issuedAt when the certificate is issued
 * @param verificationUrl the public verification page, put into the QR code
 */
public record CertificateContent(String certificateId, String personName, String idNumberMasked, Instant sampledAt,
		String siteName, String tubeBarcode, String outcomeZh, String outcomeEn, String lab, Instant testedAt,
		Instant issuedAt, String verificationUrl) {

	/**
	 * Checks that everything is there.
	 * @throws NullPointerException naming the first missing field
	 */
	public CertificateContent {
		Objects.requireNonNull(certificateId, "certificateId");
		Objects.requireNonNull(personName, "personName");
		Objects.requireNonNull(idNumberMasked, "idNumberMasked");
		Objects.requireNonNull(sampledAt, "sampledAt");
		Objects.requireNonNull(siteName, "siteName");
		Objects.requireNonNull(tubeBarcode, "tubeBarcode");
		Objects.requireNonNull(outcomeZh, "outcomeZh");
		Objects.requireNonNull(outcomeEn, "outcomeEn");
		Objects.requireNonNull(lab, "lab");
		Objects.requireNonNull(testedAt, "testedAt");
		Objects.requireNonNull(issuedAt, "issuedAt");
		Objects.requireNonNull(verificationUrl, "verificationUrl");
	}

}
