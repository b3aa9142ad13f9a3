package org.epigrid.testing.web;

import java.time.Instant;
import java.util.Set;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.SiteStatus;
import org.epigrid.testing.SiteStatusReported;
import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who receives a site's report on the live site page, and that a page gone away is
 * dropped.
 */
class SiteStatusStreamTests {

	private static final String PATH = "/32/3205/320507/320507103/320507103001/320507103001003/";

	@Test
	void aPageSeesReportsOfItsJurisdictionAndASiteLeaderOnlyOfItsSites() {
		Caller town = caller(Role.COMMANDER, "/32/3205/320507/320507103/");
		Caller other = caller(Role.COMMANDER, "/32/3205/320508/");
		Caller everything = caller(Role.ADMIN, "/");
		assertThat(new SiteStatusStream.Subscriber(town, null, new SseEmitter()).sees(7, PATH)).isTrue();
		assertThat(new SiteStatusStream.Subscriber(other, null, new SseEmitter()).sees(7, PATH)).isFalse();
		assertThat(new SiteStatusStream.Subscriber(everything, null, new SseEmitter()).sees(7, PATH)).isTrue();
		Caller leader = caller(Role.SITE_LEADER, PATH);
		assertThat(new SiteStatusStream.Subscriber(leader, Set.of(7L), new SseEmitter()).sees(7, PATH)).isTrue();
		assertThat(new SiteStatusStream.Subscriber(leader, Set.of(7L), new SseEmitter()).sees(8, PATH)).isFalse();
	}

	@Test
	void aStreamThatCannotBeWrittenToIsDroppedOnTheNextReport() {
		SiteStatusStream stream = new SiteStatusStream();
		SseEmitter gone = stream.subscribe(caller(Role.ADMIN, "/"), null);
		stream.subscribe(caller(Role.COMMANDER, "/11/"), null);
		assertThat(stream.subscribers()).isEqualTo(2);
		gone.complete();
		stream.broadcast(report());
		// the other page does not see the site: kept, not written to
		assertThat(stream.subscribers()).isEqualTo(1);
		stream.heartbeat();
		assertThat(stream.subscribers()).isEqualTo(1);
	}

	private static SiteStatusReported report() {
		return new SiteStatusReported(new SamplingSite(7, "320507103001003-001", "测试点", SiteKind.MASS, 3, "路 1 号",
				120.6, 31.3, null, 2, 100, null, SiteStatus.BUSY, 150, Instant.parse("2026-05-01T02:00:00Z"), 90),
				PATH);
	}

	private static Caller caller(Role role, String path) {
		return new Caller(1, "u", "u", Set.of(role), path);
	}

}
