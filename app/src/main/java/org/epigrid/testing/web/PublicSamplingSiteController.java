package org.epigrid.testing.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NearSite;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public's sampling sites, no login (J2): the nearest open sites with their queue and
 * waiting time, and every site as open data in GeoJSON and CSV (fields documented in
 * {@code docs/open-data.md}).
 */
@ApiController
@RequestMapping("/api/v1/public")
class PublicSamplingSiteController {

	/** The open data's fields, in order (CSV columns, GeoJSON properties). */
	static final List<String> FIELDS = List.of("code", "name", "kind", "address", "lon", "lat", "openingHours",
			"stations", "capacityPerHour", "phone", "status", "queueLength", "waitMinutes", "statusAt");

	/**
	 * Caches may keep the open data briefly: a city's phones reloading do not each read
	 * every site.
	 */
	private static final CacheControl OPEN_DATA = CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic();

	private static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

	private final SamplingSiteManagement sites;

	PublicSamplingSiteController(SamplingSiteManagement sites) {
		this.sites = sites;
	}

	@GetMapping("/sampling-sites")
	List<PublicSite> nearest(@RequestParam(required = false) String lon, @RequestParam(required = false) String lat,
			@RequestParam(defaultValue = "10") String limit) {
		double x = coordinate("lon", lon, 180);
		double y = coordinate("lat", lat, 90);
		int most;
		try {
			most = Integer.parseInt(limit.strip());
		}
		catch (NumberFormatException ex) {
			throw FieldErrorsException.of("limit",
					"must be a whole number from 1 to " + SamplingSiteManagement.MAX_NEAREST);
		}
		if (most < 1 || most > SamplingSiteManagement.MAX_NEAREST) {
			throw FieldErrorsException.of("limit",
					"must be a whole number from 1 to " + SamplingSiteManagement.MAX_NEAREST);
		}
		return this.sites.nearest(x, y, most).stream().map(PublicSite::of).toList();
	}

	@GetMapping("/sampling-sites.geojson")
	ResponseEntity<Map<String, Object>> geoJson() {
		List<Map<String, Object>> features = new ArrayList<>();
		for (SamplingSite site : this.sites.all()) {
			if (site.lon() == null || site.lat() == null) {
				continue;
			}
			Map<String, Object> properties = new LinkedHashMap<>();
			List<Object> values = values(site);
			for (int i = 0; i < FIELDS.size(); i++) {
				if (!FIELDS.get(i).equals("lon") && !FIELDS.get(i).equals("lat")) {
					properties.put(FIELDS.get(i), values.get(i));
				}
			}
			Map<String, Object> feature = new LinkedHashMap<>();
			feature.put("type", "Feature");
			feature.put("id", site.code());
			feature.put("geometry", Map.of("type", "Point", "coordinates", List.of(site.lon(), site.lat())));
			feature.put("properties", properties);
			features.add(feature);
		}
		Map<String, Object> collection = new LinkedHashMap<>();
		collection.put("type", "FeatureCollection");
		collection.put("features", features);
		return ResponseEntity.ok().cacheControl(OPEN_DATA).contentType(GEO_JSON).body(collection);
	}

	@GetMapping("/sampling-sites.csv")
	ResponseEntity<byte[]> csv() {
		StringBuilder csv = new StringBuilder("\uFEFF");
		csv.append(String.join(",", FIELDS)).append("\r\n");
		for (SamplingSite site : this.sites.all()) {
			List<Object> values = values(site);
			for (int i = 0; i < values.size(); i++) {
				if (i > 0) {
					csv.append(',');
				}
				csv.append(quote(values.get(i)));
			}
			csv.append("\r\n");
		}
		return ResponseEntity.ok()
			.cacheControl(OPEN_DATA)
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("sampling-sites.csv").build().toString())
			.body(csv.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A site's values in the order of {@link #FIELDS}. */
	static List<Object> values(SamplingSite site) {
		List<Object> values = new ArrayList<>();
		values.add(site.code());
		values.add(site.name());
		values.add(site.kind().name());
		values.add(site.address());
		values.add(site.lon());
		values.add(site.lat());
		values.add(site.openingHours());
		values.add(site.stations());
		values.add(site.capacityPerHour());
		values.add(site.phone());
		values.add(site.status().name());
		values.add(site.queueLength());
		values.add(site.waitMinutes());
		values.add((site.statusAt() == null) ? null : site.statusAt().toString());
		return values;
	}

	/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
	static String quote(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
			return text;
		}
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	private static double coordinate(String field, String text, double bound) {
		if (text == null || text.isBlank()) {
			throw FieldErrorsException.of(field,
					"is required: a WGS-84 " + (field.equals("lon") ? "longitude" : "latitude"));
		}
		double value;
		try {
			value = Double.parseDouble(text.strip());
		}
		catch (NumberFormatException ex) {
			value = Double.NaN;
		}
		if (Double.isNaN(value) || value < -bound || value > bound) {
			throw FieldErrorsException.of(field, "must be a number from " + (-bound) + " to " + bound);
		}
		return value;
	}

	/**
	 * A site for the public, with its distance.
	 *
	 * @param code uniform code
	 * @param name name
	 * @param kind kind
	 * @param address address
	 * @param lon longitude
	 * @param lat latitude
	 * @param openingHours opening hours
	 * @param stations sampling stations
	 * @param capacityPerHour samples an hour
	 * @param phone phone
	 * @param status status
	 * @param queueLength persons waiting
	 * @param waitMinutes estimated wait
	 * @param statusAt when reported
	 * @param crowded BUSY or queue over the hourly capacity
	 * @param distanceMetres distance from the point asked about
	 */
	record PublicSite(String code, String name, String kind, String address, Double lon, Double lat,
			String openingHours, int stations, int capacityPerHour, String phone, String status, int queueLength,
			Integer waitMinutes, String statusAt, boolean crowded, long distanceMetres) {

		static PublicSite of(NearSite near) {
			SamplingSite s = near.site();
			return new PublicSite(s.code(), s.name(), s.kind().name(), s.address(), s.lon(), s.lat(), s.openingHours(),
					s.stations(), s.capacityPerHour(), s.phone(), s.status().name(), s.queueLength(), s.waitMinutes(),
					(s.statusAt() == null) ? null : s.statusAt().toString(), s.crowded(), near.metres());
		}

	}

}
