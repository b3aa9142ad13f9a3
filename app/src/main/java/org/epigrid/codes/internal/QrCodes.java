package org.epigrid.codes.internal;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes (ZXing) drawn as SVG: sharp at any size on a phone, in print and in a PDF.
 */
public final class QrCodes {

	private QrCodes() {
	}

	/**
	 * The modules of a QR code with error correction M and a quiet zone of 4 modules.
	 * @param text what it holds
	 * @return the matrix
	 */
	public static BitMatrix matrix(String text) {
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("cannot draw a QR code of " + text.length() + " characters", ex);
		}
	}

	/**
	 * A QR code as an SVG element (one path, dark modules in a colour).
	 * @param text what it holds
	 * @param colour the colour of the dark modules (a CSS colour of our own, never input)
	 * @return the SVG
	 */
	public static String svg(String text, String colour) {
		BitMatrix matrix = matrix(text);
		int size = matrix.getWidth();
		StringBuilder path = new StringBuilder(size * size);
		for (int y = 0; y < matrix.getHeight(); y++) {
			int x = 0;
			while (x < size) {
				if (!matrix.get(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < size && matrix.get(x, y)) {
					x++;
				}
				path.append('M')
					.append(start)
					.append(' ')
					.append(y)
					.append('h')
					.append(x - start)
					.append("v1h-")
					.append(x - start)
					.append('z');
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
				+ "\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
				+ "<path fill=\"" + colour + "\" d=\"" + path + "\"/></svg>";
	}

}
