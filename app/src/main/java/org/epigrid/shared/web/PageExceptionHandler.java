package org.epigrid.shared.web;

import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Readable error pages for the web UI: 404 for things that do not exist (or lie outside
 * the user's jurisdiction), 400 with the reasons for bad input.
 */
@ControllerAdvice(annotations = Controller.class)
class PageExceptionHandler {

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(NotFoundException ex, Model model) {
		model.addAttribute("status", 404);
		model.addAttribute("error", "Not Found");
		return "error";
	}

	@ExceptionHandler(ForbiddenException.class)
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String forbidden(ForbiddenException ex, Model model) {
		model.addAttribute("status", 403);
		model.addAttribute("error", "Forbidden");
		model.addAttribute("message", ex.getMessage());
		return "error";
	}

	@ExceptionHandler(FieldErrorsException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String invalid(FieldErrorsException ex, Model model) {
		model.addAttribute("status", 400);
		model.addAttribute("error", "Bad Request");
		model.addAttribute("errors", ex.errors());
		return "error";
	}

}
