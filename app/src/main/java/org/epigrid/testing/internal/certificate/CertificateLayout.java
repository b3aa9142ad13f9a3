package org.epigrid.testing.internal.certificate;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.shared.pdf.QrCodes;
import org.epigrid.testing.internal.TestingProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The test certificate's page (A4, unsigned): the title, the institution, the person
 * (masked), the sample, the result and the lab in Chinese with English subtitles, times
 * in the platform's zone, a QR code of the public verification page (printed as
 * {@link QrCodes#printMatrix}) and the seal's picture. The picture is only a picture: the
 * seal is the signature {@link PdfSeal} adds.
 */
@Component
public class CertificateLayout {

	/** Where the QR code is (PDF points, origin bottom left), quiet zone included. */
	static final PDRectangle QR = new PDRectangle(60, 118, 150, 150);

	private static final float WIDTH = PDRectangle.A4.getWidth();

	private static final float HEIGHT = PDRectangle.A4.getHeight();

	private static final float LEFT = 60;

	private static final float VALUE_LEFT = 210;

	private static final float RIGHT = WIDTH - 60;

	private static final float ROW = 36;

	private static final Color RED = new Color(0xc8, 0x10, 0x2e);

	private static final Color BLUE = new Color(0x0b, 0x4f, 0x8a);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	private final PdfKit pdf;

	private final MessageSource messages;

	private final String institution;

	private final ZoneId zone;

	@Autowired
	CertificateLayout(PdfKit pdf, MessageSource messages, TestingProperties properties, Clock clock) {
		this(pdf, messages, properties.seal().institution(), clock.getZone());
	}

	/**
	 * A layout.
	 * @param pdf the PDF kit
	 * @param messages the words
	 * @param institution the issuing institution
	 * @param zone the zone times are shown in
	 */
	CertificateLayout(PdfKit pdf, MessageSource messages, String institution, ZoneId zone) {
		this.pdf = pdf;
		this.messages = messages;
		this.institution = institution;
		this.zone = zone;
	}

	/**
	 * Draws a certificate.
	 * @param certificate what it shows
	 * @return the PDF, unsigned
	 * @throws PdfKit.NoFontException if the machine has no Chinese font
	 */
	public byte[] draw(CertificateContent certificate) {
		try (PDDocument document = new PDDocument()) {
			document.getDocumentInformation()
				.setTitle(zh("testing.certificate.title") + " " + certificate.certificateId());
			document.getDocumentInformation().setAuthor(this.institution);
			document.getDocumentInformation().setCreator("EpiGrid");
			document.getDocumentInformation().setCreationDate(calendar(certificate.issuedAt()));
			PDPage page = new PDPage(PDRectangle.A4);
			document.addPage(page);
			PDFont font = this.pdf.font(document);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				header(content, font);
				float y = HEIGHT - 170;
				y = row(content, font, y, "testing.certificate.id", certificate.certificateId(), 12, Color.BLACK);
				y = row(content, font, y, "testing.certificate.name", certificate.personName(), 12, Color.BLACK);
				y = row(content, font, y, "testing.certificate.idNumber", certificate.idNumberMasked(), 12,
						Color.BLACK);
				y = row(content, font, y, "testing.certificate.sampledAt", time(certificate.sampledAt()), 12,
						Color.BLACK);
				y = row(content, font, y, "testing.certificate.site", certificate.siteName(), 12, Color.BLACK);
				y = row(content, font, y, "testing.certificate.tube", certificate.tubeBarcode(), 12, Color.BLACK);
				y = row(content, font, y, "testing.certificate.outcome",
						certificate.outcomeZh() + "  " + certificate.outcomeEn(), 16, BLUE);
				y = row(content, font, y, "testing.certificate.lab", certificate.lab(), 12, Color.BLACK);
				y = row(content, font, y, "testing.certificate.testedAt", time(certificate.testedAt()), 12,
						Color.BLACK);
				row(content, font, y, "testing.certificate.issuedAt", time(certificate.issuedAt()), 12, Color.BLACK);
				verification(content, font, certificate.verificationUrl());
				seal(content, font, RIGHT - 80, QR.getLowerLeftY() + QR.getHeight() / 2 + 10);
				footer(content, font);
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void header(PDPageContentStream content, PDFont font) throws IOException {
		content.setNonStrokingColor(Color.BLACK);
		PdfKit.centred(content, font, 24, WIDTH / 2, HEIGHT - 80, zh("testing.certificate.title"));
		content.setNonStrokingColor(Color.DARK_GRAY);
		PdfKit.centred(content, font, 12, WIDTH / 2, HEIGHT - 100, en("testing.certificate.title"));
		PdfKit.centred(content, font, 11, WIDTH / 2, HEIGHT - 122,
				zh("testing.certificate.issuer") + " " + en("testing.certificate.issuer") + ": " + this.institution);
		content.setStrokingColor(BLUE);
		content.setLineWidth(1.5f);
		content.moveTo(LEFT, HEIGHT - 136);
		content.lineTo(RIGHT, HEIGHT - 136);
		content.stroke();
	}

	/** One line of the table: label in Chinese over its English, the value beside. */
	private float row(PDPageContentStream content, PDFont font, float y, String label, String value, float size,
			Color colour) throws IOException {
		content.setNonStrokingColor(Color.BLACK);
		PdfKit.text(content, font, 11, LEFT, y, 0, zh(label));
		content.setNonStrokingColor(Color.GRAY);
		PdfKit.text(content, font, 8, LEFT, y - 11, 0, en(label));
		content.setNonStrokingColor(colour);
		List<String> lines = PdfKit.wrap(font, size, value, RIGHT - VALUE_LEFT);
		for (int i = 0; i < Math.min(2, lines.size()); i++) {
			PdfKit.text(content, font, size, VALUE_LEFT, y - i * (size + 2), 0, lines.get(i));
		}
		content.setStrokingColor(Color.LIGHT_GRAY);
		content.setLineWidth(0.5f);
		content.moveTo(LEFT, y - 20);
		content.lineTo(RIGHT, y - 20);
		content.stroke();
		return y - ROW;
	}

	private void verification(PDPageContentStream content, PDFont font, String url) throws IOException {
		PdfKit.qr(content, url, QR.getLowerLeftX(), QR.getLowerLeftY(), QR.getWidth(), Color.BLACK);
		float x = QR.getUpperRightX() + 12;
		float y = QR.getUpperRightY() - 30;
		content.setNonStrokingColor(Color.BLACK);
		PdfKit.text(content, font, 11, x, y, 0, zh("testing.certificate.scan"));
		content.setNonStrokingColor(Color.GRAY);
		PdfKit.text(content, font, 8, x, y - 12, 0, en("testing.certificate.scan"));
		content.setNonStrokingColor(Color.DARK_GRAY);
		List<String> lines = PdfKit.wrap(font, 8, url, 150);
		for (int i = 0; i < lines.size(); i++) {
			PdfKit.text(content, font, 8, x, y - 30 - i * 10, 0, lines.get(i));
		}
	}

	/** The seal's picture: a red ring, a star, the institution and 检测专用章. */
	private void seal(PDPageContentStream content, PDFont font, float cx, float cy) throws IOException {
		float r = 62;
		content.setStrokingColor(RED);
		content.setNonStrokingColor(RED);
		content.setLineWidth(3);
		circle(content, cx, cy, r);
		content.stroke();
		content.setLineWidth(0.8f);
		circle(content, cx, cy, r - 5);
		content.stroke();
		star(content, cx, cy + 18, 16);
		content.fill();
		List<String> lines = PdfKit.wrap(font, 9, this.institution, 2 * r - 24);
		float y = cy - 8;
		for (int i = 0; i < Math.min(2, lines.size()); i++) {
			PdfKit.centred(content, font, 9, cx, y - i * 11, lines.get(i));
		}
		PdfKit.centred(content, font, 10, cx, cy - 38, zh("testing.certificate.sealText"));
	}

	private static void circle(PDPageContentStream content, float cx, float cy, float r) throws IOException {
		float k = 0.5523f * r;
		content.moveTo(cx + r, cy);
		content.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
		content.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
		content.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
		content.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
		content.closePath();
	}

	private static void star(PDPageContentStream content, float cx, float cy, float r) throws IOException {
		for (int i = 0; i < 10; i++) {
			double angle = Math.PI / 2 + i * Math.PI / 5;
			float radius = (i % 2 == 0) ? r : r * 0.382f;
			float x = cx + (float) (radius * Math.cos(angle));
			float y = cy + (float) (radius * Math.sin(angle));
			if (i == 0) {
				content.moveTo(x, y);
			}
			else {
				content.lineTo(x, y);
			}
		}
		content.closePath();
	}

	private void footer(PDPageContentStream content, PDFont font) throws IOException {
		content.setNonStrokingColor(Color.DARK_GRAY);
		float y = 84;
		for (String line : PdfKit.wrap(font, 9, zh("testing.certificate.sealed"), RIGHT - LEFT)) {
			PdfKit.text(content, font, 9, LEFT, y, 0, line);
			y -= 12;
		}
		content.setNonStrokingColor(Color.GRAY);
		for (String line : words(font, 8, en("testing.certificate.sealed"), RIGHT - LEFT)) {
			PdfKit.text(content, font, 8, LEFT, y, 0, line);
			y -= 10;
		}
	}

	/** English broken between words (a word wider than the line between characters). */
	private static List<String> words(PDFont font, float size, String text, float width) throws IOException {
		List<String> lines = new ArrayList<>();
		String line = "";
		for (String word : text.split(" ")) {
			String longer = line.isEmpty() ? word : line + " " + word;
			if (line.isEmpty() || PdfKit.wrap(font, size, longer, width).size() == 1) {
				line = longer;
			}
			else {
				lines.addAll(PdfKit.wrap(font, size, line, width));
				line = word;
			}
		}
		if (!line.isEmpty()) {
			lines.addAll(PdfKit.wrap(font, size, line, width));
		}
		return lines;
	}

	private String time(Instant instant) {
		return TIME.format(instant.atZone(this.zone));
	}

	private Calendar calendar(Instant instant) {
		GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone(this.zone), Locale.ROOT);
		calendar.setTimeInMillis(instant.toEpochMilli());
		return calendar;
	}

	/** A text of the certificate in Chinese (the default bundle). */
	private String zh(String key) {
		return this.messages.getMessage(key, null, Locale.SIMPLIFIED_CHINESE);
	}

	/** The English subtitle of a text. */
	private String en(String key) {
		return this.messages.getMessage(key, null, Locale.ENGLISH);
	}

}
