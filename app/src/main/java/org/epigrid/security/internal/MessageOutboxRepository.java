package org.epigrid.security.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.epigrid.security.MessageOutbox.Message;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sent and kept text messages in {@code message_outbox}.
 */
@Repository
public class MessageOutboxRepository {

	private final JdbcClient jdbc;

	MessageOutboxRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps a message.
	 * @param at when
	 * @param phone to whom
	 * @param purpose why
	 * @param body the text
	 * @param channel how it went out
	 * @param sent whether a gateway sent it (then at {@code at})
	 */
	public void insert(Instant at, String phone, String purpose, String body, String channel, boolean sent) {
		this.jdbc.sql("""
				INSERT INTO message_outbox (created_at, recipient, purpose, body, sent_at, channel)
				VALUES (:at, :r, :p, :b, :sent, :c)
				""")
			.param("at", Timestamp.from(at))
			.param("r", phone)
			.param("p", purpose)
			.param("b", body)
			.param("sent", sent ? Timestamp.from(at) : null)
			.param("c", channel)
			.update();
	}

	/**
	 * The newest messages.
	 * @param phone only to this phone; blank for all
	 * @param zone the zone of the messages' local times
	 * @return at most 100, newest first
	 */
	public List<Message> newest(String phone, ZoneId zone) {
		return this.jdbc.sql("""
				SELECT id, created_at, recipient, purpose, body, channel FROM message_outbox
				WHERE (:r = '' OR recipient = :r) ORDER BY created_at DESC, id DESC LIMIT 100
				""")
			.param("r", phone)
			.query((rs, i) -> new Message(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getString(6),
					rs.getTimestamp(2).toInstant().atZone(zone).toLocalDateTime()))
			.list();
	}

}
