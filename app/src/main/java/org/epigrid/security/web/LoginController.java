package org.epigrid.security.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page; after too many failed logins it says how long to wait.
 */
@Controller
class LoginController {

	@GetMapping("/login")
	String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
		if (locked != null) {
			long seconds = seconds(locked);
			if (seconds < 120) {
				model.addAttribute("lockedSeconds", seconds);
			}
			else {
				model.addAttribute("lockedMinutes", (seconds + 59) / 60);
			}
		}
		return "security/login";
	}

	/** The wait given in the address, read defensively (anyone can type one). */
	private static long seconds(String value) {
		try {
			return Math.min(Math.max(Long.parseLong(value), 1), 24 * 3600);
		}
		catch (NumberFormatException ex) {
			return 60;
		}
	}

}
