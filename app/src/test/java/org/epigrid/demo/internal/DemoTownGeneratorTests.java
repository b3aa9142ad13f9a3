package org.epigrid.demo.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

import org.epigrid.demo.DemoTownCounts;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.PhoneNumber;
import org.epigrid.shared.Sex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The standard demo town, generated once and checked row by row.
 */
class DemoTownGeneratorTests {

	private static final GeometryFactory FACTORY = new GeometryFactory();

	private static final DemoTownParameters STANDARD = DemoTownParameters.standard();

	private static RecordingSink town;

	private static DemoTownCounts counts;

	private static String hash;

	@BeforeAll
	static void generateStandardTown() throws IOException {
		town = new RecordingSink();
		counts = new TownGenerator(STANDARD).generate(town);
		hash = town.hash();
	}

	@Test
	void sameParametersGiveTheSameTown() throws IOException {
		RecordingSink again = new RecordingSink();
		DemoTownCounts againCounts = new TownGenerator(STANDARD).generate(again);
		assertThat(againCounts).isEqualTo(counts);
		assertThat(again.hash()).isEqualTo(hash);
	}

	@Test
	void anotherSeedGivesAnotherTown() throws IOException {
		RecordingSink first = new RecordingSink();
		new TownGenerator(STANDARD.withGridsPerTownship(4)).generate(first);
		RecordingSink second = new RecordingSink();
		new TownGenerator(STANDARD.withGridsPerTownship(4).withSeed(7)).generate(second);
		assertThat(second.hash()).isNotEqualTo(first.hash());
	}

	@Test
	void standardTownIsOneTownshipOfXiangchengWith69Grids() {
		List<Object[]> divisions = town.rows(DemoTable.DIVISION);
		assertThat(count(divisions, "GRID")).isEqualTo(69).isEqualTo(counts.grids());
		assertThat(count(divisions, "TOWNSHIP")).isOne();
		assertThat(count(divisions, "VILLAGE")).isBetween(5L, 8L);
		Object[] township = divisions.stream().filter((d) -> "TOWNSHIP".equals(d[4])).findFirst().orElseThrow();
		assertThat(township[2]).isEqualTo("320507103");
		assertThat(township[3]).isEqualTo("阳澄湖镇");
		assertThat(township[5]).isEqualTo("/32/3205/320507/320507103/");
		Object[] grid = divisions.stream().filter((d) -> "GRID".equals(d[4])).findFirst().orElseThrow();
		assertThat(grid[6].toString()).contains("\"type\":\"Polygon\"");
	}

	@Test
	void divisionCodesAndPathsFollowTheHierarchy() {
		Map<Long, Object[]> byId = new HashMap<>();
		for (Object[] division : town.rows(DemoTable.DIVISION)) {
			byId.put((Long) division[0], division);
		}
		Map<String, Integer> codeLengths = Map.of("PROVINCE", 2, "CITY", 4, "DISTRICT", 6, "TOWNSHIP", 9, "VILLAGE", 12,
				"GRID", 15, "MICRO_GRID", 17);
		for (Object[] division : byId.values()) {
			String code = (String) division[2];
			assertThat(code).hasSize(codeLengths.get((String) division[4])).containsOnlyDigits();
			Object[] parent = byId.get((Long) division[1]);
			String parentPath = (parent != null) ? (String) parent[5] : "/";
			assertThat(division[5]).isEqualTo(parentPath + code + "/");
			if (parent != null) {
				assertThat(code).startsWith((String) parent[2]);
				assertThat((Long) parent[0]).isLessThan((Long) division[0]);
			}
			Geometry boundary = GeoJsonPolygons.parse((String) division[6]);
			assertThat(boundary.isValid()).as("boundary of %s", code).isTrue();
			assertThat(
					boundary.contains(FACTORY.createPoint(new Coordinate((Double) division[7], (Double) division[8]))))
				.as("centroid of %s inside", code)
				.isTrue();
		}
	}

	@Test
	void standardTownIsNearYangchengLake() {
		Geometry township = boundaries("TOWNSHIP").values().iterator().next();
		assertThat(township.getEnvelopeInternal().getMinX()).isBetween(120.70, 120.74);
		assertThat(township.getEnvelopeInternal().getMaxX()).isBetween(120.88, 120.92);
		assertThat(township.getEnvelopeInternal().getMinY()).isBetween(31.36, 31.40);
		assertThat(township.getEnvelopeInternal().getMaxY()).isBetween(31.46, 31.50);
	}

	@Test
	void gridsDoNotOverlap() {
		assertDoNotOverlap(boundaries("GRID").values());
	}

