package org.epigrid.shared.db;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data lives ({@code epigrid.db.*}); the backup module reads the
 * {@code applicationName} to tell the platform's own sessions from others.
 *
 * @param home the data folder ({@code EPIGRID_HOME}); the embedded database is kept in
 * its {@code postgres} sub-folder
 * @param url JDBC URL of an external PostgreSQL server ({@code EPIGRID_DB_URL}); when
 * blank, the embedded server is used
 * @param user user name for the external server
 * @param password password for the external server
 * @param embeddedPort port of the embedded server on 127.0.0.1, {@code 0} for any free
 * port
 * @param embeddedSharedBuffers {@code shared_buffers} of the embedded server: its memory
 * for caching tables and indexes, e.g. {@code 2GB}; {@code auto} (the default) gives it a
 * quarter of the machine's memory, from 128 MB to 8 GB, as PostgreSQL's own advice for a
 * server of its own (a city's round touches gigabytes of rows: run back to back on the
 * benchmark's machine, its results reached the codes in 57.9 s with 6 GB against 63.1 s
 * with 1 GB, and sampling scans ran at 5,928/s against 4,791/s)
 * @param poolSize maximum JDBC connections
 * @param applicationName the {@code application_name} of the platform's database sessions
 * @param keepCompletedEvents how long the outbox keeps an event after every listener has
 * handled it (for looking into what happened), then deletes it
 * ({@code keep-completed-events}, at least an hour)
 */
@ConfigurationProperties("epigrid.db")
public record DatabaseProperties(@DefaultValue("./data") Path home, String url, String user, String password,
		@DefaultValue("0") int embeddedPort, @DefaultValue("auto") String embeddedSharedBuffers,
		@DefaultValue("16") int poolSize, @DefaultValue("epigrid") String applicationName,
		@DefaultValue("P7D") Duration keepCompletedEvents) {

	/**
	 * Checks the settings.
	 * @param home as given
	 * @param url as given
	 * @param user as given
	 * @param password as given
	 * @param embeddedPort as given
	 * @param embeddedSharedBuffers as given
	 * @param poolSize as given
	 * @param applicationName as given
	 * @param keepCompletedEvents at least an hour
	 */
	public DatabaseProperties {
		if (keepCompletedEvents.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalStateException("epigrid.db.keep-completed-events must be at least an hour");
		}
	}
}
