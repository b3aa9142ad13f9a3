package org.epigrid.codes.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.codes.CodeAppealManagement;
import org.epigrid.codes.CodeStatus;
import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.codes.ResidentAccess;
import org.epigrid.codes.ResidentPrincipal;
import org.epigrid.codes.internal.resident.ResidentSessions;
import org.epigrid.codes.internal.status.CodeCounter;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.shared.pdf.QrCodes;
import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.datahub.DossierManagement;
import org.epigrid.security.LoginThrottle;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.TooManyRequestsException;

import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Residents' own pages, for a phone: log in with a one-time code, the health code (a QR
 * code that renews itself before it expires, with a running clock so that a screenshot is
 * plain to see), its reasons and history, appeals.
 */
@Controller
class ResidentController {

	/** Colours of the QR code's modules. */
	static final Map<String, String> INK = Map.of("GREEN", "#0a7d32", "YELLOW", "#b88700", "RED", "#c0171d");

	private final ResidentAccess access;

	private final HealthCodeManagement codes;

	private final CodeTokens tokens;

	private final CodeAppealManagement appeals;

	private final Clock clock;

	private final Duration tokenLife;

	private final CodeCounter counter;

	private final DossierManagement dossiers;

	private final LoginThrottle throttle;

	private final MessageSource texts;

	ResidentController(ResidentAccess access, HealthCodeManagement codes, CodeTokens tokens,
			CodeAppealManagement appeals, Clock clock, CodeCounter counter, DossierManagement dossiers,
			LoginThrottle throttle, CodesProperties properties, MessageSource texts) {
		this.texts = texts;
		Duration tokenLife = properties.tokenLifetime();
		this.throttle = throttle;
		this.dossiers = dossiers;
		this.counter = counter;
		if (tokenLife.toSeconds() < 20 || tokenLife.toSeconds() > CodeVerification.MAX_DYNAMIC_SECONDS) {
			throw new IllegalStateException("epigrid.codes.token-lifetime must be 20 to 60 seconds");
		}
		this.tokenLife = tokenLife;
		this.access = access;
		this.codes = codes;
		this.tokens = tokens;
		this.appeals = appeals;
		this.clock = clock;
	}

	@GetMapping("/r/login")
	String login(Model model) {
		return "codes/resident-login";
	}

	@PostMapping("/r/login/code")
	String sendCode(@RequestParam(defaultValue = "") String phone, Model model, HttpServletRequest request,
			Locale locale) {
		model.addAttribute("phone", phone);
		try {
			// per client address, before any code goes out: one client must not make the
			// platform text many phones
			this.throttle.admitCodeSend(request.getRemoteAddr());
			model.addAttribute("phone", this.access.sendCode(phone));
			model.addAttribute("sent", true);
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", errors(ex, locale));
			model.addAttribute("sent", ex instanceof ResidentAccess.Refusal refusal
					&& refusal.key().equals(ResidentAccess.Refusal.JUST_SENT));
		}
		catch (TooManyRequestsException ex) {
			model.addAttribute("tooManyMinutes", (ex.retryAfterSeconds() + 59) / 60);
		}
		return "codes/resident-login";
	}

