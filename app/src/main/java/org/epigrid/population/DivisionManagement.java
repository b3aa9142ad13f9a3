package org.epigrid.population;

import java.util.List;
import java.util.Optional;

import org.epigrid.population.internal.PopulationRepository;
import org.epigrid.security.Caller;
import org.epigrid.security.JurisdictionCatalog;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The division and grid tree, buildings and the map, always within the caller's
 * jurisdiction. Also the {@link JurisdictionCatalog} that names users' jurisdictions.
 */
@Service
@Transactional(readOnly = true)
public class DivisionManagement implements JurisdictionCatalog {

	/** Most polygons or points drawn on one map layer. */
	public static final int MAP_LIMIT = 5000;

	private final PopulationRepository repository;

	DivisionManagement(PopulationRepository repository) {
		this.repository = repository;
	}

	/**
	 * The top of the caller's tree: the node of their jurisdiction, or the roots for a
	 * country-wide jurisdiction.
	 * @param caller the caller
	 * @return the top nodes
	 */
	public List<Division> top(Caller caller) {
		if ("/".equals(caller.jurisdictionPath())) {
			return this.repository.children(null);
		}
		return this.repository.divisionAt(caller.jurisdictionPath()).map(List::of).orElse(List.of());
	}

	/**
	 * Children of a node.
	 * @param caller the caller
	 * @param parentId the node; {@code null} means {@link #top(Caller)}
	 * @return the children, by code
	 * @throws NotFoundException if the node does not exist or lies outside the
	 * jurisdiction
	 */
	public List<Division> children(Caller caller, Long parentId) {
		if (parentId == null) {
			return top(caller);
		}
		Division parent = find(caller, parentId);
		return this.repository.children(parent.id());
	}

	/**
	 * A node.
	 * @param caller the caller
	 * @param id the node
	 * @return the node
	 * @throws NotFoundException if it does not exist or lies outside the jurisdiction
	 */
	public Division find(Caller caller, long id) {
		return this.repository.division(id, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("division " + id));
	}

	/**
	 * Grids within the caller's jurisdiction, optionally below a node, by code.
	 * @param caller the caller
	 * @param divisionId limit to grids below this node, may be {@code null}
	 * @param page the page
	 * @return one page of grids
	 * @throws NotFoundException if {@code divisionId} is unknown or outside the
	 * jurisdiction
	 */
	public Slice<Division> grids(Caller caller, Long divisionId, PageRequest page) {
		return this.repository.ofLevel(DivisionLevel.GRID, range(caller, divisionId), page);
	}

	/**
	 * Polygons of one level as GeoJSON, within the jurisdiction and optionally below a
	 * node.
	 * @param caller the caller
	 * @param level the level to draw
	 * @param divisionId limit to this node's subtree, may be {@code null}
	 * @return a GeoJSON FeatureCollection with id, code, name, households and persons
	 */
	public String geoJson(Caller caller, DivisionLevel level, Long divisionId) {
		return this.repository.featureCollection(level, range(caller, divisionId), MAP_LIMIT);
	}

	/**
	 * Buildings below a node as GeoJSON points.
	 * @param caller the caller
	 * @param divisionId the node
	 * @return a GeoJSON FeatureCollection
	 */
	public String buildingsGeoJson(Caller caller, long divisionId) {
		return this.repository.buildingFeatures(range(caller, divisionId), MAP_LIMIT);
	}

	/**
	 * A building with its units and households.
	 * @param caller the caller
	 * @param buildingId the building
	 * @return the building
	 * @throws NotFoundException if it does not exist or lies outside the jurisdiction
	 */
	public BuildingView building(Caller caller, long buildingId) {
		return this.repository.building(buildingId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("building " + buildingId));
	}

	@Override
	public Optional<String> nameOf(String path) {
		if (path == null || path.isBlank() || !path.startsWith("/")) {
			return Optional.empty();
		}
		return this.repository.fullName(path);
	}

	@Override
	public List<Jurisdiction> search(String query, int limit) {
		return this.repository.searchDivisions(query, limit)
			.stream()
			.map(d -> new Jurisdiction(d.path(), String.join(" / ", this.repository.namesAlong(d.path())),
					d.level().name()))
			.toList();
	}

	private PathPrefix range(Caller caller, Long divisionId) {
		if (divisionId == null) {
			return caller.jurisdiction();
		}
		return PathPrefix.of(find(caller, divisionId).path());
	}

}
