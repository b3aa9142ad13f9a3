package org.epigrid.codes;

import java.util.Locale;

/**
 * Why a code has its colour or star: the protocol rule's code and its sentence.
 *
 * @param code the rule's code, e.g. {@code CLOSE_CONTACT}
 * @param zh the sentence in Chinese
 * @param en the sentence in English
 */
public record Reason(String code, String zh, String en) {

	/**
	 * The sentence in a language (Chinese unless English is asked for).
	 * @param locale the language
	 * @return the sentence
	 */
	public String text(Locale locale) {
		return "en".equals(locale.getLanguage()) ? this.en : this.zh;
	}

}
