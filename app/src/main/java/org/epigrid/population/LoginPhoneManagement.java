package org.epigrid.population;

import java.time.Clock;

import org.epigrid.population.internal.LoginPhoneRepository;
import org.epigrid.population.internal.LoginPhoneRepository.PhoneRow;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.Caller;
import org.epigrid.security.MessageSender;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PhoneNumber;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login phones: the phone a resident logs in with must be verified for that person. It is
 * verified when staff register it (here, after checking the person's identity card in
 * person or by video call), when it comes from a source the data officer marks as
 * authoritative for phones, or when it was part of the population base. A phone that only
 * came from an imported record is a contact hint, never a login (an account takeover was
 * found that way). A changed login phone is audited and the old number is told.
 */
@Service
public class LoginPhoneManagement {

	/** The source recorded for phones that staff registered or confirmed. */
	public static final String STAFF = "STAFF";

	private final LoginPhoneRepository repository;

	private final AuditManagement audit;

	private final MessageSender messages;

	private final Clock clock;

	LoginPhoneManagement(LoginPhoneRepository repository, AuditManagement audit, MessageSender messages, Clock clock) {
		this.repository = repository;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * Registers or confirms a person's login phone after the caller checked the person's
	 * identity. The same number as on file confirms it ({@code CONFIRM_LOGIN_PHONE});
	 * another number replaces it ({@code CHANGE_LOGIN_PHONE}) and the old number, if it
	 * was a login phone, gets a message saying so.
	 * @param caller staff with the person in their jurisdiction
	 * @param personId the person
	 * @param phoneInput the mobile number as typed
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the phone as it now stands
	 * @throws NotFoundException if the person does not exist or lies outside the
	 * jurisdiction (the same answer for both)
	 * @throws FieldErrorsException naming {@code phone} if it is not a mobile number
	 */
	@Transactional
	public LoginPhone register(Caller caller, long personId, String phoneInput, String channel, String clientIp) {
		PhoneRow row = this.repository.lock(personId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("person " + personId));
		String phone = PhoneNumber.mobile("phone", phoneInput, "login codes are sent to it");
		boolean change = !phone.equals(row.phone());
		this.repository.verify(personId, phone, STAFF, this.clock.instant());
		String action = change ? "CHANGE_LOGIN_PHONE" : "CONFIRM_LOGIN_PHONE";
		String purpose = change
				? ((row.phone() == null) ? "—" : Masking.phone(row.phone())) + " → " + Masking.phone(phone)
				: "identity checked, " + Masking.phone(phone);
		this.audit.record(caller, new View(action, "PERSON", Long.toString(personId), Masking.name(row.name()), purpose,
				channel, clientIp));
		if (change && row.phone() != null && row.verified()) {
			this.messages.send(row.phone(), "LOGIN_PHONE_CHANGED", "【EpiGrid】" + Masking.name(row.name())
					+ " 的登录手机号已改为 " + Masking.phone(phone) + "。如非本人申请，请立即联系所在社区或网格员。");
		}
		return new LoginPhone(personId, phone, true, STAFF);
	}

	/**
	 * A person's phone and whether it is a login phone.
	 *
	 * @param personId the person
	 * @param phone the normalised phone
	 * @param verified whether a resident may log in with it
	 * @param source where it came from: {@link #STAFF}, {@code REGISTERED} (the
	 * population base) or a data source's code
	 */
	public record LoginPhone(long personId, String phone, boolean verified, String source) {
	}

}
