package org.epigrid.testing.internal.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.epigrid.testing.internal.TestingProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Seals a PDF with the institution's key ({@link SealKey}): a PAdES baseline B-B
 * signature (ETSI EN 319 142-1) added as an incremental update — filter
 * {@code Adobe.PPKLite}, sub-filter {@code ETSI.CAdES.detached}, a detached CMS
 * SignedData over the whole file but the signature's own hole, SHA-256 with RSA, the
 * certificate embedded, the signed attributes content-type, message-digest and ESS
 * signing-certificate-v2 (and no signing-time: PAdES puts the time in the signature
 * dictionary's {@code M}, from the clock). The signer's name, reason and location are
 * filled. Changing any byte of the signed file breaks the signature. Thread-safe.
 */
@Component
public class PdfSeal {

	/** The sub-filter of a PAdES signature. */
	public static final COSName ETSI_CADES_DETACHED = COSName.getPDFName("ETSI.CAdES.detached");

	/** Room for the CMS in the signature's hole: 3-4 KB are used. */
	static final int SIGNATURE_ROOM = 8192;

	private final SealKey key;

	private final String institution;

	private final String location;

	private final String reason;

	private final Clock clock;

	private final ESSCertIDv2 certificateId;

	@Autowired
	PdfSeal(SealKey key, TestingProperties properties, MessageSource messages, Clock clock) {
		this(key, properties.seal(),
				messages.getMessage("testing.certificate.sealReason", null, Locale.SIMPLIFIED_CHINESE) + " / "
						+ messages.getMessage("testing.certificate.sealReason", null, Locale.ENGLISH),
				clock);
	}

	/**
	 * A seal.
	 * @param key the key
	 * @param seal the institution and location
	 * @param reason the reason shown by PDF readers
	 * @param clock the signing time
	 */
	PdfSeal(SealKey key, TestingProperties.Seal seal, String reason, Clock clock) {
		this.key = key;
		this.institution = seal.institution();
		this.location = seal.location();
		this.reason = reason;
		this.clock = clock;
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
			JcaX509CertificateHolder holder = new JcaX509CertificateHolder(key.certificate());
			// SHA-256 is the default hash of an ESSCertIDv2: DER leaves its identifier
			// out
			this.certificateId = new ESSCertIDv2(hash,
					new IssuerSerial(new GeneralNames(new GeneralName(X500Name.getInstance(holder.getIssuer()))),
							holder.getSerialNumber()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the seal's certificate cannot be encoded", ex);
		}
	}

	/**
	 * Seals a PDF.
	 * @param pdf a PDF (unsigned, or signed before: the new signature is added as an
	 * incremental update and leaves the earlier ones valid)
	 * @return the sealed PDF: the bytes given, followed by the update holding the
	 * signature
	 * @throws IllegalArgumentException if the bytes are not a PDF
	 */
	public byte[] sign(byte[] pdf) {
		PDDocument document;
		try {
			document = Loader.loadPDF(pdf);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("not a PDF: " + ex.getMessage(), ex);
		}
		try (document; SignatureOptions options = new SignatureOptions()) {
			PDSignature signature = new PDSignature();
			signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
			signature.setSubFilter(ETSI_CADES_DETACHED);
			signature.setName(this.institution);
			signature.setLocation(this.location);
			signature.setReason(this.reason);
			signature.setSignDate(signingTime());
			options.setPreferredSignatureSize(SIGNATURE_ROOM);
			document.addSignature(signature, options);
			ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * SIGNATURE_ROOM + 4096);
			ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
			external.setSignature(cms(external.getContent()));
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot seal the PDF", ex);
		}
	}

	private Calendar signingTime() {
		GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone(this.clock.getZone()), Locale.ROOT);
		calendar.setTimeInMillis(this.clock.millis() / 1000 * 1000);
		return calendar;
	}

	/** The detached CMS SignedData of the signed bytes (DER). */
	private byte[] cms(InputStream content) throws IOException {
		try {
			CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
			generator.addSignerInfoGenerator(
					new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
						.setSignedAttributeGenerator(new PadesAttributes(this.certificateId))
						.build(new JcaContentSignerBuilder("SHA256withRSA").build(this.key.privateKey()),
								this.key.certificate()));
			generator.addCertificate(new JcaX509CertificateHolder(this.key.certificate()));
			return generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false)
				.getEncoded(ASN1Encoding.DER);
		}
		catch (OperatorCreationException | CMSException | CertificateEncodingException ex) {
			throw new IllegalStateException("cannot sign with the seal key", ex);
		}
	}

	/**
	 * The signed attributes of a PAdES B-B signature: BouncyCastle's (content-type,
	 * message-digest, CMS algorithm protection) without signing-time, with ESS
	 * signing-certificate-v2 that binds the signer's certificate into the signature.
	 */
	private static final class PadesAttributes implements CMSAttributeTableGenerator {

		private final Attribute signingCertificate;

		private final DefaultSignedAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator();

		PadesAttributes(ESSCertIDv2 certificateId) {
			this.signingCertificate = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
					new DERSet(new SigningCertificateV2(new ESSCertIDv2[] { certificateId })));
		}

		@Override
		@SuppressWarnings("rawtypes")
		public AttributeTable getAttributes(Map parameters) {
			return this.defaults.getAttributes(parameters)
				.remove(CMSAttributes.signingTime)
				.add(this.signingCertificate.getAttrType(), this.signingCertificate.getAttrValues().getObjectAt(0));
		}

	}

}
