package org.epigrid.support;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The set-up that the codes and venues integration tests share: the platform's port, its
 * database and clock, an {@link Api} client with the administrator logged in, and events
 * published in a transaction (as a module publishes them). Extended by classes annotated
 * {@link IntegrationTest}.
 */
public abstract class AdminApiTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected Clock clock;

	@Autowired
	protected ApplicationEventPublisher events;

	@Autowired
	protected TransactionTemplate tx;

	/** A client of the platform's API. */
	protected Api api;

	/** The administrator's bearer token. */
	protected String admin;

	@BeforeEach
	void logInTheAdministrator() {
		this.api = new Api(this.port);
		this.admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
	}

	/**
	 * Publishes an event in a transaction, as the module that learns the fact would.
	 * @param event the event
	 */
	protected void publish(Object event) {
		this.tx.executeWithoutResult(s -> this.events.publishEvent(event));
	}

}
