package org.epigrid.demo.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;

import org.epigrid.demo.DemoTownCounts;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.demo.internal.TownPlan.District;
import org.epigrid.demo.internal.TownPlan.Division;
import org.epigrid.demo.internal.TownPlan.Grid;
import org.epigrid.demo.internal.TownPlan.MicroGrid;
import org.epigrid.demo.internal.TownPlan.Road;
import org.epigrid.demo.internal.TownPlan.Township;
import org.epigrid.demo.internal.TownPlan.Village;
import org.epigrid.shared.Sex;

/**
 * Generates a synthetic town and streams its rows into a {@link RowSink}: divisions with
 * boundaries (province to micro-grid), grid staff, venues, candidate sampling sites, then
 * micro-grid by micro-grid the buildings, units, households and persons. Only the
 * division skeleton is held in memory, so towns of millions of persons stream in constant
 * memory. Every random choice derives from the seed and the identity of the place it is
 * made for, so the same parameters give the same rows in the same order.
 */
public final class TownGenerator {

	private static final GeometryFactory GEOMETRY = new GeometryFactory();

	/** Keys that separate the random streams of different purposes. */
	private static final long NAMES = 11;

	private static final long STAFF = 12;

	private static final long VENUES = 13;

	private static final long SITES = 14;

	private static final long HOMES = 15;

	private final DemoTownParameters parameters;

	private final long seed;

	/** Micro-grids per grid: columns (west to east) times rows (south to north). */
	private final int microColumns;

	private final int microRows;

	/** Lattice cells of one township's box. */
	private final int boxColumns;

	private final int boxRows;

	private final Lattice lattice;

	private final Phones phones;

	private final Residents residents;

	private long divisionId;

	private long staffId;

	private long buildingId;

	private long unitId;

	private long householdId;

	private long personId;

	private long venueId;

	private long siteId;

	private int grids;

	private int microGrids;

	/**
	 * Prepares a generator; each generator generates once.
	 * @param parameters what town to generate
	 */
	public TownGenerator(DemoTownParameters parameters) {
		this.parameters = parameters;
		this.seed = parameters.seed();
		int k = parameters.microGridsPerGrid();
		int rows = (int) Math.sqrt(k);
		while (k % rows != 0) {
			rows--;
		}
		this.microRows = rows;
		this.microColumns = k / rows;
		// each edge passes through two points per micro-grid side, so that micro-grids
		// follow the wiggles of their grid's boundary
		this.lattice = new Lattice(this.seed, 2 * this.microColumns, 2 * this.microRows);
		int g = parameters.gridsPerTownship();
		this.boxRows = (int) Math.max(1, Math.round(Math.sqrt(g * 0.7)));
		this.boxColumns = (g + this.boxRows - 1) / this.boxRows;
		this.phones = new Phones(this.seed);
		this.residents = new Residents(this.seed, parameters.asOf(), this.phones);
	}

	/**
	 * Generates the town into {@code sink}; does not close it.
	 * @param sink where the rows go
	 * @return how many rows of each kind were written
	 * @throws IOException if the sink fails
	 */
	public DemoTownCounts generate(RowSink sink) throws IOException {
		if (this.divisionId != 0) {
			throw new IllegalStateException("a generator generates once");
		}
		List<District> districts = plan();
		List<Geometry> districtBoundaries = new ArrayList<>();
		for (District district : districts) {
			districtBoundaries.add(district.boundary);
		}
		Geometry city = UnaryUnionOp.union(districtBoundaries);
		Division province = new Division(Vocabulary.PROVINCE_CODE, Vocabulary.PROVINCE_NAME);
		Division suzhou = new Division(Vocabulary.CITY_CODE, Vocabulary.CITY_NAME);
		// the province is drawn as far as the town reaches
		division(sink, province, null, "PROVINCE", city);
		division(sink, suzhou, province, "CITY", city);
		for (District district : districts) {
			division(sink, district, suzhou, "DISTRICT", district.boundary);
			for (Township township : district.townships) {
				township(sink, township);
			}
		}
		return new DemoTownCounts((int) this.divisionId, this.grids, this.microGrids, (int) this.staffId,
				(int) this.buildingId, (int) this.householdId, (int) this.personId, (int) this.venueId,
				(int) this.siteId);
	}

	// --- the skeleton

