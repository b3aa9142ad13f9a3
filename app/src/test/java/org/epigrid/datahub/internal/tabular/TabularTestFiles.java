package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for the tabular tests: writing files, reading every row.
 */
final class TabularTestFiles {

	private TabularTestFiles() {
	}

	static Path write(Path directory, String name, String content, Charset charset) throws IOException {
		return Files.write(directory.resolve(name), content.getBytes(charset));
	}

	static Path write(Path directory, String name, byte[] content) throws IOException {
		return Files.write(directory.resolve(name), content);
	}

	static List<TabularRow> readAll(TabularReader reader) {
		List<TabularRow> rows = new ArrayList<>();
		for (TabularRow row = reader.next(); row != null; row = reader.next()) {
			rows.add(row);
		}
		return rows;
	}

	static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
