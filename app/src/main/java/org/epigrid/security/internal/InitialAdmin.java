package org.epigrid.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
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

	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

	private final UserManagement users;

	private final Path home;

	private final String configuredPassword;

	InitialAdmin(UserManagement users, @Value("${epigrid.home}") Path home,
			@Value("${EPIGRID_ADMIN_PASSWORD:}") String configuredPassword) {
		this.users = users;
		this.home = home;
		this.configuredPassword = configuredPassword;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.users.findByUsername("admin").isPresent()) {
			return;
		}
		String password = StringUtils.hasText(this.configuredPassword) ? this.configuredPassword : generate();
		this.users.create(new NewUser("admin", "系统管理员 Administrator", password, EnumSet.of(Role.ADMIN), "/"));
		if (StringUtils.hasText(this.configuredPassword)) {
			log.info("Created user 'admin' with the password from EPIGRID_ADMIN_PASSWORD");
			return;
		}
		Path file = this.home.resolve("initial-admin-password").toAbsolutePath().normalize();
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, password + System.lineSeparator());
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system (Windows): the folder's own permissions apply
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the initial admin password to " + file, ex);
		}
		log.warn("Created user 'admin'; its generated password is in {}", file);
	}

	private static String generate() {
		SecureRandom random = new SecureRandom();
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return sb.toString();
	}

}