	private List<District> plan() {
		int townships = this.parameters.townships();
		int perDistrict = Math.max(12, (townships + Vocabulary.DISTRICTS.size() - 1) / Vocabulary.DISTRICTS.size());
		List<int[]> boxes = spiral(townships);
		List<District> districts = new ArrayList<>();
		Set<String> townshipNames = new HashSet<>(Set.of(Vocabulary.FIRST_TOWNSHIP));
		for (int t = 0; t < townships; t++) {
			if (t % perDistrict == 0) {
				Vocabulary.Region region = Vocabulary.DISTRICTS.get(t / perDistrict);
				districts.add(new District(region.code(), region.name()));
			}
			District district = districts.get(districts.size() - 1);
			String code = district.code + threeDigits(103 + t % perDistrict);
			String name = (t == 0) ? Vocabulary.FIRST_TOWNSHIP : Vocabulary.uniqueName(Mix.random(this.seed, NAMES, t),
					Vocabulary.TOWNSHIP_FIRST, Vocabulary.TOWNSHIP_SECOND, "镇", townshipNames);
			Township township = new Township(district, code, name);
			district.townships.add(township);
			villages(township, boxes.get(t));
			List<Geometry> parts = new ArrayList<>();
			for (Village village : township.villages) {
				parts.add(village.boundary);
			}
			township.boundary = UnaryUnionOp.union(parts);
		}
		for (District district : districts) {
			List<Geometry> parts = new ArrayList<>();
			for (Township township : district.townships) {
				parts.add(township.boundary);
			}
			district.boundary = UnaryUnionOp.union(parts);
		}
		return districts;
	}

	/**
	 * Township boxes on a square spiral around the first: consecutive townships are
	 * neighbours, so each district (a run of consecutive townships) is contiguous.
	 */
	static List<int[]> spiral(int count) {
		List<int[]> boxes = new ArrayList<>(count);
		int x = 0;
		int y = 0;
		int[][] directions = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
		int direction = 0;
		int length = 1;
		boxes.add(new int[] { x, y });
		while (boxes.size() < count) {
			for (int twice = 0; twice < 2 && boxes.size() < count; twice++) {
				for (int step = 0; step < length && boxes.size() < count; step++) {
					x += directions[direction][0];
					y += directions[direction][1];
					boxes.add(new int[] { x, y });
				}
				direction = (direction + 1) % 4;
			}
			length++;
		}
		return boxes;
	}

	private void villages(Township township, int[] box) {
		SplittableRandom r = Mix.random(this.seed, NAMES, Mix.key(township.code));
		int gridCount = this.parameters.gridsPerTownship();
		int villageCount = this.parameters.villagesPerTownship();
		// cells in a column-wise snake, so that consecutive cells are neighbours and each
		// village (a run of consecutive cells) is contiguous
		int[][] cells = new int[gridCount][];
		for (int c = 0; c < gridCount; c++) {
			int column = c / this.boxRows;
			int inColumn = c % this.boxRows;
			int row = (column % 2 == 0) ? inColumn : this.boxRows - 1 - inColumn;
			cells[c] = new int[] { box[0] * this.boxColumns + column, box[1] * this.boxRows + row };
		}
		int[] ends = partition(r, gridCount, villageCount);
		int communities = (int) Math.max(1,
				Math.min(villageCount - ((villageCount >= 2) ? 1 : 0), Math.round(villageCount * 3 / 7.0)));
		Set<String> villageNames = new HashSet<>();
		int start = 0;
		for (int v = 0; v < villageCount; v++) {
			boolean community = v < communities;
			String code = township.code + threeDigits(community ? 1 + v : 201 + v - communities);
			String name = Vocabulary.uniqueName(r, Vocabulary.VILLAGE_FIRST, Vocabulary.VILLAGE_SECOND,
					community ? "社区" : "村", villageNames);
			Village village = new Village(township, code, name, community);
			township.villages.add(village);
			int roads = 3 + r.nextInt(3) + (ends[v] - start) / 2;
			for (int i = 0; i < roads; i++) {
				String suffix = Vocabulary.ROAD_SUFFIXES.get(r.nextInt(Vocabulary.ROAD_SUFFIXES.size()));
				village.roads.add(new Road(
						Vocabulary.uniqueName(r, Vocabulary.ROAD_FIRST, Vocabulary.ROAD_SECOND, suffix, township.names),
						1 + r.nextInt(20)));
			}
			List<Geometry> polygons = new ArrayList<>();
			for (int c = start; c < ends[v]; c++) {
				int n = c - start + 1;
				CellPatch patch = this.lattice.cell(cells[c][0], cells[c][1]);
				Grid grid = new Grid(village, code + threeDigits(n), name + "第" + n + "网格", patch,
						patch.polygon(GEOMETRY));
				village.grids.add(grid);
				polygons.add(grid.polygon);
				for (int row = 0; row < this.microRows; row++) {
					for (int column = 0; column < this.microColumns; column++) {
						int m = row * this.microColumns + column + 1;
						grid.microGrids.add(new MicroGrid(grid, grid.code + twoDigits(m), grid.name + "第" + m + "微网格",
								column, row));
					}
				}
			}
			village.boundary = UnaryUnionOp.union(polygons);
			start = ends[v];
		}
	}

