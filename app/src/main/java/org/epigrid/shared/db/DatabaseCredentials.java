package org.epigrid.shared.db;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

import org.springframework.util.StringUtils;

/**
 * The passwords of the embedded server's two roles, generated at its first start and kept
 * in {@code ${epigrid.home}/postgres-passwords.properties}, readable by its owner only:
 * the superuser {@code postgres} (for maintenance, e.g. {@code psql}) and the
 * application's role {@code epigrid}. The file is the truth: every start sets the
 * application role's password from it.
 *
 * @param superuser the password of {@code postgres}
 * @param application the password of {@code epigrid}
 */
record DatabaseCredentials(String superuser, String application) {

	static final String FILE_NAME = "postgres-passwords.properties";

	// letters and digits only: safe in a properties file, a shell and a connection string
	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

	private static final int LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * The credentials kept in a data folder.
	 * @param home the data folder
	 * @return the credentials, or {@code null} if the file does not exist
	 * @throws IllegalStateException if the file lacks a password
	 */
	static DatabaseCredentials read(Path home) {
		Path file = home.resolve(FILE_NAME);
		if (!Files.exists(file)) {
			return null;
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		String superuser = properties.getProperty(EmbeddedDatabase.SUPERUSER);
		String application = properties.getProperty(EmbeddedDatabase.APPLICATION_ROLE);
		if (!StringUtils.hasText(superuser) || !StringUtils.hasText(application)) {
			throw new IllegalStateException(file + " must give the passwords of " + EmbeddedDatabase.SUPERUSER + " and "
					+ EmbeddedDatabase.APPLICATION_ROLE);
		}
		return new DatabaseCredentials(superuser.strip(), application.strip());
	}

	/**
	 * New random passwords, written to the data folder (owner-only) before anything uses
	 * them, so that a crash right after cannot lose them.
	 * @param home the data folder
	 * @return the new credentials
	 */
	static DatabaseCredentials generate(Path home) {
		DatabaseCredentials credentials = new DatabaseCredentials(random(), random());
		String content = """
				# Passwords of the embedded PostgreSQL (127.0.0.1 only, scram-sha-256), generated at its first start.
				# The platform connects as %2$s, the owner of database %3$s and not a superuser;
				# %1$s is the superuser, for maintenance: psql -h 127.0.0.1 -p <port> -U %1$s
				# Keep this file with the data folder: without it nobody can log in to the database.
				%1$s=%4$s
				%2$s=%5$s
				""".formatted(EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.APPLICATION_ROLE, EmbeddedDatabase.DATABASE,
				credentials.superuser(), credentials.application());
		writeOwnerOnly(home.resolve(FILE_NAME), content);
		return credentials;
	}

	/**
	 * Writes a secret file readable and writable by its owner only: written under another
	 * name with those permissions first, then moved into place, so that the secret is
	 * never readable by others, not even for a moment.
	 * @param file the file
	 * @param content its text
	 */
	static void writeOwnerOnly(Path file, String content) {
		Path target = file.toAbsolutePath().normalize();
		Path temporary = target.resolveSibling(target.getFileName() + ".new");
		try {
			Files.createDirectories(target.getParent());
			Files.deleteIfExists(temporary);
			try {
				Files.createFile(temporary,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the folder's permissions apply
				Files.createFile(temporary);
			}
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			// on disk before the database depends on it (a power cut must not lose it)
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			syncFolder(target.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + target, ex);
		}
	}

	private static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// not every system can sync a folder; the file itself is synced
		}
	}

	private static String random() {
		StringBuilder sb = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return sb.toString();
	}

	@Override
	public String toString() {
		return "DatabaseCredentials[…]";
	}

}
