package org.epigrid.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.epigrid.security.internal.MessageOutboxRepository;
import org.epigrid.shared.ForbiddenException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every text message the platform sends, kept for administrators to read (and, without an
 * SMS gateway, the only place the messages go). Reading it is audited: login codes are
 * secrets.
 */
@Service
public class MessageOutbox {

	private final MessageOutboxRepository messages;

	private final AuditManagement audit;

	private final Clock clock;

	MessageOutbox(MessageOutboxRepository messages, AuditManagement audit, Clock clock) {
		this.messages = messages;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Keeps a message.
	 * @param phone the recipient
	 * @param purpose why
	 * @param body the text
	 * @param channel {@code OUTBOX} when nothing else sent it, else the gateway's name
	 * @param sent whether a gateway sent it
	 */
	@Transactional
	public void keep(String phone, String purpose, String body, String channel, boolean sent) {
		this.messages.insert(this.clock.instant(), phone, purpose, body, channel, sent);
	}

	/**
	 * The newest messages.
	 * @param caller an administrator
	 * @param recipient only to this phone, may be blank
	 * @return at most 100 messages, newest first
	 */
	@Transactional
	public List<Message> newest(Caller caller, String recipient) {
		if (!caller.has(Role.ADMIN)) {
			throw new ForbiddenException("request", "only administrators read the message outbox");
		}
		String phone = (recipient == null) ? "" : recipient.strip();
		this.audit.record(caller, new AuditManagement.View("READ_OUTBOX", "MESSAGE_OUTBOX",
				phone.isEmpty() ? "*" : phone, null, "message outbox", "WEB", null));
		return this.messages.newest(phone, this.clock.getZone());
	}

	/**
	 * A message.
	 *
	 * @param id its id
	 * @param at when
	 * @param recipient to whom
	 * @param purpose why
	 * @param body the text
	 * @param channel how it went out
	 * @param localAt {@code at} in the platform's time zone
	 */
	public record Message(long id, Instant at, String recipient, String purpose, String body, String channel,
			java.time.LocalDateTime localAt) {
	}

}