	/**
	 * Cuts {@code total} cells into {@code parts} runs of random, roughly equal length
	 * (at least one each); returns the exclusive end of each run.
	 */
	private static int[] partition(SplittableRandom r, int total, int parts) {
		double[] weights = new double[parts];
		double sum = 0;
		for (int i = 0; i < parts; i++) {
			weights[i] = 0.7 + 0.6 * r.nextDouble();
			sum += weights[i];
		}
		int[] ends = new int[parts];
		double cumulative = 0;
		int previous = 0;
		for (int i = 0; i < parts; i++) {
			cumulative += weights[i];
			int end = (i == parts - 1) ? total : (int) Math.round(total * cumulative / sum);
			end = Math.max(previous + 1, Math.min(end, total - (parts - 1 - i)));
			ends[i] = end;
			previous = end;
		}
		return ends;
	}

	// --- divisions and staff

	private void township(RowSink sink, Township township) throws IOException {
		division(sink, township, township.district, "TOWNSHIP", township.boundary);
		staff(sink, township, "PARTY_SECRETARY", "ps");
		for (Village village : township.villages) {
			division(sink, village, township, "VILLAGE", village.boundary);
			staff(sink, village, "BRANCH_SECRETARY", "bs");
			for (Grid grid : village.grids) {
				division(sink, grid, village, "GRID", grid.polygon);
				staff(sink, grid, "GRID_MANAGER", "gm");
				this.grids++;
				for (MicroGrid microGrid : grid.microGrids) {
					Polygon polygon = grid.patch.part(GEOMETRY, microGrid.column, microGrid.row, this.microColumns,
							this.microRows);
					division(sink, microGrid, grid, "MICRO_GRID", polygon);
					staff(sink, microGrid, "MICRO_GRID_INFORMANT", "mg");
					this.microGrids++;
				}
			}
		}
		venues(sink, township);
		samplingSites(sink, township);
		for (Village village : township.villages) {
			for (Grid grid : village.grids) {
				for (MicroGrid microGrid : grid.microGrids) {
					homes(sink, township, village, microGrid);
				}
			}
		}
	}

	private void division(RowSink sink, Division division, Division parent, String level, Geometry boundary)
			throws IOException {
		division.id = ++this.divisionId;
		division.path = ((parent != null) ? parent.path : "/") + division.code + "/";
		Point centroid = boundary.getCentroid();
		sink.row(DemoTable.DIVISION, division.id, (parent != null) ? parent.id : null, division.code, division.name,
				level, division.path, GeoJson.geometry(boundary), Lattice.round(centroid.getX()),
				Lattice.round(centroid.getY()));
	}

	private void staff(RowSink sink, Division division, String role, String usernamePrefix) throws IOException {
		SplittableRandom r = Mix.random(this.seed, STAFF, Mix.key(division.code));
		Sex sex = (r.nextDouble() < 0.55) ? Sex.FEMALE : Sex.MALE;
		int birthYear = this.parameters.asOf().getYear() - 25 - r.nextInt(30);
		String name = Vocabulary.SURNAMES_LOCAL.pick(r) + Vocabulary.givenNames(birthYear, sex).pick(r);
		sink.row(DemoTable.GRID_STAFF, ++this.staffId, division.id, role, name, this.phones.next(),
				usernamePrefix + division.code);
	}

	// --- venues and sampling sites

