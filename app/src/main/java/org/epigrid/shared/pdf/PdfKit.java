package org.epigrid.shared.pdf;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.google.zxing.common.BitMatrix;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import org.epigrid.shared.PlatformSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What printed codes (venue posters, personal code cards) need from PDFBox: a font with
 * Chinese glyphs, embedded as a subset, and vector QR codes. The font is the one
 * configured ({@code epigrid.fonts.cjk}) or the first TrueType CJK font found on the
 * machine (WenQuanYi, AR PL, Droid Sans Fallback, Microsoft YaHei/SimHei).
 */
@Component
public class PdfKit {

	private static final List<String> CANDIDATES = List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
			"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
			"/usr/share/fonts/truetype/arphic/ukai.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
			"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", "C:/Windows/Fonts/msyh.ttc",
			"C:/Windows/Fonts/simhei.ttf", "/Library/Fonts/Arial Unicode.ttf");

	/**
	 * The smallest module printed, in millimetres: what a phone camera or a gate's
	 * scanner reads at arm's length (printed codes here are larger: 0.93 mm a module on a
	 * card, 1.7 mm on a poster).
	 */
	public static final float MIN_MODULE_MM = 0.5f;

	private static final float POINTS_PER_MM = 72 / 25.4f;

	/** One dot of a 300-dpi printer, in points. */
	private static final float DOT = 72 / 300f;

	private final String configured;

	private final AtomicReference<File> found = new AtomicReference<>();

	/**
	 * A kit with the configured Chinese font ({@code epigrid.fonts.cjk}).
	 * @param settings the platform's settings
	 */
	@Autowired
	public PdfKit(PlatformSettings settings) {
		this(settings.fonts().cjk());
	}

	/**
	 * A kit with the given Chinese font.
	 * @param configured a font file, blank for the first of the usual system fonts found
	 */
	public PdfKit(String configured) {
		this.configured = configured;
	}

	/**
	 * The Chinese font, embedded (as a subset) in a document.
	 * @param document the document
	 * @return the font
	 * @throws NoFontException if the machine has none
	 * @throws IOException if the font cannot be read
	 */
	public PDFont font(PDDocument document) throws IOException {
		File file = fontFile();
		if (file.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
			TrueTypeCollection collection = new TrueTypeCollection(file);
			List<TrueTypeFont> fonts = new ArrayList<>();
			collection.processAllFonts(fonts::add);
			// the collection stays open while the document is built: it is closed with it
			document.registerTrueTypeFontForClosing(fonts.get(0));
			return PDType0Font.load(document, fonts.get(0), true);
		}
		return PDType0Font.load(document, file);
	}

	private File fontFile() {
		File file = this.found.get();
		if (file != null) {
			return file;
		}
		List<String> paths = this.configured.isBlank() ? CANDIDATES : List.of(this.configured);
		for (String path : paths) {
			File candidate = new File(path);
			if (candidate.isFile() && candidate.canRead()) {
				this.found.set(candidate);
				return candidate;
			}
		}
		throw new NoFontException(this.configured.isBlank()
				? "no Chinese TrueType font found: install fonts-wqy-microhei or set epigrid.fonts.cjk"
				: "the font epigrid.fonts.cjk=" + this.configured + " cannot be read");
	}

	/**
	 * Draws a QR code for print as filled squares, sharp at any print size:
	 * {@link QrCodes#printMatrix} (error correction Q, a quiet zone of 4 modules, painted
	 * white), each module a whole number of 1/300-inch dots and every edge on the
	 * 1/300-inch grid of the page (so that a 300- or 600-dpi printer prints every module
	 * alike, and a 300-dpi scan sees whole pixels), as large as fits the square given and
	 * centred in it, in a mask pattern ZXing reads back at that scan's scale.
	 * @param content the page's content stream
	 * @param text what the code holds
	 * @param x left edge of the square
	 * @param y bottom edge of the square
	 * @param size width and height of the square
	 * @param ink the modules' colour
	 * @throws IOException if writing fails
	 * @throws IllegalArgumentException if the text needs so many modules that one would
	 * be smaller than {@link #MIN_MODULE_MM} on paper
	 */
	public static void qr(PDPageContentStream content, String text, float x, float y, float size, Color ink)
			throws IOException {
		int n = QrCodes.printWidth(text);
		int dots = (int) Math.floor(size / (n * DOT));
		if (dots * DOT < MIN_MODULE_MM * POINTS_PER_MM) {
			throw new IllegalArgumentException("a QR code of " + text.length() + " characters needs " + n
					+ " modules: in " + size + " pt a module would be under " + MIN_MODULE_MM + " mm");
		}
		BitMatrix matrix = QrCodes.printMatrix(text, dots);
		float module = dots * DOT;
		float side = n * module;
		float left = onGrid(x + (size - side) / 2);
		float bottom = onGrid(y + (size - side) / 2);
		content.setNonStrokingColor(Color.WHITE);
		content.addRect(x, y, size, size);
		content.fill();
		content.setNonStrokingColor(ink);
		for (int row = 0; row < n; row++) {
			int column = 0;
			while (column < n) {
				if (!matrix.get(column, row)) {
					column++;
					continue;
				}
				int start = column;
				while (column < n && matrix.get(column, row)) {
					column++;
				}
				content.addRect(left + start * module, bottom + side - (row + 1) * module, (column - start) * module,
						module);
			}
		}
		content.fill();
	}

	/** The nearest point on the 1/300-inch grid. */
	private static float onGrid(float points) {
		return Math.round(points / DOT) * DOT;
	}

	/**
	 * Writes one line of text, leaving out characters the font has no glyph for.
	 * @param content the content stream
	 * @param font the font
	 * @param fontSize its size
	 * @param x left edge ({@code Float.NaN} to centre on the page of the given width)
	 * @param y baseline
	 * @param pageWidth the page's width, for centring
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public static void text(PDPageContentStream content, PDFont font, float fontSize, float x, float y, float pageWidth,
			String text) throws IOException {
		String printable = printable(font, text);
		float left = Float.isNaN(x) ? (pageWidth - width(font, fontSize, printable)) / 2 : x;
		content.beginText();
		content.setFont(font, fontSize);
		content.newLineAtOffset(left, y);
		content.showText(printable);
		content.endText();
	}

	/**
	 * Writes one line of text centred on a point.
	 * @param content the content stream
	 * @param font the font
	 * @param fontSize its size
	 * @param centreX where its middle goes
	 * @param y baseline
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public static void centred(PDPageContentStream content, PDFont font, float fontSize, float centreX, float y,
			String text) throws IOException {
		text(content, font, fontSize, centreX - width(font, fontSize, printable(font, text)) / 2, y, 0, text);
	}

	/**
	 * Breaks text into lines no wider than a width.
	 * @param font the font
	 * @param fontSize its size
	 * @param text the text
	 * @param maxWidth the width
	 * @return the lines
	 * @throws IOException if the font cannot measure
	 */
	public static List<String> wrap(PDFont font, float fontSize, String text, float maxWidth) throws IOException {
		String printable = printable(font, text);
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < printable.length();) {
			int cp = printable.codePointAt(i);
			String next = line + new String(Character.toChars(cp));
			if (!line.isEmpty() && width(font, fontSize, next) > maxWidth) {
				lines.add(line.toString());
				line.setLength(0);
			}
			line.appendCodePoint(cp);
			i += Character.charCount(cp);
		}
		if (!line.isEmpty()) {
			lines.add(line.toString());
		}
		return lines;
	}

	private static float width(PDFont font, float fontSize, String text) throws IOException {
		return font.getStringWidth(text) / 1000 * fontSize;
	}

	private static String printable(PDFont font, String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(cp -> {
			String s = new String(Character.toChars(cp));
			try {
				font.encode(s);
				out.append(s);
			}
			catch (IOException | IllegalArgumentException ex) {
				// no glyph: left out rather than failing the whole document
			}
		});
		return out.toString();
	}

	/** The machine has no font for Chinese text. */
	public static class NoFontException extends IllegalStateException {

		NoFontException(String message) {
			super(message);
		}

	}

}
