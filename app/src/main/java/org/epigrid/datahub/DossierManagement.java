package org.epigrid.datahub;

import java.time.Clock;
import java.util.List;

import org.epigrid.datahub.internal.DossierReader;
import org.epigrid.population.PersonCompletion.Completion;
import org.epigrid.population.PersonCompletion;
import org.epigrid.population.PersonDetail;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.population.PersonManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The person dossier (一人一档, MISSION A5, A6): the base record and every source record
 * linked to the person. Every view is audited (through the person view it starts with)
 * and limited to the caller's jurisdiction.
 */
@Service
public class DossierManagement {

	private final PersonManagement persons;

	private final PersonCompletion completion;

	private final PrivacyPolicy privacy;

	private final DossierReader records;

	private final Clock clock;

	DossierManagement(PersonManagement persons, PersonCompletion completion, PrivacyPolicy privacy,
			DossierReader records, Clock clock) {
		this.persons = persons;
		this.completion = completion;
		this.privacy = privacy;
		this.records = records;
		this.clock = clock;
	}

	/**
	 * A person's dossier.
	 * @param caller the caller
	 * @param personId the person
	 * @param access why and through which channel; recorded in the audit log
	 * @return the dossier
	 * @throws NotFoundException if the person does not exist or lies outside the
	 * jurisdiction
	 */
	@Transactional
	public Dossier dossier(Caller caller, long personId, Access access) {
		PersonDetail person = this.persons.view(caller, personId,
				new Access("dossier: " + access.purpose(), access.channel(), access.clientIp()));
		boolean fullId = this.privacy.mayUnmaskIdNumber(caller);
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		List<Dossier.Entry> timeline = this.records.timeline(personId, fullId, fullPhone, this.clock.getZone());
		List<Dossier.SourceCount> sources = this.records.sources(personId);
		List<Completion> completions = this.completion.completions(personId)
			.stream()
			.map(c -> (c.field() == PersonCompletion.Field.PHONE && !fullPhone)
					? new Completion(c.field(), Masking.phone(c.value()), c.source(), c.reference(), c.method(),
							c.score(), c.recordedAt(), c.filledAt())
					: c)
			.toList();
		return new Dossier(person, sources, timeline, completions);
	}

	/**
	 * A person's own journeys into the city reported by transport and telecom sources
	 * (inbound traveller lists) since a time, newest first: for their travel record (行程),
	 * shown to the person themselves.
	 * @param personId the person
	 * @param since the earliest arrival
	 * @return at most 100 journeys
	 */
	public List<Trip> tripsOf(long personId, java.time.Instant since) {
		return this.records.tripsOf(personId, since);
	}

	/**
	 * One journey into the city.
	 *
	 * @param arrivedAt when
	 * @param originCity from where, as the source wrote it
	 * @param transport how (rail, air, road), may be {@code null}
	 * @param trainOrFlight the train or flight, may be {@code null}
	 * @param source which list reported it
	 */
	public record Trip(java.time.Instant arrivedAt, String originCity, String transport, String trainOrFlight,
			String source) {
	}

}