	private void venues(RowSink sink, Township township) throws IOException {
		SplittableRandom r = Mix.random(this.seed, VENUES, Mix.key(township.code));
		List<Grid> grids = township.grids();
		Set<String> names = new HashSet<>();
		for (int k = 0; k < this.parameters.venuesPerTownship(); k++) {
			VenueKind kind = VenueKind.BY_FREQUENCY.pick(r);
			Grid grid = grids.get(r.nextInt(grids.size()));
			Village village = grid.village;
			String name = kind.venueName(r, township.name, village.name, village.community);
			for (int attempt = 0; attempt < 5 && names.contains(name); attempt++) {
				name = kind.venueName(r, township.name, village.name, village.community);
			}
			for (int n = 2; names.contains(name); n++) {
				name = name.replaceFirst("(（\\d+）)?$", "") + "（" + n + "）";
			}
			names.add(name);
			Coordinate point = pointIn(r, grid, 0.1);
			Road road = village.roads.get(r.nextInt(village.roads.size()));
			String address = township.addressPrefix() + village.name + road.name + road.take(r) + "号";
			sink.row(DemoTable.VENUE, ++this.venueId, grid.id, name, kind.name(), address, point.x, point.y,
					kind.capacity(r), kind.crowdClass());
			for (int j = 0; j < kind.jobs(); j++) {
				township.workplaces.add(name);
			}
		}
	}

	private void samplingSites(RowSink sink, Township township) throws IOException {
		SplittableRandom r = Mix.random(this.seed, SITES, Mix.key(township.code));
		List<Grid> grids = township.grids();
		int count = this.parameters.samplingSitesPerTownship();
		for (int k = 0; k < count; k++) {
			// spread evenly over the grids
			Grid grid = grids.get((int) ((long) k * grids.size() / count));
			Village village = grid.village;
			String place = (village.community ? List.of("社区服务中心", "党群服务中心", "文体广场", "小区停车场", "社区公园")
					: List.of("村委会广场", "党群服务中心", "文体广场", "小学操场", "晒谷场"))
				.get(r.nextInt(5));
			Coordinate point = pointIn(r, grid, 0.15);
			Road road = village.roads.get(r.nextInt(village.roads.size()));
			String address = township.addressPrefix() + village.name + road.name + road.take(r) + "号";
			int capacityPerHour = 150 + r.nextInt(66) * 10;
			sink.row(DemoTable.SAMPLING_SITE_CANDIDATE, ++this.siteId, grid.id, grid.name + place, address, point.x,
					point.y, capacityPerHour);
		}
	}

	/**
	 * A point inside a random micro-grid of {@code grid}, at least {@code margin} of the
	 * micro-grid's size away from its edges.
	 */
	private Coordinate pointIn(SplittableRandom r, Grid grid, double margin) {
		MicroGrid microGrid = grid.microGrids.get(r.nextInt(grid.microGrids.size()));
		return point(grid, microGrid, margin + (1 - 2 * margin) * r.nextDouble(),
				margin + (1 - 2 * margin) * r.nextDouble());
	}

	private Coordinate point(Grid grid, MicroGrid microGrid, double fu, double fv) {
		Coordinate p = grid.patch.inPart(microGrid.column, microGrid.row, this.microColumns, this.microRows, fu, fv);
		return new Coordinate(Lattice.round(p.x), Lattice.round(p.y));
	}

	// --- buildings, households, persons

	private void homes(RowSink sink, Township township, Village village, MicroGrid microGrid) throws IOException {
		SplittableRandom r = Mix.random(this.seed, HOMES, Mix.key(microGrid.code));
		int mean = this.parameters.householdsPerMicroGrid();
		int households = Math.max(1, mean + (int) Math.round((r.nextDouble() - 0.5) * mean / 3));
		Residents.Place place = new Residents.Place(township.district.code, township.addressPrefix() + village.name,
				township.workplaces);
		if (village.community) {
			apartments(sink, r, township, village, microGrid, households, place);
		}
		else {
			houses(sink, r, township, village, microGrid, households, place);
		}
	}

