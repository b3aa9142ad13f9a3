package org.epigrid.demo.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.demo.DemoLoaded;
import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.PlatformSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
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

	DemoAccounts(UserManagement users, DemoTownReader town, PlatformSettings settings) {
		this.users = users;
		this.town = town;
		this.home = settings.home();
	}

	@EventListener
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
		// a resident to try the health code with: a phone a family shares, if there is
		// one
		this.town.sharedPhoneUnder(grid)
			.ifPresent(phone -> lines.add("# Resident (health code): http://localhost:8080/r/login with phone " + phone
					+ "; the login code is in Admin → Message outbox"));
		Path file = Passwords.writeOwnerOnly(this.home.resolve("demo-accounts.txt"),
				String.join(System.lineSeparator(), lines) + System.lineSeparator());
		log.info("Created demo accounts commander, epidemiologist, dataofficer and gridworker; see {}", file);
	}

	private void create(String username, String displayName, Role role, String path, String password,
			List<String> lines) {
		if (this.users.findByUsername(username).isPresent()) {
			return;
		}
		this.users.create(new NewUser(username, displayName, password, EnumSet.of(role), path));
		lines.add(username + "\t" + role + "\t" + path);
	}

	private String path(String level) {
		return this.town.firstDivisionPath(level);
	}

}
