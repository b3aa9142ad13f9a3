package org.epigrid.codes.internal.card;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.shared.pdf.QrCodes;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The printed code card: an A4 page with an A6 card (105 × 148 mm) framed for cutting in
 * its top left corner, holding the masked name, the QR code (printed as
 * {@link QrCodes#printMatrix}: error correction Q, a quiet zone of 4 modules) 74 mm wide,
 * the card number and its validity.
 */
@Component
public class CodeCardLayout {

	/** Where the card is on the A4 page (PDF points, origin bottom left). */
	public static final PDRectangle CARD = new PDRectangle(36,
			PDRectangle.A4.getHeight() - 36 - PDRectangle.A6.getHeight(), PDRectangle.A6.getWidth(),
			PDRectangle.A6.getHeight());

	/** The QR code's side, quiet zone included: 210 pt = 74 mm. */
	static final float QR_SIZE = 210;

	private static final Color GREEN = new Color(0x0a, 0x7d, 0x32);

	private final PdfKit pdf;

	private final MessageSource messages;

	CodeCardLayout(PdfKit pdf, MessageSource messages) {
		this.pdf = pdf;
		this.messages = messages;
	}

	/**
	 * Draws a card.
	 * @param card what it shows
	 * @return the PDF
	 * @throws PdfKit.NoFontException if the machine has no Chinese font
	 */
	public byte[] draw(Printed card) {
		try (PDDocument document = new PDDocument()) {
			document.getDocumentInformation().setTitle(zh("codes.card.title") + " " + card.maskedName());
			document.getDocumentInformation().setCreator("EpiGrid");
			PDPage page = new PDPage(PDRectangle.A4);
			document.addPage(page);
			PDFont font = this.pdf.font(document);
			float left = CARD.getLowerLeftX();
			float bottom = CARD.getLowerLeftY();
			float w = CARD.getWidth();
			float h = CARD.getHeight();
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.setStrokingColor(Color.GRAY);
				content.setLineDashPattern(new float[] { 4, 3 }, 0);
				content.addRect(left, bottom, w, h);
				content.stroke();
				content.setLineDashPattern(new float[0], 0);
				content.setNonStrokingColor(GREEN);
				content.addRect(left, bottom + h - 52, w, 52);
				content.fill();
				content.setNonStrokingColor(Color.WHITE);
				PdfKit.centred(content, font, 20, left + w / 2, bottom + h - 30, zh("codes.card.title"));
				PdfKit.centred(content, font, 9, left + w / 2, bottom + h - 45, en("codes.card.title"));
				content.setNonStrokingColor(Color.BLACK);
				PdfKit.centred(content, font, 16, left + w / 2, bottom + h - 78, card.maskedName());
				PdfKit.qr(content, card.token(), left + (w - QR_SIZE) / 2, bottom + h - 92 - QR_SIZE, QR_SIZE,
						Color.BLACK);
				content.setNonStrokingColor(Color.DARK_GRAY);
				float y = bottom + h - 92 - QR_SIZE - 16;
				PdfKit.centred(content, font, 9, left + w / 2, y,
						zh("codes.card.number", String.valueOf(card.cardId()), card.validUntil().toString()));
				PdfKit.centred(content, font, 8, left + w / 2, y - 14, zh("codes.card.scan"));
				PdfKit.centred(content, font, 8, left + w / 2, y - 26, en("codes.card.scan"));
				content.setNonStrokingColor(Color.GRAY);
				PdfKit.text(content, font, 9, left, bottom - 20, 0,
						zh("codes.card.cutHere", card.printedOn().toString(), card.printedBy()));
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A text of the card in Chinese (the card's language; the default bundle). */
	private String zh(String key, Object... args) {
		return this.messages.getMessage(key, (args.length == 0) ? null : args, Locale.SIMPLIFIED_CHINESE);
	}

	/** A text of the card's English subtitles. */
	private String en(String key) {
		return this.messages.getMessage(key, null, Locale.ENGLISH);
	}

	/**
	 * What a card shows.
	 *
	 * @param token the QR code's text
	 * @param maskedName the holder's masked name
	 * @param cardId the card number
	 * @param validUntil the last day it verifies
	 * @param printedOn the day it is printed
	 * @param printedBy who prints it (display name)
	 */
	public record Printed(String token, String maskedName, long cardId, LocalDate validUntil, LocalDate printedOn,
			String printedBy) {
	}

}
