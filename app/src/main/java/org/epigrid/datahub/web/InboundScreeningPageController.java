package org.epigrid.datahub.web;

import java.io.IOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.datahub.InboundScreening;
import org.epigrid.datahub.Screening;
import org.epigrid.datahub.ScreenedPerson;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The inbound screening page (来X必知): a form (city, days, pasted ID numbers) and the
 * result, counts per status and the persons grouped by grid, with a CSV export.
 */
@Controller
class InboundScreeningPageController {

	private final InboundScreening screening;

	private final MessageSource messages;

	private final Clock clock;

	InboundScreeningPageController(InboundScreening screening, MessageSource messages, Clock clock) {
		this.screening = screening;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping("/datahub/inbound")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'COMMANDER', 'EPIDEMIOLOGIST')")
	String form(Model model) {
		model.addAttribute("city", "");
		model.addAttribute("days", 14);
		model.addAttribute("idNumbers", "");
		return "datahub/inbound";
	}

	@PostMapping("/datahub/inbound")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'COMMANDER', 'EPIDEMIOLOGIST')")
	String screen(@RequestParam(defaultValue = "") String city, @RequestParam(defaultValue = "") String days,
			@RequestParam(defaultValue = "") String idNumbers, Model model) {
		model.addAttribute("city", city);
		model.addAttribute("days", days);
		model.addAttribute("idNumbers", idNumbers);
		try {
			int window;
			try {
				window = Integer.parseInt(days.strip());
			}
			catch (NumberFormatException ex) {
				throw FieldErrorsException.of("days", "must be a whole number");
			}
			List<String> ids = Arrays.stream(idNumbers.split("[\\s,，;；]+")).filter(s -> !s.isBlank()).toList();
			Screening result = this.screening.screen(CurrentCaller.get(), city, window, ids);
			model.addAttribute("screening", result);
			model.addAttribute("groups", groups(result.persons()));
			model.addAttribute("time", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(this.clock.getZone()));
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
		}
		return "datahub/inbound";
	}

	@GetMapping("/datahub/inbound/export.csv")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER')")
	void export(@RequestParam(defaultValue = "") String city, @RequestParam(defaultValue = "14") int days,
			HttpServletResponse response) throws IOException {
		Screening result = this.screening.screenForCalls(CurrentCaller.get(), city, days);
		InboundCsv.write(result, this.messages, LocaleContextHolder.getLocale(), this.clock.getZone(), response);
	}

	/** Consecutive persons of one grid (the screening is ordered by grid). */
	static List<GridGroup> groups(List<ScreenedPerson> persons) {
		List<GridGroup> groups = new ArrayList<>();
		for (ScreenedPerson p : persons) {
			GridGroup last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
			if (last == null || !Objects.equals(last.gridPath(), p.gridPath())) {
				last = new GridGroup(p.gridName(), p.gridPath(), new ArrayList<>());
				groups.add(last);
			}
			last.persons().add(p);
		}
		return groups;
	}

	/**
	 * The persons of one grid.
	 *
	 * @param gridName the grid's name, {@code null} for persons without a grid
	 * @param gridPath the grid's path, {@code null} likewise
	 * @param persons the persons
	 */
	record GridGroup(String gridName, String gridPath, List<ScreenedPerson> persons) {
	}

}
