package org.epigrid.support;

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
		return decode(pixels, size, size);
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
