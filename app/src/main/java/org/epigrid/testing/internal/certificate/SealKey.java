package org.epigrid.testing.internal.certificate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.testing.internal.TestingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The testing institution's seal: an RSA 3072 key and its self-signed X.509 certificate
 * ({@code CN=EpiGrid 核酸检测机构电子印章, O=<institution>, C=CN}, ten years, key usage digital
 * signature and non-repudiation), made at the first start into the data folder
 * ({@code keys/testing/seal.key}, readable by the owner only, and
 * {@code keys/testing/seal.crt}, the certificate to hand to whoever checks certificates
 * in a PDF reader) and read from there on later starts. RSA because every PDF verifier
 * checks it (Adobe, poppler/NSS, PDFBox). Immutable, thread-safe.
 */
@Component
public class SealKey {

	private static final Logger log = LoggerFactory.getLogger(SealKey.class);

	/** The common name of the seal's certificate. */
	static final String COMMON_NAME = "EpiGrid 核酸检测机构电子印章";

	static final int KEY_BITS = 3072;

	static final Period VALIDITY = Period.ofYears(10);

	private static final String KEY_FILE = "seal.key";

	private static final String CERTIFICATE_FILE = "seal.crt";

	private final Path folder;

	private final PrivateKey privateKey;

	private final X509Certificate certificate;

	@Autowired
	SealKey(PlatformSettings platform, TestingProperties properties, Clock clock) {
		this(platform.home(), properties.seal().institution(), clock);
	}

	/**
	 * The seal kept below a data folder, made there if it has none.
	 * @param home the data folder
	 * @param institution the institution named in a new certificate
	 * @param clock the start of a new certificate's validity
	 */
	SealKey(Path home, String institution, Clock clock) {
		this.folder = home.resolve("keys").resolve("testing");
		Path keyFile = this.folder.resolve(KEY_FILE);
		Path certificateFile = this.folder.resolve(CERTIFICATE_FILE);
		try {
			Files.createDirectories(this.folder);
			restrict(this.folder, "rwx------");
			// the key is written last: a key file means a complete seal
			if (!Files.exists(keyFile)) {
				generate(institution, clock.instant(), keyFile, certificateFile);
			}
			this.privateKey = readKey(keyFile);
			this.certificate = readCertificate(certificateFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or write the seal key in " + this.folder, ex);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("the seal key in " + this.folder + " cannot be read", ex);
		}
		if (!((RSAPrivateCrtKey) this.privateKey).getModulus()
			.equals(((RSAPublicKey) this.certificate.getPublicKey()).getModulus())) {
			throw new IllegalStateException(certificateFile + " is not the certificate of " + keyFile);
		}
	}

	/**
	 * @return the seal's certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * The SHA-256 fingerprint of the certificate, as PDF readers show it (e.g. for the
	 * public verification page, so that a reader can compare).
	 * @return 64 upper-case hex digits
	 */
	public String fingerprint() {
		try {
			return HexFormat.of()
				.withUpperCase()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(this.certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the private key (signing only)
	 */
	PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * @return the folder of the seal's files
	 */
	Path folder() {
		return this.folder;
	}

	private void generate(String institution, Instant now, Path keyFile, Path certificateFile)
			throws IOException, GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		SecureRandom random = new SecureRandom();
		generator.initialize(KEY_BITS, random);
		KeyPair pair = generator.generateKeyPair();
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
			.addRDN(BCStyle.O, institution)
			.addRDN(BCStyle.CN, COMMON_NAME)
			.build();
		Instant from = now.truncatedTo(ChronoUnit.SECONDS);
		Instant until = from.atZone(ZoneOffset.UTC).plus(VALIDITY).toInstant();
		X509Certificate certificate;
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(127, random).add(BigInteger.ONE), Date.from(from), Date.from(until), subject,
					pair.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(pair.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(pair.getPublic()));
			certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
		}
		catch (CertIOException | OperatorCreationException ex) {
			throw new GeneralSecurityException("cannot make the seal's certificate", ex);
		}
		write(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), "rw-r--r--");
		write(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
		log.info("New seal key of test certificates in {} (certificate SHA-256 {})", this.folder,
				HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
	}

	/** Writes a file whole (a temporary file moved into place), with its permissions. */
	private static void write(Path file, String text, String permissions) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".new");
		Files.deleteIfExists(temporary);
		Files.createFile(temporary);
		restrict(temporary, permissions);
		Files.writeString(temporary, text, StandardCharsets.US_ASCII);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
		String text = Files.readString(file, StandardCharsets.US_ASCII);
		String body = text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
		return KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body.strip())));
	}

	private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
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
