package org.epigrid.shared.pdf;

import java.util.EnumMap;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes (ZXing): for screens, drawn as SVG, with error correction M; for print
 * ({@link PdfKit#qr}), with error correction Q, which restores a quarter of the code — a
 * smudge, a fold, glare on a laminated card. Both keep the quiet zone of 4 modules that
 * ISO/IEC 18004 asks for.
 * <p>
 * A printed code hangs or is carried for months, so it is read back before it is printed:
 * about 2 % of codes with random content (a token's signature, its random id) are
 * perfectly valid yet not found by ZXing's finder-pattern search — the decoder many gate
 * scanners are built on — at any resolution, because data modules happen to mimic a
 * finder pattern. Such a code is drawn again with the next of the eight mask patterns
 * (which changes every data module and nothing the code holds) until ZXing reads it.
 */
public final class QrCodes {

	private QrCodes() {
	}

	/** The quiet zone around every code, in modules. */
	public static final int QUIET_ZONE = 4;

	private static final int MASK_PATTERNS = 8;

	/** Pixels a module when reading a code back, as a scanner's image would have. */
	private static final int READ_BACK_SCALE = 4;

	/**
	 * The modules of a QR code for a screen: error correction M (15 %), a quiet zone of 4
	 * modules.
	 * @param text what it holds
	 * @return the matrix
	 */
	public static BitMatrix matrix(String text) {
		return matrix(text, ErrorCorrectionLevel.M);
	}

	/**
	 * The modules of a QR code for paper: error correction Q (25 %), a quiet zone of 4
	 * modules, and a mask pattern that ZXing reads back at 4 pixels a module and at each
	 * given scale.
	 * @param text what it holds
	 * @param scales more pixels a module to read it back at (e.g. that of a 300-dpi scan
	 * of the print)
	 * @return the matrix
	 */
	public static BitMatrix printMatrix(String text, int... scales) {
		BitMatrix chosen = matrix(text, ErrorCorrectionLevel.Q);
		if (readable(chosen, text, scales)) {
			return chosen;
		}
		for (int mask = 0; mask < MASK_PATTERNS; mask++) {
			BitMatrix other = matrix(text, ErrorCorrectionLevel.Q, mask);
			if (readable(other, text, scales)) {
				return other;
			}
		}
		// never seen: print the encoder's choice, which other decoders read
		return chosen;
	}

	/**
	 * How many modules wide a printed code of a text is, quiet zone included.
	 * @param text what it holds
	 * @return its width in modules
	 */
	public static int printWidth(String text) {
		return matrix(text, ErrorCorrectionLevel.Q).getWidth();
	}

	private static boolean readable(BitMatrix matrix, String text, int... scales) {
		if (!readable(matrix, text, READ_BACK_SCALE)) {
			return false;
		}
		for (int scale : scales) {
			if (scale != READ_BACK_SCALE && !readable(matrix, text, scale)) {
				return false;
			}
		}
		return true;
	}

	/** Whether ZXing finds and reads a code drawn at so many pixels a module. */
	static boolean readable(BitMatrix matrix, String text, int scale) {
		int size = matrix.getWidth() * scale;
		int[] pixels = new int[size * size];
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				pixels[y * size + x] = matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
			}
		}
		try {
			Result result = new QRCodeReader().decode(
					new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))),
					Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
			return text.equals(result.getText());
		}
		catch (ReaderException ex) {
			return false;
		}
	}

	private static BitMatrix matrix(String text, ErrorCorrectionLevel level) {
		return matrix(text, level, -1);
	}

	private static BitMatrix matrix(String text, ErrorCorrectionLevel level, int mask) {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.ERROR_CORRECTION, level);
		hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
		if (mask >= 0) {
			hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
		}
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
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
