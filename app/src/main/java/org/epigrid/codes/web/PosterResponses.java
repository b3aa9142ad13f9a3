package org.epigrid.codes.web;

import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What the venue and card APIs and the staff pages share about printables: the address
 * put into venue codes, and the PDF answer.
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
		return pdf("venue-" + venueId + ".pdf", pdf);
	}

	/**
	 * A PDF shown in the browser, never kept by caches (cards carry a person's code).
	 * @param filename its name
	 * @param pdf the PDF
	 * @return the answer
	 */
	static ResponseEntity<byte[]> pdf(String filename, byte[] pdf) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.header("Content-Disposition", ContentDisposition.inline().filename(filename).build().toString())
			.body(pdf);
	}

}
