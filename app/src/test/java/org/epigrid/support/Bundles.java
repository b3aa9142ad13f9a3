package org.epigrid.support;

import java.nio.charset.StandardCharsets;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The platform's message bundles outside a Spring context, as the application reads them
 * (UTF-8, Chinese as the default bundle, no fallback to the machine's language): for
 * plain tests of classes that take their words from the bundles.
 */
public final class Bundles {

	private Bundles() {
	}

	/**
	 * @return a message source over {@code messages*.properties}
	 */
	public static MessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

}
