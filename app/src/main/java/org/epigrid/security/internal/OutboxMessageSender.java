package org.epigrid.security.internal;

import org.epigrid.security.MessageOutbox;
import org.epigrid.security.MessageSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without an SMS gateway, messages go to the outbox only.
 */
@Configuration(proxyBeanMethods = false)
class OutboxMessageSender {

	private static final Logger log = LoggerFactory.getLogger(OutboxMessageSender.class);

	@Bean
	@ConditionalOnMissingBean(MessageSender.class)
	MessageSender outboxSender(MessageOutbox outbox) {
		log.info("Text messages go to the outbox (Admin → Outbox); configure an SMS gateway to send them");
		return (phone, purpose, body) -> outbox.keep(phone, purpose, body, "OUTBOX", false);
	}

}
