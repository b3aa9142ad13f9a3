package org.epigrid.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

import org.epigrid.support.Api;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo town comes with one account per kind of user, whose password is in an
 * owner-only file, and the grid worker among them sees only their grid.
 */
@IntegrationTest
class DemoAccountsIntegrationTests {

	@LocalServerPort
	int port;

	@Value("${epigrid.home}")
	Path home;

	@Autowired
	JdbcClient jdbc;

	@Test
	void demoGridWorkerLogsInAndSeesOnlyTheirGrid() throws IOException {
		Path file = this.home.resolve("demo-accounts.txt");
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		List<String> lines = Files.readAllLines(file);
		String password = lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1);
		assertThat(lines).anyMatch(l -> l.startsWith("gridworker\tGRID_WORKER\t"));

		Api api = new Api(this.port);
		String token = api.token("gridworker", password);
		String gridPath = lines.stream()
			.filter(l -> l.startsWith("gridworker\t"))
			.findFirst()
			.orElseThrow()
			.split("\t")[2];
		long inGrid = this.jdbc.sql("SELECT count(*) FROM person WHERE path LIKE :p || '%'")
			.param("p", gridPath)
			.query(Long.class)
			.single();
		var page = api.get(token, "/api/v1/persons?size=200").json();
		assertThat(page.get("items").size()).isEqualTo((int) Math.min(200, inGrid));
		assertThat(page.get("items").findValuesAsString("gridName")).allMatch(name -> name.contains("网格"));
		for (String other : List.of("commander", "epidemiologist", "dataofficer")) {
			assertThat(api.token(other, password)).startsWith("egt_");
		}
	}

}
