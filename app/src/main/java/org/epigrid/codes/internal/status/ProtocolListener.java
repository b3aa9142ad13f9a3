package org.epigrid.codes.internal.status;

import org.epigrid.codes.CodeProtocolChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Puts every person's code through new rules once they are committed.
 */
@Component
class ProtocolListener {

	private static final Logger log = LoggerFactory.getLogger(ProtocolListener.class);

	private final StatusEngine engine;

	private final ProtocolStore store;

	ProtocolListener(StatusEngine engine, ProtocolStore store) {
		this.engine = engine;
		this.store = store;
	}

	@ApplicationModuleListener
	void on(CodeProtocolChanged event) {
		this.store.forget();
		long started = System.nanoTime();
		int changed = this.engine.recomputeAll("protocol v" + event.version());
		log.info("Code rules v{}: {} codes changed ({} ms)", event.version(), changed,
				(System.nanoTime() - started) / 1_000_000);
	}

}