	@Test
	void microGridsTileTheirGrid() {
		Map<Long, Geometry> grids = boundaries("GRID");
		Map<Long, List<Geometry>> parts = new HashMap<>();
		for (Object[] division : town.rows(DemoTable.DIVISION)) {
			if ("MICRO_GRID".equals(division[4])) {
				parts.computeIfAbsent((Long) division[1], (id) -> new ArrayList<>())
					.add(GeoJsonPolygons.parse((String) division[6]));
			}
		}
		assertThat(parts).hasSize(69);
		grids.forEach((id, grid) -> {
			List<Geometry> microGrids = parts.get(id);
			assertThat(microGrids).hasSize(STANDARD.microGridsPerGrid());
			assertDoNotOverlap(microGrids);
			double area = microGrids.stream().mapToDouble(Geometry::getArea).sum();
			assertThat(area).isCloseTo(grid.getArea(), within(grid.getArea() * 1e-6));
			for (Geometry microGrid : microGrids) {
				assertThat(grid.buffer(1e-9).contains(microGrid)).isTrue();
			}
		});
	}

	@Test
	void boundariesAreCounterClockwiseAsGeoJsonWants() {
		for (Geometry grid : boundaries("GRID").values()) {
			assertThat(Orientation.isCCW(((Polygon) grid).getExteriorRing().getCoordinates())).isTrue();
		}
	}

	@Test
	void everyBuildingLiesStrictlyInsideItsMicroGrid() {
		Map<Long, PreparedGeometry> microGrids = new HashMap<>();
		boundaries("MICRO_GRID")
			.forEach((id, geometry) -> microGrids.put(id, PreparedGeometryFactory.prepare(geometry)));
		Map<Long, String> paths = new HashMap<>();
		for (Object[] division : town.rows(DemoTable.DIVISION)) {
			paths.put((Long) division[0], (String) division[5]);
		}
		List<Object[]> buildings = town.rows(DemoTable.BUILDING);
		assertThat(buildings).hasSize(counts.buildings()).hasSizeGreaterThan(5000);
		for (Object[] building : buildings) {
			PreparedGeometry microGrid = microGrids.get((Long) building[1]);
			assertThat(microGrid).as("building %s is in a micro-grid", building[0]).isNotNull();
			assertThat(microGrid.containsProperly(point((Double) building[5], (Double) building[6])))
				.as("building %s %s", building[0], building[4])
				.isTrue();
			assertThat(building[2]).isEqualTo(paths.get((Long) building[1]));
		}
	}

	@Test
	void venuesAndSamplingSitesLieInsideTheirGrid() {
		Map<Long, Geometry> grids = boundaries("GRID");
		List<Object[]> venues = town.rows(DemoTable.VENUE);
		assertThat(venues).hasSize(300);
		for (Object[] venue : venues) {
			assertThat(grids.get((Long) venue[1]).contains(point((Double) venue[5], (Double) venue[6]))).isTrue();
			assertThat((Integer) venue[7]).isPositive();
			assertThat(venue[8]).isIn("CROWDED", "ORDINARY", "SENSITIVE");
		}
		assertThat(venues.stream().map((v) -> (String) v[2]).distinct()).hasSize(venues.size());
		assertThat(venues.stream().map((v) -> v[3]).distinct().count()).isGreaterThan(10);
		List<Object[]> sites = town.rows(DemoTable.SAMPLING_SITE_CANDIDATE);
		assertThat(sites).hasSize(60);
		for (Object[] site : sites) {
			assertThat(grids.get((Long) site[1]).contains(point((Double) site[4], (Double) site[5]))).isTrue();
		}
	}

	@Test
	void townHasAbout20000HouseholdsAnd55000Persons() {
		assertThat(counts.households()).isBetween(18_000, 22_000).isEqualTo(town.rows(DemoTable.HOUSEHOLD).size());
		assertThat(counts.persons()).isBetween(50_000, 60_000).isEqualTo(town.rows(DemoTable.PERSON).size());
		Map<Long, Long> sizes = town.rows(DemoTable.PERSON)
			.stream()
			.collect(Collectors.groupingBy((p) -> (Long) p[7], Collectors.counting()));
		assertThat(sizes).hasSize(counts.households());
		assertThat(sizes.values()).allMatch((size) -> size >= 1 && size <= 5);
		assertThat((double) counts.persons() / counts.households()).isCloseTo(2.8, within(0.1));
	}

