package org.epigrid.codes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.epigrid.codes.internal.card.CodeCardLayout;
import org.epigrid.codes.internal.card.CodeCardRepository;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Printed personal code cards (C4) for people without a phone — the elderly, children:
 * staff issue one by the holder's ID number and print it; the card's QR is a long-lived
 * signed token naming the card, verified at every gate like a phone's code (the colour is
 * the holder's colour now) and refused as REVOKED once the card is revoked (lost,
 * replaced). Every issue, print and revocation is audited.
 */
@Service
public class CodeCardManagement {

	/**
	 * What is not found when an ID number belongs to nobody in the caller's jurisdiction
	 * (the message of the {@link NotFoundException}; staff check-ins at venues answer
	 * alike).
	 */
	public static final String NOBODY_HERE = "person with this ID number in your jurisdiction";

	private final CodeCardRepository cards;

	private final CodeTokens tokens;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final CodeCardLayout layout;

	private final java.time.Clock clock;

	private final Duration validity;

	CodeCardManagement(CodeCardRepository cards, CodeTokens tokens, ResidentDirectory residents, AuditManagement audit,
			CodeCardLayout layout, java.time.Clock clock, CodesProperties properties) {
		this.cards = cards;
		this.tokens = tokens;
		this.residents = residents;
		this.audit = audit;
		this.layout = layout;
		this.clock = clock;
		this.validity = properties.cardValidity();
	}

	/**
	 * Issues a card to the holder of an ID number in the caller's jurisdiction.
	 * @param staff who issues it
	 * @param idNumber the holder's ID number
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client address
	 * @return the card
	 * @throws FieldErrorsException naming {@code idNumber} if it is not valid
	 * @throws NotFoundException if nobody with it lives in the caller's jurisdiction
	 */
	@Transactional
	public Card issue(Caller staff, String idNumber, String channel, String clientIp) {
		Resident holder = holder(staff, idNumber);
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.validity);
		long id = this.cards.issue(holder.personId(), now, staff.username(), expires);
		// a new card replaces the holder's older ones (lost, worn out): they stop
		// verifying
		int replaced = this.cards.revokeAllBut(holder.personId(), id, now, staff.username());
		this.audit.record(staff,
				new AuditManagement.View("ISSUE_CODE_CARD", "PERSON", String.valueOf(holder.personId()),
						holder.maskedName(), "code card " + id + ((replaced > 0) ? ", older cards revoked" : ""),
						channel, clientIp));
		return get(staff, id);
	}

	/**
	 * The cards of the holder of an ID number, newest first.
	 * @param staff who asks
	 * @param idNumber the holder's ID number
	 * @return the cards, revoked ones included
	 * @throws FieldErrorsException naming {@code idNumber}
	 * @throws NotFoundException if the holder lives outside the caller's jurisdiction
	 */
	public List<Card> ofHolder(Caller staff, String idNumber) {
		Resident holder = holder(staff, idNumber);
		return this.cards.ofHolder(holder.personId(), holder.maskedName());
	}

	/**
	 * A card whose holder lives in the caller's jurisdiction.
	 * @param staff who asks
	 * @param id the card
	 * @return the card
	 * @throws NotFoundException if there is no such card there
	 */
	public Card get(Caller staff, long id) {
		Long personId = this.cards.holderOf(id).orElseThrow(() -> new NotFoundException("no code card " + id));
		Resident holder = this.residents.byIds(List.of(personId)).get(personId);
		if (holder == null || !staff.jurisdiction().contains(holder.path())) {
			throw new NotFoundException("no code card " + id);
		}
		return this.cards.get(id, holder.maskedName());
	}

	/**
	 * Revokes a card (lost, replaced): from now on gates answer REVOKED. Revoking a
	 * revoked card changes nothing.
	 * @param staff who revokes it
	 * @param id the card
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client address
	 * @return the card
	 */
	@Transactional
	public Card revoke(Caller staff, long id, String channel, String clientIp) {
		Card card = get(staff, id);
		if (card.revokedAt() != null) {
			return card;
		}
		this.cards.revoke(id, this.clock.instant(), staff.username());
		this.audit.record(staff, new AuditManagement.View("REVOKE_CODE_CARD", "PERSON", String.valueOf(card.personId()),
				card.maskedName(), "code card " + id, channel, clientIp));
		return get(staff, id);
	}

	/**
	 * The card to print: an A4 page with the card (A6) framed for cutting, its QR a
	 * signed token naming the card.
	 * @param staff who prints it
	 * @param id the card
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client address
	 * @return the PDF
	 * @throws ConflictException if the card is revoked or expired
	 */
	public byte[] pdf(Caller staff, long id, String channel, String clientIp) {
		Card card = get(staff, id);
		Instant now = this.clock.instant();
		if (card.revokedAt() != null || !card.expiresAt().isAfter(now)) {
			throw new ConflictException("id", "code card " + id + " is "
					+ ((card.revokedAt() != null) ? "revoked" : "expired") + ": issue a new one");
		}
		// the colour claim of a card means nothing (the gate asks the holder's colour
		// now):
		// red, so that an offline verifier reading it fails safe
		String token = this.tokens.issue(new CodeTokens.Claims(card.personId(), card.maskedName(), Colour.RED, false,
				card.issuedAt(), card.expiresAt(), this.tokens.newTokenId(), CodeTokens.Kind.CARD, card.id()));
		this.audit.record(staff, new AuditManagement.View("PRINT_CODE_CARD", "PERSON", String.valueOf(card.personId()),
				card.maskedName(), "code card " + id, channel, clientIp));
		return this.layout.draw(new CodeCardLayout.Printed(token, card.maskedName(), card.id(),
				LocalDate.ofInstant(card.expiresAt(), this.clock.getZone()),
				LocalDate.ofInstant(now, this.clock.getZone()), staff.displayName()));
	}

	private Resident holder(Caller staff, String idNumber) {
		// one answer for "registered nowhere" and "registered elsewhere": staff learn
		// nothing about people outside their jurisdiction
		Resident holder = this.residents.byIdNumber(IdNumber.of("idNumber", idNumber)).orElse(null);
		if (holder == null || !staff.jurisdiction().contains(holder.path())) {
			throw new NotFoundException(NOBODY_HERE);
		}
		return holder;
	}

	/**
	 * A printed code card.
	 *
	 * @param id the card number
	 * @param personId the holder
	 * @param maskedName the holder's masked name
	 * @param issuedAt when issued
	 * @param issuedBy by whom (user name)
	 * @param expiresAt until when it verifies
	 * @param revokedAt when revoked, {@code null} if not
	 * @param revokedBy by whom, {@code null} if not
	 */
	public record Card(long id, long personId, String maskedName, Instant issuedAt, String issuedBy, Instant expiresAt,
			Instant revokedAt, String revokedBy) {
	}

}
