package org.epigrid.population;

import java.time.Instant;
import java.util.List;

import org.epigrid.population.internal.PersonCompletionRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Information completion (信息补全): fills what the population base lacks from what
 * department records say, and remembers where each filled value came from.
 * <ul>
 * <li>a <b>phone</b> is filled where the person has none (a phone in the base is never
 * overwritten); it is a contact hint, not a login phone, unless its source is marked
 * authoritative for phones ({@link Fill#verified()});</li>
 * <li>an <b>address</b> is kept for a person without a household (provisional persons,
 * mostly), the newest one counting;</li>
 * <li>a provisional person whose address matches a household's address (trigram
 * similarity at least {@value #ADDRESS_MATCH}) is placed under that household's place, so
 * their grid worker sees them: the <b>grid</b> completion.</li>
 * </ul>
 * Filling is idempotent: the same fills twice change nothing more.
 */
@Service
public class PersonCompletion {

	/** The least trigram similarity of two addresses that places a person. */
	public static final double ADDRESS_MATCH = 0.6;

	private final PersonCompletionRepository completions;

	PersonCompletion(PersonCompletionRepository completions) {
		this.completions = completions;
	}

	/**
	 * Fills fields of persons.
	 * @param fills what records say, at most one per person and field (the newest)
	 * @return how many fields were filled
	 */
	@Transactional
	public int fill(List<Fill> fills) {
		return this.completions.fill(fills);
	}

	/**
	 * What was filled for a person, newest first.
	 * @param personId the person
	 * @return the completions
	 */
	@Transactional(readOnly = true)
	public List<Completion> completions(long personId) {
		return this.completions.completions(personId);
	}

	/** A field that can be filled. */
	public enum Field {

		/** The person's phone. */
		PHONE,
		/** Where the person lives, as the record says. */
		ADDRESS,
		/** The place (grid) a provisional person was moved to. */
		GRID

	}

	/**
	 * What a record says about a person.
	 *
	 * @param personId the person
	 * @param field {@link Field#PHONE} or {@link Field#ADDRESS}
	 * @param value the value, normalised
	 * @param source the data source's code
	 * @param reference the record in it, e.g. {@code record 123}
	 * @param recordedAt when the record says it was so
	 * @param verified whether the source is authoritative for this field: a phone from
	 * such a source becomes a login phone; any other filled phone is a contact hint only
	 */
	public record Fill(long personId, Field field, String value, String source, String reference, Instant recordedAt,
			boolean verified) {
	}

	/**
	 * A filled field with its provenance.
	 *
	 * @param field the field
	 * @param value the value filled (for {@link Field#GRID}, the place's path)
	 * @param source the data source's code
	 * @param reference the record
	 * @param method {@code SOURCE_RECORD} or {@code ADDRESS_MATCH}
	 * @param score the address similarity for a match
	 * @param recordedAt when the record says it was so
	 * @param filledAt when it was filled
	 */
	public record Completion(Field field, String value, String source, String reference, String method, Float score,
			Instant recordedAt, Instant filledAt) {
	}

}
