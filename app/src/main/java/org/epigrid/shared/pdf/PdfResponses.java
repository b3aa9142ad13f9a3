package org.epigrid.shared.pdf;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP answer of a printable (venue posters, code cards).
 */
public final class PdfResponses {

	private PdfResponses() {
	}

	/**
	 * A PDF shown in the browser, never kept by caches (cards carry a person's code).
	 * @param filename its name
	 * @param pdf the PDF
	 * @return the answer
	 */
	public static ResponseEntity<byte[]> pdf(String filename, byte[] pdf) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.cacheControl(CacheControl.noStore())
			.header("Content-Disposition", ContentDisposition.inline().filename(filename).build().toString())
			.body(pdf);
	}

}
