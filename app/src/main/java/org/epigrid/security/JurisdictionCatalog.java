package org.epigrid.security;

import java.util.List;
import java.util.Optional;

/**
 * Where jurisdictions come from: implemented by the population module, which owns
 * divisions and grids, so that security can name and validate a user's jurisdiction
 * without depending on it.
 */
public interface JurisdictionCatalog {

	/**
	 * The display name of the node at a path ("阳澄湖镇 / 湘城村 / 第3网格").
	 * @param path a materialised path
	 * @return the name, empty if no node has that path
	 */
	Optional<String> nameOf(String path);

	/**
	 * Nodes a user may be given as jurisdiction, for the user-administration form.
	 * @param query part of a name or code, may be blank
	 * @param limit maximum number of results
	 * @return matching nodes, broadest first
	 */
	List<Jurisdiction> search(String query, int limit);

	/**
	 * A node of the division/grid tree.
	 *
	 * @param path materialised path
	 * @param name full display name
	 * @param level level name (TOWNSHIP, GRID, …)
	 */
	record Jurisdiction(String path, String name, String level) {
	}

}
