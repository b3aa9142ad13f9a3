package org.epigrid.codes.internal.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which facts the rules do not care about in a person who has no others: the codes skip
 * computing such persons again (a round's negative results), so a wrong "indifferent"
 * would leave codes wrong.
 */
class RuleSetIndifferenceTests {

	private static final Set<Fact> TEST_TIMES = Set.of(Fact.TESTED_AT, Fact.NEGATIVE_TEST_AT);

	@Test
	void theShippedProtocolIsIndifferentToTestTimesAloneButNotToARecallOrAPositive() throws IOException {
		RuleSet rules = RuleSet.parse(shipped());
		// every rule reading the negative test also needs a recall, a positive, an
		// arrival…
		assertThat(rules.indifferentTo(TEST_TIMES)).isTrue();
		assertThat(rules.indifferentTo(Set.of())).isTrue();
		assertThat(rules.indifferentTo(Set.of(Fact.TESTED_AT, Fact.NEGATIVE_TEST_AT, Fact.RECALLED_AT))).isFalse();
		assertThat(rules.indifferentTo(Set.of(Fact.POSITIVE_TEST_AT))).isFalse();
		assertThat(rules.indifferentTo(Set.of(Fact.CASE_STATUS))).isFalse();
	}

	@Test
	void aRuleThatReadsTestTimesOnTheirOwnMakesThemMatter() {
		// never tested: yellow (a person without facts is yellow, one tested is not)
		assertThat(rules("""
				{"fact": "testedAt", "set": false}""").indifferentTo(TEST_TIMES)).isFalse();
		// a negative test within 48 hours: a time condition to watch
		assertThat(rules("""
				{"not": {"fact": "negativeTestAt", "withinHours": 48}}""").indifferentTo(TEST_TIMES)).isFalse();
		assertThat(rules("""
				{"all": [{"fact": "caseStatus", "in": ["SUSPECTED"]}, {"fact": "negativeTestAt", "withinDays": 2}]}""")
			.indifferentTo(TEST_TIMES)).as("a time condition on a test time, even next to an unset fact").isFalse();
		// both times compared with each other
		assertThat(rules("""
				{"fact": "negativeTestAt", "after": "testedAt"}""").indifferentTo(TEST_TIMES)).isFalse();
		// "any" with one part open
		assertThat(rules("""
				{"any": [{"fact": "zoneLevel", "in": ["SEALED"]}, {"fact": "negativeTestAt", "set": true}]}""")
			.indifferentTo(TEST_TIMES)).isFalse();
	}

	@Test
	void testTimesNextToAFactThatMustBeSetDoNotMatter() {
		assertThat(
				rules("""
						{"all": [{"fact": "inboundAt", "withinDays": 7}, {"not": {"fact": "negativeTestAt", "after": "inboundAt"}}]}""")
					.indifferentTo(TEST_TIMES))
			.isTrue();
		assertThat(rules("""
				{"any": [{"fact": "vaccineDoses", "atLeast": 3}, {"fact": "testedAt", "after": "missedRoundAt"}]}""")
			.indifferentTo(TEST_TIMES)).isTrue();
		// "not" of an "any" that is false whatever the tests: always true, also without
		// facts
		assertThat(
				rules("""
						{"not": {"any": [{"fact": "caseStatus", "in": ["CONFIRMED"]}, {"fact": "testedAt", "after": "riskTripAt"}]}}""")
					.indifferentTo(TEST_TIMES))
			.isTrue();
	}

	private static RuleSet rules(String when) {
		return RuleSet.parse("""
				{"disease": "TEST", "rules": [{"code": "R1", "colour": "YELLOW", "when": %s,
				  "reason": {"zh": "测试", "en": "test"}}]}""".formatted(when));
	}

	private static String shipped() throws IOException {
		try (InputStream in = RuleSetIndifferenceTests.class.getResourceAsStream("/codes/covid-19-protocol.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
