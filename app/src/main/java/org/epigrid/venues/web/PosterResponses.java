package org.epigrid.venues.web;

import org.epigrid.shared.pdf.PdfResponses;

import org.springframework.http.ResponseEntity;

/**
 * What the venue API and the staff pages share about posters: the address put into venue
 * codes, and the PDF answer.
 */
final class PosterResponses {

	private PosterResponses() {
	}

	/**
	 * The platform's public address: {@code epigrid.public-url} (checked at start), never
	 * the {@code Host} header of whoever asks.
	 * @param configured the configured address
	 * @return the address
	 * @throws IllegalStateException if none is configured
	 */
	static String baseUrl(String configured) {
		if (configured.isBlank()) {
			throw new IllegalStateException("epigrid.public-url is not set");
		}
		return configured;
	}

	/**
	 * A venue's poster, shown in the browser.
	 * @param venueId the venue
	 * @param pdf the PDF
	 * @return the answer
	 */
	static ResponseEntity<byte[]> pdf(long venueId, byte[] pdf) {
		return PdfResponses.pdf("venue-" + venueId + ".pdf", pdf);
	}

}
