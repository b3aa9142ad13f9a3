package org.epigrid.datahub.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.DataSourceManagement.NewDataSource;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportManagement;
import org.epigrid.datahub.ImportedRecord;
import org.epigrid.security.CurrentCaller;
import org.epigrid.security.PushTokenManagement;
import org.epigrid.security.PushTokenManagement.IssuedPushToken;
import org.epigrid.security.PushTokenManagement.PushToken;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

/**
 * REST API of the data hub: sources and their mappings, imports and their rejected rows.
 * Departments push files with a token of a DATA_OFFICER account.
 */
@ApiController
@RequestMapping("/api/v1")
@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER')")
class DataHubApiController {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private final DataSourceManagement sources;

	private final ImportManagement imports;

	private final PushTokenManagement pushTokens;

	DataHubApiController(DataSourceManagement sources, ImportManagement imports, PushTokenManagement pushTokens) {
		this.sources = sources;
		this.pushTokens = pushTokens;
		this.imports = imports;
	}

	@GetMapping("/sources")
	List<DataSource> sources() {
		return this.sources.list();
	}

	@PostMapping("/sources")
	ResponseEntity<DataSource> create(@RequestBody SourceRequest request) {
		DataSource source = this.sources.create(new NewDataSource(request.code(), request.name(), request.department(),
				request.category(), request.mapping(), request.contact(), request.refreshSchedule(), false));
		return ResponseEntity.created(URI.create("/api/v1/sources/" + source.code())).body(source);
	}

	@GetMapping("/sources/{code}")
	DataSource source(@PathVariable String code) {
		return this.sources.byCode(code);
	}

	/**
	 * Replaces the column headers that mean one field, e.g. {@code {"headers":
	 * ["旅客姓名"]}}.
	 */
	@PutMapping("/sources/{code}/mapping/{field}")
	DataSource mapping(@PathVariable String code, @PathVariable String field, @RequestBody HeadersRequest request) {
		return this.sources.updateMapping(code, field, request.headers());
	}

	/**
	 * Marks a source's phones as verified (authoritative) or not, e.g.
	 * {@code {"verified": true}}; audited.
	 */
	@PutMapping("/sources/{code}/phones-verified")
	DataSource phonesVerified(@PathVariable String code, @RequestBody PhonesVerifiedRequest request,
			HttpServletRequest http) {
		if (request.verified() == null) {
			throw FieldErrorsException.of("verified", "is required (true or false)");
		}
		return this.sources.markPhones(CurrentCaller.get(), code, request.verified(), http.getRemoteAddr());
	}

	/**
	 * Uploads a file (multipart parts {@code source} and {@code file}): 202 with the
	 * queued job, 400 naming {@code file} if it cannot be imported, 409 if the same file
	 * was imported into the source before.
	 */
	@PostMapping(path = "/imports", consumes = "multipart/form-data")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER') or hasAuthority('PUSH')")
	ResponseEntity<ImportJob> upload(@RequestParam("source") String source,
			@RequestPart(name = "file", required = false) MultipartFile file) {
		if (file == null) {
			throw FieldErrorsException.of("file", "is missing");
		}
		CurrentCaller.pushSources().ifPresent(allowed -> {
			if (!allowed.contains(source)) {
				throw new ForbiddenException("source",
						"this push token may import into " + String.join(", ", allowed) + " only, not " + source);
			}
		});
		try {
			ImportJob job = this.imports.submit(CurrentCaller.get(), source, file.getOriginalFilename(),
					file.getInputStream());
			return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + job.id())).body(job);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping("/imports")
	Slice<ImportJob> imports(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return this.imports.recent(CurrentCaller.get(), new PageRequest(page, size));
	}

	@GetMapping("/imports/{id}")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER') or hasAuthority('PUSH')")
	ImportJob job(@PathVariable long id) {
		return this.imports.find(CurrentCaller.get(), id);
	}

	@GetMapping("/imports/{id}/records")
	Slice<ImportedRecord> records(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.imports.records(CurrentCaller.get(), id, new PageRequest(page, size));
	}

	@GetMapping("/imports/{id}/rejected.xlsx")
	void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
		var caller = CurrentCaller.get();
		ImportJob job = this.imports.find(caller, id);
		response.setContentType(XLSX);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"import-" + job.id() + "-rejected.xlsx\"");
		this.imports.writeRejectedRows(caller, job.id(), response.getOutputStream());
	}

	/**
	 * Issues a push token for a department's system: it may submit imports into the named
	 * sources (and read their progress), acting for the caller. The token is in the
	 * response this once.
	 */
	@PostMapping("/push-tokens")
	ResponseEntity<IssuedPushToken> issuePushToken(@RequestBody PushTokenRequest request) {
		List<FieldError> errors = new ArrayList<>();
		List<String> sources = (request.sources() != null) ? request.sources() : List.of();
		Set<String> known = this.sources.list().stream().map(DataSource::code).collect(Collectors.toSet());
		for (int i = 0; i < sources.size(); i++) {
			String code = sources.get(i);
			if (code == null || !known.contains(code)) {
				errors.add(new FieldError("sources[" + i + "]", "is not a data source: " + code));
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		IssuedPushToken token = this.pushTokens.issue(CurrentCaller.get(), request.label(), new HashSet<>(sources),
				(request.days() != null) ? request.days() : 90);
		return ResponseEntity.created(URI.create("/api/v1/push-tokens/" + token.id())).body(token);
	}

	@GetMapping("/push-tokens")
	List<PushToken> pushTokens() {
		return this.pushTokens.list(CurrentCaller.get());
	}

	@DeleteMapping("/push-tokens/{id}")
	ResponseEntity<Void> revokePushToken(@PathVariable long id) {
		this.pushTokens.revoke(CurrentCaller.get(), id);
		return ResponseEntity.noContent().build();
	}

	/** A new source; whether it is built in is not the client's to say. */
	record SourceRequest(String code, String name, String department, DataCategory category,
			Map<String, List<String>> mapping, String contact, String refreshSchedule) {
	}

	record PhonesVerifiedRequest(Boolean verified) {
	}

	record HeadersRequest(List<String> headers) {
	}

	/**
	 * A push token to issue.
	 *
	 * @param label who will use it, e.g. the department's system
	 * @param sources the data source codes it may import into
	 * @param days validity in days (default 90, at most 366)
	 */
	record PushTokenRequest(String label, List<String> sources, Integer days) {
	}

}
