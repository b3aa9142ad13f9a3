package org.epigrid.codes.internal.card;

import java.io.IOException;
import java.time.LocalDate;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.shared.pdf.QrCodesTests;
import org.epigrid.support.QrDecoder;
import org.epigrid.support.Bundles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Printed QR codes are made for real scanners (issue 11): modules of at least 0.5 mm, and
 * a card read as a scanner reads the cut-out card.
 */
class PrintedQrCodesTests {

	@Test
	void aCardIsReadAsAScannerReadsTheCutOutCard() throws Exception {
		byte[] pdf = new CodeCardLayout(new PdfKit(""), Bundles.messages()).draw(new CodeCardLayout.Printed(
				QrCodesTests.MISSED, "张*三", 42, LocalDate.of(2027, 6, 1), LocalDate.of(2026, 12, 1), "管理员"));
		assertThat(QrDecoder.decodePdf(pdf, CodeCardLayout.CARD, 300)).isEqualTo(QrCodesTests.MISSED);
	}

	@Test
	void aModuleUnderHalfAMillimetreIsNotPrinted() throws IOException {
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				// 73 modules in 100 pt: 0.46 mm a module
				assertThatIllegalArgumentException()
					.isThrownBy(() -> PdfKit.qr(content, QrCodesTests.MISSED, 0, 0, 100, java.awt.Color.BLACK))
					.withMessageContaining("0.5 mm");
				PdfKit.qr(content, QrCodesTests.MISSED, 0, 0, 110, java.awt.Color.BLACK);
			}
		}
	}

}
