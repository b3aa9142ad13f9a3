package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The upload page of the data hub: a file that cannot be imported is refused next to the
 * form, in one sentence about the file.
 */
@IntegrationTest
@AutoConfigureMockMvc
class DataHubImportPageWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UserManagement users;

	@Test
	void aRefusedFileIsNamedOnceInTheReason() throws Exception {
		String username = "import-page-" + UUID.randomUUID().toString().substring(0, 8);
		UserManagement.User officer = this.users
			.create(new NewUser(username, "数据专员", "import-page-password", EnumSet.of(Role.DATA_OFFICER), "/"));
		MockMultipartFile file = new MockMultipartFile("file", "header-only.csv", "text/csv",
				"姓名,身份证号,到达时间\n".getBytes(StandardCharsets.UTF_8));
		this.mvc
			.perform(multipart("/datahub/imports").file(file)
				.param("source", "rail-arrivals")
				.with(user(new EpiGridPrincipal(officer.asCaller(), null, true)))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"upload-errors\"")))
			.andExpect(content().string(containsString("<b>文件</b>: <span>has a header but no data rows</span>")))
			.andExpect(content().string(not(containsString("file has"))));
	}

}
