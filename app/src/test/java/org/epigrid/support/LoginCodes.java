package org.epigrid.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident login codes the platform texted, read back from the message outbox (what
 * the resident reads on their phone).
 */
public final class LoginCodes {

	private static final Pattern CODE = Pattern.compile("(\\d{6})");

	private LoginCodes() {
	}

	/**
	 * The six digits of the last login code texted to a phone.
	 * @param jdbc the platform's database
	 * @param phone the mobile number
	 * @return the code
	 */
	public static String lastSentTo(JdbcClient jdbc, String phone) {
		String body = jdbc.sql("""
				SELECT body FROM message_outbox WHERE recipient = :p AND purpose = 'LOGIN_CODE'
				ORDER BY id DESC LIMIT 1
				""").param("p", phone).query(String.class).single();
		Matcher m = CODE.matcher(body);
		assertThat(m.find()).as(body).isTrue();
		return m.group(1);
	}

}
