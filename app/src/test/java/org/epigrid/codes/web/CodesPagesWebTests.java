package org.epigrid.codes.web;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.Result;
import org.epigrid.codes.internal.verification.IdNumberWalkGuard;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.security.DeviceTokens.NewDevice;
import org.epigrid.security.UserManagement;
import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.shared.IdNumber;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Staff pages of the codes module (issue 11): an alert about a device walking ID numbers
 * is on the administrator's audit page.
 */
@IntegrationTest
@AutoConfigureMockMvc
class CodesPagesWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UserManagement users;

	@Autowired
	DeviceTokens devices;

	@Autowired
	CodeVerification verification;

	@Test
	void anAlertAboutADeviceWalkingIdNumbersIsOnTheAuditPage() throws Exception {
		Caller admin = this.users.findByUsername("admin").orElseThrow().asCaller();
		Device gate = this.devices.issue(admin, new NewDevice(Device.Kind.GATE, null, "页面告警测试闸机", null, null, 30))
			.device();
		for (int sequence = 0; sequence < 30; sequence++) {
			String first17 = "320599" + "19900303" + String.format("%03d", sequence);
			assertThat(
					this.verification.verifyIdNumber(gate, first17 + IdNumber.checkCharacter(first17), null).result())
				.isEqualTo(Result.NOT_FOUND);
		}
		String page = this.mvc
			.perform(get("/admin/audit").param("subjectType", "DEVICE_TOKEN")
				.param("subjectId", Long.toString(gate.tokenId()))
				.with(user(new EpiGridPrincipal(admin, null, true))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains(IdNumberWalkGuard.ALERT_ACTION)
			.contains("页面告警测试闸机")
			.contains("30 ID numbers nobody is registered with");
	}

}