	@PostMapping("/r/login")
	String logIn(@RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "") String code,
			Model model, HttpServletRequest request, HttpServletResponse response, Locale locale) {
		try {
			ResidentAccess.Login login = this.access.logIn(phone, code);
			String next = ResidentSessions.logIn(ResidentPrincipal.of(login.phone(), login.persons()), request,
					response);
			return "redirect:" + next;
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("phone", phone);
			model.addAttribute("sent", true);
			model.addAttribute("errors", errors(ex, locale));
			return "codes/resident-login";
		}
	}

	@GetMapping("/r/code")
	String code(@RequestParam(required = false) Long person, Model model) {
		ResidentPrincipal me = ResidentSessions.current();
		ResidentPrincipal.Person shown = me.shown(person);
		CodeStatus status = this.codes.status(shown.personId());
		model.addAttribute("resident", me);
		model.addAttribute("shown", shown);
		model.addAttribute("status", status);
		model.addAttribute("history", this.codes.history(shown.personId()).stream().limit(10).toList());
		return "codes/resident-code";
	}

	@GetMapping("/r/code/token")
	@ResponseBody
	ResponseEntity<Map<String, Object>> token(@RequestParam long person, Locale locale) {
		ResidentPrincipal.Person shown = ResidentSessions.current().shown(person);
		CodeStatus status = this.codes.status(shown.personId());
		Instant now = this.clock.instant();
		Instant issued = Instant.ofEpochSecond(now.getEpochSecond());
		Instant expires = issued.plus(this.tokenLife);
		String token = this.tokens.issue(new Claims(shown.personId(), shown.maskedName(), status.colour(),
				status.star(), issued, expires, this.tokens.newTokenId(), CodeTokens.Kind.DYNAMIC, null));
		this.counter.count("DISPLAY", shown.path(), status.colour().name());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("svg", QrCodes.svg(token, INK.get(status.colour().name())), "colour", status.colour().name(),
					"star", status.star(), "issuedAt", issued.toEpochMilli(), "expiresAt", expires.toEpochMilli(),
					"serverTime", now.toEpochMilli(), "reasons",
					status.reasons().stream().map(r -> r.text(locale)).toList()));
	}

	@GetMapping("/r/appeal")
	String appealForm(@RequestParam long person, Model model) {
		ResidentPrincipal.Person shown = ResidentSessions.current().shown(person);
		model.addAttribute("shown", shown);
		model.addAttribute("status", this.codes.status(shown.personId()));
		model.addAttribute("appeals", this.appeals.ofPerson(shown.personId()));
		return "codes/resident-appeal";
	}

	@PostMapping("/r/appeal")
	String appeal(@RequestParam long person, @RequestParam(defaultValue = "") String statement, Model model,
			Locale locale) {
		ResidentPrincipal me = ResidentSessions.current();
		ResidentPrincipal.Person shown = me.shown(person);
		try {
			this.appeals.submit(shown.personId(), shown.path(), Masking.phone(me.phone()), statement);
			model.addAttribute("submitted", true);
		}
		catch (FieldErrorsException ex) {
			// the only refusal of the statement: its length
			model.addAttribute("errors", List.of(new FieldErrorsException.FieldError("statement",
					this.texts.getMessage("resident.refusal.statementLength", null, locale))));
			model.addAttribute("statement", statement);
		}
		catch (ConflictException ex) {
			// the only conflict: an appeal still open
			model.addAttribute("errors", List.of(new FieldErrorsException.FieldError("statement",
					this.texts.getMessage("resident.refusal.appealOpen", null, locale))));
		}
		return appealForm(person, model);
	}

	/** The travel record (行程): journeys of the last 14 days and the travel star. */
	@GetMapping("/r/travel")
	String travel(@RequestParam(required = false) Long person, Model model) {
		ResidentPrincipal.Person shown = shown(person, model);
		model.addAttribute("status", this.codes.status(shown.personId()));
		model.addAttribute("trips",
				this.dossiers.tripsOf(shown.personId(), this.clock.instant().minus(java.time.Duration.ofDays(14))));
		return "codes/resident-travel";
	}

	/**
	 * The resident of the session and which of their persons a page shows (the first
	 * unless one is named), both put into the model with the display zone.
	 */
	private ResidentPrincipal.Person shown(Long person, Model model) {
		ResidentPrincipal me = ResidentSessions.current();
		ResidentPrincipal.Person shown = me.shown(person);
		model.addAttribute("resident", me);
		model.addAttribute("shown", shown);
		model.addAttribute("zone", this.clock.getZone());
		return shown;
	}

	/** A login refusal in the page's language (other errors as they are). */
	private List<FieldErrorsException.FieldError> errors(FieldErrorsException ex, Locale locale) {
		if (ex instanceof ResidentAccess.Refusal refusal) {
			return List.of(new FieldErrorsException.FieldError(refusal.field(),
					this.texts.getMessage(refusal.key(), refusal.args(), locale)));
		}
		return ex.errors();
	}

}
