package org.epigrid.datahub.internal.tabular;

/**
 * A whole file cannot be read as a table: it is empty, binary, in an unknown encoding, a
 * broken workbook, has no usable header, or has no data rows. The message is in English,
 * names the problem concretely and can be shown to the person who uploaded the file. It
 * is said of the file, without naming it, so that it reads after the field or the word
 * that names it: "has the column '姓名' twice in its header (columns 1 and 4)", shown by
 * the API as "file has the column …".
 * <p>
 * Unchecked, because besides {@link TabularFiles#open} it can also come out of
 * {@link TabularReader#next()} when a file turns out broken part-way (a workbook whose
 * sheet XML is cut off). A problem confined to one row (broken bytes, a broken CSV quote,
 * a malformed JSON line) is never thrown: it is reported on that row
 * ({@link TabularRow#problem()}).
 */
public class UnreadableFileException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong with the file, for the uploader
	 */
	public UnreadableFileException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with the library failure behind it.
	 * @param message what is wrong with the file, for the uploader
	 * @param cause the underlying failure
	 */
	public UnreadableFileException(String message, Throwable cause) {
		super(message, cause);
	}

}
