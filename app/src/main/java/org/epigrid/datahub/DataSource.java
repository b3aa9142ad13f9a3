package org.epigrid.datahub;

import java.util.List;
import java.util.Map;

/**
 * A department data source: who delivers what, and how their columns map to EpiGrid
 * fields.
 *
 * @param id id
 * @param code short unique code used by API clients, e.g. {@code rail-arrivals}
 * @param name name
 * @param department the delivering department
 * @param category what kind of list it is
 * @param mapping field name → column headers that mean it (extends the category's
 * defaults)
 * @param contact who to call about it, may be {@code null}
 * @param refreshSchedule how often it arrives, free text, may be {@code null}
 * @param builtIn whether EpiGrid created it
 * @param phonesVerified whether the data officer vouches for its phones (e.g. the police
 * household registration): a phone it fills in becomes a login phone; otherwise an
 * imported phone is a contact hint only
 */
public record DataSource(long id, String code, String name, String department, DataCategory category,
		Map<String, List<String>> mapping, String contact, String refreshSchedule, boolean builtIn,
		boolean phonesVerified) {
}
