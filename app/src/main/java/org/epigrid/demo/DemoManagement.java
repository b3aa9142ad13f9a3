package org.epigrid.demo;

import java.util.List;
import java.util.Optional;

import org.epigrid.demo.internal.DemoLoadRepository;
import org.epigrid.demo.internal.DemoTownReader;

import org.springframework.stereotype.Service;

/**
 * What the demo town holds beyond the population tables: whether and when it was loaded,
 * its venues and its candidate sampling sites.
 */
@Service
public class DemoManagement {

	private final DemoLoadRepository loads;

	private final DemoTownReader town;

	DemoManagement(DemoLoadRepository loads, DemoTownReader town) {
		this.loads = loads;
		this.town = town;
	}

	/**
	 * The load of the demo town into this database.
	 * @return the load, empty if the demo town was never loaded
	 */
	public Optional<DemoLoad> loaded() {
		return this.loads.loaded();
	}

	/**
	 * The venues of the demo town.
	 * @return all venues in id order, empty if the demo town was not loaded
	 */
	public List<DemoVenue> venues() {
		return this.town.venues();
	}

	/**
	 * The candidate sampling-site locations of the demo town.
	 * @return all candidates in id order, empty if the demo town was not loaded
	 */
	public List<SamplingSiteCandidate> samplingSiteCandidates() {
		return this.town.samplingSiteCandidates();
	}

}
