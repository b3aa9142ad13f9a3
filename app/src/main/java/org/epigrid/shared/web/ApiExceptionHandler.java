package org.epigrid.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.epigrid.shared.ConflictException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.TooManyRequestsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns errors of the REST API into RFC 9457 problem details. Input errors carry an
 * {@code errors} list of {@code {field, message}} so that clients can show each reason
 * next to its field.
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(0)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	static final URI INVALID_INPUT = URI.create("https://epigrid.org/problems/invalid-input");

	@ExceptionHandler(FieldErrorsException.class)
	ProblemDetail invalidInput(FieldErrorsException ex) {
		return invalid(ex.errors());
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return problem;
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return fieldProblem(HttpStatus.CONFLICT, "Conflict", "conflict", ex.field(), ex.getMessage());
	}

	@ExceptionHandler(ForbiddenException.class)
	ProblemDetail forbidden(ForbiddenException ex) {
		return fieldProblem(HttpStatus.FORBIDDEN, "Forbidden", "forbidden", ex.field(), ex.getMessage());
	}

	@ExceptionHandler(TooManyRequestsException.class)
	ResponseEntity<ProblemDetail> tooManyRequests(TooManyRequestsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Too many requests");
		problem.setType(URI.create("https://epigrid.org/problems/too-many-requests"));
		problem.setProperty("retryAfterSeconds", ex.retryAfterSeconds());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem);
	}

	/** A problem about one field, named in {@code errors} like invalid input. */
	private static ProblemDetail fieldProblem(HttpStatus status, String title, String type, String field,
			String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
		problem.setTitle(title);
		problem.setType(URI.create("https://epigrid.org/problems/" + type));
		problem.setProperty("errors", List.of(new FieldError(field, message)));
		return problem;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return invalid(List.of(new FieldError(ex.getName(), "has the wrong type")));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest().body(invalid(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		log.debug("Unreadable request body", ex);
		String field = JsonErrors.fieldOf(ex);
		return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field, JsonErrors.reasonOf(ex)))));
	}

	private static ProblemDetail invalid(List<FieldError> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
		problem.setTitle("Invalid input");
		problem.setType(INVALID_INPUT);
		problem.setProperties(Map.of("errors", errors));
		return problem;
	}

}
