package org.epigrid.demo.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * The skeleton of a town, built before any row is written: districts, townships,
 * villages, grids and micro-grids with their codes, names, lattice cells and boundaries.
 * Ids and paths are filled in as the divisions are written.
 */
final class TownPlan {

	private TownPlan() {
	}

	/** Any division, as written to the {@code division} table. */
	static class Division {

		final String code;

		final String name;

		long id;

		String path;

		Division(String code, String name) {
			this.code = code;
			this.name = name;
		}

	}

	static final class District extends Division {

		final List<Township> townships = new ArrayList<>();

		Geometry boundary;

		District(String code, String name) {
			super(code, name);
		}

	}

	static final class Township extends Division {

		final District district;

		final List<Village> villages = new ArrayList<>();

		/**
		 * Names of workplaces (venues) in the township, repeated by how many they employ.
		 */
		final List<String> workplaces = new ArrayList<>();

		/** Names given out in the township, to keep roads and compounds distinct. */
		final Set<String> names = new HashSet<>();

		Geometry boundary;

		Township(District district, String code, String name) {
			super(code, name);
			this.district = district;
		}

		/** {@code 江苏省苏州市相城区阳澄湖镇}: the start of every address in it. */
		String addressPrefix() {
			return Vocabulary.PROVINCE_NAME + Vocabulary.CITY_NAME + this.district.name + this.name;
		}

		List<Grid> grids() {
			List<Grid> grids = new ArrayList<>();
			for (Village village : this.villages) {
				grids.addAll(village.grids);
			}
			return grids;
		}

	}

	static final class Village extends Division {

		final Township township;

		final boolean community;

		final List<Grid> grids = new ArrayList<>();

		final List<Road> roads = new ArrayList<>();

		Geometry boundary;

		Village(Township township, String code, String name, boolean community) {
			super(code, name);
			this.township = township;
			this.community = community;
		}

	}

	static final class Grid extends Division {

		final Village village;

		final CellPatch patch;

		final Polygon polygon;

		final List<MicroGrid> microGrids = new ArrayList<>();

		Grid(Village village, String code, String name, CellPatch patch, Polygon polygon) {
			super(code, name);
			this.village = village;
			this.patch = patch;
			this.polygon = polygon;
		}

	}

	static final class MicroGrid extends Division {

		final Grid grid;

		/** Column and row of the micro-grid in its grid. */
		final int column;

		final int row;

		MicroGrid(Grid grid, String code, String name, int column, int row) {
			super(code, name);
			this.grid = grid;
			this.column = column;
			this.row = row;
		}

	}

	/** A road and the next free house number on it. */
	static final class Road {

		final String name;

		private int next;

		Road(String name, int first) {
			this.name = name;
			this.next = first;
		}

		/** Takes the next house number: numbers go up by one to three. */
		int take(SplittableRandom r) {
			int number = this.next;
			this.next += 1 + r.nextInt(3);
			return number;
		}

	}

}
