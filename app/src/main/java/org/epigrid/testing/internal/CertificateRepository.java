package org.epigrid.testing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A person's samples with their tubes' results, and the test certificates issued for
 * them. Persons' names and ID numbers are read through population's published view
 * {@code population_person_profile}.
 */
@Repository
public class CertificateRepository {

	private static final String SAMPLE = """
			SELECT s.id, s.person_id, s.sampled_at, s.retest, t.capacity, st.name AS site_name, t.barcode, r.name AS round_name,
			       t.outcome, t.lab, t.tested_at
			FROM testing_sample s
			JOIN testing_tube t ON t.id = s.tube_id
			JOIN sampling_site st ON st.id = s.site_id
			JOIN testing_round r ON r.id = s.round_id
			""";

	private final JdbcClient jdbc;

	CertificateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A person's samples, newest first.
	 * @param personId the person
	 * @param limit at most this many
	 * @return the samples
	 */
	public List<SampleRow> samples(long personId, int limit) {
		return this.jdbc.sql(SAMPLE + " WHERE s.person_id = :p ORDER BY s.sampled_at DESC, s.id DESC LIMIT :limit")
			.param("p", personId)
			.param("limit", limit)
			.query(CertificateRepository::sample)
			.list();
	}

	/**
	 * One sample of a person.
	 * @param personId the person
	 * @param sampleId the sample
	 * @return the sample, empty if there is none or it is another person's
	 */
	public Optional<SampleRow> sample(long personId, long sampleId) {
		return this.jdbc.sql(SAMPLE + " WHERE s.id = :s AND s.person_id = :p")
			.param("s", sampleId)
			.param("p", personId)
			.query(CertificateRepository::sample)
			.optional();
	}

	/**
	 * A person's name and ID number.
	 * @param personId the person
	 * @return them, empty if the person is gone (merged away)
	 */
	public Optional<Identity> identity(long personId) {
		return this.jdbc.sql("SELECT name, document_number FROM population_person_profile WHERE person_id = :p")
			.param("p", personId)
			.query((rs, i) -> new Identity(rs.getString(1), rs.getString(2)))
			.optional();
	}

	/**
	 * Records an issued certificate.
	 * @param id its id
	 * @param sampleId the sample
	 * @param personId the person
	 * @param issuedAt when
	 * @param sha256 the PDF's SHA-256, hex
	 */
	public void insert(String id, long sampleId, long personId, Instant issuedAt, String sha256) {
		this.jdbc.sql("""
				INSERT INTO testing_certificate (id, sample_id, person_id, issued_at, sha256)
				VALUES (:id, :sample, :person, :at, :sha)
				""")
			.param("id", id)
			.param("sample", sampleId)
			.param("person", personId)
			.param("at", Timestamp.from(issuedAt))
			.param("sha", sha256)
			.update();
	}

	/**
	 * An issued certificate with its sample.
	 * @param id the certificate's id
	 * @return it, empty if there is none
	 */
	public Optional<Issued> issued(String id) {
		return this.jdbc.sql("""
				SELECT c.id, c.issued_at, c.sha256, c.sample_id, c.person_id
				FROM testing_certificate c WHERE c.id = :id
				""")
			.param("id", id)
			.query((rs, i) -> new Issued(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getLong(4), rs.getLong(5)))
			.optional();
	}

	private static SampleRow sample(ResultSet rs, int row) throws SQLException {
		Timestamp tested = rs.getTimestamp("tested_at");
		return new SampleRow(rs.getLong("id"), rs.getLong("person_id"), rs.getTimestamp("sampled_at").toInstant(),
				rs.getBoolean("retest"), rs.getInt("capacity"), rs.getString("site_name"), rs.getString("barcode"),
				rs.getString("round_name"), rs.getString("outcome"), rs.getString("lab"),
				(tested == null) ? null : tested.toInstant());
	}

	/**
	 * A sample and its tube's result.
	 *
	 * @param id the sample
	 * @param personId the person
	 * @param sampledAt when
	 * @param retest a retest of a recalled person
	 * @param capacity persons the tube takes (1: a single tube)
	 * @param siteName the site
	 * @param tubeBarcode the tube
	 * @param roundName the round
	 * @param outcome NEGATIVE, POSITIVE, INVALID, or {@code null} while pending
	 * @param lab the lab, {@code null} while pending
	 * @param testedAt when tested, {@code null} while pending
	 */
	public record SampleRow(long id, long personId, Instant sampledAt, boolean retest, int capacity, String siteName,
			String tubeBarcode, String roundName, String outcome, String lab, Instant testedAt) {
	}

	/**
	 * A person's name and ID number, unmasked.
	 *
	 * @param name the name
	 * @param idNumber the document number
	 */
	public record Identity(String name, String idNumber) {
	}

	/**
	 * An issued certificate.
	 *
	 * @param id its id
	 * @param issuedAt when
	 * @param sha256 the PDF's SHA-256
	 * @param sampleId the sample
	 * @param personId the person
	 */
	public record Issued(String id, Instant issuedAt, String sha256, long sampleId, long personId) {
	}

}
