package org.epigrid.codes;

import java.util.EnumSet;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.epigrid.codes.internal.card.CodeCardLayout;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.DemoPersons;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.QrDecoder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A printed code card (C4): issued by ID number, printed as a PDF whose QR verifies at a
 * gate with the holder's colour now, and refused as REVOKED once revoked; all audited,
 * only within the staff member's jurisdiction.
 */
@IntegrationTest
class CodeCardIntegrationTests extends AdminApiTest {

	@Autowired
	UserManagement users;

	@Test
	void aPrintedCardVerifiesAtAGateUntilItIsRevoked() throws Exception {
		long person = person(0);
		String idNumber = idNumber(person);
		Response issued = this.api.post(this.admin, "/api/v1/codes/cards", "{\"idNumber\":\"" + idNumber + "\"}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(201);
		long card = issued.json().get("id").asLong();
		assertThat(issued.json().get("maskedName").asString()).contains("*");
		assertThat(issued.json().get("revokedAt").isNull()).isTrue();

		byte[] pdf = this.api.download(this.admin, "/api/v1/codes/cards/" + card + "/card.pdf");
		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(new PDFTextStripper().getText(document)).contains("健康码卡")
				.contains("Health code card")
				.contains("卡号 " + card + " · 有效期至 ")
				.contains("Shows the holder's colour at scan time")
				.contains("补办新卡后旧卡自动作废")
				.contains(issued.json().get("maskedName").asString());
		}
		String code = scan(pdf);
		assertThat(code).startsWith("EGC1:");
		String gate = gate();
		JsonNode verdict = this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}").json();
		assertThat(verdict.get("result").asString()).isEqualTo("GREEN");
		assertThat(verdict.get("maskedName").asString()).isEqualTo(issued.json().get("maskedName").asString());
		// a card is shown again and again at the same and at other gates: no replay
		assertThat(this.api.post(gate(), "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}")
			.json()
			.get("result")
			.asString()).isEqualTo("GREEN");

		Response listed = this.api.get(this.admin, "/api/v1/codes/cards?idNumber=" + idNumber);
		assertThat(listed.json().get(0).get("id").asLong()).isEqualTo(card);

		// a new card replaces the old one: the old one is revoked, the new one verifies
		Response second = this.api.post(this.admin, "/api/v1/codes/cards", "{\"idNumber\":\"" + idNumber + "\"}");
		assertThat(second.status()).isEqualTo(201);
		assertThat(this.api.get(this.admin, "/api/v1/codes/cards/" + card).json().get("revokedAt").isNull()).isFalse();
		assertThat(this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}")
			.json()
			.get("result")
			.asString()).isEqualTo("REVOKED");
		card = second.json().get("id").asLong();
		pdf = this.api.download(this.admin, "/api/v1/codes/cards/" + card + "/card.pdf");
		code = scan(pdf);
		assertThat(this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}")
			.json()
			.get("result")
			.asString()).isEqualTo("GREEN");

		Response revoked = this.api.post(this.admin, "/api/v1/codes/cards/" + card + "/revocation", "");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.json().get("revokedBy").asString()).isEqualTo("admin");
		verdict = this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}").json();
		assertThat(verdict.get("result").asString()).isEqualTo("REVOKED");
		assertThat(verdict.get("decision").asString()).isEqualTo("DENY");
		// a revoked card is not printed again
		assertThat(this.api.get(this.admin, "/api/v1/codes/cards/" + card + "/card.pdf").status()).isEqualTo(409);

		assertThat(this.jdbc.sql("""
				SELECT array_agg(DISTINCT action ORDER BY action) FROM audit_log
				WHERE subject_type = 'PERSON' AND subject_id = :p AND action LIKE '%CODE_CARD'
				""").param("p", String.valueOf(person)).query(String.class).single())
			.isEqualTo("{ISSUE_CODE_CARD,PRINT_CODE_CARD,REVOKE_CODE_CARD}");
	}

	@Test
	void badNumbersAreNamedAndOtherJurisdictionsSeeNothing() {
		Response bad = this.api.post(this.admin, "/api/v1/codes/cards", "{\"idNumber\":\"12345\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("idNumber");
		Response nobody = this.api.post(this.admin, "/api/v1/codes/cards", "{\"idNumber\":\"11010519491231002X\"}");
		assertThat(nobody.status()).isIn(404, 201);

		long person = person(1);
		Response issued = this.api.post(this.admin, "/api/v1/codes/cards",
				"{\"idNumber\":\"" + idNumber(person) + "\"}");
		long card = issued.json().get("id").asLong();
		String personPath = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		String otherGrid = this.jdbc
			.sql("SELECT path FROM division WHERE level = 'GRID' AND NOT :p LIKE path || '%' LIMIT 1")
			.param("p", personPath)
			.query(String.class)
			.single();
		String username = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		this.users
			.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), otherGrid));
		String worker = this.api.token(username, "grid-worker-password");
		assertThat(this.api.get(worker, "/api/v1/codes/cards/" + card).status()).isEqualTo(404);
		assertThat(this.api.get(worker, "/api/v1/codes/cards/" + card + "/card.pdf").status()).isEqualTo(404);
		assertThat(this.api.post(worker, "/api/v1/codes/cards/" + card + "/revocation", "").status()).isEqualTo(404);
		assertThat(this.api.post(worker, "/api/v1/codes/cards", "{\"idNumber\":\"" + idNumber(person) + "\"}").status())
			.isEqualTo(404);
	}

	/**
	 * The card's QR code as a scanner reads the cut-out card: the card's rectangle at 300
	 * dpi.
	 */
	private static String scan(byte[] pdf) throws Exception {
		return QrDecoder.decodePdf(pdf, CodeCardLayout.CARD, 300);
	}

	private String gate() {
		return this.api.device(this.admin, "{\"kind\":\"GATE\",\"label\":\"码卡测试闸机\",\"days\":30}");
	}

	private String idNumber(long person) {
		return DemoPersons.idNumber(this.jdbc, person);
	}

	private long person(int offset) {
		return DemoPersons.nth(this.jdbc, 900 + offset);
	}

}
