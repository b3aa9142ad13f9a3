package org.epigrid.venues.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.venues.Venue;

import org.springframework.stereotype.Component;

/**
 * Draws a venue's A4 poster (场所码): the venue, its code, its entry requirement.
 */
@Component
public class PosterLayout {

	private final PdfKit pdf;

	PosterLayout(PdfKit pdf) {
		this.pdf = pdf;
	}

	/**
	 * The poster as a PDF.
	 * @param poster what to print
	 * @return the PDF
	 * @throws PdfKit.NoFontException if the machine has no Chinese font
	 */
	public byte[] draw(Printed poster) {
		try (PDDocument document = new PDDocument()) {
			PDDocumentInformation info = document.getDocumentInformation();
			info.setTitle("场所码 " + poster.venue().name());
			info.setCreator("EpiGrid");
			PDPage page = new PDPage(PDRectangle.A4);
			document.addPage(page);
			PDFont font = this.pdf.font(document);
			float w = page.getMediaBox().getWidth();
			float h = page.getMediaBox().getHeight();
			Color green = new Color(0x0a, 0x7d, 0x32);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.setNonStrokingColor(green);
				content.addRect(0, h - 130, w, 130);
				content.fill();
				content.setNonStrokingColor(Color.WHITE);
				PdfKit.text(content, font, 46, Float.NaN, h - 75, w, "场所码");
				PdfKit.text(content, font, 16, Float.NaN, h - 108, w, "进入请扫码登记  ·  Scan to check in");
				content.setNonStrokingColor(Color.BLACK);
				float y = h - 180;
				for (String line : PdfKit.wrap(font, 28, poster.venue().name(), w - 80)) {
					PdfKit.text(content, font, 28, Float.NaN, y, w, line);
					y -= 36;
				}
				float qrSize = 360;
				PdfKit.qr(content, poster.url(), (w - qrSize) / 2, y - qrSize - 4, qrSize, Color.BLACK);
				y -= qrSize + 34;
				content.setNonStrokingColor(Color.DARK_GRAY);
				for (String line : PdfKit.wrap(font, 13, poster.venue().address(), w - 100)) {
					PdfKit.text(content, font, 13, Float.NaN, y, w, line);
					y -= 18;
				}
				y -= 14;
				content.setNonStrokingColor(green);
				PdfKit.text(content, font, 15, Float.NaN, y, w, "入场要求：" + poster.requirement());
				y -= 22;
				content.setNonStrokingColor(Color.DARK_GRAY);
				PdfKit.text(content, font, 11, Float.NaN, y, w, "请用手机扫码（微信、浏览器均可），登录后点“登记进入”");
				content.setNonStrokingColor(Color.GRAY);
				PdfKit.text(content, font, 9, Float.NaN, 62, w,
						"本码仅用于疫情防控，场所不收集、不可查看扫码人的任何个人信息。扫码记录保存" + poster.retentionDays() + "天后自动删除。");
				PdfKit.text(content, font, 9, Float.NaN, 48, w, "场所编号 " + poster.venue().id() + " · 第 "
						+ poster.venue().codeSerial() + " 版 · 打印日期 " + poster.printedOn() + " · 旧版码自动作废");
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a poster shows.
	 *
	 * @param venue the venue
	 * @param url the venue code's URL (the QR code)
	 * @param requirement the entry requirement, in one line
	 * @param retentionDays how many days check-ins are kept
	 * @param printedOn the day it is printed
	 */
	public record Printed(Venue venue, String url, String requirement, long retentionDays, LocalDate printedOn) {
	}

}
