package org.epigrid.codes.internal.verification;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.epigrid.codes.Reason;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The reasons of verdicts given by the platform itself (a forged code, an expired one…),
 * their sentences from the message bundles ({@code codes.reason.<CODE>}): a reason
 * carries both languages (a gate shows either), so both bundles are read. The rules' own
 * reasons come with the protocol instead ({@link RuleSet}).
 */
@Component
public class VerdictReasons {

	private final MessageSource messages;

	/** Sentences without arguments, read once (verifications are the hot path). */
	private final Map<String, Reason> fixed = new ConcurrentHashMap<>();

	VerdictReasons(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * A reason whose sentences take no arguments.
	 * @param code its code, e.g. {@code EXPIRED}
	 * @return the reason
	 * @throws org.springframework.context.NoSuchMessageException if a bundle lacks it
	 */
	public Reason of(String code) {
		return this.fixed.computeIfAbsent(code, c -> resolve(c, null));
	}

	/**
	 * A reason whose sentences take arguments ({@code {0}}, …).
	 * @param code its code
	 * @param args the arguments (pass numbers as text, to keep them unformatted)
	 * @return the reason
	 * @throws org.springframework.context.NoSuchMessageException if a bundle lacks it
	 */
	public Reason of(String code, Object... args) {
		return resolve(code, args);
	}

	private Reason resolve(String code, Object[] args) {
		String key = "codes.reason." + code;
		// the default bundle is the Chinese one
		return new Reason(code, this.messages.getMessage(key, args, Locale.SIMPLIFIED_CHINESE),
				this.messages.getMessage(key, args, Locale.ENGLISH));
	}

}
