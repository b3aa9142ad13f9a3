package org.epigrid.testing;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.Masking;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.epigrid.testing.LabResultManagement.Delivery;
import org.epigrid.testing.internal.certificate.SealKey;
import org.epigrid.testing.internal.lab.LabResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident's certificate end to end: a person sampled into a pooled tube, the lab's
 * negative result received, the resident logged in with the outbox code sees the sample
 * and fetches the sealed PDF; its signature verifies with BouncyCastle over the ByteRange
 * read from the file (not our code path) and one changed byte breaks it; the public
 * verification answers the masked data and the PDF's hash; another person's sample, a
 * missing one, an unknown and a malformed certificate id answer 404; a sample without a
 * result is refused in words.
 */
@IntegrationTest
class ResidentCertificateIntegrationTests extends AdminApiTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	UserManagement users;

	@Autowired
	LabResultManagement results;

	@Autowired
	SealKey seal;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void aResidentFetchesTheSealedCertificateOfTheirNegativeSampleAndThePublicVerifiesIt() throws Exception {
		record Person(long id, String phone, String name, String idNumber, String path) {
		}
		// a person with an ID card and a phone of their own, and another of the same grid
		List<Person> people = this.jdbc.sql("""
				SELECT min(id), phone, min(name), min(document_number), min(path) FROM person
				WHERE phone LIKE '1%' AND merged_into IS NULL AND document_number ~ '^[0-9]{17}[0-9X]$'
				GROUP BY phone HAVING count(*) = 1 ORDER BY phone LIMIT 2 OFFSET 40
				""")
			.query((rs, i) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
		Person me = people.get(0);
		Person other = people.get(1);
		long grid = this.jdbc.sql("SELECT testing_grid_of(:p)").param("p", me.path()).query(Long.class).single();
		long site = created(this.api.post(this.admin, "/api/v1/testing/sites", """
				{"name":"证书测试采样点","kind":"MASS","divisionId":%d,"address":"证书路1号","lon":120.6,"lat":31.4,
				 "stations":2,"capacityPerHour":120}""".formatted(grid))).get("id").asLong();
		String username = "cert-sampler-" + site;
		long userId = this.users.create(new NewUser(username, "采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		assertThat(this.api.put(this.admin, "/api/v1/testing/sites/" + site + "/staff/" + userId, "").status())
			.isEqualTo(204);
		String sampler = this.api.token(username, "sampler-password");
		long round = round(grid, "证书测试轮次");
		String tube = "CERT-" + round;
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(tube, round, site)));
		created(this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/samples",
				"{\"idNumber\":\"" + me.idNumber() + "\"}"));
		created(this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/samples",
				"{\"idNumber\":\"" + other.idNumber() + "\"}"));
		assertThat(this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/closing", "").status()).isEqualTo(200);
		Instant tested = this.clock.instant();
		this.results.receive(new Delivery("API", "某实验室", null, "test",
				List.of(new LabResult(tube, TubeOutcome.NEGATIVE, null, "某实验室", tested)), List.of()));
		long mine = sampleOf(me.id(), tube);
		long theirs = sampleOf(other.id(), tube);

		Resident resident = Resident.logIn(this.port, this.jdbc, me.phone());
		HttpResponse<String> page = resident.get("/r/tests");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(tube)
			.contains("证书测试采样点")
			.contains("/r/tests/" + mine + "/certificate.pdf")
			.contains("阴性");

		HttpResponse<byte[]> pdf = resident.bytes("/r/tests/" + mine + "/certificate.pdf");
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
		byte[] document = pdf.body();
		assertThat(new String(document, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
		assertThat(signatureValid(document)).isTrue();
		byte[] tampered = document.clone();
		int[] range = byteRange(document);
		int at = range[1] / 2;
		tampered[at] = (byte) (tampered[at] ^ 0x01);
		assertThat(signatureValid(tampered)).isFalse();

		// recorded, with the PDF's hash
		record Issued(String id, String sha256) {
		}
		Issued issued = this.jdbc.sql("SELECT id, sha256 FROM testing_certificate WHERE sample_id = :s")
			.param("s", mine)
			.query((rs, i) -> new Issued(rs.getString(1), rs.getString(2)))
			.single();
		assertThat(issued.id()).matches("[A-Za-z0-9]{20}");
		assertThat(issued.sha256())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document)));

		// the public verification: masked data only, no login; a certificate found is not
		// counted against the client's look-ups, an unknown id is
		long missesBefore = lookupMisses();
		Response verification = this.api.get(null, "/api/v1/public/certificates/" + issued.id() + "/verification");
		assertThat(verification.status()).as(verification.body()).isEqualTo(200);
		assertThat(lookupMisses()).isEqualTo(missesBefore);
		JsonNode v = verification.json();
		assertThat(v.get("maskedName").asString()).isEqualTo(Masking.name(me.name())).isNotEqualTo(me.name());
		assertThat(v.get("maskedIdNumber").asString()).isEqualTo(Masking.idNumber(me.idNumber()));
		assertThat(verification.body()).doesNotContain(me.idNumber()).doesNotContain(me.name());
		assertThat(v.get("outcome").asString()).isEqualTo("NEGATIVE");
		assertThat(v.get("lab").asString()).isEqualTo("某实验室");
		assertThat(v.get("sha256").asString()).isEqualTo(issued.sha256());
		assertThat(v.get("sealFingerprint").asString()).isEqualTo(this.seal.fingerprint());
		assertThat(this.api.get(null, "/api/v1/public/certificates/" + "A".repeat(20) + "/verification").status())
			.isEqualTo(404);
		assertThat(this.api.get(null, "/api/v1/public/certificates/abc-1/verification").status()).isEqualTo(404);
		assertThat(lookupMisses()).isEqualTo(missesBefore + 2);
		HttpClient anonymous = HttpClient.newHttpClient();
		HttpResponse<String> publicPage = anonymous
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/p/certificates/" + issued.id()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(publicPage.statusCode()).isEqualTo(200);
		assertThat(publicPage.body()).contains(Masking.name(me.name()))
			.contains(this.seal.fingerprint())
			.contains("id=\"verdict\"")
			.doesNotContain(me.idNumber());
		HttpResponse<String> unknownPage = anonymous.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/p/certificates/nope")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(unknownPage.statusCode()).isEqualTo(404);
		assertThat(unknownPage.body()).contains("查无此报告");

		// another person's sample and a missing one: the same 404, nothing issued
		assertThat(resident.bytes("/r/tests/" + theirs + "/certificate.pdf").statusCode()).isEqualTo(404);
		assertThat(resident.bytes("/r/tests/" + (theirs + 1_000_000) + "/certificate.pdf").statusCode()).isEqualTo(404);
		assertThat(resident.bytes("/r/tests/" + mine + "/certificate.pdf?person=" + other.id()).statusCode())
			.isEqualTo(404);
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_certificate WHERE sample_id = :s")
			.param("s", theirs)
			.query(Long.class)
			.single()).isZero();

		// a sample without a result yet: refused in words
		long second = round(grid, "证书测试轮次（待出结果）");
		String pending = "CERT-P-" + second;
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(pending, second, site)));
		created(this.api.post(sampler, "/api/v1/testing/tubes/" + pending + "/samples",
				"{\"idNumber\":\"" + me.idNumber() + "\"}"));
		long waiting = sampleOf(me.id(), pending);
		HttpResponse<String> refused = resident.get("/r/tests/" + waiting + "/certificate.pdf");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("id=\"refused\"").contains("等待结果");
		assertThat(resident.get("/r/tests").body()).doesNotContain("/r/tests/" + waiting + "/certificate.pdf");
	}

	private long round(long grid, String name) {
		Instant now = this.clock.instant();
		return created(this.api.post(this.admin, "/api/v1/testing/rounds",
				"""
						{"name":"%s","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":10,"divisionIds":[%d]}"""
					.formatted(name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(6)), grid)))
			.get("id")
			.asLong();
	}

	private long sampleOf(long person, String tube) {
		return this.jdbc.sql("""
				SELECT s.id FROM testing_sample s JOIN testing_tube t ON t.id = s.tube_id
				WHERE s.person_id = :p AND t.barcode = :t""")
			.param("p", person)
			.param("t", tube)
			.query(Long.class)
			.single();
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	private static int[] byteRange(byte[] pdf) throws Exception {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return document.getLastSignatureDictionary().getByteRange();
		}
	}

	/**
	 * The last signature checked by BouncyCastle over the bytes the ByteRange names, read
	 * from the file (the CMS hole cut out here), with the certificate the CMS carries.
	 */
	private static boolean signatureValid(byte[] pdf) throws Exception {
		int[] range = byteRange(pdf);
		assertThat(range).hasSize(4);
		assertThat(range[0]).isZero();
		assertThat((long) range[2] + range[3]).isEqualTo(pdf.length);
		String hole = new String(pdf, range[1], range[2] - range[1], StandardCharsets.ISO_8859_1);
		assertThat(hole).matches("<[0-9A-Fa-f]+>");
		ByteArrayOutputStream signed = new ByteArrayOutputStream();
		signed.write(pdf, range[0], range[1]);
		signed.write(pdf, range[2], range[3]);
		byte[] der = HexFormat.of().parseHex(hole.substring(1, hole.length() - 1));
		CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed.toByteArray()), der);
		SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
		@SuppressWarnings("unchecked")
		Collection<X509CertificateHolder> certificates = cms.getCertificates().getMatches(signer.getSID());
		try {
			return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificates.iterator().next()));
		}
		catch (CMSException ex) {
			// BouncyCastle says a changed digest with an exception
			return false;
		}
	}

	private long lookupMisses() {
		return this.jdbc.sql("SELECT coalesce(sum(attempts), 0) FROM login_throttle WHERE scope = 'LOOKUP_MISS'")
			.query(Long.class)
			.single();
	}

	/**
	 * A resident's phone: logged in with the code from the outbox, keeping the cookie.
	 */
	private record Resident(HttpClient http, int port) {

		static Resident logIn(int port, org.springframework.jdbc.core.simple.JdbcClient jdbc, String phone)
				throws Exception {
			Resident resident = new Resident(HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), port);
			String csrf = csrf(resident.get("/r/login").body());
			csrf = csrf(resident.post("/r/login/code", "phone=" + phone + "&_csrf=" + encode(csrf)).body());
			HttpResponse<String> in = resident.post("/r/login",
					"phone=" + phone + "&code=" + LoginCodes.lastSentTo(jdbc, phone) + "&_csrf=" + encode(csrf));
			assertThat(in.statusCode()).as(in.body()).isEqualTo(302);
			return resident;
		}

		HttpResponse<String> get(String path) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<byte[]> bytes(String path) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}

		HttpResponse<String> post(String path, String form) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

		private static String csrf(String page) {
			Matcher m = CSRF.matcher(page);
			assertThat(m.find()).as(page).isTrue();
			return m.group(1);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
