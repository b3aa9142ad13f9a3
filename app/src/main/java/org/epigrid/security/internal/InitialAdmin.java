package org.epigrid.security.internal;

import java.nio.file.Path;
import java.util.EnumSet;

import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.PlatformSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates the {@code admin} account on the first start: its password is
 * {@code EPIGRID_ADMIN_PASSWORD} if set, otherwise generated and written to
 * {@code ${EPIGRID_HOME}/initial-admin-password} (readable by the owner only), whose path
 * is logged. Nothing secret is ever in the repository.
 */
@Component
@Order(0)
class InitialAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

	private final UserManagement users;

	private final Path home;

	private final String configuredPassword;

	InitialAdmin(UserManagement users, PlatformSettings settings,
			@Value("${EPIGRID_ADMIN_PASSWORD:}") String configuredPassword) {
		this.users = users;
		this.home = settings.home();
		this.configuredPassword = configuredPassword;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.users.findByUsername("admin").isPresent()) {
			return;
		}
		String password = StringUtils.hasText(this.configuredPassword) ? this.configuredPassword
				: Passwords.generate(20);
		this.users.create(new NewUser("admin", "系统管理员 Administrator", password, EnumSet.of(Role.ADMIN), "/"));
		if (StringUtils.hasText(this.configuredPassword)) {
			log.info("Created user 'admin' with the password from EPIGRID_ADMIN_PASSWORD");
			return;
		}
		Path file = Passwords.writeOwnerOnly(this.home.resolve("initial-admin-password"),
				password + System.lineSeparator());
		log.warn("Created user 'admin'; its generated password is in {}", file);
	}

}
