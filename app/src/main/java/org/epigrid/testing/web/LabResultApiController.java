package org.epigrid.testing.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Device;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.LabResultManagement;
import org.epigrid.testing.LabResultManagement.Delivery;
import org.epigrid.testing.LabResultManagement.Receipt;
import org.epigrid.testing.TubeOutcome;
import org.epigrid.testing.internal.ResultWriter;
import org.epigrid.testing.internal.TestingProperties;
import org.epigrid.testing.internal.lab.FhirBundleReader;
import org.epigrid.testing.internal.lab.LabCsvReader;
import org.epigrid.testing.internal.lab.LabRejection;
import org.epigrid.testing.internal.lab.LabResult;
import org.epigrid.testing.internal.lab.ParsedResults;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Lab results: a lab's device delivers them as JSON (each bad entry refused and kept, the
 * rest applied); the command and data officers follow the deliveries and their refusals.
 */
@ApiController
@RequestMapping("/api/v1/testing")
class LabResultApiController {

	private final LabResultManagement results;

	/** The largest bundle or file read. */
	static final int MAX_BYTES = 32 * 1024 * 1024;

	private final int maxResults;

	private final FhirBundleReader fhir;

	private final LabCsvReader files;

	LabResultApiController(LabResultManagement results, TestingProperties settings, FhirBundleReader fhir,
			LabCsvReader files) {
		this.results = results;
		this.maxResults = settings.maxResultsPerRequest();
		this.fhir = fhir;
		this.files = files;
	}

