package org.epigrid.codes.internal.status;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.health.CaseStatus;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.QuarantineKind;
import org.epigrid.shared.health.ZoneLevel;

/**
 * The facts about a person that the colour rules may read, with the column of
 * {@code code_fact} that keeps each. Rules name facts by {@link #key()}; nothing else
 * reaches the SQL.
 */
public enum Fact {

	/** Case status. */
	CASE_STATUS("caseStatus", "case_status", Type.ENUM, names(CaseStatus.values())),
	/** Contact level. */
	CONTACT_LEVEL("contactLevel", "contact_level", Type.ENUM, names(ContactLevel.values())),
	/** Quarantine or health monitoring. */
	QUARANTINE("quarantine", "quarantine", Type.ENUM, names(QuarantineKind.values())),
	/** Level of the risk zone the person lives in. */
	ZONE_LEVEL("zoneLevel", "zone_level", Type.ENUM, names(ZoneLevel.values())),
	/** Latest sample taken, any result. */
	TESTED_AT("testedAt", "tested_at", Type.TIME, List.of()),
	/** Latest negative sample. */
	NEGATIVE_TEST_AT("negativeTestAt", "negative_test_at", Type.TIME, List.of()),
	/** Latest positive single-tube sample. */
	POSITIVE_TEST_AT("positiveTestAt", "positive_test_at", Type.TIME, List.of()),
	/**
	 * Latest sample whose pooled tube was positive (recalled for a single-tube retest).
	 */
	RECALLED_AT("recalledAt", "recalled_at", Type.TIME, List.of()),
	/** Deadline of the latest missed testing round. */
	MISSED_ROUND_AT("missedRoundAt", "missed_round_at", Type.TIME, List.of()),
	/** Arrival from a risk city. */
	INBOUND_AT("inboundAt", "inbound_at", Type.TIME, List.of()),
	/** The risk city of the latest arrival. */
	INBOUND_CITY("inboundCity", "inbound_city", Type.TEXT, List.of()),
	/** Latest stay in a risk city (travel record). */
	RISK_TRIP_AT("riskTripAt", "risk_trip_at", Type.TIME, List.of()),
	/** The risk city of the latest stay. */
	RISK_TRIP_CITY("riskTripCity", "risk_trip_city", Type.TEXT, List.of()),
	/** Vaccine doses had. */
	VACCINE_DOSES("vaccineDoses", "vaccine_doses", Type.NUMBER, List.of()),
	/** Latest vaccine dose. */
	VACCINATED_AT("vaccinatedAt", "vaccinated_at", Type.TIME, List.of());

	private final String key;

	private final String column;

	private final Type type;

	private final List<String> values;

	Fact(String key, String column, Type type, List<String> values) {
		this.key = key;
		this.column = column;
		this.type = type;
		this.values = values;
	}

	/**
	 * The fact for its name in the rules.
	 * @param key e.g. {@code caseStatus}
	 * @return the fact, if known
	 */
	public static Optional<Fact> byKey(String key) {
		return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
	}

	/**
	 * @return the name used in rules and reason sentences
	 */
	public String key() {
		return this.key;
	}

	/**
	 * @return the column of {@code code_fact}
	 */
	public String column() {
		return this.column;
	}

	/**
	 * @return the kind of value
	 */
	public Type type() {
		return this.type;
	}

	/**
	 * @return for an enumerated fact, the values it may take
	 */
	public List<String> allowed() {
		return this.values;
	}

	private static List<String> names(Enum<?>[] values) {
		return Arrays.stream(values).map(Enum::name).toList();
	}

	/** Kinds of fact value. */
	public enum Type {

		/** One of a fixed set of names. */
		ENUM,
		/** An instant. */
		TIME,
		/** Free text (shown in sentences only). */
		TEXT,
		/** A whole number. */
		NUMBER

	}

}
