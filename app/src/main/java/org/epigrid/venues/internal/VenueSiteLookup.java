package org.epigrid.venues.internal;

import org.epigrid.codes.Verdict;
import org.epigrid.codes.VerificationSite;
import org.epigrid.codes.VerificationSiteLookup;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.Venue;
import org.epigrid.venues.VenueManagement;

import org.springframework.stereotype.Component;

/**
 * A venue as the site its own device verifies at: the verdict under the venue's policy,
 * with a check-in stored ({@code GATE}).
 */
@Component
class VenueSiteLookup implements VerificationSiteLookup {

	private final VenueManagement venues;

	private final CheckInManagement checkIns;

	VenueSiteLookup(VenueManagement venues, CheckInManagement checkIns) {
		this.venues = venues;
		this.checkIns = checkIns;
	}

	@Override
	public VerificationSite find(long venueId) {
		Venue venue = this.venues.find(venueId);
		return (venue != null) ? new Site(venue, this.checkIns) : null;
	}

	/** A venue and where its check-ins go. */
	private record Site(Venue venue, CheckInManagement checkIns) implements VerificationSite {

		@Override
		public String gridPath() {
			return this.venue.gridPath();
		}

		@Override
		public Verdict admit(long personId, String maskedName) {
			return this.checkIns.checkIn(this.venue, personId, maskedName, CheckInManagement.Via.GATE).verdict();
		}

	}

}
