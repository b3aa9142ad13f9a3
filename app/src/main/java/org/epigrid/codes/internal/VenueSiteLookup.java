package org.epigrid.codes.internal;

import org.epigrid.codes.CheckIns;
import org.epigrid.codes.Venue;
import org.epigrid.codes.VenueManagement;
import org.epigrid.codes.Verdict;
import org.epigrid.codes.VerificationSite;
import org.epigrid.codes.VerificationSiteLookup;

import org.springframework.stereotype.Component;

/**
 * A venue as the site its own device verifies at: the verdict under the venue's policy,
 * with a check-in stored ({@code GATE}).
 */
@Component
class VenueSiteLookup implements VerificationSiteLookup {

	private final VenueManagement venues;

	private final CheckIns checkIns;

	VenueSiteLookup(VenueManagement venues, CheckIns checkIns) {
		this.venues = venues;
		this.checkIns = checkIns;
	}

	@Override
	public VerificationSite find(long venueId) {
		Venue venue = this.venues.find(venueId);
		return (venue != null) ? new Site(venue, this.checkIns) : null;
	}

	/** A venue and where its check-ins go. */
	private record Site(Venue venue, CheckIns checkIns) implements VerificationSite {

		@Override
		public String gridPath() {
			return this.venue.gridPath();
		}

		@Override
		public Verdict admit(long personId, String maskedName) {
			return this.checkIns.checkIn(this.venue, personId, maskedName, CheckIns.Via.GATE).verdict();
		}

	}

}
