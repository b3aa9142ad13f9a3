package org.epigrid.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.epigrid.shared.ConflictException;
import org.epigrid.security.LoginThrottle;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.testing.internal.CertificateRepository;
import org.epigrid.testing.internal.CertificateRepository.Identity;
import org.epigrid.testing.internal.CertificateRepository.Issued;
import org.epigrid.testing.internal.CertificateRepository.SampleRow;
import org.epigrid.testing.internal.certificate.CertificateContent;
import org.epigrid.testing.internal.certificate.CertificatePdf;
import org.epigrid.testing.internal.certificate.SealKey;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A resident's samples and results, their sealed test certificates (D6) and the public
 * verification of a certificate by its id (J3). A certificate is issued for the person's
 * own sample with a result only; each issue is recorded with the SHA-256 of the PDF.
 */
@Service
public class TestCertificates {

	/** The path of the public verification page; the certificate's id follows. */
	public static final String VERIFICATION_PATH = "/p/certificates/";

	/** A certificate's id: 20 base62 characters. */
	public static final Pattern ID = Pattern.compile("[A-Za-z0-9]{20}");

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	/** A person's samples shown on their page: enough for years of rounds. */
	private static final int SAMPLES_SHOWN = 200;

	private final CertificateRepository repository;

	private final CertificatePdf pdf;

	private final SealKey seal;

	private final LoginThrottle throttle;

	private final MessageSource messages;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	TestCertificates(CertificateRepository repository, CertificatePdf pdf, SealKey seal, MessageSource messages,
			LoginThrottle throttle, Clock clock) {
		this.repository = repository;
		this.throttle = throttle;
		this.pdf = pdf;
		this.seal = seal;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * A person's samples, newest first, with their tubes' results (for the person's own
	 * view: the caller has checked that the person is theirs).
	 * @param personId the person
	 * @return the samples
	 */
	public List<ResidentSample> samples(long personId) {
		return this.repository.samples(personId, SAMPLES_SHOWN).stream().map(TestCertificates::resident).toList();
	}

	/**
	 * Issues a sealed certificate for one of the person's own samples with a result.
	 * @param personId the person (the caller has checked that the person is theirs)
	 * @param sampleId the sample
	 * @param baseUrl the platform's public address, for the verification URL
	 * @return the sealed PDF
	 * @throws NotFoundException if there is no such sample of this person
	 * @throws ConflictException (field {@code sampleId}) if the sample has no result yet,
	 * or its tube was invalid
	 */
	@Transactional
	public byte[] certificate(long personId, long sampleId, String baseUrl) {
		SampleRow sample = this.repository.sample(personId, sampleId)
			.orElseThrow(() -> new NotFoundException("sample " + sampleId));
		ResidentSample shown = resident(sample);
		if (!shown.certifiable()) {
			throw new ConflictException("sampleId",
					(sample.outcome() == null) ? "sample " + sampleId + " has no result yet: the lab has not reported"
							: shown.recall()
									? "sample " + sampleId
											+ " was in a positive pooled tube: a single-tube retest decides"
									: "sample " + sampleId
											+ " could not be tested (invalid): no certificate, take a new sample");
		}
		Identity identity = this.repository.identity(personId)
			.orElseThrow(() -> new NotFoundException("sample " + sampleId));
		String id = newId();
		Instant now = this.clock.instant();
		byte[] document = this.pdf.issue(new CertificateContent(id, Masking.name(identity.name()),
				Objects.requireNonNullElse(Masking.idNumber(identity.idNumber()), "-"), sample.sampledAt(),
				sample.siteName(), sample.tubeBarcode(), outcome(sample.outcome(), Locale.SIMPLIFIED_CHINESE),
				outcome(sample.outcome(), Locale.ENGLISH), sample.lab(), sample.testedAt(), now,
				baseUrl + VERIFICATION_PATH + id));
		this.repository.insert(id, sampleId, personId, now, sha256(document));
		return document;
	}

	/**
	 * What the public may check about a certificate. Limited per client address: after
	 * too many look-ups of ids that do not exist (see
	 * {@code epigrid.security.login.lookup-misses-per-client}) the client is refused for
	 * a while, so that nobody can walk the ids; look-ups that find a certificate are not
	 * counted.
	 * @param id the certificate's id as printed (anything: a malformed id is simply
	 * unknown)
	 * @param clientAddress who asks, may be {@code null}
	 * @return what it certified, empty if no certificate has this id
	 * @throws org.epigrid.shared.TooManyRequestsException if the client has looked up too
	 * many ids that do not exist
	 */
	public Optional<Verification> verify(String id, String clientAddress) {
		this.throttle.admitLookup(clientAddress);
		Optional<Verification> verification = verify(id);
		if (verification.isEmpty()) {
			this.throttle.lookupMissed(clientAddress);
		}
		return verification;
	}

	private Optional<Verification> verify(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			return Optional.empty();
		}
		Optional<Issued> found = this.repository.issued(id);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Issued issued = found.get();
		Optional<SampleRow> sample = this.repository.sample(issued.personId(), issued.sampleId());
		Identity identity = this.repository.identity(issued.personId()).orElse(new Identity(null, null));
		return sample.filter(s -> resident(s).certifiable())
			.map(s -> new Verification(issued.id(), Masking.name(identity.name()),
					Masking.idNumber(identity.idNumber()), s.sampledAt(), s.siteName(), s.tubeBarcode(),
					TubeOutcome.valueOf(s.outcome()), s.lab(), s.testedAt(), issued.issuedAt(), issued.sha256(),
					this.seal.fingerprint()));
	}

