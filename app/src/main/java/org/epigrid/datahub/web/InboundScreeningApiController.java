package org.epigrid.datahub.web;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.datahub.InboundScreening;
import org.epigrid.datahub.Screening;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.ApiController;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * REST API of inbound screening (来X必知): who came, is coming or is still in an outbreak
 * city, and the same list as CSV for the grid workers who call them.
 */
@ApiController
@RequestMapping("/api/v1/inbound-screenings")
class InboundScreeningApiController {

	private final InboundScreening screening;

	private final MessageSource messages;

	private final Clock clock;

	InboundScreeningApiController(InboundScreening screening, MessageSource messages, Clock clock) {
		this.screening = screening;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * Screens, e.g. {@code {"city": "武汉", "days": 14, "idNumbers": ["…"]}}: counts per
	 * status and the persons, masked; 400 naming {@code city}, {@code days} or
	 * {@code idNumbers[i]} for refused input.
	 */
	@PostMapping
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'COMMANDER', 'EPIDEMIOLOGIST')")
	Screening screen(@RequestBody InboundScreeningRequest request) {
		if (request.days() == null) {
			throw FieldErrorsException.of("days", "is required");
		}
		return this.screening.screen(CurrentCaller.get(), request.city(), request.days(), request.idNumbers());
	}

	/**
	 * The screening as CSV grouped by grid, phones in full where the caller's role may
	 * see them (grid workers have to call).
	 */
	@GetMapping("/export.csv")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER')")
	void export(@RequestParam(required = false) String city, @RequestParam(required = false) Integer days,
			HttpServletResponse response) throws IOException {
		if (days == null) {
			throw FieldErrorsException.of("days", "is required");
		}
		Screening result = this.screening.screenForCalls(CurrentCaller.get(), city, days);
		InboundCsv.write(result, this.messages, LocaleContextHolder.getLocale(), this.clock.getZone(), response);
	}

	/**
	 * A screening request.
	 *
	 * @param city the outbreak city
	 * @param days the look-back window in days
	 * @param idNumbers ID numbers from an assistance letter, may be {@code null}
	 */
	record InboundScreeningRequest(String city, Integer days, List<String> idNumbers) {
	}

}
