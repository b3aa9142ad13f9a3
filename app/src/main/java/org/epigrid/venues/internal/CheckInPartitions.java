package org.epigrid.venues.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The day partitions of {@code check_in}: one table per day of the platform's zone, made
 * ahead of need, and dropped whole once older than the retention (default 28 days) — a
 * check-in is personal data kept only as long as tracing needs it.
 */
@Component
public class CheckInPartitions {

	private static final Logger log = LoggerFactory.getLogger(CheckInPartitions.class);

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration retention;

	private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

	CheckInPartitions(JdbcClient jdbc, Clock clock,
			@Value("${epigrid.codes.check-in-retention:P28D}") Duration retention) {
		if (retention.toDays() < 1) {
			throw new IllegalStateException("epigrid.codes.check-in-retention must be at least one day");
		}
		this.jdbc = jdbc;
		this.clock = clock;
		this.retention = retention;
	}

	/**
	 * @return how long check-ins are kept
	 */
	public Duration retention() {
		return this.retention;
	}

	/**
	 * The zone whose days the partitions follow.
	 * @return the platform's zone
	 */
	public ZoneId zone() {
		return this.clock.getZone();
	}

	/**
	 * Makes sure the partition of every given instant's day exists.
	 * @param instants times about to be written
	 */
	public void ensure(Iterable<Instant> instants) {
		for (Instant instant : instants) {
			LocalDate day = LocalDate.ofInstant(instant, zone());
			if (!this.known.contains(day)) {
				create(day);
			}
		}
	}

	/**
	 * The day's maintenance (and at start): partitions for today and the next two days,
	 * and the partitions past the retention dropped.
	 */
	@Scheduled(initialDelay = 0, fixedDelayString = "${epigrid.codes.check-in-maintenance:PT1H}")
	public void maintain() {
		LocalDate today = LocalDate.now(this.clock);
		for (int d = 0; d <= 2; d++) {
			create(today.plusDays(d));
		}
		dropBefore(firstKeptDay(this.clock.instant()));
	}

	/**
	 * The first day whose check-ins are still kept at a time.
	 * @param now the time
	 * @return the day
	 */
	public LocalDate firstKeptDay(Instant now) {
		return LocalDate.ofInstant(now.minus(this.retention), zone()).plusDays(1);
	}

	/**
	 * Drops the partitions of the days before a day.
	 * @param firstKept the first day kept
	 * @return the partitions dropped
	 */
	public List<String> dropBefore(LocalDate firstKept) {
		List<String> old = this.jdbc.sql("""
				SELECT c.relname FROM pg_inherits i
				JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
				WHERE p.relname = 'check_in' AND c.relname < :name ORDER BY c.relname
				""").param("name", name(firstKept)).query(String.class).list();
		for (String table : old) {
			if (!table.matches("check_in_\\d{8}")) {
				continue;
			}
			this.jdbc.sql("DROP TABLE IF EXISTS " + table).update();
			this.known.remove(LocalDate.parse(table.substring("check_in_".length()), NAME));
			log.info("Dropped check-in partition {} (retention {})", table, this.retention);
		}
		return old;
	}

	private synchronized void create(LocalDate day) {
		if (this.known.contains(day)) {
			return;
		}
		Instant from = day.atStartOfDay(zone()).toInstant();
		Instant to = day.plusDays(1).atStartOfDay(zone()).toInstant();
		this.jdbc
			.sql("CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF check_in FOR VALUES FROM ('" + from
					+ "') TO ('" + to + "')")
			.update();
		this.known.add(day);
	}

	private static String name(LocalDate day) {
		return "check_in_" + NAME.format(day);
	}

}
