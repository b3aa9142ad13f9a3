package org.epigrid.shared;

/**
 * One cell of a CSV export: quoted when needed, and a cell a spreadsheet would run as a
 * formula gets a leading apostrophe (names and places in exports are untrusted).
 */
public final class CsvCell {

	private CsvCell() {
	}

	/**
	 * The cell's text.
	 * @param value the value, may be {@code null} (an empty cell)
	 * @return the text to write between commas
	 */
	public static String of(String value) {
		String v = (value == null) ? "" : value;
		if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
			v = "'" + v;
		}
		if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
			return '"' + v.replace("\"", "\"\"") + '"';
		}
		return v;
	}

}
