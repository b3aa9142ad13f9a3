package org.epigrid.venues.web;

import org.epigrid.shared.pdf.PdfResponses;

import org.springframework.http.ResponseEntity;

/**
 * What the venue API and the staff pages share about posters: the PDF answer.
 */
final class PosterResponses {

	private PosterResponses() {
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
