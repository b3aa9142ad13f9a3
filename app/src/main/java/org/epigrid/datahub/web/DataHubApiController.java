package org.epigrid.datahub.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.DataSourceManagement.NewDataSource;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportManagement;
import org.epigrid.datahub.ImportedRecord;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
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

	DataHubApiController(DataSourceManagement sources, ImportManagement imports) {
		this.sources = sources;
		this.imports = imports;
	}

	@GetMapping("/sources")
	List<DataSource> sources() {
		return this.sources.list();
	}

	@PostMapping("/sources")
	ResponseEntity<DataSource> create(@RequestBody NewDataSource request) {
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
	 * Uploads a file (multipart parts {@code source} and {@code file}): 202 with the
	 * queued job, 400 naming {@code file} if it cannot be imported, 409 if the same file
	 * was imported into the source before.
	 */
	@PostMapping(path = "/imports", consumes = "multipart/form-data")
	ResponseEntity<ImportJob> upload(@RequestParam("source") String source,
			@RequestPart(name = "file", required = false) MultipartFile file) {
		if (file == null) {
			throw FieldErrorsException.of("file", "is missing");
		}
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

	record HeadersRequest(List<String> headers) {
	}

}
