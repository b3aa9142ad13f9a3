package org.epigrid.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Backups for operators: {@code GET/POST /api/v1/admin/backups} and the backups page,
 * administrators only; a backup is written owner-only, audited, listed newest first with
 * its time and size, and only the newest {@code epigrid.backup.keep} are kept.
 */
@IntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(properties = { "epigrid.backup.keep=2", "epigrid.backup.enabled=false" })
class BackupAdminIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	UserManagement users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Value("${epigrid.home}")
	Path home;

	@Test
	void onlyAdministratorsSeeOrTakeBackups() throws Exception {
		Api api = new Api(this.port);
		this.users.create(new UserManagement.NewUser("backup.officer", "数据专员", "officer-password",
				EnumSet.of(Role.DATA_OFFICER, Role.COMMANDER), "/"));
		String officer = api.token("backup.officer", "officer-password");
		long before = backupFiles().size();

		assertThat(api.get(null, "/api/v1/admin/backups").status()).isEqualTo(401);
		assertThat(api.post(null, "/api/v1/admin/backups", "").status()).isEqualTo(401);
		assertThat(api.get(officer, "/api/v1/admin/backups").status()).isEqualTo(403);
		assertThat(api.post(officer, "/api/v1/admin/backups", "").status()).isEqualTo(403);
		EpiGridPrincipal commander = new EpiGridPrincipal(
				new Caller(999, "cmd", "指挥", EnumSet.of(Role.COMMANDER, Role.DATA_OFFICER), "/"), null, true);
		this.mvc.perform(get("/admin/backups").with(user(commander))).andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/backups").with(user(commander)).with(csrf())).andExpect(status().isForbidden());

		assertThat(backupFiles()).hasSize((int) before);
	}

	@Test
	void aBackupOverTheApiIsOwnerOnlyAuditedAndListedAndTheNewestTwoAreKept() throws IOException {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		List<String> taken = new ArrayList<>();

		for (int i = 0; i < 3; i++) {
			Response response = api.post(admin, "/api/v1/admin/backups", "");
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			taken.add(response.json().get("name").asString());
			Path file = this.home.resolve("backups").resolve(taken.get(i));
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			assertThat(response.json().get("sizeBytes").asLong()).isEqualTo(Files.size(file));
			assertThat(response.json().get("rows").asLong()).isPositive();
			assertThat(response.json().get("tables").asInt()).isGreaterThan(20);
		}

		JsonNode overview = api.get(admin, "/api/v1/admin/backups").json();
		List<String> listed = new ArrayList<>();
		overview.get("backups").forEach((b) -> listed.add(b.get("name").asString()));
		assertThat(listed).containsExactly(taken.get(2), taken.get(1));
		assertThat(backupFiles()).containsExactlyInAnyOrder(taken.get(2), taken.get(1));
		assertThat(overview.get("keep").asInt()).isEqualTo(2);
		assertThat(overview.get("folder").asString()).isEqualTo(this.home.resolve("backups").toString());
		assertThat(overview.get("scheduled").asBoolean()).isFalse();
		for (String name : taken) {
			assertThat(this.jdbc.sql("""
					SELECT count(*) FROM audit_log
					WHERE username = 'admin' AND action = 'BACKUP' AND subject_id = :name AND channel = 'API'
					""").param("name", name).query(Long.class).single()).isEqualTo(1);
		}
	}

	@Test
	void theBackupsPageBacksUpOnRequestAndShowsTheLastBackupsTimeAndSize() throws Exception {
		this.mvc.perform(post("/admin/backups").with(user(admin())).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/admin/backups"));

		Api api = new Api(this.port);
		JsonNode last = api.get(api.token("admin", IntegrationTest.ADMIN_PASSWORD), "/api/v1/admin/backups")
			.json()
			.get("backups")
			.get(0);
		String at = LocalDateTime.ofInstant(Instant.parse(last.get("createdAt").asString()), this.clock.getZone())
			.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
		String size = String.format(java.util.Locale.ROOT, "%.1f KB", last.get("sizeBytes").asLong() / 1024.0);
		assertThat(last.get("sizeBytes").asLong()).isBetween(1024L, 1024L * 1024 - 1);
		this.mvc.perform(get("/admin/backups").with(user(admin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"last-backup\">" + at + "，" + size + "<")))
			.andExpect(content().string(containsString(last.get("name").asString())))
			.andExpect(content().string(containsString(this.home.resolve("backups").toString())))
			.andExpect(content().string(containsString("href=\"/admin/backups\"")));
		this.mvc.perform(get("/admin/backups").param("lang", "en").with(user(admin())))
			.andExpect(content().string(containsString("id=\"last-backup\">" + at + ", " + size + "<")))
			.andExpect(content().string(containsString("Back up now")));
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log
				WHERE username = 'admin' AND action = 'BACKUP' AND subject_id = :name AND channel = 'WEB'
				""").param("name", last.get("name").asString()).query(Long.class).single()).isEqualTo(1);
	}

	private List<String> backupFiles() throws IOException {
		Path folder = this.home.resolve("backups");
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((p) -> p.getFileName().toString()).filter((n) -> n.endsWith(".zip")).toList();
		}
	}

	private EpiGridPrincipal admin() {
		UserManagement.User admin = this.users.findByUsername("admin").orElseThrow();
		return new EpiGridPrincipal(admin.asCaller(), null, true);
	}

}
