package org.epigrid.testing.internal.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.support.Bundles;
import org.epigrid.support.QrDecoder;
import org.epigrid.testing.internal.TestingProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A sealed certificate's signature is checked by code other than the one that made it:
 * BouncyCastle's CMS verifier over the bytes the ByteRange names (read from the file, not
 * through the signing code), and poppler's {@code pdfsig} (NSS) when installed (Debian:
 * {@code poppler-utils}). One changed byte breaks it for both.
 */
class CertificatePdfTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T04:00:00Z"), ZoneId.of("Asia/Shanghai"));

	private static final String URL = "https://epigrid.example.cn/public/certificates/C20261207-000042";

	private static final CertificateContent CONTENT = new CertificateContent("C20261207-000042", "张*三",
			"110***********1234", Instant.parse("2026-12-06T23:15:00Z"), "东湖社区文化广场采样点", "T00012345678", "阴性",
			"Negative", "某市第一人民医院检验科", Instant.parse("2026-12-07T03:40:00Z"), Instant.parse("2026-12-07T04:00:00Z"),
			URL);

	@TempDir
	static Path home;

	private static SealKey key;

	private static byte[] sealed;

	@BeforeAll
	static void issue() {
		key = new SealKey(home, "某市疾病预防控制中心", CLOCK);
		TestingProperties.Seal seal = new TestingProperties.Seal("某市疾病预防控制中心", "某市 Mou City");
		CertificatePdf certificates = new CertificatePdf(
				new CertificateLayout(new PdfKit(""), Bundles.messages(), seal.institution(), CLOCK.getZone()),
				new PdfSeal(key, seal, "核酸检测报告电子印章 / Electronic seal of a nucleic acid test certificate", CLOCK));
		sealed = certificates.issue(CONTENT);
	}

	@Test
	void theSignatureVerifiesOverTheWholeFileButItsHoleWithTheSealsCertificate() throws Exception {
		Check check = Check.of(sealed);
		assertThat(check.coversWholeFileButTheHole()).isTrue();
		assertThat(check.valid()).isTrue();
		assertThat(check.signer()).isEqualTo(key.certificate());
	}

	@Test
	void theSignatureIsPadesBaselineB() throws Exception {
		try (PDDocument document = Loader.loadPDF(sealed)) {
			PDSignature signature = document.getLastSignatureDictionary();
			assertThat(signature.getFilter()).isEqualTo("Adobe.PPKLite");
			assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
			assertThat(signature.getName()).isEqualTo("某市疾病预防控制中心");
			assertThat(signature.getLocation()).isEqualTo("某市 Mou City");
			assertThat(signature.getReason()).startsWith("核酸检测报告电子印章");
			assertThat(signature.getSignDate().toInstant()).isEqualTo(CLOCK.instant());
		}
		SignerInformation signer = Check.of(sealed).signerInformation();
		assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1");
		assertThat(signer.getEncryptionAlgOID()).isEqualTo(PKCSObjectIdentifiers.sha256WithRSAEncryption.getId());
		AttributeTable attributes = signer.getSignedAttributes();
		// PAdES: the time is the dictionary's M, not a signed attribute
		assertThat(attributes.get(CMSAttributes.signingTime)).isNull();
		assertThat(attributes.get(CMSAttributes.contentType)).isNotNull();
		assertThat(attributes.get(CMSAttributes.messageDigest)).isNotNull();
		ASN1Encodable value = attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)
			.getAttrValues()
			.getObjectAt(0);
		byte[] hash = SigningCertificateV2.getInstance(value).getCerts()[0].getCertHash();
		assertThat(hash).isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded()));
	}

	@Test
	void pdfsigSaysTheSignatureIsValid() throws Exception {
		String out = pdfsig(sealed);
		assertThat(out).contains("Signature Validation: Signature is Valid.")
			.contains("某市疾病预防控制中心")
			.contains("ETSI.CAdES.detached");
	}

	@Test
	void aChangedByteInThePagesTextBreaksTheSeal() throws Exception {
		byte[] tampered = sealed.clone();
		int at = pageContentStream(sealed) + 20;
		tampered[at] ^= 0x01;
		assertBroken(tampered, at);
	}

	@Test
	void aChangedDigitOfTheSigningTimeBreaksTheSeal() throws Exception {
		byte[] tampered = sealed.clone();
		int at = new String(sealed, StandardCharsets.ISO_8859_1).lastIndexOf("/M (D:") + "/M (D:".length() + 3;
		assertThat((char) sealed[at]).isEqualTo('6');
		tampered[at] = '7';
		assertBroken(tampered, at);
	}

	@Test
	void thePageSaysWhoWhatAndWhichCertificate() throws Exception {
		try (PDDocument document = Loader.loadPDF(sealed)) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			String text = new PDFTextStripper().getText(document);
			assertThat(text)
				.contains("核酸检测报告", "Nucleic acid test certificate", "张*三", "110***********1234", "阴性", "Negative",
						"C20261207-000042", "T00012345678", "东湖社区文化广场采样点", "某市第一人民医院检验科", "某市疾病预防控制中心")
				// times in the platform's zone
				.contains("2026-12-07 07:15", "2026-12-07 11:40", "2026-12-07 12:00");
		}
	}

	@Test
	void theQrCodeOpensTheVerificationPage() throws Exception {
		assertThat(QrDecoder.decodePdf(sealed, CertificateLayout.QR, 300)).isEqualTo(URL);
	}

	@Test
	void aSecondSealLeavesTheFirstValid() throws Exception {
		PdfSeal seal = new PdfSeal(key, new TestingProperties.Seal("复核机构", "某市"), "复核", CLOCK);
		byte[] twice = seal.sign(sealed);
		assertThat(java.util.Arrays.copyOf(twice, sealed.length)).isEqualTo(sealed);
		assertThat(Check.of(twice).valid()).isTrue();
		assertThat(Check.of(twice).coversWholeFileButTheHole()).isTrue();
		// the first signature still verifies over its own range
		assertThat(Check.of(java.util.Arrays.copyOf(twice, sealed.length)).valid()).isTrue();
	}

	@Test
	void sealsInParallelAreEachValid() throws Exception {
		PdfSeal seal = new PdfSeal(key, new TestingProperties.Seal("某市疾病预防控制中心", "某市"), "核酸检测报告电子印章", CLOCK);
		byte[] unsigned = new CertificateLayout(new PdfKit(""), Bundles.messages(), "某市疾病预防控制中心", CLOCK.getZone())
			.draw(CONTENT);
		List<byte[]> signed;
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			List<Future<byte[]>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				futures.add(pool.submit(() -> seal.sign(unsigned)));
			}
			signed = new ArrayList<>();
			for (Future<byte[]> future : futures) {
				signed.add(future.get());
			}
		}
		for (byte[] pdf : signed) {
			assertThat(Check.of(pdf).valid()).isTrue();
			assertThat(Check.of(pdf).signer()).isEqualTo(key.certificate());
		}
	}

	private static void assertBroken(byte[] tampered, int at) throws Exception {
		Check check = Check.of(tampered);
		int[] range = check.range();
		assertThat(at).as("the changed byte is signed").isLessThan(range[1]);
		assertThat(check.coversWholeFileButTheHole()).isTrue();
		assertThat(check.valid()).isFalse();
		if (pdfsigInstalled()) {
			assertThat(pdfsig(tampered)).contains("Signature Validation:")
				.doesNotContain("Signature Validation: Signature is Valid.");
		}
	}

	/** Where the data of the page's content stream start in the file. */
	private static int pageContentStream(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			COSBase contents = document.getPage(0).getCOSObject().getItem(COSName.CONTENTS);
			COSObjectKey objectKey = contents.getKey();
			long offset = document.getDocument().getXrefTable().get(objectKey);
			String file = new String(pdf, StandardCharsets.ISO_8859_1);
			assertThat(file.substring((int) offset)).startsWith(objectKey.getNumber() + " 0 obj");
			int stream = file.indexOf("stream", (int) offset) + "stream".length();
			return stream + ((file.charAt(stream) == '\r') ? 2 : 1);
		}
	}

	private static boolean pdfsigInstalled() {
		try {
			Process process = new ProcessBuilder("pdfsig", "-v").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	/** Poppler's verdict (NSS), or the test skipped where poppler-utils is missing. */
	private static String pdfsig(byte[] pdf) throws Exception {
		assumeTrue(pdfsigInstalled(), "pdfsig (poppler-utils) is not installed");
		Path file = Files.createTempFile(home, "certificate", ".pdf");
		Files.write(file, pdf);
		// NSS without a certificate database: the signature is checked, the self-signed
		// issuer is unknown (which is not what is tested)
		Process process = new ProcessBuilder("pdfsig", file.toString()).redirectErrorStream(true).start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		process.getInputStream().transferTo(out);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return out.toString(StandardCharsets.UTF_8);
	}

	/**
	 * An independent check of the last signature: the ByteRange read by PDFBox's parser,
	 * the signed bytes and the CMS hole cut from the file here, the CMS checked by
	 * BouncyCastle with the certificate it carries.
	 */
	private record Check(int[] range, boolean coversWholeFileButTheHole, boolean valid, X509Certificate signer,
			SignerInformation signerInformation) {

		static Check of(byte[] pdf) throws Exception {
			int[] range;
			try (PDDocument document = Loader.loadPDF(pdf)) {
				range = document.getLastSignatureDictionary().getByteRange();
			}
			assertThat(range).hasSize(4);
			boolean whole = range[0] == 0 && range[1] < range[2] && (long) range[2] + range[3] == pdf.length;
			String hole = new String(pdf, range[1], range[2] - range[1], StandardCharsets.ISO_8859_1);
			whole &= hole.matches("<[0-9A-Fa-f]+>");
			ByteArrayOutputStream signed = new ByteArrayOutputStream();
			signed.write(pdf, range[0], range[1]);
			signed.write(pdf, range[2], range[3]);
			byte[] der = HexFormat.of().parseHex(hole.substring(1, hole.length() - 1));
			CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed.toByteArray()), der);
			assertThat(cms.getSignerInfos().size()).isEqualTo(1);
			SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
			@SuppressWarnings("unchecked")
			Collection<X509CertificateHolder> certificates = cms.getCertificates().getMatches(signer.getSID());
			X509CertificateHolder certificate = certificates.iterator().next();
			boolean valid;
			try {
				valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
			}
			catch (CMSException ex) {
				// BouncyCastle says a changed digest with an exception
				valid = false;
			}
			return new Check(range, whole, valid, new JcaX509CertificateConverter().getCertificate(certificate),
					signer);
		}

	}

}
