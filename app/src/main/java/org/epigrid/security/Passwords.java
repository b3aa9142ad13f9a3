package org.epigrid.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Generated passwords for accounts created by the platform itself (the first admin, demo
 * accounts).
 */
public final class Passwords {

	// no 0/O, 1/l/I: people copy these from a file or a screen
	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private Passwords() {
	}

	/**
	 * A random password from {@link SecureRandom}.
	 * @param length number of characters, at least
	 * {@link UserManagement#MIN_PASSWORD_LENGTH}
	 * @return the password
	 */
	public static String generate(int length) {
		if (length < UserManagement.MIN_PASSWORD_LENGTH) {
			throw new IllegalArgumentException("length must be at least " + UserManagement.MIN_PASSWORD_LENGTH);
		}
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return sb.toString();
	}

	/**
	 * Writes a file that holds a secret, readable and writable by its owner only (on
	 * POSIX file systems; elsewhere the folder's permissions apply).
	 * @param file the file; its folders are created
	 * @param content the text
	 * @return the absolute, normalised path written
	 * @throws UncheckedIOException if the file cannot be written
	 */
	public static Path writeOwnerOnly(Path file, String content) {
		Path target = file.toAbsolutePath().normalize();
		try {
			Files.createDirectories(target.getParent());
			Files.writeString(target, content);
			try {
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + target, ex);
		}
	}

}
