package org.epigrid.venues.web;

import java.util.EnumSet;
import java.util.Locale;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.internal.EpiGridPrincipal;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Staff pages of the venues module (issue 11): a grid worker registering a visitor by ID
 * number learns nothing about a person outside their jurisdiction (the page reads as for
 * a number registered nowhere); venue kinds read in the page's language.
 */
@IntegrationTest
@AutoConfigureMockMvc
class VenuePagesWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Autowired
	MessageSource messages;

	@Test
	void theVenuePageAnswersAPersonOutsideTheJurisdictionAsANumberRegisteredNowhere() throws Exception {
		record Place(long venueId, String gridPath) {
		}
		Place place = this.jdbc.sql("""
				SELECT v.id, g.path FROM venue v JOIN division g ON g.id = v.grid_id
				WHERE v.closed_at IS NULL ORDER BY v.id LIMIT 1
				""").query((rs, i) -> new Place(rs.getLong(1), rs.getString(2))).single();
		EpiGridPrincipal worker = new EpiGridPrincipal(
				new Caller(4242, "gw-page", "网格员", EnumSet.of(Role.GRID_WORKER), place.gridPath()), null, true);
		String elsewhere = this.jdbc.sql("""
				SELECT document_number FROM person
				WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' AND NOT path LIKE :grid || '%'
				ORDER BY id LIMIT 1
				""").param("grid", place.gridPath()).query(String.class).single();
		String nowhere = TestIds.valid();

		String outside = proxy(worker, place.venueId(), elsewhere);
		String unregistered = proxy(worker, place.venueId(), nowhere);
		// in the page's language (Chinese by default), from the bundles
		assertThat(outside)
			.contains(this.messages.getMessage("venues.checkIn.nobodyHere", null, Locale.SIMPLIFIED_CHINESE))
			.doesNotContain("person with this ID number in your jurisdiction not found")
			.doesNotContain("proxy-verdict");
		// the same page, but for the number typed (and what is new in every page: the
		// form's CSRF token, the venue code's fresh signature)
		assertThat(normalised(outside, elsewhere)).isEqualTo(normalised(unregistered, nowhere));
	}

	@Test
	void theVenueListNamesVenueKindsInThePagesLanguage() throws Exception {
		record Listed(String name, String type) {
		}
		Listed venue = this.jdbc.sql("SELECT name, venue_type FROM venue WHERE closed_at IS NULL ORDER BY id LIMIT 1")
			.query((rs, i) -> new Listed(rs.getString(1), rs.getString(2)))
			.single();
		Caller admin = this.users.findByUsername("admin").orElseThrow().asCaller();
		String chinese = this.mvc
			.perform(get("/codes/venues").param("q", venue.name()).with(user(new EpiGridPrincipal(admin, null, true))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String english = this.mvc
			.perform(get("/codes/venues").param("q", venue.name())
				.param("lang", "en")
				.with(user(new EpiGridPrincipal(admin, null, true))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String label = "venues.type." + venue.type();
		assertThat(chinese)
			.contains("<td>" + this.messages.getMessage(label, null, Locale.SIMPLIFIED_CHINESE) + "</td>")
			.doesNotContain("<td>" + venue.type() + "</td>");
		assertThat(english).contains("<td>" + this.messages.getMessage(label, null, Locale.ENGLISH) + "</td>")
			.doesNotContain("<td>" + venue.type() + "</td>");
		assertThat(this.messages.getMessage("venues.type.OFFICE", null, Locale.SIMPLIFIED_CHINESE)).isEqualTo("办公楼");
	}

	private String proxy(EpiGridPrincipal worker, long venueId, String idNumber) throws Exception {
		var response = this.mvc
			.perform(post("/codes/venues/" + venueId + "/check-ins").param("idNumber", idNumber)
				.with(user(worker))
				.with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		return response.getContentAsString();
	}

	private static String normalised(String page, String idNumber) {
		return page.replace(idNumber, "ID")
			.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "")
			.replaceAll("content=\"[A-Za-z0-9_\\-]{20,}\"", "")
			.replaceAll("/r/v/[A-Za-z0-9_\\-]+", "/r/v/CODE");
	}

}
