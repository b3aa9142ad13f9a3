package org.epigrid.support;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Reads QR codes back with ZXing, as a scanner would: from pixels.
 */
public final class QrDecoder {

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z");

	private QrDecoder() {
	}

	/**
	 * Draws an SVG QR code of ours (runs of dark modules) at 4 pixels a module and reads
	 * it.
	 * @param svg the SVG
	 * @return the text it holds
	 * @throws NotFoundException if no QR code can be read
	 */
	public static String decodeSvg(String svg) throws NotFoundException {
		Matcher box = VIEW_BOX.matcher(svg);
		if (!box.find()) {
			throw new IllegalArgumentException("no viewBox");
		}
		int modules = Integer.parseInt(box.group(1));
		int scale = 4;
		int size = modules * scale;
		int[] pixels = new int[size * size];
		java.util.Arrays.fill(pixels, 0xFFFFFFFF);
		Matcher run = RUN.matcher(svg);
		while (run.find()) {
			int x0 = Integer.parseInt(run.group(1));
			int y = Integer.parseInt(run.group(2));
			int w = Integer.parseInt(run.group(3));
			for (int x = x0; x < x0 + w; x++) {
				for (int dy = 0; dy < scale; dy++) {
					for (int dx = 0; dx < scale; dx++) {
						pixels[(y * scale + dy) * size + x * scale + dx] = 0xFF0A7D32;
					}
				}
			}
		}
		// the drawing is a pure code (no perspective, exact modules): read it as one,
		// since
		// ZXing's finder-pattern search misses about 2 % of random-content codes at any
		// resolution (a flaky test, see docs/codes.md "Printed QR codes")
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels)));
		try {
			return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS,
					java.util.List.of(BarcodeFormat.QR_CODE), DecodeHintType.PURE_BARCODE, Boolean.TRUE))
				.getText();
		}
		catch (NotFoundException ex) {
			return decode(pixels, size, size);
		}
	}

	/**
	 * Reads a QR code from a region of a PDF's first page as a flatbed scanner would: the
	 * region rendered at a resolution, its edges on that resolution's pixel grid (so that
	 * a code drawn on the grid is seen in whole pixels), nothing else of the page in
	 * view.
	 * @param pdf the PDF
	 * @param region where on the page to look (PDF points, origin bottom left), or
	 * {@code null} for the whole page
	 * @param dpi the scanner's resolution
	 * @return the text
	 * @throws NotFoundException if none can be read
	 */
	public static String decodePdf(byte[] pdf, PDRectangle region, int dpi) throws NotFoundException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PDPage page = document.getPage(0);
			PDRectangle media = page.getMediaBox();
			PDRectangle area = (region != null) ? region : media;
			float pixel = 72f / dpi;
			// outwards to whole pixels, but not beyond the page
			float left = Math.max(floor(area.getLowerLeftX(), pixel), ceil(media.getLowerLeftX(), pixel));
			float bottom = Math.max(floor(area.getLowerLeftY(), pixel), ceil(media.getLowerLeftY(), pixel));
			float right = Math.min(ceil(area.getUpperRightX(), pixel), floor(media.getUpperRightX(), pixel));
			float top = Math.min(ceil(area.getUpperRightY(), pixel), floor(media.getUpperRightY(), pixel));
			page.setCropBox(new PDRectangle(left, bottom, right - left, top - bottom));
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, dpi);
			int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
			return decode(pixels, image.getWidth(), image.getHeight());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static float floor(float points, float pixel) {
		return (float) (Math.floor(points / pixel + 1e-3) * pixel);
	}

	private static float ceil(float points, float pixel) {
		return (float) (Math.ceil(points / pixel - 1e-3) * pixel);
	}

	/**
	 * Reads a QR code from ARGB pixels.
	 * @param pixels the pixels
	 * @param width width
	 * @param height height
	 * @return the text
	 * @throws NotFoundException if none can be read
	 */
	public static String decode(int[] pixels, int width, int height) throws NotFoundException {
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
		return new MultiFormatReader()
			.decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
					DecodeHintType.TRY_HARDER, Boolean.TRUE))
			.getText();
	}

}