	private String outcome(String outcome, Locale locale) {
		return this.messages.getMessage("testing.outcome." + outcome, null, locale);
	}

	private String newId() {
		StringBuilder id = new StringBuilder(20);
		for (int i = 0; i < 20; i++) {
			id.append(BASE62.charAt(this.random.nextInt(BASE62.length())));
		}
		return id.toString();
	}

	private static String sha256(byte[] document) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ResidentSample resident(SampleRow row) {
		return new ResidentSample(row.id(), row.sampledAt(), row.siteName(), row.tubeBarcode(), row.roundName(),
				row.retest(), row.capacity() > 1, (row.outcome() == null) ? null : TubeOutcome.valueOf(row.outcome()),
				row.lab(), row.testedAt());
	}

	/**
	 * A sample on the person's own page.
	 *
	 * @param id the sample
	 * @param sampledAt when
	 * @param siteName where
	 * @param tubeBarcode the tube
	 * @param roundName the round
	 * @param retest a single-tube retest after a recall
	 * @param pooled the tube pooled several persons
	 * @param outcome the tube's result, {@code null} while pending
	 * @param lab the lab, {@code null} while pending
	 * @param testedAt when tested, {@code null} while pending
	 */
	public record ResidentSample(long id, Instant sampledAt, String siteName, String tubeBarcode, String roundName,
			boolean retest, boolean pooled, TubeOutcome outcome, String lab, Instant testedAt) {

		/**
		 * Whether a certificate can be issued for it: a negative tube, or a positive
		 * single tube (a positive pooled tube says only that one of its persons is
		 * positive: they are recalled for a single-tube retest).
		 * @return {@code true} if so
		 */
		public boolean certifiable() {
			return this.outcome == TubeOutcome.NEGATIVE || (this.outcome == TubeOutcome.POSITIVE && !this.pooled);
		}

		/**
		 * Whether the person was recalled for a retest by this sample's positive pooled
		 * tube.
		 * @return {@code true} if so
		 */
		public boolean recall() {
			return this.outcome == TubeOutcome.POSITIVE && this.pooled;
		}

		/**
		 * The key of the words for the result: {@code NEGATIVE}, {@code POSITIVE},
		 * {@code INVALID}, {@code RECALL} or {@code PENDING}.
		 * @return the key's last part
		 */
		public String state() {
			return (this.outcome == null) ? "PENDING" : recall() ? "RECALL" : this.outcome.name();
		}

	}

	/**
	 * What the public verification shows: masked personal data only.
	 *
	 * @param id the certificate's id
	 * @param maskedName the person's masked name
	 * @param maskedIdNumber the person's masked ID number
	 * @param sampledAt when sampled
	 * @param siteName where
	 * @param tubeBarcode the tube
	 * @param outcome the result
	 * @param lab the lab
	 * @param testedAt when tested
	 * @param issuedAt when the certificate was issued
	 * @param sha256 the SHA-256 of the PDF as issued (hex): a file with another hash is
	 * not the one issued
	 * @param sealFingerprint the SHA-256 fingerprint of the seal's certificate, to
	 * compare with the signature a PDF reader shows
	 */
	public record Verification(String id, String maskedName, String maskedIdNumber, Instant sampledAt, String siteName,
			String tubeBarcode, TubeOutcome outcome, String lab, Instant testedAt, Instant issuedAt, String sha256,
			String sealFingerprint) {
	}

}
