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

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The day partitions of the presence facts, {@code check_in} and {@code checkpoint_pass}:
 * one table per day of the platform's zone, made ahead of need, and dropped whole once
 * older than the retention (default 28 days) — a check-in or a pass is personal data kept
 * only as long as tracing needs it.
 */
@Component
public class PresencePartitionWriter implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(PresencePartitionWriter.class);

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration retention;

	private final Duration maintenance;

	private final Days checkIns = new Days("check_in", "Dropped check-in partition {} (retention {})");

	private final Days passes = new Days("checkpoint_pass", "Dropped checkpoint-pass partition {} (retention {})");

	PresencePartitionWriter(JdbcClient jdbc, Clock clock, VenuesProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.retention = properties.checkInRetention();
		this.maintenance = properties.checkInMaintenance();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		// the day's maintenance, and at start (the interval is a setting: see
		// VenuesProperties)
		tasks.addFixedDelayTask(new FixedDelayTask(this::maintain, this.maintenance, Duration.ZERO));
	}

	/**
	 * @return how long check-ins and passes are kept
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
	 * Makes sure the check-in partition of every given instant's day exists.
	 * @param instants times about to be written
	 */
	public void ensure(Iterable<Instant> instants) {
		this.checkIns.ensure(instants);
	}

	/**
	 * Makes sure the checkpoint-pass partition of every given instant's day exists.
	 * @param instants times about to be written
	 */
	public void ensurePasses(Iterable<Instant> instants) {
		this.passes.ensure(instants);
	}

	/**
	 * The day's maintenance (and at start): partitions for today and the next two days,
	 * and the partitions past the retention dropped.
	 */
	public void maintain() {
		LocalDate today = LocalDate.now(this.clock);
		for (int d = 0; d <= 2; d++) {
			this.checkIns.create(today.plusDays(d));
			this.passes.create(today.plusDays(d));
		}
		LocalDate firstKept = firstKeptDay(this.clock.instant());
		this.checkIns.dropBefore(firstKept);
		this.passes.dropBefore(firstKept);
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
	 * Drops the check-in partitions of the days before a day.
	 * @param firstKept the first day kept
	 * @return the partitions dropped
	 */
	public List<String> dropBefore(LocalDate firstKept) {
		return this.checkIns.dropBefore(firstKept);
	}

	/**
	 * Drops the checkpoint-pass partitions of the days before a day.
	 * @param firstKept the first day kept
	 * @return the partitions dropped
	 */
	public List<String> dropPassesBefore(LocalDate firstKept) {
		return this.passes.dropBefore(firstKept);
	}

	/** The day partitions of one table. */
	private final class Days {

		private final String table;

		private final String dropped;

		private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

		Days(String table, String dropped) {
			this.table = table;
			this.dropped = dropped;
		}

		void ensure(Iterable<Instant> instants) {
			for (Instant instant : instants) {
				LocalDate day = LocalDate.ofInstant(instant, zone());
				if (!this.known.contains(day)) {
					create(day);
				}
			}
		}

		List<String> dropBefore(LocalDate firstKept) {
			List<String> old = PresencePartitionWriter.this.jdbc.sql("""
					SELECT c.relname FROM pg_inherits i
					JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
					WHERE p.relname = :table AND c.relname < :name ORDER BY c.relname
					""").param("table", this.table).param("name", name(firstKept)).query(String.class).list();
			for (String partition : old) {
				if (!partition.matches(this.table + "_\\d{8}")) {
					continue;
				}
				PresencePartitionWriter.this.jdbc.sql("DROP TABLE IF EXISTS " + partition).update();
				this.known.remove(LocalDate.parse(partition.substring(this.table.length() + 1), NAME));
				log.info(this.dropped, partition, PresencePartitionWriter.this.retention);
			}
			return old;
		}

		synchronized void create(LocalDate day) {
			if (this.known.contains(day)) {
				return;
			}
			Instant from = day.atStartOfDay(zone()).toInstant();
			Instant to = day.plusDays(1).atStartOfDay(zone()).toInstant();
			PresencePartitionWriter.this.jdbc
				.sql("CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF " + this.table + " FOR VALUES FROM ('"
						+ from + "') TO ('" + to + "')")
				.update();
			this.known.add(day);
		}

		private String name(LocalDate day) {
			return this.table + "_" + NAME.format(day);
		}

	}

}
