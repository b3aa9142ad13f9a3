package org.epigrid.shared.db;

import org.epigrid.shared.db.DataFolderLock.DataFolderInUseException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says in two lines, instead of a stack trace, that another EpiGrid runs on the data
 * folder and what to do (registered in {@code META-INF/spring.factories}).
 */
class DataFolderInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataFolderInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataFolderInUseException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", "Stop the EpiGrid that uses " + cause.home()
				+ " (or give this one another folder with EPIGRID_HOME), then start again.", cause);
	}

}
