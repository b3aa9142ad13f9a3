package org.epigrid.datahub.internal.tabular;

import java.util.Locale;

/**
 * The file formats departments deliver lists in.
 */
public enum TabularFormat {

	/**
	 * Delimited text: comma, tab or semicolon separated, RFC 4180 quoting.
	 */
	CSV,

	/**
	 * Excel 2007+ workbook (Office Open XML); the first sheet is read.
	 */
	XLSX,

	/**
	 * JSON Lines: one JSON object per line.
	 */
	JSONL;

	private static final byte[] ZIP_SIGNATURE = { 'P', 'K', 3, 4 };

	/**
	 * Decides the format, by content first and by file name second. A ZIP signature
	 * ({@code PK\3\4}) means XLSX; binary content (NUL bytes) under a name ending in
	 * {@code .xlsx} or {@code .xlsm} still means XLSX, so that opening it reports a
	 * broken workbook (a text file named {@code .xlsx} is read for what it is); otherwise
	 * a first non-blank character that opens a JSON object (or a JSON array, which the
	 * JSON Lines reader then refuses with a clear message) means JSONL; a head with
	 * nothing but blanks is JSONL when the name ends in {@code .jsonl}, {@code .ndjson}
	 * or {@code .json}; everything else is CSV ({@code .csv .txt .tsv} and any other
	 * name).
	 * @param fileName the name the file was uploaded under, may be {@code null}
	 * @param head the first bytes of the file (a few KiB are plenty), may be {@code null}
	 * or empty
	 * @return the format, never {@code null}
	 */
	public static TabularFormat detect(String fileName, byte[] head) {
		byte[] bytes = (head != null) ? head : new byte[0];
		if (startsWith(bytes, ZIP_SIGNATURE)) {
			return XLSX;
		}
		String extension = extensionOf(fileName);
		if ((extension.equals("xlsx") || extension.equals("xlsm")) && containsNul(bytes)) {
			// binary but not a ZIP: a broken workbook, reported as such
			return XLSX;
		}
		int first = firstNonBlank(bytes);
		if (first == '{' || first == '[') {
			return JSONL;
		}
		if (first == -1 && (extension.equals("jsonl") || extension.equals("ndjson") || extension.equals("json"))) {
			// nothing but blanks in the head: only the name can tell
			return JSONL;
		}
		return CSV;
	}

	static String extensionOf(String fileName) {
		if (fileName == null) {
			return "";
		}
		String name = fileName.strip();
		int dot = name.lastIndexOf('.');
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		return (dot > slash) ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

	static boolean startsWith(byte[] bytes, byte[] prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	static boolean containsNul(byte[] bytes) {
		for (byte b : bytes) {
			if (b == 0) {
				return true;
			}
		}
		return false;
	}

	// First byte that is not ASCII whitespace, skipping a UTF-8 byte order mark; -1 if
	// none.
	private static int firstNonBlank(byte[] bytes) {
		int i = 0;
		if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
			i = 3;
		}
		for (; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return b;
			}
		}
		return -1;
	}

}
