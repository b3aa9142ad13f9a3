package org.epigrid.testing.internal.certificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The seal key is made once, into the data folder, and is the same after a restart.
 */
class SealKeyTests {

	private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));

	@TempDir
	Path home;

	@Test
	void isMadeAtTheFirstStartAndIsTheSameAfterARestart() throws Exception {
		SealKey first = new SealKey(this.home, "某市疾病预防控制中心", CLOCK);
		// a restart, a year later, with another institution configured: the same key
		SealKey second = new SealKey(this.home, "Another lab", Clock.offset(CLOCK, java.time.Duration.ofDays(365)));
		assertThat(second.certificate()).isEqualTo(first.certificate());
		assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
		assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).hasSize(64);

		X509Certificate certificate = first.certificate();
		X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
		assertThat(value(subject, BCStyle.CN)).isEqualTo("EpiGrid 核酸检测机构电子印章");
		assertThat(value(subject, BCStyle.O)).isEqualTo("某市疾病预防控制中心");
		assertThat(value(subject, BCStyle.C)).isEqualTo("CN");
		assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
		certificate.verify(certificate.getPublicKey());
		assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
		// digitalSignature (0) and nonRepudiation (1) only; not a CA
		assertThat(certificate.getKeyUsage()).startsWith(true, true, false, false, false, false);
		assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.15");
		assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
		assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW);
		assertThat(certificate.getNotAfter().toInstant())
			.isEqualTo(NOW.atZone(ZoneOffset.UTC).plusYears(10).toInstant());
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
	}

	@Test
	void theKeyIsReadableByTheOwnerOnly() throws Exception {
		SealKey key = new SealKey(this.home, "某市疾病预防控制中心", CLOCK);
		Path folder = this.home.resolve("keys/testing");
		assertThat(key.folder()).isEqualTo(folder);
		assertThat(Files.getPosixFilePermissions(folder.resolve("seal.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(Files.readString(folder.resolve("seal.crt"))).startsWith("-----BEGIN CERTIFICATE-----\n");
		try (var files = Files.list(folder)) {
			assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("seal.key", "seal.crt");
		}
	}

	@Test
	void aCertificateOfAnotherKeyIsRefused() throws Exception {
		new SealKey(this.home.resolve("a"), "A", CLOCK);
		new SealKey(this.home.resolve("b"), "B", CLOCK);
		Files.copy(this.home.resolve("b/keys/testing/seal.crt"), this.home.resolve("a/keys/testing/seal.crt"),
				StandardCopyOption.REPLACE_EXISTING);
		assertThatIllegalStateException().isThrownBy(() -> new SealKey(this.home.resolve("a"), "A", CLOCK))
			.withMessageContaining("is not the certificate of");
	}

	private static String value(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
		return IETFUtils.valueToString(name.getRDNs(type)[0].getFirst().getValue());
	}

}
