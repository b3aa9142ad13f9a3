package org.epigrid.datahub.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.internal.RecordValidator.ValidRecord;
import org.epigrid.population.IdentityLookup;
import org.epigrid.population.IdentityLookup.Candidate;
import org.epigrid.population.IdentityLookup.CandidateQuery;
import org.epigrid.population.IdentityLookup.NameAndPhone;
import org.epigrid.population.IdentityLookup.ProvisionalPerson;
import org.epigrid.shared.IdNumber;

import org.springframework.stereotype.Component;

/**
 * Links an import's records to persons, batch by batch, in one look-up per step: by ID
 * number; by name and phone, or phone and a similar name, for records without an ID
 * number; by name, birth date and address for the rest ({@link LinkMethod}). ID numbers
 * the population base does not know get provisional persons, created by the writing half
 * of the import in its transaction ({@link #settle}).
 */
@Component
class IdentityResolver {

	/**
	 * How many ID numbers' persons a job remembers instead of asking again (lists name
	 * the same people many times; ~100 bytes each).
	 */
	private static final int MAX_KNOWN = 500_000;

	/** How much the best candidate must beat the runner-up by to link alone. */
	private static final double CLEAR_LEAD = 0.05;

	private final IdentityLookup identities;

	private final double autoLinkThreshold;

	IdentityResolver(IdentityLookup identities, DataHubSettings settings) {
		this.identities = identities;
		this.autoLinkThreshold = settings.identity().autoLinkThreshold();
	}

