package org.epigrid.tracing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo town shows tracing on its first start: 14 days of check-ins, an index case
 * with contacts and their evidence, two of its close contacts positive since, and an
 * unrelated case; the close contacts' codes are red.
 */
@IntegrationTest
@TestPropertySource(properties = { "epigrid.demo.testing=true", "epigrid.demo.tracing=true" })
class TracingDemoIntegrationTests {

	private static final Caller ADMIN = new Caller(0, "test", "Test", Set.of(Role.ADMIN), "/");

	@Autowired
	CaseManagement cases;

	@Autowired
	ContactManagement contacts;

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	ClusterManagement clusters;

	@Autowired
	TransferManagement transfers;

	@Autowired
	TopicManagement topics;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Test
	void theDemoTownHasCheckInsCasesAndContactsWithEvidence() {
		// check-ins on each of the last 14 days
		Instant now = this.clock.instant();
		long days = this.jdbc
			.sql("SELECT count(DISTINCT date_trunc('day', checked_at)) FROM check_in WHERE checked_at > :since")
			.param("since", java.sql.Timestamp.from(now.minus(Duration.ofDays(14))))
			.query(Long.class)
			.single();
		assertThat(days).isGreaterThanOrEqualTo(13);

		List<TracingCase> all = this.cases.list(ADMIN, null, null, new PageRequest(0, 50), "API", null).items();
		assertThat(all).hasSizeGreaterThanOrEqualTo(3);
		TracingCase index = all.stream()
			.filter(c -> c.classification() == CaseClassification.MILD)
			.findFirst()
			.orElseThrow();
		assertThat(index.contactsFoundAt()).isNotNull();
		List<Contact> close = this.contacts
			.contacts(ADMIN, index.id(), ContactLevel.CLOSE, new PageRequest(0, 200), "API", null)
			.items();
		assertThat(close).isNotEmpty();
		assertThat(close).allMatch(c -> !c.evidence().isEmpty());
		assertThat(close).anyMatch(c -> c.evidence().stream().anyMatch(e -> e.kind().equals("VENUE")));
		// two of them are cases since
		assertThat(all.stream().map(TracingCase::personId).filter(p -> close.stream().anyMatch(c -> c.personId() == p)))
			.hasSizeGreaterThanOrEqualTo(1);
		// a close contact who is not a case is red
		long contact = close.stream()
			.map(Contact::personId)
			.filter(p -> all.stream().noneMatch(c -> c.personId() == p))
			.findFirst()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.codes.status(contact).colour() == Colour.RED);

		// a chain: the index case and the close contacts positive since
		ClusterManagement.Cluster cluster = this.clusters.cluster(ADMIN, index.id(), "API", null);
		assertThat(cluster.size()).isGreaterThanOrEqualTo(2);
		assertThat(cluster.id()).isEqualTo(index.id());
		assertThat(cluster.generations()).isEqualTo(2);
		// the index case went to hospital by 120; an infectee waits for the ambulance
		assertThat(this.cases.get(ADMIN, index.id(), "API", null).state()).isEqualTo(CaseState.IN_HOSPITAL);
		assertThat(this.transfers.list(ADMIN, false, new PageRequest(0, 50)).items())
			.extracting(TransferManagement.Transfer::status)
			.contains("ARRIVED", "REQUESTED");
		// a screening topic at the venue where the index case met a contact
		assertThat(this.topics.topics(ADMIN)).anySatisfy(t -> {
			assertThat(t.name()).startsWith("演示专题");
			assertThat(t.items()).isPositive();
		});
	}

}