	@Test
	void householdsLiveInTheirBuildingsMicroGrid() {
		Map<Long, String> buildingPaths = new HashMap<>();
		for (Object[] building : town.rows(DemoTable.BUILDING)) {
			buildingPaths.put((Long) building[0], (String) building[2]);
		}
		Map<Long, String> unitPaths = new HashMap<>();
		for (Object[] unit : town.rows(DemoTable.BUILDING_UNIT)) {
			unitPaths.put((Long) unit[0], buildingPaths.get((Long) unit[1]));
		}
		Map<Long, String> householdPaths = new HashMap<>();
		Set<String> rooms = new HashSet<>();
		for (Object[] household : town.rows(DemoTable.HOUSEHOLD)) {
			assertThat(household[2]).isEqualTo(unitPaths.get((Long) household[1]));
			assertThat(rooms.add(household[1] + "/" + household[3])).as("room unique in unit").isTrue();
			assertThat((String) household[4]).startsWith("江苏省苏州市相城区阳澄湖镇");
			householdPaths.put((Long) household[0], (String) household[2]);
		}
		for (Object[] person : town.rows(DemoTable.PERSON)) {
			assertThat(person[8]).isEqualTo(householdPaths.get((Long) person[7]));
		}
		assertThat(town.rows(DemoTable.HOUSEHOLD).stream().map((h) -> (String) h[4]))
			.anyMatch((address) -> address.matches(".*号\\d+幢\\d+单元\\d{3,4}室"));
	}

	@Test
	void residentIdNumbersAreValidUniqueAndMatchBirthDateAndSex() {
		Set<String> documents = new HashSet<>();
		int local = 0;
		int residentIds = 0;
		for (Object[] person : town.rows(DemoTable.PERSON)) {
			String number = (String) person[3];
			assertThat(documents.add(person[2] + ":" + number)).as("unique document %s", number).isTrue();
			if ("RESIDENT_ID".equals(person[2])) {
				residentIds++;
				IdNumber id = new IdNumber(number);
				assertThat(id.birthDate()).isEqualTo(person[5]);
				assertThat(id.sex().name()).isEqualTo(person[4]);
				if (id.regionCode().equals("320507")) {
					local++;
				}
				if ("FLOATING".equals(person[10])) {
					assertThat(id.regionCode()).doesNotStartWith("32");
				}
			}
			else {
				assertThat(person[2]).isEqualTo("PASSPORT");
				assertThat(person[10]).isEqualTo("OVERSEAS");
				assertThat(number).matches("[A-Z0-9]{9}");
			}
		}
		assertThat((double) local / residentIds).isBetween(0.6, 0.8);
	}

	@Test
	void phonesAreValidAndUniqueAcrossPersonsAndStaff() {
		Set<String> phones = new HashSet<>();
		int withPhone = 0;
		for (Object[] person : town.rows(DemoTable.PERSON)) {
			if (person[6] != null) {
				withPhone++;
				assertThat(phones.add((String) person[6])).as("unique phone %s", person[6]).isTrue();
			}
		}
		for (Object[] staff : town.rows(DemoTable.GRID_STAFF)) {
			assertThat(phones.add((String) staff[4])).isTrue();
		}
		assertThat(phones).allSatisfy((phone) -> assertThat(new PhoneNumber(phone).value()).matches("1[3-9]\\d{9}"));
		assertThat((double) withPhone / counts.persons()).isBetween(0.75, 0.95);
	}

	@Test
	void agesAndTagsAreShapedLikeAChineseTownship() {
		List<Object[]> persons = town.rows(DemoTable.PERSON);
		Map<String, Integer> tags = new HashMap<>();
		int under3 = 0;
		int women20To40 = 0;
		for (Object[] person : persons) {
			int age = Period.between((LocalDate) person[5], STANDARD.asOf()).getYears();
			List<String> own = Arrays.asList((String[]) person[11]);
			own.forEach((tag) -> tags.merge(tag, 1, Integer::sum));
			assertThat(own.contains("ELDERLY")).isEqualTo(age >= 60);
			assertThat(own.contains("CHILD_UNDER_3")).isEqualTo(age < 3);
			assertThat(age).isBetween(0, 100);
			if (age < 3) {
				under3++;
			}
			if (Sex.FEMALE.name().equals(person[4]) && age >= 20 && age <= 40) {
				women20To40++;
			}
			if (own.contains("PREGNANT")) {
				assertThat(person[4]).isEqualTo("FEMALE");
			}
			assertThat(person[12] == null || (age >= 18 && age < 60)).as("workplace only for working age").isTrue();
		}
		double n = persons.size();
		assertThat(tags.keySet()).containsExactlyInAnyOrder("ELDERLY", "CHILD_UNDER_3", "PREGNANT", "DIALYSIS",
				"BEDRIDDEN", "DISABLED");
		assertThat(tags.get("ELDERLY") / n).isBetween(0.15, 0.25);
		assertThat(under3 / n).isBetween(0.015, 0.04);
		assertThat(tags.get("PREGNANT") / (double) women20To40).isBetween(0.008, 0.025);
		assertThat(tags.get("DIALYSIS") / n).isBetween(0.0003, 0.002);
		assertThat(tags.get("BEDRIDDEN") / (double) tags.get("ELDERLY")).isBetween(0.002, 0.01);
		assertThat(tags.get("DISABLED") / n).isBetween(0.01, 0.02);
	}

