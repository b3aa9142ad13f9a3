package org.epigrid.testing.internal.certificate;

import org.springframework.stereotype.Component;

/**
 * Sealed test certificates: the page drawn ({@link CertificateLayout}) and signed with
 * the institution's seal ({@link PdfSeal}, PAdES B-B). Thread-safe.
 */
@Component
public class CertificatePdf {

	private final CertificateLayout layout;

	private final PdfSeal seal;

	CertificatePdf(CertificateLayout layout, PdfSeal seal) {
		this.layout = layout;
		this.seal = seal;
	}

	/**
	 * A sealed certificate.
	 * @param certificate what it shows (personal data masked by the caller)
	 * @return the signed PDF
	 * @throws org.epigrid.shared.pdf.PdfKit.NoFontException if the machine has no Chinese
	 * font
	 */
	public byte[] issue(CertificateContent certificate) {
		return this.seal.sign(this.layout.draw(certificate));
	}

}
