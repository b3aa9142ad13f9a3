package org.epigrid.codes.internal.token;

import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.shared.PlatformSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.epigrid.codes.internal.token.SigningKey.Algorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The keys of the code tokens, kept in the data folder ({@code keys/codes/}, readable by
 * the owner only) and generated at the first start: signing keys of the configured
 * algorithm (ES256 by default, SM2 with {@code epigrid.codes.signing-algorithm=SM2}),
 * rotated after {@code epigrid.codes.key-rotation} (a new key signs, the old ones still
 * verify what they signed and stay published), and the AES key that turns person ids into
 * pseudonyms.
 */
@Component
public class KeyRing {

	private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

	private final Path folder;

	private final Algorithm algorithm;

	private final Duration rotation;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, SigningKey> byKid = new ConcurrentHashMap<>();

	private final SecretKeySpec pseudonymKey;

	private final ThreadLocal<Cipher[]> ciphers;

	private volatile SigningKey signing;

	@Autowired
	KeyRing(PlatformSettings platform, CodesProperties properties, Clock clock) {
		this(platform.home(), properties.signingAlgorithm(), properties.keyRotation(), clock);
	}

	KeyRing(Path home, String algorithm, Duration rotation, Clock clock) {
		this.folder = home.resolve("keys").resolve("codes");
		try {
			this.algorithm = Algorithm.valueOf(algorithm.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("epigrid.codes.signing-algorithm must be ES256 or SM2, not " + algorithm);
		}
		this.rotation = rotation;
		this.clock = clock;
		try {
			Files.createDirectories(this.folder);
			restrict(this.folder, "rwx------");
			this.pseudonymKey = new SecretKeySpec(pseudonymKey(), "AES");
			try (Stream<Path> files = Files.list(this.folder)) {
				for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".key")).toList()) {
					SigningKey key = read(file);
					this.byKid.put(key.kid(), key);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the code keys in " + this.folder, ex);
		}
		this.ciphers = ThreadLocal.withInitial(() -> {
			try {
				Cipher encrypt = Cipher.getInstance("AES/ECB/NoPadding");
				encrypt.init(Cipher.ENCRYPT_MODE, this.pseudonymKey);
				Cipher decrypt = Cipher.getInstance("AES/ECB/NoPadding");
				decrypt.init(Cipher.DECRYPT_MODE, this.pseudonymKey);
				return new Cipher[] { encrypt, decrypt };
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		});
		rotate();
	}

	/**
	 * Makes a new signing key when the newest of the configured algorithm is older than
	 * the rotation period (checked daily and at start).
	 */
	@Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT6H")
	public synchronized void rotate() {
		Instant now = this.clock.instant();
		SigningKey newest = this.byKid.values()
			.stream()
			.filter(k -> k.algorithm() == this.algorithm && k.canSign())
			.max(Comparator.comparing(SigningKey::createdAt))
			.orElse(null);
		if (newest == null || newest.createdAt().plus(this.rotation).isBefore(now)) {
			String kid = this.algorithm.name().substring(0, 2).toLowerCase(java.util.Locale.ROOT) + "-"
					+ DAY.format(now) + "-" + HexFormat.of().toHexDigits((short) this.random.nextInt());
			newest = SigningKey.generate(kid, this.algorithm, now);
			write(newest);
			this.byKid.put(kid, newest);
			log.info("New {} code-signing key {} in {}", this.algorithm, kid, this.folder);
		}
		this.signing = newest;
	}

	/**
	 * @return the key that signs new tokens
	 */
	public SigningKey signing() {
		return this.signing;
	}

	/**
	 * A key by its id.
	 * @param kid the id
	 * @return the key, or {@code null} if unknown
	 */
	public SigningKey byKid(String kid) {
		return this.byKid.get(kid);
	}

	/**
	 * @return every key, newest first
	 */
	public List<SigningKey> all() {
		List<SigningKey> keys = new ArrayList<>(this.byKid.values());
		keys.sort(Comparator.comparing(SigningKey::createdAt).reversed().thenComparing(SigningKey::kid));
		return keys;
	}

	/**
	 * A new pseudonym of a person: AES of the id and 8 random bytes, so that two tokens
	 * of one person share nothing a venue could link.
	 * @param personId the person
	 * @return 16 bytes
	 */
	public byte[] pseudonym(long personId) {
		byte[] block = new byte[16];
		this.random.nextBytes(block);
		for (int i = 0; i < 8; i++) {
			block[i] = (byte) (personId >>> (56 - 8 * i));
		}
		try {
			return this.ciphers.get()[0].doFinal(block);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The person behind a pseudonym.
	 * @param pseudonym 16 bytes
	 * @return the person id
	 */
	public long person(byte[] pseudonym) {
		if (pseudonym.length != 16) {
			throw new IllegalArgumentException("a pseudonym has 16 bytes");
		}
		try {
			byte[] block = this.ciphers.get()[1].doFinal(pseudonym);
			long id = 0;
			for (int i = 0; i < 8; i++) {
				id = (id << 8) | (block[i] & 0xff);
			}
			return id;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] pseudonymKey() throws IOException {
		Path file = this.folder.resolve("pseudonym.aes");
		if (Files.exists(file)) {
			return Base64.getDecoder().decode(Files.readString(file).strip());
		}
		byte[] key = new byte[16];
		this.random.nextBytes(key);
		Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
		restrict(file, "rw-------");
		return key;
	}

	private SigningKey read(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		try {
			String privateText = properties.getProperty("private");
			return SigningKey.load(properties.getProperty("kid"), Algorithm.valueOf(properties.getProperty("alg")),
					Instant.parse(properties.getProperty("created")),
					(privateText == null) ? null : Base64.getDecoder().decode(privateText),
					Base64.getDecoder().decode(properties.getProperty("public")));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("the code key " + file + " cannot be read", ex);
		}
	}

	private void write(SigningKey key) {
		Properties properties = new Properties();
		properties.setProperty("kid", key.kid());
		properties.setProperty("alg", key.algorithm().name());
		properties.setProperty("created", key.createdAt().toString());
		properties.setProperty("private", Base64.getEncoder().encodeToString(key.privateBytes()));
		properties.setProperty("public", Base64.getEncoder().encodeToString(key.publicBytes()));
		Path file = this.folder.resolve(key.kid() + ".key");
		try {
			Files.createFile(file);
			restrict(file, "rw-------");
			try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				properties.store(writer, "EpiGrid code-signing key: keep secret, back up with the data folder");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the code key " + file, ex);
		}
	}

	private static void restrict(Path path, String permissions) {
		try {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
		}
		catch (UnsupportedOperationException | IOException ex) {
			// not a POSIX file system: the folder's own protection applies
		}
	}

}
