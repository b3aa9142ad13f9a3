package org.epigrid.codes.web;

import java.net.URI;
import java.util.List;

import org.epigrid.codes.TooManyIdNumbersException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.web.ApiController;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A device over its limit of ID-number verifications: 429 problem details naming
 * {@code idNumber}, with {@code Retry-After} in seconds.
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class VerificationExceptionHandler {

	static final URI TOO_MANY_REQUESTS = URI.create("https://epigrid.org/problems/too-many-requests");

	@ExceptionHandler(TooManyIdNumbersException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyIdNumbersException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Too many requests");
		problem.setType(TOO_MANY_REQUESTS);
		problem.setProperty("errors", List.of(new FieldError("idNumber", ex.getMessage())));
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem);
	}

}
