package org.epigrid.codes.internal.verification;

import java.util.Map;

import org.epigrid.codes.Reason;
import org.epigrid.support.Bundles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gates' refusal reasons come from the bundles with the very sentences the verdicts
 * carried before they did (devices show them: the JSON stays the same).
 */
class VerdictReasonsTests {

	@Test
	void refusalsCarryBothSentencesFromTheBundles() {
		VerdictReasons reasons = new VerdictReasons(Bundles.messages());
		Map<String, String[]> expected = Map.of("MALFORMED", new String[] { "无法识别的码", "Not a health code" },
				"UNKNOWN_KEY", new String[] { "码的签名密钥未知（伪造码）", "Signed by an unknown key (forged)" }, "BAD_SIGNATURE",
				new String[] { "码的签名不符（被篡改）", "The signature does not match (tampered)" }, "BAD_TIMES",
				new String[] { "码的时间不合法", "The code's times are not valid" }, "EXPIRED",
				new String[] { "码已过期，请刷新", "The code has expired: refresh it" }, "REVOKED",
				new String[] { "该码卡已作废", "This code card has been revoked" }, "REPLAYED",
				new String[] { "该码刚在别处使用过（疑似截图）", "This code was just shown elsewhere (a screenshot?)" },
				"BAD_ID_NUMBER", new String[] { "身份证号不合法", "Not a valid ID number" }, "NOT_FOUND",
				new String[] { "查无此人，请人工登记", "Nobody registered with this ID: register by hand" });
		expected.forEach((code, sentences) -> assertThat(reasons.of(code))
			.isEqualTo(new Reason(code, sentences[0], sentences[1])));
	}

}
