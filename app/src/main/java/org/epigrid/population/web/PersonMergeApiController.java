package org.epigrid.population.web;

import java.net.URI;
import java.util.Map;

import org.epigrid.population.PersonMergeManagement;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Merging duplicate persons and undoing it: {@code POST /api/v1/persons/{id}/merges} with
 * {@code {"duplicateId", "reason"}}, {@code DELETE /api/v1/person-merges/{mergeId}}.
 */
@ApiController
@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER')")
class PersonMergeApiController {

	private final PersonMergeManagement merges;

	PersonMergeApiController(PersonMergeManagement merges) {
		this.merges = merges;
	}

	@PostMapping("/api/v1/persons/{survivorId}/merges")
	ResponseEntity<Map<String, Long>> merge(@PathVariable long survivorId, @RequestBody MergeRequest request) {
		if (request.duplicateId() == null) {
			throw FieldErrorsException.of("duplicateId", "is required");
		}
		long mergeId = this.merges.merge(CurrentCaller.get(), survivorId, request.duplicateId(), request.reason());
		return ResponseEntity.created(URI.create("/api/v1/person-merges/" + mergeId)).body(Map.of("mergeId", mergeId));
	}

	@DeleteMapping("/api/v1/person-merges/{mergeId}")
	ResponseEntity<Void> undo(@PathVariable long mergeId) {
		this.merges.undo(CurrentCaller.get(), mergeId);
		return ResponseEntity.noContent().build();
	}

	record MergeRequest(Long duplicateId, String reason) {
	}

}
