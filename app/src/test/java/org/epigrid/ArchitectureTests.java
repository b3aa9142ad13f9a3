package org.epigrid;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * House rules that the compiler does not check.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.epigrid");

	@Test
	void timeComesFromTheInjectedClock() {
		noClasses().should()
			.callMethod(java.time.LocalDate.class, "now")
			.orShould()
			.callMethod(java.time.LocalDateTime.class, "now")
			.orShould()
			.callMethod(java.time.Instant.class, "now")
			.orShould()
			.callMethod(java.time.ZonedDateTime.class, "now")
			.orShould()
			.callMethod(System.class, "currentTimeMillis")
			.because("tests move time through an injected java.time.Clock")
			.check(this.classes);
	}

	@Test
	void noJpa() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
			.because("data access is Spring Data JDBC and JdbcClient")
			.check(this.classes);
	}

	@Test
	void noTopLevelLayerPackages() {
		noClasses().should()
			.resideInAnyPackage("org.epigrid.controller..", "org.epigrid.service..", "org.epigrid.repository..")
			.because("packages are by feature")
			.allowEmptyShould(true)
			.check(this.classes);
	}

}
