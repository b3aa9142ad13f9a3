package org.epigrid.population.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.population.BuildingView;
import org.epigrid.population.ChainLink;
import org.epigrid.population.Division;
import org.epigrid.population.DivisionLevel;
import org.epigrid.population.DocumentType;
import org.epigrid.population.PersonSummary;
import org.epigrid.population.PopulationType;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Sex;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the population module. Every method that returns persons or places takes the
 * caller's jurisdiction as a path range and filters by it in SQL.
 */
@Repository
public class PopulationRepository {

	private static final String DIVISION = """
			SELECT d.id, d.parent_id, d.code, d.name, d.level, d.path, d.centroid_lon, d.centroid_lat,
			       (SELECT count(*) FROM division c WHERE c.parent_id = d.id) AS child_count
			FROM division d
			""";

	private final JdbcClient jdbc;

	PopulationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The division at a path.
	 * @param path the path
	 * @return the division, empty if none
	 */
	public Optional<Division> divisionAt(String path) {
		return this.jdbc.sql(DIVISION + " WHERE d.path = :path").param("path", path).query(this::division).optional();
	}

	/**
	 * A division by id, if inside the jurisdiction.
	 * @param id the id
	 * @param jurisdiction the caller's jurisdiction
	 * @return the division, empty if none or outside
	 */
	public Optional<Division> division(long id, PathPrefix jurisdiction) {
		return this.jdbc.sql(DIVISION + " WHERE d.id = :id AND d.path >= :jlo AND d.path < :jhi")
			.param("id", id)
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.query(this::division)
			.optional();
	}

	/**
	 * Children of a division, by code.
	 * @param parentId the parent, {@code null} for the roots
	 * @return the children
	 */
	public List<Division> children(Long parentId) {
		if (parentId == null) {
			return this.jdbc.sql(DIVISION + " WHERE d.parent_id IS NULL ORDER BY d.code").query(this::division).list();
		}
		return this.jdbc.sql(DIVISION + " WHERE d.parent_id = :id ORDER BY d.code")
			.param("id", parentId)
			.query(this::division)
			.list();
	}

	/**
	 * Nodes of one level within a path range, by code.
	 * @param level the level
	 * @param range the range
	 * @param page the page
	 * @return one page
	 */
	public Slice<Division> ofLevel(DivisionLevel level, PathPrefix range, PageRequest page) {
		return Slice.of(this.jdbc.sql(DIVISION
				+ " WHERE d.level = :level AND d.path >= :lo AND d.path < :hi ORDER BY d.path LIMIT :limit OFFSET :offset")
			.param("level", level.name())
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query(this::division)
			.list(), page);
	}

	/**
	 * Divisions whose name or code contains a text, broadest first.
	 * @param text the text, may be blank
	 * @param limit maximum results
	 * @return matching divisions
	 */
	public List<Division> searchDivisions(String text, int limit) {
		return this.jdbc.sql(DIVISION + """
				WHERE (:q = '' OR d.name LIKE '%' || :q || '%' OR d.code LIKE :q || '%')
				ORDER BY length(d.path), d.path LIMIT :limit
				""").param("q", text == null ? "" : text.strip()).param("limit", limit).query(this::division).list();
	}

	/**
	 * Names of the divisions along a path, top down ("苏州市 / 相城区 / …").
	 * @param path the path
	 * @return the names, empty if no node has the path
	 */
	public List<String> namesAlong(String path) {
		return this.jdbc.sql("SELECT name FROM division WHERE path = ANY(:paths) ORDER BY length(path)")
			.param("paths", ancestorPaths(path))
			.query(String.class)
			.list();
	}

	/**
	 * The full name of the node at a path ("苏州市 / 相城区 / …"), in one query.
	 * @param path the path
	 * @return the name, empty if no node has the path
	 */
	public Optional<String> fullName(String path) {
		List<String[]> along = this.jdbc
			.sql("SELECT path, name FROM division WHERE path = ANY(:paths) ORDER BY length(path)")
			.param("paths", ancestorPaths(path))
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		if (along.isEmpty() || !along.get(along.size() - 1)[0].equals(path)) {
			return Optional.empty();
		}
		return Optional.of(String.join(" / ", along.stream().map(a -> a[1]).toList()));
	}

