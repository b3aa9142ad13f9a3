package org.epigrid.venues;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.shared.health.ZoneLevel;
import org.epigrid.shared.health.ZoneResidenceChanged;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.venues.internal.PresencePartitionWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A compound's checkpoint records passes in and out with temperature and mask, by the
 * code rules: sealed-area residents may not go out, but may go home; visitors need a
 * green code; fever or no mask stops anyone.
 */
@IntegrationTest
class CompoundPassIntegrationTests extends AdminApiTest {

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	PresencePartitionWriter partitions;

	@Test
	void sealedResidentsMayGoHomeButNotOutAndFeverOrNoMaskStopsEveryone() {
		record Resident(long id, String idNumber, String path) {
		}
		// a resident of some micro-grid (the compound), and a visitor from elsewhere
		Resident sealed = this.jdbc.sql("""
				SELECT p.id, p.document_number, p.path FROM person p
				WHERE p.merged_into IS NULL AND p.document_number IS NOT NULL
				ORDER BY p.id LIMIT 1 OFFSET 1000
				""").query((rs, i) -> new Resident(rs.getLong(1), rs.getString(2), rs.getString(3))).single();
		record Division(long id, String path) {
		}
		Division compound = this.jdbc.sql("""
				SELECT id, path FROM division WHERE :p LIKE path || '%' AND level IN ('GRID', 'MICRO_GRID')
				ORDER BY length(path) DESC LIMIT 1
				""").param("p", sealed.path()).query((rs, i) -> new Division(rs.getLong(1), rs.getString(2))).single();
		Resident visitor = this.jdbc.sql("""
				SELECT id, document_number, path FROM person
				WHERE merged_into IS NULL AND document_number IS NOT NULL AND NOT path LIKE :c || '%'
				ORDER BY id LIMIT 1 OFFSET 1000
				""")
			.param("c", compound.path())
			.query((rs, i) -> new Resident(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.single();
		this.tx.executeWithoutResult(s -> this.events
			.publishEvent(new ZoneResidenceChanged(List.of(sealed.id()), ZoneLevel.SEALED, this.clock.instant())));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.codes.status(sealed.id()).colour() == Colour.RED);

		String checkpoint = this.api.device(this.admin,
				"{\"kind\":\"CHECKPOINT\",\"label\":\"小区北门卡口\",\"days\":30,\"ref\":" + compound.id() + "}");

		JsonNode out = pass(checkpoint, sealed.idNumber(), "OUT", "36.5", true);
		assertThat(out.get("result").asString()).isEqualTo("RED");
		assertThat(out.get("decision").asString()).isEqualTo("DENY");
		assertThat(codes(out)).contains("SEALED_AREA", "NO_EXIT");
		JsonNode home = pass(checkpoint, sealed.idNumber(), "IN", "36.5", true);
		assertThat(home.get("decision").asString()).isEqualTo("ALLOW");
		assertThat(codes(home)).contains("RESIDENT_RETURNING");

		JsonNode in = pass(checkpoint, visitor.idNumber(), "IN", "36.6", true);
		assertThat(in.get("result").asString()).isEqualTo(this.codes.status(visitor.id()).colour().name());
		assertThat(in.get("decision").asString())
			.isEqualTo(this.codes.status(visitor.id()).colour() == Colour.GREEN ? "ALLOW" : "DENY");
		JsonNode fever = pass(checkpoint, visitor.idNumber(), "OUT", "38.1", true);
		assertThat(fever.get("decision").asString()).isEqualTo("DENY");
		assertThat(codes(fever)).contains("FEVER");
		// 37.25 is stored as 37.3: a fever, as stored
		assertThat(codes(pass(checkpoint, visitor.idNumber(), "IN", "37.25", true))).contains("FEVER");
		JsonNode noMask = pass(checkpoint, visitor.idNumber(), "OUT", "36.4", false);
		assertThat(noMask.get("decision").asString()).isEqualTo("DENY");
		assertThat(codes(noMask)).contains("NO_MASK");
		assertThat(noMask.has("personId")).isFalse();

		// every pass is stored with what the gate read
		assertThat(this.jdbc.sql("""
				SELECT string_agg(direction || ':' || temperature || ':' || mask || ':' || allowed, ',' ORDER BY id)
				FROM checkpoint_pass WHERE compound_path = :c AND person_id IN (:a, :b)
				""")
			.param("c", compound.path())
			.param("a", sealed.id())
			.param("b", visitor.id())
			.query(String.class)
			.single()).startsWith("OUT:36.5:true:false,IN:36.5:true:true,IN:36.6:true:")
			.endsWith(",OUT:38.1:true:false,IN:37.3:true:false,OUT:36.4:false:false");
	}

	@Test
	void wrongReadingsAreNamedAndOnlyCheckpointsRecordPasses() {
		long compound = this.jdbc.sql("SELECT min(id) FROM division WHERE level = 'GRID'").query(Long.class).single();
		String checkpoint = this.api.device(this.admin,
				"{\"kind\":\"CHECKPOINT\",\"label\":\"卡口\",\"days\":30,\"ref\":" + compound + "}");
		Response bad = this.api.post(checkpoint, "/api/v1/codes/passes", "{\"code\":\"x\",\"temperature\":50}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("\"direction\"").contains("\"temperature\"").contains("\"mask\"");
		String gate = this.api.device(this.admin, "{\"kind\":\"GATE\",\"label\":\"闸机\",\"days\":30}");
		Response notACheckpoint = this.api.post(gate, "/api/v1/codes/passes",
				"{\"code\":\"x\",\"direction\":\"IN\",\"temperature\":36.5,\"mask\":true}");
		assertThat(notACheckpoint.status()).isEqualTo(403);
	}

	private JsonNode pass(String device, String idNumber, String direction, String temperature, boolean mask) {
		Response response = this.api.post(device, "/api/v1/codes/passes", "{\"idNumber\":\"" + idNumber
				+ "\",\"direction\":\"" + direction + "\",\"temperature\":" + temperature + ",\"mask\":" + mask + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static List<String> codes(JsonNode verdict) {
		return verdict.get("reasons").valueStream().map(r -> r.get("code").asString()).toList();
	}

	@Test
	void passesOlderThanTheRetentionAreDroppedWithTheirDay() {
		Instant now = this.clock.instant();
		Instant old = now.minus(this.partitions.retention()).minus(Duration.ofDays(2));
		Instant recent = now.minus(Duration.ofDays(3));
		String compound = "/pass-retention-" + now.toEpochMilli() + "/";
		this.partitions.ensurePasses(List.of(old, recent));
		for (Instant at : List.of(old, recent)) {
			this.jdbc.sql("""
					INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, person_id, direction, temperature,
					                             mask, result, allowed, reasons)
					VALUES (:at, 1, :compound, NULL, 'IN', 36.5, true, 'GREEN', true, '{}')
					""").param("at", java.sql.Timestamp.from(at)).param("compound", compound).update();
		}
		assertThat(passes(compound)).isEqualTo(2);

		List<String> dropped = this.partitions.dropPassesBefore(this.partitions.firstKeptDay(now));

		assertThat(dropped).isNotEmpty().allMatch(name -> name.matches("checkpoint_pass_\\d{8}"));
		assertThat(passes(compound)).isEqualTo(1);
	}

	private long passes(String compound) {
		return this.jdbc.sql("SELECT count(*) FROM checkpoint_pass WHERE compound_path = :c")
			.param("c", compound)
			.query(Long.class)
			.single();
	}

}
