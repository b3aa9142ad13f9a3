package org.epigrid;

import org.epigrid.backup.RestoreCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * EpiGrid: epidemic prevention and control command platform. A modular monolith whose
 * modules are the direct sub-packages of this package.
 */
@SpringBootApplication
public class EpiGridApplication {

	/**
	 * Starts the platform, or with {@code --epigrid.restore=FILE} restores a backup into
	 * its database and exits ({@link RestoreCommand}).
	 * @param args command-line arguments passed to Spring Boot
	 */
	public static void main(String[] args) {
		if (RestoreCommand.requested(args)) {
			System.exit(RestoreCommand.run(args));
		}
		SpringApplication.run(EpiGridApplication.class, args);
	}

}
