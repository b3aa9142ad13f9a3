package org.epigrid.demo.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.epigrid.demo.DemoLoaded;
import org.epigrid.security.Caller;
import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.security.UserManagement.User;
import org.epigrid.security.UserManagement;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives the demo town one account per kind of user, so that a newcomer can see what a
 * commander, an epidemiologist, a data officer and a grid worker each see. They share one
 * generated password, written to {@code ${EPIGRID_HOME}/demo-accounts.txt}
 * (owner-readable only). Created in the demo load's transaction: no town, no accounts.
 */
@Component
class DemoAccounts {

	private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

	private final UserManagement users;

	private final DemoTownReader town;

	private final Path home;

	private final SamplingSiteManagement sites;

	DemoAccounts(UserManagement users, DemoTownReader town, PlatformSettings settings, SamplingSiteManagement sites) {
		this.sites = sites;
		this.users = users;
		this.town = town;
		this.home = settings.home();
	}

	@EventListener
	@Order(2)
	void on(DemoLoaded event) {
		// the demo wrote these rows itself a moment ago, in this transaction
		String township = path("TOWNSHIP");
		String grid = path("GRID");
		String password = Passwords.generate(16);
		List<String> lines = new ArrayList<>();
		lines.add("# Demo accounts of the EpiGrid demo town; password for all: " + password);
		create("commander", "指挥部 Commander", Role.COMMANDER, township, password, lines);
		create("epidemiologist", "流调人员 Epidemiologist", Role.EPIDEMIOLOGIST, township, password, lines);
		create("dataofficer", "数据专员 Data officer", Role.DATA_OFFICER, township, password, lines);
		create("gridworker", "网格员 Grid worker", Role.GRID_WORKER, grid, password, lines);
		// the staff of the grid's first sampling site (DemoTesting made the sites)
		Long site = this.sites.list(new Caller(0, "demo", "Demo", Set.of(Role.ADMIN), grid), new PageRequest(0, 1))
			.items()
			.stream()
			.map(SamplingSite::id)
			.findFirst()
			.orElse(null);
		if (site != null) {
			for (Role role : List.of(Role.SITE_LEADER, Role.SAMPLER, Role.COURIER)) {
				String name = switch (role) {
					case SITE_LEADER -> "siteleader";
					case SAMPLER -> "sampler";
					default -> "courier";
				};
				String display = switch (role) {
					case SITE_LEADER -> "采样点长 Site leader";
					case SAMPLER -> "采样员 Sampler";
					default -> "转运员 Courier";
				};
				User user = create(name, display, role, grid, password, lines);
				if (user != null) {
					this.sites.addStaff(new Caller(0, "demo", "Demo", Set.of(Role.ADMIN), "/"), site, user.id());
				}
			}
		}
		// a resident to try the health code with: a phone a family shares, if there is
		// one
		this.town.sharedPhoneUnder(grid)
			.ifPresent(phone -> lines.add("# Resident (health code): http://localhost:8080/r/login with phone " + phone
					+ "; the login code is in Admin → Message outbox"));
		Path file = Passwords.writeOwnerOnly(this.home.resolve("demo-accounts.txt"),
				String.join(System.lineSeparator(), lines) + System.lineSeparator());
		log.info(
				"Created demo accounts commander, epidemiologist, dataofficer, gridworker, siteleader, sampler and courier; see {}",
				file);
	}

	private User create(String username, String displayName, Role role, String path, String password,
			List<String> lines) {
		if (this.users.findByUsername(username).isPresent()) {
			return null;
		}
		User user = this.users.create(new NewUser(username, displayName, password, EnumSet.of(role), path));
		lines.add(username + "\t" + role + "\t" + path);
		return user;
	}

	private String path(String level) {
		return this.town.firstDivisionPath(level);
	}

}
