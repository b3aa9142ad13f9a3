package org.epigrid.shared.pdf;

import java.util.Map;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.epigrid.support.QrDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Printed QR codes are made for real scanners (issue 11): error correction Q, a quiet
 * zone of 4 modules, modules of at least 0.5 mm, and a mask pattern ZXing finds.
 */
public class QrCodesTests {

	/**
	 * A card token's worth of text (Base45 of random bytes) whose QR code, in the mask
	 * pattern the encoder prefers at error correction M and Q alike, ZXing's
	 * finder-pattern search misses at every resolution: found among 40,000 random ones
	 * (about 2 % miss at each level).
	 */
	public static final String MISSED = "EGC1:+14CPILBT2O1EQ4 7RR%M%PS:0HG4L2CCN-B3O69D3I1KW/S.0W0V2O6KZ8O25Q %2XM9MNR4V7GN7/"
			+ "Y9AWQS+S58M4*H$78EKQCWFJ%2XA1SN0K50SJ20:R9-P8EBX1UYO9UBP$F3H/GE LV$5 OCI2ORVKUCKV*KH/L6BBWOLXYECJO*YC+9"
			+ "Q2RO**G3+H73E0.1JJI8RCIM6JMAXM3OQ8-0UJASNGFNC1T8B8LM$YVSFLG-4%5CV1P867SY9";

	@Test
	void zxingMissesSomeValidCodesSoPrintedOnesAreDrawnInAMaskItFinds() throws Exception {
		// the screen's code of this text is valid but not found ...
		assertThat(QrCodes.readable(QrCodes.matrix(MISSED), MISSED, 4)).isFalse();
		// ... the printed one is, at a phone's 4 pixels a module and at a 300-dpi scan's
		// 11
		BitMatrix printed = QrCodes.printMatrix(MISSED, 11);
		assertThat(QrCodes.readable(printed, MISSED, 4)).isTrue();
		assertThat(QrCodes.readable(printed, MISSED, 11)).isTrue();
	}

	@Test
	void printedCodesHaveErrorCorrectionQAndAQuietZoneOfFourModules() throws Exception {
		BitMatrix printed = QrCodes.printMatrix(MISSED);
		int n = printed.getWidth();
		for (int i = 0; i < n; i++) {
			for (int edge = 0; edge < QrCodes.QUIET_ZONE; edge++) {
				assertThat(printed.get(i, edge) || printed.get(i, n - 1 - edge) || printed.get(edge, i)
						|| printed.get(n - 1 - edge, i))
					.as("quiet zone at " + i + ", " + edge)
					.isFalse();
			}
		}
		assertThat(printed.get(QrCodes.QUIET_ZONE, QrCodes.QUIET_ZONE)).as("the finder pattern's corner").isTrue();
		assertThat(read(printed, 4).getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL)).isEqualTo("Q");
		assertThat(read(QrCodes.matrix(MISSED), 4, true).getResultMetadata()
			.get(ResultMetadataType.ERROR_CORRECTION_LEVEL)).as("screens").isEqualTo("M");
	}

	private static Result read(BitMatrix matrix, int scale) throws Exception {
		return read(matrix, scale, false);
	}

	/**
	 * ZXing's reading; {@code pure}: told where the code is, skipping the finder search.
	 */
	private static Result read(BitMatrix matrix, int scale, boolean pure) throws Exception {
		int size = matrix.getWidth() * scale;
		int[] pixels = new int[size * size];
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				pixels[y * size + x] = matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
			}
		}
		return new QRCodeReader().decode(
				new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))),
				Map.of(pure ? DecodeHintType.PURE_BARCODE : DecodeHintType.TRY_HARDER, Boolean.TRUE));
	}

}
