package org.epigrid;

import java.util.Map;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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

	/**
	 * Classes that use {@code JdbcClient} or {@code JdbcTemplate} although they are not
	 * an {@code internal} repository, writer or reader: each with the reason.
	 */
	private static final Map<String, String> SQL_ELSEWHERE = Map.of();

	/**
	 * SQL lives in repositories: only {@code internal} classes named {@code …Repository},
	 * {@code …Writer} or {@code …Reader} use {@code JdbcClient} or {@code JdbcTemplate}
	 * (or the classes listed in {@link #SQL_ELSEWHERE}, each with its reason).
	 */
	@Test
	void sqlLivesInRepositories() {
		classes()
			.that(DescribedPredicate.describe("use JdbcClient or JdbcTemplate",
					(JavaClass type) -> type.getDirectDependenciesFromSelf()
						.stream()
						.anyMatch(d -> d.getTargetClass().getName().equals(JdbcClient.class.getName())
								|| d.getTargetClass().getName().equals(JdbcTemplate.class.getName()))))
			.and(DescribedPredicate.describe("are not listed with a reason",
					(JavaClass type) -> !SQL_ELSEWHERE.containsKey(type.getName().replaceAll("\\$.*", ""))))
			.should()
			.haveNameMatching("org\\.epigrid\\..+\\.internal\\.(.+\\.)?\\w+(Repository|Writer|Reader)(\\$.*)?")
			.because("services orchestrate and controllers never hold SQL (STYLE.md, house rules)")
			.check(this.classes);
	}

}
