package org.epigrid.security;

import java.util.EnumSet;

import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * User administration and the audit log pages: ADMIN only, readable errors, jurisdiction
 * picker.
 */
@IntegrationTest
@AutoConfigureMockMvc
class AdminPagesWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void adminCreatesAGridWorkerThroughTheForm() throws Exception {
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path DESC LIMIT 1")
			.query(String.class)
			.single();
		this.mvc
			.perform(post("/admin/users").with(user(admin()))
				.with(csrf())
				.param("username", "new.worker")
				.param("displayName", "新网格员")
				.param("password", "long-enough-password")
				.param("roles", "GRID_WORKER")
				.param("jurisdictionPath", grid))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/admin/users"));
		UserManagement.User created = this.users.findByUsername("new.worker").orElseThrow();
		assertThat(created.roles()).containsExactly(Role.GRID_WORKER);
		assertThat(created.jurisdictionPath()).isEqualTo(grid);
		assertThat(created.jurisdictionName()).contains("网格");
	}

	@Test
	void formShowsEveryReasonAndKeepsWhatWasTyped() throws Exception {
		this.mvc
			.perform(post("/admin/users").with(user(admin()))
				.with(csrf())
				.param("username", "X")
				.param("displayName", "坏输入")
				.param("password", "short")
				.param("jurisdictionPath", "/no/such/place/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("username")))
			.andExpect(content().string(containsString("at least 10 characters")))
			.andExpect(content().string(containsString("must name at least one role")))
			.andExpect(content().string(containsString("is not a known division or grid")))
			.andExpect(content().string(containsString("value=\"坏输入\"")));
		assertThat(this.users.findByUsername("X")).isEmpty();
	}

	@Test
	void adminEditsAUserAndSeesReasonsForBadInput() throws Exception {
		UserManagement.User worker = this.users.create(new UserManagement.NewUser("edit.me", "待编辑",
				"long-enough-password", EnumSet.of(Role.GRID_WORKER), "/"));
		this.mvc.perform(get("/admin/users/" + worker.id()).with(user(admin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"jurisdictionPath\"")))
			.andExpect(content().string(containsString("edit.me")));
		this.mvc
			.perform(post("/admin/users/" + worker.id()).with(user(admin()))
				.with(csrf())
				.param("roles", "GRID_WORKER")
				.param("jurisdictionPath", "/nowhere/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("is not a known division or grid")));
		this.mvc
			.perform(post("/admin/users/" + worker.id()).with(user(admin()))
				.with(csrf())
				.param("roles", "COMMANDER")
				.param("jurisdictionPath", "/")
				.param("enabled", "false"))
			.andExpect(redirectedUrl("/admin/users"));
		UserManagement.User changed = this.users.find(worker.id()).orElseThrow();
		assertThat(changed.roles()).containsExactly(Role.COMMANDER);
		assertThat(changed.enabled()).isFalse();
	}

	@Test
	void jurisdictionPickerFindsDivisionsByName() throws Exception {
		this.mvc.perform(get("/admin/jurisdictions").param("q", "网格").with(user(admin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<option")))
			.andExpect(content().string(containsString("网格")));
	}

	@Test
	void onlyAdminsReachAdministrationAndAudit() throws Exception {
		EpiGridPrincipal commander = new EpiGridPrincipal(new Caller(999, "cmd", "指挥", EnumSet.of(Role.COMMANDER), "/"),
				null, true);
		this.mvc.perform(get("/admin/users").with(user(commander))).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/audit").with(user(commander))).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/audit").with(user(admin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("审计日志")));
	}

	@Test
	void pagesSpeakEnglishOnRequest() throws Exception {
		this.mvc.perform(get("/population/persons").param("lang", "en").with(user(admin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Person search")))
			.andExpect(content().string(not(containsString("??"))));
		this.mvc.perform(get("/population/persons").with(user(admin())))
			.andExpect(content().string(containsString("人员查询")));
	}

	private EpiGridPrincipal admin() {
		UserManagement.User admin = this.users.findByUsername("admin").orElseThrow();
		return new EpiGridPrincipal(admin.asCaller(), null, true);
	}

}
