package org.epigrid.shared.pdf;

import org.epigrid.shared.web.ApiController;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The printables of the API (code cards, venue posters) need a Chinese font: a machine
 * without one answers 503 naming the package to install.
 */
// ahead of the API-wide handler (order 0), which would answer 500
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(annotations = ApiController.class)
class PdfProblems {

	@ExceptionHandler(PdfKit.NoFontException.class)
	ProblemDetail noFont(PdfKit.NoFontException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("No font for the printable");
		return problem;
	}

}
