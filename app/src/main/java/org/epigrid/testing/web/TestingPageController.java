package org.epigrid.testing.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.testing.LabResultManagement;
import org.epigrid.testing.RoundList;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SamplingSiteManagement.StatusReport;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.SiteStatus;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.epigrid.testing.internal.SiteScope;

import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The testing pages for staff: the command's live site map and list, the site leader's
 * phone page, rounds with their drill-down progress and lists (with the Excel export),
 * and the lab deliveries with their open refusals. The services decide jurisdiction; each
 * page checks the roles of {@link TestingAuthorities}.
 */
@Controller
class TestingPageController {

	private static final int LIST_PAGE = 50;

	private final SamplingSiteManagement sites;

	private final TestingRoundManagement rounds;

	private final LabResultManagement labs;

	private final DivisionManagement divisions;

	private final SiteStatusStream stream;

	private final MessageSource texts;

	private final Clock clock;

	private final String tileUrl;

	TestingPageController(SamplingSiteManagement sites, TestingRoundManagement rounds, LabResultManagement labs,
			DivisionManagement divisions, SiteStatusStream stream, MessageSource texts, Clock clock,
			PlatformSettings settings) {
		this.tileUrl = settings.map().tileUrl();
		this.sites = sites;
		this.rounds = rounds;
		this.labs = labs;
		this.divisions = divisions;
		this.stream = stream;
		this.texts = texts;
		this.clock = clock;
	}

	@GetMapping("/testing")
	@PreAuthorize(TestingAuthorities.STAFF)
	String index(Model model) {
		tabs(model, "index");
		return "testing/index";
	}

	// ---- sites

	@GetMapping("/testing/sites")
	@PreAuthorize(TestingAuthorities.STAFF)
	String sites(Model model) {
		Caller caller = CurrentCaller.get();
		tabs(model, "sites");
		model.addAttribute("sites", mySites(caller));
		model.addAttribute("tileUrl", this.tileUrl);
		boolean command = caller.has(Role.ADMIN) || caller.has(Role.COMMANDER);
		model.addAttribute("command", command);
		if (command) {
			model.addAttribute("grids",
					this.divisions.grids(caller, null, new PageRequest(0, PageRequest.MAX_SIZE)).items());
			model.addAttribute("kinds", SiteKind.values());
		}
		return "testing/sites";
	}

