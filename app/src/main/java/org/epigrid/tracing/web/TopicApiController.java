package org.epigrid.tracing.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;
import org.epigrid.tracing.TopicManagement;
import org.epigrid.tracing.TopicManagement.Item;
import org.epigrid.tracing.TopicManagement.ListReceipt;
import org.epigrid.tracing.TopicManagement.ListRow;
import org.epigrid.tracing.TopicManagement.NewTopic;
import org.epigrid.tracing.TopicManagement.Outcome;
import org.epigrid.tracing.TopicManagement.Topic;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Screening topics (专题): made by investigators, verified person by person by the grid
 * workers where the persons live.
 */
@ApiController
@RequestMapping("/api/v1/tracing/topics")
class TopicApiController {

	private final TopicManagement topics;

	TopicApiController(TopicManagement topics) {
		this.topics = topics;
	}

	@GetMapping
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	List<Topic> list() {
		return this.topics.topics(CurrentCaller.get());
	}

	@PostMapping
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<Topic> create(@RequestBody NewTopic body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.topics.create(CurrentCaller.get(), body));
	}

	@GetMapping("/{id}")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	Topic get(@PathVariable long id) {
		return this.topics.topic(CurrentCaller.get(), id);
	}

	@PostMapping("/{id}/lists")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ListReceipt addList(@PathVariable long id, @RequestBody ListRequest body) {
		return this.topics.addList(CurrentCaller.get(), id, (body == null) ? null : body.rows());
	}

	@GetMapping("/{id}/items")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	Slice<Item> items(@PathVariable long id, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			HttpServletRequest request) {
		return this.topics.items(CurrentCaller.get(), id, status, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@PostMapping("/{id}/items/{personId}/outcome")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	Item outcome(@PathVariable long id, @PathVariable long personId, @RequestBody Outcome body) {
		return this.topics.outcome(CurrentCaller.get(), id, personId, body);
	}

	@GetMapping("/{id}/assistance.csv")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<byte[]> assistance(@PathVariable long id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"assistance-topic-" + id + ".csv\"")
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.body(this.topics.assistanceLetter(CurrentCaller.get(), id).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A list to add.
	 *
	 * @param rows name, ID number and phone of each
	 */
	record ListRequest(List<ListRow> rows) {
	}

}
