package org.epigrid.datahub;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.epigrid.datahub.internal.DataSourceRepository;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry of department data sources and their column mappings. Mappings are data:
 * an officer adds the header a department uses ("旅客姓名") without a code change.
 */
@Service
public class DataSourceManagement {

	private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

	private final DataSourceRepository sources;

	private final Clock clock;

	private final AuditManagement audit;

	DataSourceManagement(DataSourceRepository sources, Clock clock, AuditManagement audit) {
		this.sources = sources;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * Says whether a source's phones are verified for their persons (authoritative, such
	 * as the police household registration). A phone such a source fills in becomes a
	 * resident's login phone; phones of other sources are contact hints only. Audited.
	 * @param caller the data officer or admin
	 * @param code the source
	 * @param verified whether its phones are verified
	 * @param clientIp the caller's address
	 * @return the source
	 * @throws NotFoundException if there is no such source
	 */
	@Transactional
	public DataSource markPhones(Caller caller, String code, boolean verified, String clientIp) {
		DataSource source = byCode(code);
		this.sources.markPhones(source.id(), verified, this.clock.instant());
		this.audit.record(caller,
				new AuditManagement.View(verified ? "MARK_SOURCE_PHONES_VERIFIED" : "MARK_SOURCE_PHONES_UNVERIFIED",
						"DATA_SOURCE", code, source.name(), "phone authority", "API", clientIp));
		return byCode(code);
	}

	/**
	 * All sources, by department and name.
	 * @return the sources
	 */
	@Transactional(readOnly = true)
	public List<DataSource> list() {
		return this.sources.list();
	}

	/**
	 * A source by code.
	 * @param code the code
	 * @return the source
	 * @throws NotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	public DataSource byCode(String code) {
		return this.sources.byCode(code).orElseThrow(() -> new NotFoundException("data source " + code));
	}

	/**
	 * A source by id.
	 * @param id the id
	 * @return the source, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<DataSource> find(long id) {
		return this.sources.find(id);
	}

	/**
	 * Registers a source; its mapping starts as the category's default headers plus any
	 * given.
	 * @param request the source
	 * @return the source
	 * @throws FieldErrorsException naming each invalid field
	 * @throws ConflictException if the code is taken
	 */
	@Transactional
	public DataSource create(NewDataSource request) {
		List<FieldError> errors = new ArrayList<>();
		if (request.code() == null || !CODE.matcher(request.code()).matches()) {
			errors.add(new FieldError("code", "must be 2-40 lower-case letters, digits or '-'"));
		}
		if (request.name() == null || request.name().isBlank()) {
			errors.add(new FieldError("name", "must not be blank"));
		}
		if (request.department() == null || request.department().isBlank()) {
			errors.add(new FieldError("department", "must not be blank"));
		}
		if (request.category() == null) {
			errors.add(new FieldError("category", "must be one of " + List.of(DataCategory.values())));
		}
		TextLimit.check(errors, "name", request.name(), TextLimit.LABEL);
		TextLimit.check(errors, "department", request.department(), TextLimit.LABEL);
		TextLimit.check(errors, "contact", request.contact(), TextLimit.LABEL);
		TextLimit.check(errors, "refreshSchedule", request.refreshSchedule(), TextLimit.LABEL);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Map<String, List<String>> mapping = merged(request.category(), request.mapping());
		NewDataSource stripped = new NewDataSource(request.code(), request.name().strip(), request.department().strip(),
				request.category(), request.mapping(), request.contact(), request.refreshSchedule(), request.builtIn());
		boolean inserted = this.sources.insert(stripped, mapping, this.clock.instant());
		if (!inserted) {
			throw new ConflictException("code", "a data source with code " + request.code() + " exists");
		}
		return byCode(request.code());
	}

	/**
	 * Replaces the headers that mean one field.
	 * @param code the source
	 * @param field a field of the source's category
	 * @param headers the headers, at least one
	 * @return the source
	 * @throws FieldErrorsException if the field is unknown or no header is given
	 * @throws NotFoundException if the source does not exist
	 */
	@Transactional
	public DataSource updateMapping(String code, String field, List<String> headers) {
		DataSource source = byCode(code);
		if (source.category().fields().stream().noneMatch(f -> f.name().equals(field))) {
			throw FieldErrorsException.of("field", "is not a field of " + source.category());
		}
		List<String> cleaned = headers == null ? List.of()
				: headers.stream().map(String::strip).filter(h -> !h.isEmpty()).distinct().toList();
		if (cleaned.isEmpty()) {
			throw FieldErrorsException.of("headers", "must name at least one column header");
		}
		if (cleaned.size() > 50) {
			throw FieldErrorsException.of("headers", "must name at most 50 column headers");
		}
		cleaned.forEach(h -> TextLimit.require("headers", h, TextLimit.NAME));
		Map<String, List<String>> mapping = new LinkedHashMap<>(source.mapping());
		mapping.put(field, cleaned);
		this.sources.updateMapping(source.id(), mapping, this.clock.instant());
		return byCode(code);
	}

	private static Map<String, List<String>> merged(DataCategory category, Map<String, List<String>> extra) {
		Map<String, List<String>> mapping = new LinkedHashMap<>();
		for (FieldSpec field : category.fields()) {
			List<String> headers = new ArrayList<>();
			if (extra != null && extra.get(field.name()) != null) {
				headers.addAll(extra.get(field.name()));
			}
			field.headers().stream().filter(h -> !headers.contains(h)).forEach(headers::add);
			mapping.put(field.name(), headers);
		}
		return mapping;
	}

	/**
	 * A source to register.
	 *
	 * @param code unique code
	 * @param name name
	 * @param department delivering department
	 * @param category kind of list
	 * @param mapping extra headers per field, may be {@code null}
	 * @param contact contact, may be {@code null}
	 * @param refreshSchedule schedule, may be {@code null}
	 * @param builtIn whether EpiGrid itself registers it
	 */
	public record NewDataSource(String code, String name, String department, DataCategory category,
			Map<String, List<String>> mapping, String contact, String refreshSchedule, boolean builtIn) {
	}

}
