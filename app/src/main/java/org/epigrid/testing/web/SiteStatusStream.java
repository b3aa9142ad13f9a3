package org.epigrid.testing.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.epigrid.security.Caller;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SiteStatusReported;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The command's live site list: every open page subscribes with its caller and receives
 * each site report it may see ({@code event: site}, the site as JSON) once the report is
 * committed; a comment every 20 seconds keeps proxies from closing the stream, and a
 * stream that cannot be written to is dropped.
 */
@Component
class SiteStatusStream {

	private static final Logger log = LoggerFactory.getLogger(SiteStatusStream.class);

	/** A page reconnects by itself (EventSource) after this. */
	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	/**
	 * Subscribes a page.
	 * @param caller whose page it is
	 * @param sites the sites alone it may see (site staff), {@code null} for the caller's
	 * jurisdiction
	 * @return the stream to answer with
	 */
	SseEmitter subscribe(Caller caller, Set<Long> sites) {
		SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
		Subscriber subscriber = new Subscriber(caller, sites, emitter);
		this.subscribers.add(subscriber);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((ex) -> this.subscribers.remove(subscriber));
		try {
			// the page learns at once that it is connected
			emitter.send(SseEmitter.event().name("hello").data("{}", MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			this.subscribers.remove(subscriber);
		}
		return emitter;
	}

	/**
	 * Sends a report to the pages that may see the site, after the reporter's transaction
	 * commits (never a report that was rolled back).
	 * @param event the report
	 */
	@EventListener
	void on(SiteStatusReported event) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					broadcast(event);
				}
			});
		}
		else {
			broadcast(event);
		}
	}

	/** A comment line keeps each stream open and finds the dead ones. */
	@Scheduled(fixedDelay = 20_000, initialDelay = 20_000)
	void heartbeat() {
		for (Subscriber subscriber : this.subscribers) {
			send(subscriber, SseEmitter.event().comment("heartbeat"));
		}
	}

	/**
	 * How many pages are subscribed.
	 * @return the count
	 */
	int subscribers() {
		return this.subscribers.size();
	}

	void broadcast(SiteStatusReported event) {
		SamplingSite site = event.site();
		for (Subscriber subscriber : this.subscribers) {
			if (subscriber.sees(site.id(), event.path())) {
				send(subscriber,
						SseEmitter.event()
							.name("site")
							.id(site.id() + "-" + ((site.statusAt() == null) ? 0 : site.statusAt().toEpochMilli()))
							.data(new SiteRow(site), MediaType.APPLICATION_JSON));
			}
		}
	}

	private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
		try {
			subscriber.emitter().send(event);
		}
		catch (IOException | IllegalStateException ex) {
			// the page went away: drop it
			log.debug("dropping a site stream of {}: {}", subscriber.caller().username(), ex.toString());
			this.subscribers.remove(subscriber);
			subscriber.emitter().completeWithError(ex);
		}
	}

	/**
	 * An open page.
	 *
	 * @param caller its user
	 * @param sites the sites alone it may see, {@code null} for the jurisdiction
	 * @param emitter its stream
	 */
	record Subscriber(Caller caller, Set<Long> sites, SseEmitter emitter) {

		boolean sees(long siteId, String path) {
			return this.caller.jurisdiction().contains(path) && (this.sites == null || this.sites.contains(siteId));
		}

	}

	/**
	 * A site as the page's row and marker show it.
	 *
	 * @param id id
	 * @param code code
	 * @param name name
	 * @param lon longitude
	 * @param lat latitude
	 * @param status status
	 * @param queueLength persons waiting
	 * @param waitMinutes estimated wait
	 * @param capacityPerHour samples an hour
	 * @param statusAt when reported (ISO-8601)
	 * @param crowded BUSY or queue over capacity
	 */
	record SiteRow(long id, String code, String name, Double lon, Double lat, String status, int queueLength,
			Integer waitMinutes, int capacityPerHour, String statusAt, boolean crowded) {

		SiteRow(SamplingSite s) {
			this(s.id(), s.code(), s.name(), s.lon(), s.lat(), s.status().name(), s.queueLength(), s.waitMinutes(),
					s.capacityPerHour(), (s.statusAt() == null) ? null : s.statusAt().toString(), s.crowded());
		}

	}

}