	/**
	 * A residential compound (小区) of apartment blocks (幢) with units (单元) and rooms
	 * numbered by floor ({@code 1202} is room 2 on floor 12); about one room in ten
	 * stands empty.
	 */
	private void apartments(RowSink sink, SplittableRandom r, Township township, Village village, MicroGrid microGrid,
			int households, Residents.Place place) throws IOException {
		double style = r.nextDouble();
		int floors = (style < 0.4) ? 5 + r.nextInt(2) : (style < 0.75) ? 11 : new int[] { 18, 26, 33 }[r.nextInt(3)];
		int units = (style < 0.4) ? 2 + r.nextInt(3) : (style < 0.75) ? 2 : 1 + r.nextInt(2);
		int roomsPerFloor = 2;
		int perBuilding = floors * units * roomsPerFloor;
		double occupancy = 0.8 + 0.15 * r.nextDouble();
		int buildings = Math.max(1, (int) Math.ceil(households / (perBuilding * occupancy)));
		String compound = Vocabulary.uniqueName(r, Vocabulary.COMPOUND_FIRST, Vocabulary.COMPOUND_SECOND,
				Vocabulary.COMPOUND_SUFFIXES.get(r.nextInt(Vocabulary.COMPOUND_SUFFIXES.size())), township.names);
		Road road = village.roads.get(r.nextInt(village.roads.size()));
		String gate = township.addressPrefix() + village.name + road.name + road.take(r) + "号";
		int columns = (int) Math.ceil(Math.sqrt(buildings));
		int rows = (buildings + columns - 1) / columns;
		int rooms = buildings * perBuilding;
		int needed = households;
		for (int b = 0; b < buildings; b++) {
			double fu = 0.15 + 0.7 * (b % columns + 0.5) / columns + 0.04 * (r.nextDouble() - 0.5);
			double fv = 0.15 + 0.7 * (b / columns + 0.5) / rows + 0.04 * (r.nextDouble() - 0.5);
			Coordinate point = point(microGrid.grid, microGrid, fu, fv);
			long building = ++this.buildingId;
			String address = gate + (b + 1) + "幢";
			sink.row(DemoTable.BUILDING, building, microGrid.id, microGrid.path, compound + (b + 1) + "幢", address,
					point.x, point.y, floors);
			for (int u = 1; u <= units; u++) {
				long unit = ++this.unitId;
				sink.row(DemoTable.BUILDING_UNIT, unit, building, Integer.toString(u));
				for (int floor = 1; floor <= floors; floor++) {
					for (int room = 1; room <= roomsPerFloor; room++) {
						// selection sampling: each remaining room is taken with the
						// probability that leaves exactly `needed` rooms taken in the end
						if (r.nextDouble() * rooms-- < needed) {
							needed--;
							String number = Integer.toString(floor * 100 + room);
							household(sink, r, unit, microGrid, number, address + u + "单元" + number + "室", place);
						}
					}
				}
			}
		}
	}

	/**
	 * Village houses in one to three hamlets, each house one household.
	 */
	private void houses(RowSink sink, SplittableRandom r, Township township, Village village, MicroGrid microGrid,
			int households, Residents.Place place) throws IOException {
		int hamlets = 1 + r.nextInt(3);
		double[][] centres = new double[hamlets][];
		Road[] roads = new Road[hamlets];
		for (int h = 0; h < hamlets; h++) {
			centres[h] = new double[] { 0.25 + 0.5 * r.nextDouble(), 0.25 + 0.5 * r.nextDouble() };
			roads[h] = village.roads.get(r.nextInt(village.roads.size()));
		}
		for (int k = 0; k < households; k++) {
			int h = r.nextInt(hamlets);
			double fu = clamp(centres[h][0] + 0.25 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5));
			double fv = clamp(centres[h][1] + 0.25 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5));
			Coordinate point = point(microGrid.grid, microGrid, fu, fv);
			String number = roads[h].name + roads[h].take(r) + "号";
			String address = township.addressPrefix() + village.name + number;
			long building = ++this.buildingId;
			sink.row(DemoTable.BUILDING, building, microGrid.id, microGrid.path, number, address, point.x, point.y,
					2 + r.nextInt(2));
			long unit = ++this.unitId;
			sink.row(DemoTable.BUILDING_UNIT, unit, building, "1");
			household(sink, r, unit, microGrid, "1", address, place);
		}
	}

	private static double clamp(double f) {
		return Math.max(0.06, Math.min(0.94, f));
	}

	private void household(RowSink sink, SplittableRandom r, long unit, MicroGrid microGrid, String room,
			String address, Residents.Place place) throws IOException {
		long household = ++this.householdId;
		sink.row(DemoTable.HOUSEHOLD, household, unit, microGrid.path, room, address);
		for (Residents.Person p : this.residents.household(r, place)) {
			sink.row(DemoTable.PERSON, ++this.personId, p.name(), p.documentType(), p.documentNumber(), p.sex().name(),
					p.birthDate(), p.phone(), household, microGrid.path, p.hukouPlace(), p.populationType(), p.tags(),
					p.workplace(), p.createdAt(), p.updatedAt(), p.phone() != null);
		}
	}

	private static String twoDigits(int value) {
		return (value < 10) ? "0" + value : Integer.toString(value);
	}

	private static String threeDigits(int value) {
		return (value < 10) ? "00" + value : (value < 100) ? "0" + value : Integer.toString(value);
	}

}
