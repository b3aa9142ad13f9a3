package org.epigrid.tracing.internal;

import org.epigrid.testing.PositiveResult;
import org.epigrid.tracing.CaseManagement;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Opens a case from each positive single-tube result (and computes its contacts), in its
 * own transaction after the lab's delivery has committed; a result not yet handled when
 * the platform stops is handled after the restart.
 */
@Component
class PositiveResultListener {

	private final CaseManagement cases;

	PositiveResultListener(CaseManagement cases) {
		this.cases = cases;
	}

	@ApplicationModuleListener
	void on(PositiveResult event) {
		this.cases.open(event);
	}

}
