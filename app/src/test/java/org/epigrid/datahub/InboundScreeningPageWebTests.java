package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.shared.Masking;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The inbound screening page: form, reasons for bad input, counts and the persons grouped
 * by grid, the CSV link; commanders may use it, grid workers only export.
 */
@IntegrationTest
@AutoConfigureMockMvc
class InboundScreeningPageWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UserManagement users;

	@Test
	void screensFromTheFormAndShowsCountsGroupsAndTheExportLink() throws Exception {
		EpiGridPrincipal commander = principal(EnumSet.of(Role.COMMANDER), "/");
		this.mvc.perform(get("/datahub/inbound").with(user(commander)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("来X必知")))
			.andExpect(content().string(containsString("id=\"screening-form\"")));
		String listed = TestIds.valid();
		String page = this.mvc
			.perform(post("/datahub/inbound").with(user(commander))
				.with(csrf())
				.param("city", "无记录城")
				.param("days", "14")
				.param("idNumbers", listed + "\n"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"screening-counts\"")))
			.andExpect(content().string(containsString("data-status=\"UNKNOWN\">1<")))
			.andExpect(content().string(containsString("未落到网格")))
			.andExpect(content().string(containsString(Masking.idNumber(listed))))
			.andExpect(content().string(containsString("/datahub/inbound/export.csv?city=")))
			.andExpect(content().string(not(containsString("??"))))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		// the number typed stays in the form; the result shows it masked
		assertThat(page.substring(page.indexOf("id=\"screening-persons\""))).doesNotContain(listed);
		this.mvc
			.perform(post("/datahub/inbound").param("lang", "en")
				.with(user(commander))
				.with(csrf())
				.param("city", "无记录城")
				.param("days", "14"))
			.andExpect(content().string(containsString("Still away")))
			.andExpect(content().string(not(containsString("??"))));
	}

	@Test
	void showsTheReasonsForBadInputAndKeepsWhatWasTyped() throws Exception {
		EpiGridPrincipal commander = principal(EnumSet.of(Role.COMMANDER), "/");
		this.mvc
			.perform(post("/datahub/inbound").with(user(commander))
				.with(csrf())
				.param("city", "")
				.param("days", "0")
				.param("idNumbers", "12345"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"screening-errors\"")))
			.andExpect(content().string(containsString("<b>city</b>")))
			.andExpect(content().string(containsString("<b>days</b>")))
			.andExpect(content().string(containsString("<b>idNumbers[0]</b>")))
			.andExpect(content().string(containsString(">12345</textarea>")));
	}

	@Test
	void gridWorkersExportButDoNotScreen() throws Exception {
		EpiGridPrincipal worker = principal(EnumSet.of(Role.GRID_WORKER), "/");
		this.mvc.perform(get("/datahub/inbound").with(user(worker))).andExpect(status().isForbidden());
		this.mvc
			.perform(get("/datahub/inbound/export.csv").param("city", "无记录城").param("days", "14").with(user(worker)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/csv")))
			.andExpect(header().string("Content-Disposition", containsString("attachment")));
	}

	private EpiGridPrincipal principal(EnumSet<Role> roles, String jurisdiction) {
		String username = "inbound-page-" + UUID.randomUUID().toString().substring(0, 8);
		UserManagement.User created = this.users
			.create(new NewUser(username, "页面测试", "inbound-password", roles, jurisdiction));
		return new EpiGridPrincipal(created.asCaller(), null, true);
	}

}
