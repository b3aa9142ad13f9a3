package org.epigrid.venues.web;

import org.epigrid.codes.Verdict;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.web.ApiController;
import org.epigrid.venues.CheckpointPassManagement;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Residential compounds' checkpoints record passes here with their device token (under
 * the codes API's address, where devices verify).
 */
@ApiController
@RequestMapping("/api/v1/codes")
class CheckpointPassApiController {

	private final CheckpointPassManagement passes;

	CheckpointPassApiController(CheckpointPassManagement passes) {
		this.passes = passes;
	}

	/**
	 * A pass at a residential compound's checkpoint: in or out, with temperature and mask
	 * (C8, C9). Checkpoint devices only.
	 */
	@PostMapping("/passes")
	@PreAuthorize("hasAuthority('DEVICE')")
	Verdict pass(@RequestBody CheckpointPassManagement.PassRequest body) {
		return this.passes.pass(CurrentCaller.device().orElseThrow(), body);
	}

}
