package org.epigrid.codes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.epigrid.codes.internal.resident.LoginCodeRepository;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.MessageSender;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.PhoneNumber;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Residents log in with their mobile number and a one-time code sent to it (C1, C4): six
 * random digits, valid five minutes, five tries, one new code a minute. Only a hash of
 * the code is kept. A phone may stand for a family (an old parent registered with a
 * child's number): the resident then sees each of them.
 */
@Service
public class ResidentAccess {

	/** How long a code is valid. */
	public static final Duration CODE_LIFE = Duration.ofMinutes(5);

	/** How long before another code may be sent to the same phone. */
	public static final Duration RESEND_AFTER = Duration.ofSeconds(60);

	/** Wrong codes allowed before a new one must be asked for. */
	public static final int MAX_ATTEMPTS = 5;

	private final LoginCodeRepository codes;

	private final MessageSender messages;

	private final ResidentDirectory residents;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final MessageSource texts;

	ResidentAccess(LoginCodeRepository codes, MessageSender messages, ResidentDirectory residents, Clock clock,
			MessageSource texts) {
		this.texts = texts;
		this.codes = codes;
		this.messages = messages;
		this.residents = residents;
		this.clock = clock;
	}

	/**
	 * Sends a login code. Whether the phone belongs to a registered resident is not said
	 * here (only the phone's owner learns it, after logging in).
	 * @param phoneInput the number as typed
	 * @return the normalised number
	 * @throws FieldErrorsException naming {@code phone}: not a mobile number, or a code
	 * was sent less than a minute ago
	 */
	@Transactional
	public String sendCode(String phoneInput) {
		String phone = mobile(phoneInput);
		Instant now = this.clock.instant();
		Instant last = this.codes.lockSentAt(phone).orElse(null);
		if (last != null && last.plus(RESEND_AFTER).isAfter(now)) {
			long wait = Duration.between(now, last.plus(RESEND_AFTER)).toSeconds() + 1;
			throw new Refusal("phone", Refusal.JUST_SENT, wait);
		}
		String code = String.format("%06d", this.random.nextInt(1_000_000));
		this.codes.replace(phone, hash(phone, code), now, now.plus(CODE_LIFE));
		// a text message has no page language: the default (Chinese) bundle
		this.messages.send(phone, "LOGIN_CODE", this.texts.getMessage("resident.sms.loginCode",
				new Object[] { code, String.valueOf(CODE_LIFE.toMinutes()) }, Locale.SIMPLIFIED_CHINESE));
		return phone;
	}

	/**
	 * Checks a login code and gives the persons the phone stands for. A used code is
	 * gone.
	 * @param phoneInput the number as typed
	 * @param code the code received
	 * @return the normalised phone and the persons registered with it, oldest first
	 * @throws FieldErrorsException naming {@code phone} or {@code code}
	 */
	@Transactional(noRollbackFor = FieldErrorsException.class)
	public Login logIn(String phoneInput, String code) {
		String phone = mobile(phoneInput);
		LoginCodeRepository.Pending pending = this.codes.lock(phone).orElse(null);
		Instant now = this.clock.instant();
		if (pending == null || !pending.expiresAt().isAfter(now)) {
			throw new Refusal("code", "resident.refusal.noCode");
		}
		if (pending.attempts() >= MAX_ATTEMPTS) {
			throw new Refusal("code", "resident.refusal.tooManyWrong");
		}
		String given = (code == null) ? "" : code.strip();
		if (!MessageDigest.isEqual(hash(phone, given).getBytes(StandardCharsets.US_ASCII),
				pending.hash().getBytes(StandardCharsets.US_ASCII))) {
			this.codes.countWrongAttempt(phone);
			throw new Refusal("code", "resident.refusal.wrongCode", MAX_ATTEMPTS - pending.attempts() - 1);
		}
		this.codes.delete(phone);
		List<Resident> persons = this.residents.byPhone(phone);
		if (persons.isEmpty()) {
			if (this.residents.hasUnverified(phone)) {
				// the caller holds the phone (the code proved it), but the phone only
				// came
				// from a department's list: a contact hint, not a login
				throw new Refusal("phone", "resident.refusal.unverified");
			}
			throw new Refusal("phone", "resident.refusal.unknownPhone");
		}
		return new Login(phone, persons);
	}

	/** The phone as typed, as a mobile number (a code is sent to it). */
	private static String mobile(String input) {
		try {
			return PhoneNumber.mobile("phone", input, "a code is sent to it");
		}
		catch (FieldErrorsException ex) {
			boolean landline;
			try {
				landline = new PhoneNumber((input == null) ? "" : input).value().startsWith("0");
			}
			catch (RuntimeException notANumber) {
				landline = false;
			}
			throw new Refusal("phone", landline ? "resident.refusal.landline" : "resident.refusal.notMobile");
		}
	}

	/**
	 * A refusal of a resident's login, shown on the login page in the page's language:
	 * the field and a message key of the bundles with its arguments (the exception's own
	 * message names the key, for logs).
	 */
	public static final class Refusal extends FieldErrorsException {

		/** The key of the refusal to send another code so soon (argument: seconds). */
		public static final String JUST_SENT = "resident.refusal.justSent";

		private final String field;

		private final String key;

		private final transient Object[] args;

		Refusal(String field, String key, Object... args) {
			super(List.of(new FieldError(field, key)));
			this.field = field;
			this.key = key;
			this.args = args.clone();
		}

		/**
		 * @return the field refused
		 */
		public String field() {
			return this.field;
		}

		/**
		 * @return the message key in the bundles ({@code resident.refusal.…})
		 */
		public String key() {
			return this.key;
		}

		/**
		 * @return the message's arguments
		 */
		public Object[] args() {
			return this.args.clone();
		}

	}

	/**
	 * A successful login.
	 *
	 * @param phone the normalised phone
	 * @param persons the persons registered with it, oldest first
	 */
	public record Login(String phone, List<Resident> persons) {
	}

	private static String hash(String phone, String code) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest((phone + ":" + code).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
