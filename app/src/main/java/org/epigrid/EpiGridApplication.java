package org.epigrid;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * EpiGrid: epidemic prevention and control command platform. A modular monolith whose
 * modules are the direct sub-packages of this package.
 */
@SpringBootApplication
public class EpiGridApplication {

	/**
	 * Starts the platform.
	 * @param args command-line arguments passed to Spring Boot
	 */
	public static void main(String[] args) {
		SpringApplication.run(EpiGridApplication.class, args);
	}

}