	@Test
	void aboutOneInFiveIsAMigrantAndAFewAreForeigners() {
		Map<Object, Long> types = town.rows(DemoTable.PERSON)
			.stream()
			.collect(Collectors.groupingBy((p) -> p[10], Collectors.counting()));
		double n = counts.persons();
		assertThat(types.get("FLOATING") / n).isBetween(0.18, 0.26);
		assertThat(types.get("OVERSEAS")).isBetween(10L, 300L);
	}

	@Test
	void namesAreChineseWithCommonSurnamesFirst() {
		Map<String, Long> surnames = town.rows(DemoTable.PERSON)
			.stream()
			.filter((p) -> !"OVERSEAS".equals(p[10]))
			.map((p) -> (String) p[1])
			.peek((name) -> assertThat(name).matches("\\p{IsHan}{2,4}"))
			.collect(Collectors.groupingBy((name) -> name.substring(0, 1), Collectors.counting()));
		assertThat(surnames.size()).isGreaterThan(80);
		List<String> top = surnames.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(5)
			.map(Map.Entry::getKey)
			.toList();
		assertThat(top).containsAnyOf("王", "李", "张", "陈");
	}

	@Test
	void everyLevelOfTheServiceChainIsStaffed() {
		Map<Object, Long> roles = town.rows(DemoTable.GRID_STAFF)
			.stream()
			.collect(Collectors.groupingBy((s) -> s[2], Collectors.counting()));
		assertThat(roles).containsEntry("PARTY_SECRETARY", 1L)
			.containsEntry("BRANCH_SECRETARY", count(town.rows(DemoTable.DIVISION), "VILLAGE"))
			.containsEntry("GRID_MANAGER", 69L)
			.containsEntry("MICRO_GRID_INFORMANT", (long) counts.microGrids());
		assertThat(town.rows(DemoTable.GRID_STAFF).stream().map((s) -> s[5]).distinct())
			.hasSize(town.rows(DemoTable.GRID_STAFF).size());
	}

	@Test
	void townshipsOfALargerTownTessellateAcrossTheirBorders() throws IOException {
		DemoTownParameters parameters = STANDARD.withGridsPerTownship(4)
			.withHouseholdsPerMicroGrid(2)
			.withTownships(30);
		RecordingSink large = new RecordingSink();
		DemoTownCounts largeCounts = new TownGenerator(parameters).generate(large);
		assertThat(largeCounts.grids()).isEqualTo(120);
		Map<Long, Geometry> grids = new HashMap<>();
		Set<String> districts = new HashSet<>();
		for (Object[] division : large.rows(DemoTable.DIVISION)) {
			if ("GRID".equals(division[4])) {
				grids.put((Long) division[0], GeoJsonPolygons.parse((String) division[6]));
			}
			if ("DISTRICT".equals(division[4])) {
				districts.add((String) division[2]);
			}
		}
		assertDoNotOverlap(grids.values());
		assertThat(districts).contains("320507", "320506", "320505");
		Geometry union = FACTORY.buildGeometry(grids.values()).union();
		assertThat(union.getNumGeometries()).as("the city is one piece").isOne();
	}

	private static long count(List<Object[]> divisions, String level) {
		return divisions.stream().filter((d) -> level.equals(d[4])).count();
	}

	private static Map<Long, Geometry> boundaries(String level) {
		Map<Long, Geometry> boundaries = new HashMap<>();
		for (Object[] division : town.rows(DemoTable.DIVISION)) {
			if (level.equals(division[4])) {
				boundaries.put((Long) division[0], GeoJsonPolygons.parse((String) division[6]));
			}
		}
		return boundaries;
	}

	private static void assertDoNotOverlap(Collection<Geometry> polygons) {
		STRtree index = new STRtree();
		for (Geometry polygon : polygons) {
			assertThat(polygon.isValid()).isTrue();
			index.insert(polygon.getEnvelopeInternal(), polygon);
		}
		for (Geometry polygon : polygons) {
			for (Object candidate : index.query(polygon.getEnvelopeInternal())) {
				Geometry other = (Geometry) candidate;
				if (other != polygon) {
					assertThat(polygon.intersection(other).getArea()).isLessThan(1e-12);
				}
			}
		}
	}

	private static Point point(double lon, double lat) {
		return FACTORY.createPoint(new Coordinate(lon, lat));
	}

}
