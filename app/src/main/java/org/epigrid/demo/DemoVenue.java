package org.epigrid.demo;

/**
 * A venue of the demo town (shop, restaurant, school, factory ...), for the module that
 * issues venue codes.
 *
 * @param id the demo venue id
 * @param gridId the division id of the grid it lies in
 * @param name the name, e.g. {@code 华润万家(清水村店)}
 * @param venueType {@code SUPERMARKET}, {@code CONVENIENCE_STORE}, {@code RESTAURANT},
 * {@code MARKET}, {@code PHARMACY}, {@code CLINIC}, {@code SCHOOL}, {@code KINDERGARTEN},
 * {@code NURSING_HOME}, {@code FACTORY}, {@code OFFICE}, {@code HOTEL},
 * {@code BUS_STATION}, {@code BANK}, {@code INTERNET_CAFE}, {@code KTV} or {@code GYM}
 * @param address the postal address
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param capacity how many people it holds at once
 * @param crowdClass {@code CROWDED} (gathers many strangers), {@code SENSITIVE} (serves
 * vulnerable people: schools, clinics, care homes) or {@code ORDINARY}
 */
public record DemoVenue(long id, long gridId, String name, String venueType, String address, double lon, double lat,
		int capacity, String crowdClass) {
}
