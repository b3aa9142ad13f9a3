package org.epigrid.datahub.internal.tabular;

/**
 * A whole file cannot be read as a table: it is empty, binary, in an unknown encoding, a
 * broken workbook, has no usable header, or has no data rows. The message is in English,
 * names the problem concretely and can be shown to the person who uploaded the file
 * ("header has duplicate column '姓名' (columns 1 and 4)").
 * <p>
 * Unchecked, because besides {@link TabularFiles#open} it can also come out of
 * {@link TabularReader#next()} when a file turns out broken part-way (a CSV quote that
 * never closes, a workbook whose sheet XML is cut off). A problem confined to one row is
 * never thrown: it is reported on that row ({@link TabularRow#problem()}).
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
