package org.epigrid.codes.web;

/**
 * What a gate sends to {@code POST /api/v1/codes/verify}: either the text of a QR code or
 * an identity card's number, and optionally the venue it verifies for.
 *
 * @param code the QR code's text
 * @param idNumber the card's number
 * @param venueId the venue
 */
record VerifyRequest(String code, String idNumber, Long venueId) {

	boolean hasCode() {
		return this.code != null && !this.code.isBlank();
	}

	boolean hasIdNumber() {
		return this.idNumber != null && !this.idNumber.isBlank();
	}

}
