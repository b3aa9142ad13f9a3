package org.epigrid.security;

/**
 * Sends text messages (one-time login codes, notices) to phones. The default
 * implementation only writes them to the outbox ({@link MessageOutbox}), where an
 * administrator can read them; a deployment with an SMS gateway provides its own bean.
 */
public interface MessageSender {

	/**
	 * Sends a message.
	 * @param phone a normalised mobile number
	 * @param purpose why, e.g. {@code LOGIN_CODE}
	 * @param body the text
	 */
	void send(String phone, String purpose, String body);

}
