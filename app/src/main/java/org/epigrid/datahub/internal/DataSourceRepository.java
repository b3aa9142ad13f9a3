package org.epigrid.datahub.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.DataSourceManagement.NewDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Data sources in {@code data_source}, their column mappings as JSON.
 */
@Repository
public class DataSourceRepository {

	private static final String SELECT = """
			SELECT id, code, name, department, category, mapping::text AS mapping, contact, refresh_schedule, built_in,
			       phones_verified
			FROM data_source""";

	private final JdbcClient jdbc;

	DataSourceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * All sources, by department and name.
	 * @return the sources
	 */
	public List<DataSource> list() {
		return this.jdbc.sql(SELECT + " ORDER BY department, name").query(DataSourceRepository::map).list();
	}

	/**
	 * A source by code.
	 * @param code the code
	 * @return the source, empty if none
	 */
	public Optional<DataSource> byCode(String code) {
		return this.jdbc.sql(SELECT + " WHERE code = :code")
			.param("code", code)
			.query(DataSourceRepository::map)
			.optional();
	}

	/**
	 * A source by id.
	 * @param id the id
	 * @return the source, empty if none
	 */
	public Optional<DataSource> find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(DataSourceRepository::map).optional();
	}

	/**
	 * Stores a new source, unless its code is taken.
	 * @param request the source (names stripped)
	 * @param mapping its full mapping
	 * @param now the time
	 * @return {@code false} if the code is taken
	 */
	public boolean insert(NewDataSource request, Map<String, List<String>> mapping, Instant now) {
		return this.jdbc
			.sql("""
					INSERT INTO data_source (code, name, department, category, mapping, contact, refresh_schedule, built_in,
					                         created_at, updated_at)
					VALUES (:code, :name, :department, :category, CAST(:mapping AS jsonb), :contact, :schedule, :builtIn, :now, :now)
					ON CONFLICT (code) DO NOTHING
					""")
			.param("code", request.code())
			.param("name", request.name())
			.param("department", request.department())
			.param("category", request.category().name())
			.param("mapping", RecordJson.JSON.writeValueAsString(mapping))
			.param("contact", request.contact())
			.param("schedule", request.refreshSchedule())
			.param("builtIn", request.builtIn())
			.param("now", Timestamp.from(now))
			.update() > 0;
	}

	/**
	 * Says whether a source's phones are verified.
	 * @param id the source
	 * @param verified whether
	 * @param now the time
	 */
	public void markPhones(long id, boolean verified, Instant now) {
		this.jdbc.sql("UPDATE data_source SET phones_verified = :v, updated_at = :now WHERE id = :id")
			.param("v", verified)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/**
	 * Replaces a source's mapping.
	 * @param id the source
	 * @param mapping the mapping
	 * @param now the time
	 */
	public void updateMapping(long id, Map<String, List<String>> mapping, Instant now) {
		this.jdbc.sql("UPDATE data_source SET mapping = CAST(:mapping AS jsonb), updated_at = :now WHERE id = :id")
			.param("mapping", RecordJson.JSON.writeValueAsString(mapping))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	private static DataSource map(ResultSet rs, int row) throws SQLException {
		Map<String, List<String>> mapping = RecordJson.JSON.readValue(rs.getString("mapping"),
				new TypeReference<LinkedHashMap<String, List<String>>>() {
				});
		return new DataSource(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("department"),
				DataCategory.valueOf(rs.getString("category")), mapping, rs.getString("contact"),
				rs.getString("refresh_schedule"), rs.getBoolean("built_in"), rs.getBoolean("phones_verified"));
	}

}