	@PostMapping("/testing/sites")
	@PreAuthorize(TestingAuthorities.COMMAND)
	String register(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) SiteKind kind,
			@RequestParam(required = false) Long divisionId, @RequestParam(defaultValue = "") String address,
			@RequestParam(defaultValue = "") String lon, @RequestParam(defaultValue = "") String lat,
			@RequestParam(defaultValue = "") String openingHours, @RequestParam(defaultValue = "") String stations,
			@RequestParam(defaultValue = "") String capacityPerHour, @RequestParam(defaultValue = "") String phone,
			Model model) {
		List<FieldError> errors = new ArrayList<>();
		NewSite site = new NewSite(name, kind, divisionId, address, number(errors, "lon", lon),
				number(errors, "lat", lat), openingHours.isBlank() ? null : openingHours,
				whole(errors, "stations", stations), whole(errors, "capacityPerHour", capacityPerHour), phone);
		if (errors.isEmpty()) {
			try {
				SamplingSite registered = this.sites.register(CurrentCaller.get(), site);
				return "redirect:/testing/sites#site-" + registered.id();
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
		}
		model.addAttribute("errors", errors);
		model.addAttribute("form", site);
		return sites(model);
	}

	@GetMapping(path = "/testing/sites/stream", produces = "text/event-stream")
	@PreAuthorize(TestingAuthorities.STAFF)
	@ResponseBody
	SseEmitter stream() {
		Caller caller = CurrentCaller.get();
		Set<Long> only = (SiteScope.staffOnly(caller) == null) ? null
				: mySites(caller).stream().map(SamplingSite::id).collect(Collectors.toSet());
		return this.stream.subscribe(caller, only);
	}

	// ---- the site leader's phone page

	@GetMapping("/testing/site")
	@PreAuthorize(TestingAuthorities.SITE_STATUS)
	String site(@RequestParam(required = false) Long siteId, Model model) {
		List<SamplingSite> mine = mySites(CurrentCaller.get());
		model.addAttribute("sites", mine);
		SamplingSite chosen = null;
		if (siteId != null) {
			chosen = this.sites.get(CurrentCaller.get(), siteId);
		}
		else if (!mine.isEmpty()) {
			chosen = mine.get(0);
		}
		model.addAttribute("site", chosen);
		model.addAttribute("statuses", SiteStatus.values());
		model.addAttribute("zone", this.clock.getZone());
		return "testing/site";
	}

	@PostMapping("/testing/site/{id}/status")
	@PreAuthorize(TestingAuthorities.SITE_STATUS)
	String report(@PathVariable long id, @RequestParam(required = false) String status,
			@RequestParam(required = false) String queueLength,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		Caller caller = CurrentCaller.get();
		List<FieldError> errors = new ArrayList<>();
		SiteStatus parsed = null;
		if (status != null && !status.isBlank()) {
			try {
				parsed = SiteStatus.valueOf(status.strip());
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError("status", "is required: OPEN, BUSY, PAUSED or CLOSED"));
			}
		}
		Integer queue = null;
		if (queueLength != null && !queueLength.isBlank()) {
			try {
				queue = Integer.valueOf(queueLength.strip());
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldError("queueLength", "must be a whole number from 0 to 100,000"));
			}
		}
		SamplingSite site;
		if (errors.isEmpty()) {
			try {
				site = this.sites.report(caller, id, new StatusReport(parsed, queue));
				model.addAttribute("reported", true);
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
				site = this.sites.get(caller, id);
			}
		}
		else {
			site = this.sites.get(caller, id);
		}
		model.addAttribute("site", site);
		model.addAttribute("errors", errors.isEmpty() ? null : errors);
		model.addAttribute("statuses", SiteStatus.values());
		model.addAttribute("zone", this.clock.getZone());
		if (htmx != null) {
			return "testing/site :: card";
		}
		model.addAttribute("sites", mySites(caller));
		return "testing/site";
	}

	// ---- rounds

	@GetMapping("/testing/rounds")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	String rounds(@RequestParam(defaultValue = "0") int page, Model model) {
		Caller caller = CurrentCaller.get();
		tabs(model, "rounds");
		Slice<TestingRound> result = this.rounds.list(caller, new PageRequest(page, LIST_PAGE));
		List<RoundLine> lines = new ArrayList<>();
		Instant now = this.clock.instant();
		for (TestingRound round : result.items()) {
			TestingRoundManagement.Row total = this.rounds.progress(caller, round.id(), null).total();
			lines.add(new RoundLine(round, round.stage(now), total.percent(), total.sampled(), total.required()));
		}
		model.addAttribute("result", result);
		model.addAttribute("lines", lines);
		boolean command = caller.has(Role.ADMIN) || caller.has(Role.COMMANDER);
		model.addAttribute("command", command);
		if (command) {
			model.addAttribute("targets", this.divisions.top(caller));
			model.addAttribute("populations", RoundPopulation.values());
		}
		return "testing/rounds";
	}

	@PostMapping("/testing/rounds")
	@PreAuthorize(TestingAuthorities.COMMAND)
	String start(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String startsAt,
			@RequestParam(defaultValue = "") String endsAt, @RequestParam(required = false) RoundPopulation population,
			@RequestParam(defaultValue = "") String keyTags, @RequestParam(defaultValue = "") String keyWorkplaces,
			@RequestParam(required = false) Integer pooling, @RequestParam(required = false) Integer exemptPositiveDays,
			@RequestParam(required = false) List<Long> divisionIds,
			@RequestParam(defaultValue = "") String moreDivisionIds, Model model) {
		Caller caller = CurrentCaller.get();
		List<FieldError> errors = new ArrayList<>();
		Instant from = instant(errors, "startsAt", startsAt);
		Instant to = instant(errors, "endsAt", endsAt);
		Set<Long> targets = new LinkedHashSet<>((divisionIds == null) ? List.of() : divisionIds);
		for (String word : moreDivisionIds.split("[,，\\s]+")) {
			if (!word.isBlank()) {
				try {
					targets.add(Long.valueOf(word));
				}
				catch (NumberFormatException ex) {
					errors.add(new FieldError("divisionIds", "not a division id: " + word));
				}
			}
		}
		if (errors.isEmpty()) {
			try {
				TestingRound round = this.rounds.start(caller, new NewRound(name, from, to, population, words(keyTags),
						words(keyWorkplaces), pooling, exemptPositiveDays, new ArrayList<>(targets)));
				return "redirect:/testing/rounds/" + round.id();
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
		}
		model.addAttribute("errors", errors);
		model.addAttribute("form", new RoundForm(name, startsAt, endsAt, population, keyTags, keyWorkplaces, pooling,
				exemptPositiveDays, targets, moreDivisionIds));
		return rounds(0, model);
	}

	@GetMapping("/testing/rounds/{id}")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	String round(@PathVariable long id, @RequestParam(required = false) Long divisionId, Model model) {
		tabs(model, "rounds");
		progress(id, divisionId, model);
		model.addAttribute("lists", RoundList.values());
		return "testing/round";
	}

	@GetMapping("/testing/rounds/{id}/progress")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	String progressFragment(@PathVariable long id, @RequestParam(required = false) Long divisionId, Model model) {
		progress(id, divisionId, model);
		return "testing/round :: progress";
	}

	@GetMapping("/testing/rounds/{id}/lists/{list}")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	String list(@PathVariable long id, @PathVariable String list, @RequestParam(required = false) Long gridId,
			@RequestParam(defaultValue = "0") int page, Model model, HttpServletRequest request) {
		Caller caller = CurrentCaller.get();
		RoundList which = roundList(list);
		tabs(model, "rounds");
		model.addAttribute("round", this.rounds.get(caller, id));
		model.addAttribute("list", which);
		model.addAttribute("lists", RoundList.values());
		model.addAttribute("gridId", gridId);
		if (gridId != null) {
			model.addAttribute("grid", this.divisions.find(caller, gridId));
		}
		model.addAttribute("result", this.rounds.list(caller, id, which, gridId, new PageRequest(page, LIST_PAGE),
				"WEB", request.getRemoteAddr()));
		model.addAttribute("zone", this.clock.getZone());
		return "testing/list";
	}

	@GetMapping("/testing/rounds/{id}/lists/{list}.xlsx")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	void export(@PathVariable long id, @PathVariable String list, @RequestParam(required = false) Long gridId,
			HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
		Caller caller = CurrentCaller.get();
		RoundList which = roundList(list);
		TestingRound round = this.rounds.get(caller, id);
		String file = "round-" + id + "-" + which.name().toLowerCase(Locale.ROOT)
				+ ((gridId == null) ? "" : "-grid-" + gridId) + ".xlsx";
		response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(file, StandardCharsets.UTF_8).build().toString());
		ZoneId zone = this.clock.getZone();
		OutputStream out = response.getOutputStream();
		Workbook workbook = new Workbook(out, "EpiGrid", "1.0");
		Worksheet sheet = workbook.newWorksheet(text("testing.list." + which.name(), locale));
		String[] headers = { "testing.person.id", "testing.person.grid", "testing.person.name",
				"testing.person.idNumber", "testing.person.phone", "testing.person.address",
				"testing.person.doorToDoor", "testing.person.state", "testing.person.exemption",
				"testing.person.exemptionNote", "testing.person.sampledAt" };
		for (int c = 0; c < headers.length; c++) {
			sheet.value(0, c, text(headers[c], locale));
			sheet.style(0, c).bold().set();
		}
		sheet.value(0, headers.length, round.name());
		int[] row = { 1 };
		this.rounds.export(caller, id, which, gridId, "WEB", request.getRemoteAddr(), (p) -> {
			int r = row[0]++;
			sheet.value(r, 0, p.personId());
			if (p.gridId() != null) {
				sheet.value(r, 1, p.gridId());
			}
			sheet.value(r, 2, p.name());
			sheet.value(r, 3, p.idNumber());
			sheet.value(r, 4, p.phone());
			sheet.value(r, 5, p.address());
			sheet.value(r, 6, p.doorToDoor() ? text("testing.yes", locale) : "");
			sheet.value(r, 7, p.state());
			sheet.value(r, 8, p.exemption());
			sheet.value(r, 9, p.exemptionNote());
			if (p.sampledAt() != null) {
				sheet.value(r, 10, LocalDateTime.ofInstant(p.sampledAt(), zone).toString().replace('T', ' '));
			}
			if (r % 1_000 == 0) {
				flush(sheet);
			}
		});
		workbook.finish();
	}

	// ---- lab results

	@GetMapping("/testing/results")
	@PreAuthorize(TestingAuthorities.LAB_FOLLOWERS)
	String results(Model model) {
		Caller caller = CurrentCaller.get();
		tabs(model, "results");
		model.addAttribute("batches", this.labs.batches(caller, 100));
		model.addAttribute("refusals", this.labs.rejections(caller, null, 200));
		model.addAttribute("clerk", caller.has(Role.ADMIN) || caller.has(Role.DATA_OFFICER));
		model.addAttribute("zone", this.clock.getZone());
		return "testing/results";
	}

	@PostMapping("/testing/results/refusals/{id}/dismiss")
	@PreAuthorize(TestingAuthorities.LAB_CLERKS)
	String dismiss(@PathVariable long id) {
		this.labs.resolve(CurrentCaller.get(), id, false);
		return "redirect:/testing/results";
	}

	// ---- helpers

	private void progress(long id, Long divisionId, Model model) {
		model.addAttribute("progress", this.rounds.progress(CurrentCaller.get(), id, divisionId));
		model.addAttribute("divisionId", divisionId);
		model.addAttribute("zone", this.clock.getZone());
	}

	private List<SamplingSite> mySites(Caller caller) {
		List<SamplingSite> all = new ArrayList<>();
		for (int page = 0; page < 50; page++) {
			Slice<SamplingSite> slice = this.sites.list(caller, new PageRequest(page, PageRequest.MAX_SIZE));
			all.addAll(slice.items());
			if (!slice.hasNext()) {
				break;
			}
		}
		return all;
	}

	private void tabs(Model model, String active) {
		Caller caller = CurrentCaller.get();
		model.addAttribute("tab", active);
		model.addAttribute("mayRounds", caller.has(Role.ADMIN) || caller.has(Role.COMMANDER)
				|| caller.has(Role.EPIDEMIOLOGIST) || caller.has(Role.GRID_WORKER) || caller.has(Role.DATA_OFFICER));
		model.addAttribute("mayResults", caller.has(Role.ADMIN) || caller.has(Role.COMMANDER)
				|| caller.has(Role.EPIDEMIOLOGIST) || caller.has(Role.DATA_OFFICER));
		model.addAttribute("mayReport",
				caller.has(Role.ADMIN) || caller.has(Role.COMMANDER) || caller.has(Role.SITE_LEADER));
		model.addAttribute("zone", this.clock.getZone());
	}

	private Instant instant(List<FieldError> errors, String field, String text) {
		if (text.isBlank()) {
			errors.add(new FieldError(field, "is required"));
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).atZone(this.clock.getZone()).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError(field, "must be a date and time like 2026-05-01T08:00"));
			return null;
		}
	}

	private static Double number(List<FieldError> errors, String field, String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return Double.valueOf(text.strip());
		}
		catch (NumberFormatException ex) {
			errors.add(new FieldError(field, "must be a number"));
			return null;
		}
	}

	private static Integer whole(List<FieldError> errors, String field, String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(text.strip());
		}
		catch (NumberFormatException ex) {
			errors.add(new FieldError(field, "must be a whole number"));
			return null;
		}
	}

	private String text(String key, Locale locale) {
		return this.texts.getMessage(key, null, key, locale);
	}

	private static List<String> words(String text) {
		return Arrays.stream(text.split("[,，\\s]+")).filter(w -> !w.isBlank()).toList();
	}

	private static RoundList roundList(String name) {
		try {
			return RoundList.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException("list " + name);
		}
	}

	private static void flush(Worksheet sheet) {
		try {
			sheet.flush();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * A round in the list.
	 *
	 * @param round the round
	 * @param stage PLANNED, RUNNING or FINISHED
	 * @param percent sampled of required
	 * @param sampled sampled
	 * @param required required
	 */
	record RoundLine(TestingRound round, String stage, double percent, long sampled, long required) {
	}

	/**
	 * The start form as sent, to show it again with its errors.
	 *
	 * @param name name
	 * @param startsAt start
	 * @param endsAt end
	 * @param population population
	 * @param keyTags tags
	 * @param keyWorkplaces workplaces
	 * @param pooling pooling
	 * @param exemptPositiveDays days
	 * @param divisionIds ids chosen
	 * @param moreDivisionIds ids typed
	 */
	record RoundForm(String name, String startsAt, String endsAt, RoundPopulation population, String keyTags,
			String keyWorkplaces, Integer pooling, Integer exemptPositiveDays, Set<Long> divisionIds,
			String moreDivisionIds) {
	}

}
