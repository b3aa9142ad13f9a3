package org.epigrid.demo.internal;

import java.util.List;
import java.util.Set;

import org.epigrid.demo.DemoLoaded;
import org.epigrid.demo.SamplingSiteCandidate;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.TestingDemo;

import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Testing in the demo town: the candidate places become sampling sites, with a finished
 * round and a running one (see {@link TestingDemo}). In the demo load's transaction,
 * before the demo accounts (which assign the site staff).
 */
@Component
class DemoTesting {

	/** The demo acts as an administrator of the whole country. */
	static final Caller DEMO = new Caller(0, "demo", "演示数据 Demo", Set.of(Role.ADMIN), "/");

	private final DemoTownReader town;

	private final TestingDemo testing;

	private final boolean enabled;

	DemoTesting(DemoTownReader town, TestingDemo testing, DemoProperties properties) {
		this.town = town;
		this.testing = testing;
		this.enabled = properties.testing();
	}

	@EventListener
	@Order(1)
	void on(DemoLoaded event) {
		if (!this.enabled) {
			return;
		}
		List<SamplingSiteCandidate> candidates = this.town.samplingSiteCandidates();
		this.testing.load(DEMO, candidates.stream().map(DemoTesting::site).toList());
	}

	private static NewSite site(SamplingSiteCandidate c) {
		SiteKind kind = (c.id() % 7 == 0) ? SiteKind.FIXED : (c.id() % 11 == 0) ? SiteKind.MOBILE : SiteKind.MASS;
		int stations = Math.max(1, c.capacityPerHour() / 60);
		return new NewSite(c.name(), kind, c.gridId(), c.address(), c.lon(), c.lat(),
				(kind == SiteKind.FIXED) ? "00:00-24:00" : "07:00-12:00, 13:30-21:00", stations, c.capacityPerHour(),
				"0512-6" + String.format("%07d", 5_000_000 + c.id()));
	}

}
