package org.epigrid.population.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.epigrid.population.DocumentType;
import org.epigrid.population.PersonSummary;
import org.epigrid.shared.Masking;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Sex;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The person search: one SQL statement, filtered by the caller's jurisdiction as an index
 * range on the materialised path, never counting the whole result. Public so that the
 * benchmark runs exactly this code.
 */
@Repository
public class PersonSearchReader {

	private static final String SELECT = """
			SELECT p.id, p.name, p.sex, p.birth_date, p.document_type, p.document_number, p.phone, p.tags,
			       h.address, d.name AS grid_name
			FROM person p
			LEFT JOIN household h ON h.id = p.household_id
			LEFT JOIN division d ON d.path = p.path
			WHERE p.path >= :jlo AND p.path < :jhi AND p.merged_into IS NULL
			""";

	private final JdbcClient jdbc;

	/**
	 * Creates the search.
	 * @param jdbc the database
	 */
	public PersonSearchReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Searches persons within a jurisdiction.
	 * @param jurisdiction the caller's jurisdiction
	 * @param query what to match
	 * @param page the page
	 * @return one page of masked summaries, by name
	 */
	public Slice<PersonSummary> search(PathPrefix jurisdiction, PersonQuery query, PageRequest page) {
		String condition = switch (query.kind()) {
			case ALL -> "";
			case DOCUMENT -> " AND p.document_number = :q";
			case PHONE -> " AND p.phone = :q";
			case NAME_PREFIX -> " AND p.name >= :qlo AND p.name < :qhi";
		};
		var spec = this.jdbc.sql(SELECT + condition + " ORDER BY p.name, p.id LIMIT :limit OFFSET :offset")
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.param("limit", page.size() + 1)
			.param("offset", page.offset());
		switch (query.kind()) {
			case DOCUMENT, PHONE -> spec = spec.param("q", query.value());
			case NAME_PREFIX -> {
				PathPrefix name = PathPrefix.of(query.value());
				spec = spec.param("qlo", name.lower()).param("qhi", name.upper());
			}
			case ALL -> {
			}
		}
		return Slice.of(spec.query(PersonSearchReader::summary).list(), page);
	}

	/**
	 * Maps a row of {@link #SELECT}-like columns to a masked summary.
	 * @param rs the row
	 * @param row row number
	 * @return the summary
	 * @throws SQLException on a database error
	 */
	static PersonSummary summary(ResultSet rs, int row) throws SQLException {
		java.sql.Date birth = rs.getDate("birth_date");
		return new PersonSummary(rs.getLong("id"), rs.getString("name"), Sex.valueOf(rs.getString("sex")),
				birth != null ? birth.toLocalDate() : null, DocumentType.valueOf(rs.getString("document_type")),
				Masking.idNumber(rs.getString("document_number")), Masking.phone(rs.getString("phone")),
				rs.getString("address"), rs.getString("grid_name"), tags(rs));
	}

	static List<String> tags(ResultSet rs) throws SQLException {
		java.sql.Array array = rs.getArray("tags");
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