	/**
	 * GeoJSON features of one level within a range, with persons and households per
	 * feature.
	 * @param level the level
	 * @param range the range
	 * @param limit maximum features
	 * @return a GeoJSON FeatureCollection
	 */
	public String featureCollection(DivisionLevel level, PathPrefix range, int limit) {
		return this.jdbc
			.sql("""
					SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY f_path), '[]'::json))::text
					FROM (
					  SELECT d.path AS f_path, json_build_object('type', 'Feature', 'geometry', d.boundary,
					    'properties', json_build_object('id', d.id, 'code', d.code, 'name', d.name, 'level', d.level,
					      'households', (SELECT count(*) FROM household h WHERE h.path >= d.path AND h.path < left(d.path, -1) || '0'),
					      'persons', (SELECT count(*) FROM person p WHERE p.path >= d.path AND p.path < left(d.path, -1) || '0'))) AS f
					  FROM division d
					  WHERE d.level = :level AND d.path >= :lo AND d.path < :hi AND d.boundary IS NOT NULL
					  ORDER BY d.path LIMIT :limit
					) x
					""")
			.param("level", level.name())
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", limit)
			.query(String.class)
			.single();
	}

	/**
	 * GeoJSON points of the buildings within a range.
	 * @param range the range
	 * @param limit maximum features
	 * @return a GeoJSON FeatureCollection
	 */
	public String buildingFeatures(PathPrefix range, int limit) {
		return this.jdbc
			.sql("""
					SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'::json))::text
					FROM (
					  SELECT json_build_object('type', 'Feature',
					    'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(b.lon, b.lat)),
					    'properties', json_build_object('id', b.id, 'name', b.name, 'address', b.address)) AS f
					  FROM building b WHERE b.path >= :lo AND b.path < :hi ORDER BY b.id LIMIT :limit
					) x
					""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", limit)
			.query(String.class)
			.single();
	}

	/**
	 * A building with units and households, if inside the jurisdiction.
	 * @param id building id
	 * @param jurisdiction the caller's jurisdiction
	 * @return the building, empty if none or outside
	 */
	public Optional<BuildingView> building(long id, PathPrefix jurisdiction) {
		record Head(long id, String name, String address, double lon, double lat, Integer floors, String gridName) {
		}
		Optional<Head> head = this.jdbc.sql("""
				SELECT b.id, b.name, b.address, b.lon, b.lat, b.floors, d.name AS grid_name
				FROM building b JOIN division d ON d.id = b.division_id
				WHERE b.id = :id AND b.path >= :jlo AND b.path < :jhi
				""")
			.param("id", id)
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.query((rs, i) -> new Head(rs.getLong("id"), rs.getString("name"), rs.getString("address"),
					rs.getDouble("lon"), rs.getDouble("lat"), (Integer) rs.getObject("floors", Integer.class),
					rs.getString("grid_name")))
			.optional();
		return head.map(h -> {
			Map<Long, String> unitNames = new LinkedHashMap<>();
			Map<Long, List<BuildingView.Household>> households = new LinkedHashMap<>();
			this.jdbc.sql("""
					SELECT u.id AS unit_id, u.name AS unit_name, hh.id, hh.room,
					       (SELECT count(*) FROM person p WHERE p.household_id = hh.id) AS persons
					FROM building_unit u LEFT JOIN household hh ON hh.unit_id = u.id
					WHERE u.building_id = :id
					ORDER BY length(u.name), u.name, length(hh.room), hh.room
					""").param("id", h.id()).query(rs -> {
				long unitId = rs.getLong("unit_id");
				unitNames.put(unitId, rs.getString("unit_name"));
				List<BuildingView.Household> list = households.computeIfAbsent(unitId, k -> new ArrayList<>());
				long householdId = rs.getLong("id");
				if (!rs.wasNull()) {
					list.add(new BuildingView.Household(householdId, rs.getString("room"), rs.getInt("persons")));
				}
			});
			List<BuildingView.Unit> units = unitNames.entrySet()
				.stream()
				.map(e -> new BuildingView.Unit(e.getKey(), e.getValue(), households.get(e.getKey())))
				.toList();
			return new BuildingView(h.id(), h.name(), h.address(), h.lon(), h.lat(), h.floors(), h.gridName(), units);
		});
	}

	/**
	 * A household's head data, if inside the jurisdiction.
	 * @param id household id
	 * @param jurisdiction the caller's jurisdiction
	 * @return the household, empty if none or outside
	 */
	public Optional<HouseholdRow> household(long id, PathPrefix jurisdiction) {
		return this.jdbc
			.sql("""
					SELECT hh.id, b.id AS building_id, b.name AS building_name, u.name AS unit_name, hh.room, hh.address, hh.path,
					       d.name AS grid_name
					FROM household hh JOIN building_unit u ON u.id = hh.unit_id JOIN building b ON b.id = u.building_id
					LEFT JOIN division d ON d.path = hh.path
					WHERE hh.id = :id AND hh.path >= :jlo AND hh.path < :jhi
					""")
			.param("id", id)
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.query((rs, i) -> new HouseholdRow(rs.getLong("id"), rs.getLong("building_id"),
					rs.getString("building_name"), rs.getString("unit_name"), rs.getString("room"),
					rs.getString("address"), rs.getString("path"), rs.getString("grid_name")))
			.optional();
	}

	/**
	 * Members of a household (masked), by birth date.
	 * @param householdId the household
	 * @return the members
	 */
	public List<PersonSummary> members(long householdId) {
		return this.jdbc.sql("""
				SELECT p.id, p.name, p.sex, p.birth_date, p.document_type, p.document_number, p.phone, p.tags,
				       h.address, d.name AS grid_name
				FROM person p LEFT JOIN household h ON h.id = p.household_id LEFT JOIN division d ON d.path = p.path
				WHERE p.household_id = :id ORDER BY p.birth_date NULLS LAST, p.id
				""").param("id", householdId).query(PersonSearchReader::summary).list();
	}

	/**
	 * The four-level service chain above a path.
	 * @param path a household's or person's path
	 * @return the chain, top down, one link per staffed post (vacant posts of the grid
	 * and micro-grid are returned with a {@code null} name)
	 */
	public List<ChainLink> chain(String path) {
		return this.jdbc.sql("""
				SELECT d.id, d.name, d.level, s.role, s.name AS staff_name, s.phone
				FROM division d LEFT JOIN grid_staff s ON s.division_id = d.id
				WHERE d.path = ANY(:paths) AND d.level IN ('TOWNSHIP', 'VILLAGE', 'GRID', 'MICRO_GRID')
				ORDER BY length(d.path), s.id
				""").param("paths", ancestorPaths(path)).query((rs, i) -> {
			String role = rs.getString("role");
			ChainLink.StaffRole staffRole = (role != null) ? ChainLink.StaffRole.valueOf(role)
					: defaultRole(DivisionLevel.valueOf(rs.getString("level")));
			return new ChainLink(staffRole, rs.getLong("id"), rs.getString("name"), rs.getString("staff_name"),
					rs.getString("phone"));
		}).list();
	}

	/**
	 * One person's full row, if inside the jurisdiction.
	 * @param id person id
	 * @param jurisdiction the caller's jurisdiction
	 * @return the row, empty if none or outside
	 */
	public Optional<PersonRow> person(long id, PathPrefix jurisdiction) {
		return this.jdbc.sql("""
				SELECT p.*, h.address, d.name AS grid_name
				FROM person p LEFT JOIN household h ON h.id = p.household_id LEFT JOIN division d ON d.path = p.path
				WHERE p.id = :id AND p.path >= :jlo AND p.path < :jhi
				""")
			.param("id", id)
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.query(PopulationRepository::personRow)
			.optional();
	}

	/**
	 * Inserts a person unless one with the same document exists.
	 * @param row the person (id ignored)
	 * @return the new id, empty if the document is already registered
	 */
	public Optional<Long> insertPerson(PersonRow row) {
		return this.jdbc
			.sql("""
					INSERT INTO person (name, document_type, document_number, sex, birth_date, phone, household_id, path,
					                    hukou_place, population_type, tags, workplace, created_at, updated_at, phone_verified,
					                    phone_source)
					VALUES (:name, :documentType, :documentNumber, :sex, :birthDate, :phone, :householdId, :path,
					        :hukouPlace, :populationType, :tags, :workplace, :now, :now, CAST(:phone AS text) IS NOT NULL,
					        CASE WHEN CAST(:phone AS text) IS NOT NULL THEN 'STAFF' END)
					ON CONFLICT (document_number, document_type) DO NOTHING
					RETURNING id
					""")
			.param("name", row.name())
			.param("documentType", row.documentType().name())
			.param("documentNumber", row.documentNumber())
			.param("sex", row.sex().name())
			.param("birthDate", row.birthDate())
			.param("phone", row.phone())
			.param("householdId", row.householdId())
			.param("path", row.path())
			.param("hukouPlace", row.hukouPlace())
			.param("populationType", row.populationType().name())
			.param("tags", row.tags().toArray(String[]::new))
			.param("workplace", row.workplace())
			.param("now", Timestamp.from(row.createdAt()))
			.query(Long.class)
			.optional();
	}

	/**
	 * The path of a household, if inside the jurisdiction.
	 * @param householdId the household
	 * @param jurisdiction the caller's jurisdiction
	 * @return its path, empty if none or outside
	 */
	public Optional<String> householdPath(long householdId, PathPrefix jurisdiction) {
		return this.jdbc.sql("SELECT path FROM household WHERE id = :id AND path >= :jlo AND path < :jhi")
			.param("id", householdId)
			.param("jlo", jurisdiction.lower())
			.param("jhi", jurisdiction.upper())
			.query(String.class)
			.optional();
	}

	/**
	 * Every ancestor path of a path, itself included ("/a/b/" → "/a/", "/a/b/").
	 * @param path a path
	 * @return the paths, shortest first
	 */
	static String[] ancestorPaths(String path) {
		List<String> paths = new ArrayList<>();
		for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
			paths.add(path.substring(0, i + 1));
		}
		return paths.toArray(String[]::new);
	}

	private static ChainLink.StaffRole defaultRole(DivisionLevel level) {
		return switch (level) {
			case TOWNSHIP -> ChainLink.StaffRole.PARTY_SECRETARY;
			case VILLAGE -> ChainLink.StaffRole.BRANCH_SECRETARY;
			case GRID -> ChainLink.StaffRole.GRID_MANAGER;
			default -> ChainLink.StaffRole.MICRO_GRID_INFORMANT;
		};
	}

	private Division division(ResultSet rs, int row) throws SQLException {
		long parent = rs.getLong("parent_id");
		Long parentId = rs.wasNull() ? null : parent;
		return new Division(rs.getLong("id"), parentId, rs.getString("code"), rs.getString("name"),
				DivisionLevel.valueOf(rs.getString("level")), rs.getString("path"),
				rs.getObject("centroid_lon", Double.class), rs.getObject("centroid_lat", Double.class),
				rs.getInt("child_count"));
	}

	private static PersonRow personRow(ResultSet rs, int row) throws SQLException {
		java.sql.Date birth = rs.getDate("birth_date");
		// read as an object: wasNull() after the phone would ask about the phone
		Long household = rs.getObject("household_id", Long.class);
		return new PersonRow(rs.getLong("id"), rs.getString("name"),
				DocumentType.valueOf(rs.getString("document_type")), rs.getString("document_number"),
				Sex.valueOf(rs.getString("sex")), birth != null ? birth.toLocalDate() : null, rs.getString("phone"),
				household, rs.getString("path"), rs.getString("hukou_place"),
				PopulationType.valueOf(rs.getString("population_type")), PersonSearchReader.tags(rs),
				rs.getString("workplace"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), rs.getString("address"), rs.getString("grid_name"),
				rs.getObject("merged_into", Long.class), rs.getBoolean("phone_verified"), rs.getString("phone_source"));
	}

	/**
	 * A household's head data.
	 *
	 * @param id id
	 * @param buildingId building id
	 * @param buildingName building name
	 * @param unitName unit name
	 * @param room room
	 * @param address address
	 * @param path path
	 * @param gridName micro-grid name
	 */
	public record HouseholdRow(long id, long buildingId, String buildingName, String unitName, String room,
			String address, String path, String gridName) {
	}

	/**
	 * A person's full, unmasked row.
	 *
	 * @param id id
	 * @param name name
	 * @param documentType document type
	 * @param documentNumber document number
	 * @param sex sex
	 * @param birthDate birth date
	 * @param phone phone
	 * @param householdId household id
	 * @param path path
	 * @param hukouPlace household-registration place
	 * @param populationType population type
	 * @param tags tags
	 * @param workplace workplace
	 * @param createdAt created
	 * @param updatedAt updated
	 * @param address household address (read only)
	 * @param gridName micro-grid name (read only)
	 * @param mergedInto the person this one was merged into, {@code null} if none (read
	 * only)
	 * @param phoneVerified whether the phone is a login phone (read only)
	 * @param phoneSource where the phone came from (read only)
	 */
	public record PersonRow(long id, String name, DocumentType documentType, String documentNumber, Sex sex,
			java.time.LocalDate birthDate, String phone, Long householdId, String path, String hukouPlace,
			PopulationType populationType, List<String> tags, String workplace, Instant createdAt, Instant updatedAt,
			String address, String gridName, Long mergedInto, boolean phoneVerified, String phoneSource) {
	}

}