	/**
	 * A lab's HL7 FHIR R4 Bundle (transaction, batch, collection or message) of
	 * DiagnosticReport + Observation + Specimen (the tube's barcode): what is read is
	 * applied, what is wrong is refused with the element and the reason, and kept.
	 */
	@PostMapping(path = "/fhir", consumes = { "application/fhir+json", "application/json" })
	@PreAuthorize("hasAuthority('DEVICE') or hasAnyRole('ADMIN', 'DATA_OFFICER')")
	Receipt fhir(jakarta.servlet.http.HttpServletRequest request) throws java.io.IOException {
		String lab = labOf(null);
		byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			throw FieldErrorsException.of("Bundle", "at most " + (MAX_BYTES >> 20) + " MiB a bundle: split it");
		}
		ParsedResults parsed = this.fhir.read(body);
		return this.results.receive(new Delivery("FHIR", lab, null, by(), parsed.results(), parsed.rejections()));
	}

	/**
	 * A lab's results file (CSV or XLSX: barcode, result, Ct, lab, tested at): each bad
	 * row refused with its row and column, and kept.
	 */
	@PostMapping(path = "/result-files", consumes = "multipart/form-data")
	@PreAuthorize("hasAuthority('DEVICE') or hasAnyRole('ADMIN', 'DATA_OFFICER')")
	Receipt file(
			@org.springframework.web.bind.annotation.RequestPart(name = "file",
					required = false) org.springframework.web.multipart.MultipartFile file,
			@RequestParam(required = false) String lab) throws java.io.IOException {
		String named = labOf(lab);
		if (named.length() > 100) {
			throw FieldErrorsException.of("lab", "at most 100 characters");
		}
		if (file == null || file.isEmpty()) {
			throw FieldErrorsException.of("file", "is required: a CSV or XLSX file of results");
		}
		if (file.getSize() > MAX_BYTES) {
			throw FieldErrorsException.of("file", "at most " + (MAX_BYTES >> 20) + " MiB: split it");
		}
		String name = (file.getOriginalFilename() == null) ? "results" : file.getOriginalFilename();
		if (name.length() > 200) {
			name = name.substring(name.length() - 200);
		}
		ParsedResults parsed = this.files.read(file.getBytes());
		if (parsed.results().size() + parsed.rejections().size() > this.maxResults) {
			throw FieldErrorsException.of("file", "at most " + this.maxResults + " rows a file: split it");
		}
		boolean xlsx = name.toLowerCase(Locale.ROOT).endsWith(".xlsx");
		return this.results
			.receive(new Delivery(xlsx ? "XLSX" : "CSV", named, name, by(), parsed.results(), parsed.rejections()));
	}

	/** A lab's results, one entry per tube. */
	@PostMapping("/results")
	@PreAuthorize("hasAuthority('DEVICE') or hasAnyRole('ADMIN', 'DATA_OFFICER')")
	Receipt deliver(@RequestBody List<ResultEntry> body) {
		String lab = labOf(null);
		if (body.size() > this.maxResults) {
			throw FieldErrorsException.of("results",
					"at most " + this.maxResults + " results a request, not " + body.size() + ": split the delivery");
		}
		List<LabResult> read = new ArrayList<>();
		List<LabRejection> refused = new ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			ResultEntry entry = body.get(i);
			if (entry == null) {
				refused.add(new LabRejection(null, "[" + i + "]", "is null", "null"));
				continue;
			}
			TubeOutcome outcome = outcome(entry.result());
			if (outcome == null) {
				refused.add(new LabRejection(entry.barcode(), "[" + i + "].result",
						"must be NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效), not " + entry.result(), entry.toString()));
				continue;
			}
			read.add(new LabResult((entry.barcode() == null) ? null : entry.barcode().strip(), outcome, entry.ct(), lab,
					entry.testedAt()));
		}
		return this.results.receive(new Delivery("API", lab, null, by(), read, refused));
	}

	@GetMapping("/result-batches")
	@PreAuthorize(TestingAuthorities.LAB_FOLLOWERS)
	List<ResultWriter.Batch> batches(@RequestParam(defaultValue = "50") int limit) {
		return this.results.batches(CurrentCaller.get(), limit);
	}

	@GetMapping("/result-rejections")
	@PreAuthorize(TestingAuthorities.LAB_FOLLOWERS)
	List<ResultWriter.Rejected> rejections(@RequestParam(required = false) Long batchId,
			@RequestParam(defaultValue = "200") int limit) {
		return this.results.rejections(CurrentCaller.get(), batchId, limit);
	}

	@PostMapping("/result-rejections/{id}/resolution")
	@PreAuthorize(TestingAuthorities.LAB_CLERKS)
	ResponseEntity<Void> resolve(@PathVariable long id, @RequestBody Resolution body) {
		if (body.corrected() == null) {
			throw FieldErrorsException.of("corrected",
					"is required: true (corrected by a new delivery) or false (dismissed)");
		}
		this.results.resolve(CurrentCaller.get(), id, body.corrected());
		return ResponseEntity.noContent().build();
	}

	/**
	 * The lab: a lab device's label; staff name it.
	 * @param named the lab named by the staff member (or the bundle)
	 */
	static String labOf(String named) {
		Device device = CurrentCaller.device().orElse(null);
		if (device != null) {
			if (device.kind() != Device.Kind.LAB) {
				throw new ForbiddenException("device", "only a lab's device delivers results");
			}
			return device.label();
		}
		return (named == null || named.isBlank()) ? "(" + CurrentCaller.get().username() + ")" : named.strip();
	}

	static String by() {
		Device device = CurrentCaller.device().orElse(null);
		if (device != null) {
			return "device:" + device.tokenId();
		}
		Caller caller = CurrentCaller.get();
		return caller.username();
	}

	static TubeOutcome outcome(String text) {
		if (text == null) {
			return null;
		}
		return switch (text.strip().toUpperCase(Locale.ROOT)) {
			case "NEGATIVE", "阴性", "NEG" -> TubeOutcome.NEGATIVE;
			case "POSITIVE", "阳性", "POS" -> TubeOutcome.POSITIVE;
			case "INVALID", "无效" -> TubeOutcome.INVALID;
			default -> null;
		};
	}

	record ResultEntry(String barcode, String result, BigDecimal ct, Instant testedAt) {
	}

	record Resolution(Boolean corrected) {
	}

}
