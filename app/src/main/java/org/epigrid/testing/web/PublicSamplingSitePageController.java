package org.epigrid.testing.web;

import java.util.List;

import org.epigrid.shared.PlatformSettings;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public's page of the nearest open sampling sites (no login, mobile first): a map
 * and a list from the visitor's location, or from the middle of the town's sites when the
 * browser does not give it; links to the open data.
 */
@Controller
class PublicSamplingSitePageController {

	private final SamplingSiteManagement sites;

	private final String tileUrl;

	PublicSamplingSitePageController(SamplingSiteManagement sites, PlatformSettings settings) {
		this.sites = sites;
		this.tileUrl = settings.map().tileUrl();
	}

	@GetMapping("/p/sampling-sites")
	String page(Model model) {
		List<SamplingSite> placed = this.sites.all().stream().filter(s -> s.lon() != null && s.lat() != null).toList();
		if (!placed.isEmpty()) {
			// the town's centre: the middle of its sites' extent
			double west = placed.stream().mapToDouble(SamplingSite::lon).min().orElseThrow();
			double east = placed.stream().mapToDouble(SamplingSite::lon).max().orElseThrow();
			double south = placed.stream().mapToDouble(SamplingSite::lat).min().orElseThrow();
			double north = placed.stream().mapToDouble(SamplingSite::lat).max().orElseThrow();
			model.addAttribute("centerLon", (west + east) / 2);
			model.addAttribute("centerLat", (south + north) / 2);
		}
		model.addAttribute("siteCount", placed.size());
		model.addAttribute("tileUrl", this.tileUrl);
		return "testing/public-sites";
	}

}