	/**
	 * The links of a batch, on the reading half's connections. ID numbers nobody
	 * registered are left open (a {@code null} method) for {@link #settle}.
	 * @param batch the records
	 * @param remembered the persons of ID numbers this job has seen, added to
	 * @return the links, by index of the batch
	 */
	Links resolve(List<AcceptedRow> batch, Map<String, Long> remembered) {
		int n = batch.size();
		Links links = new Links(new Long[n], new LinkMethod[n], new Float[n], new LinkedHashMap<>());
		Set<String> idNumbers = new HashSet<>();
		List<NameAndPhone> namePhones = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null) {
				Long known = remembered.get(r.idNumber());
				if (known != null) {
					links.link(i, known, LinkMethod.ID_NUMBER);
				}
				else {
					idNumbers.add(r.idNumber());
				}
			}
			else if (r.phone() != null) {
				namePhones.add(new NameAndPhone(r.name(), r.phone()));
			}
		}
		Map<String, Long> found = idNumbers.isEmpty() ? Map.of() : this.identities.byIdNumber(idNumbers);
		if (remembered.size() + found.size() <= MAX_KNOWN) {
			remembered.putAll(found);
		}
		// an unknown ID number: the writing half creates its provisional person
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null && links.methods()[i] == null) {
				Long person = found.get(r.idNumber());
				if (person != null) {
					links.link(i, person, LinkMethod.ID_NUMBER);
				}
				else {
					links.scores()[i] = LinkMethod.PROVISIONAL.score();
					links.unknown().computeIfAbsent(r.idNumber(), id -> {
						IdNumber number = new IdNumber(id);
						return new ProvisionalPerson(r.name(), id, number.sex(), number.birthDate(), r.phone());
					});
				}
			}
		}
		Map<NameAndPhone, Long> byNamePhone = namePhones.isEmpty() ? Map.of()
				: this.identities.byNameAndPhone(namePhones);
		List<NameAndPhone> notByNamePhone = namePhones.stream().filter(k -> !byNamePhone.containsKey(k)).toList();
		Map<NameAndPhone, Long> byPhoneTypo = notByNamePhone.isEmpty() ? Map.of()
				: this.identities.byPhoneWithSimilarName(notByNamePhone);
		Map<NameAndPhone, Long> identifiedByPhone = new LinkedHashMap<>(byNamePhone);
		identifiedByPhone.putAll(byPhoneTypo);
		Map<Long, List<Candidate>> similar = similar(batch, identifiedByPhone);
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null) {
				continue;
			}
			NameAndPhone namePhone = (r.phone() != null) ? new NameAndPhone(r.name(), r.phone()) : null;
			if (namePhone != null && byNamePhone.containsKey(namePhone)) {
				links.link(i, byNamePhone.get(namePhone), LinkMethod.NAME_PHONE);
			}
			else if (namePhone != null && byPhoneTypo.containsKey(namePhone)) {
				links.link(i, byPhoneTypo.get(namePhone), LinkMethod.PHONE_SIMILAR_NAME);
			}
			else {
				Candidate best = autoLink(similar.get((long) i));
				if (best != null) {
					links.link(i, best.personId(), LinkMethod.NAME_BIRTH_ADDRESS, (float) best.score());
				}
			}
		}
		return links;
	}

	/**
	 * The writing half, in the job's transaction: creates the provisional persons of ID
	 * numbers nobody registered (once per job: a number seen again in a later batch links
	 * to the person created for it), and links records without an ID number to a
	 * provisional person of this job with the same name and phone.
	 * @param jobId the job
	 * @param source its source
	 * @param jurisdiction the importer's jurisdiction, the new persons'
	 * @param records the batch
	 * @param links the batch's links, completed here
	 * @param created what the job has created so far, added to
	 */
	void settle(long jobId, DataSource source, String jurisdiction, List<AcceptedRow> records, Links links,
			Created created) {
		List<ProvisionalPerson> create = links.unknown()
			.values()
			.stream()
			.filter(p -> !created.provisional.containsKey(p.idNumber()))
			.toList();
		Map<String, Long> registered = this.identities.registerProvisional(create, source.phonesVerified(),
				jurisdiction, "import " + jobId + " (" + source.code() + ")");
		for (ProvisionalPerson person : create) {
			created.provisional.put(person.idNumber(), registered.get(person.idNumber()));
			if (person.phone() != null) {
				created.byNamePhone.putIfAbsent(new NameAndPhone(person.name(), person.phone()),
						registered.get(person.idNumber()));
			}
		}
		for (int i = 0; i < records.size(); i++) {
			ValidRecord r = records.get(i).record();
			if (links.methods()[i] != null) {
				continue;
			}
			if (r.idNumber() != null) {
				// the score was set when the number was found unknown
				links.personIds()[i] = created.provisional.get(r.idNumber());
				links.methods()[i] = registered.containsKey(r.idNumber()) ? LinkMethod.PROVISIONAL
						: LinkMethod.ID_NUMBER;
			}
			else if (r.phone() != null && created.byNamePhone.containsKey(new NameAndPhone(r.name(), r.phone()))) {
				links.link(i, created.byNamePhone.get(new NameAndPhone(r.name(), r.phone())), LinkMethod.NAME_PHONE);
			}
		}
	}

	/**
	 * Candidates for the records that neither an ID number nor name + phone identified.
	 */
	private Map<Long, List<Candidate>> similar(List<AcceptedRow> batch, Map<NameAndPhone, Long> byNamePhone) {
		Map<Long, CandidateQuery> queries = new LinkedHashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			ValidRecord r = batch.get(i).record();
			boolean identified = r.idNumber() != null
					|| (r.phone() != null && byNamePhone.containsKey(new NameAndPhone(r.name(), r.phone())));
			if (!identified) {
				queries.put((long) i, RecordFields.candidateQuery(r.name(), r.fields()));
			}
		}
		return queries.isEmpty() ? Map.of() : this.identities.candidates(queries, null, 2);
	}

	/**
	 * The best candidate, if it reaches the threshold and clearly beats the runner-up
	 * (two people who fit equally well are for a person to decide).
	 */
	private Candidate autoLink(List<Candidate> candidates) {
		if (candidates == null || candidates.isEmpty()) {
			return null;
		}
		Candidate best = candidates.get(0);
		boolean clear = candidates.size() == 1 || candidates.get(1).score() < best.score() - CLEAR_LEAD;
		return (best.score() >= this.autoLinkThreshold && clear) ? best : null;
	}

	/**
	 * The links of a batch's records, by index: a {@code null} method for an unknown ID
	 * number until its provisional person exists, or for no link; and the unknown ID
	 * numbers.
	 *
	 * @param personIds the persons
	 * @param methods how each was linked
	 * @param scores the links' scores
	 * @param unknown the ID numbers nobody registered, with the persons to create
	 */
	record Links(Long[] personIds, LinkMethod[] methods, Float[] scores, Map<String, ProvisionalPerson> unknown) {

		void link(int i, Long personId, LinkMethod method) {
			link(i, personId, method, method.score());
		}

		void link(int i, Long personId, LinkMethod method, float score) {
			this.personIds[i] = personId;
			this.methods[i] = method;
			this.scores[i] = score;
		}

	}

	/** What the writing half of a job has created so far. */
	static final class Created {

		private final Map<String, Long> provisional = new HashMap<>();

		private final Map<NameAndPhone, Long> byNamePhone = new HashMap<>();

	}

}
