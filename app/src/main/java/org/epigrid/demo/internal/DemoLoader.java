package org.epigrid.demo.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.epigrid.demo.DemoLoaded;
import org.epigrid.demo.DemoTownCounts;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.demo.DemoTownWriter;
import org.epigrid.demo.DemoVenue;
import org.epigrid.venues.CrowdClass;
import org.epigrid.venues.VenueManagement;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Loads the demo town on start-up when {@code epigrid.demo.enabled} asks for it and the
 * database holds no population yet: in one transaction, with {@code COPY}, followed by
 * the {@code demo_load} row and a {@link DemoLoaded} event. The {@code demo_load} row and
 * an advisory lock make it happen once per database, however often and on however many
 * instances the application starts.
 */
@Component
@EnableConfigurationProperties(DemoProperties.class)
class DemoLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

	/** Advisory lock key held while deciding whether to load ("DEMO" in ASCII). */
	private static final long LOCK = 0x44454D4FL;

	private final DataSource dataSource;

	private final DemoLoadRepository loads;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final DemoProperties properties;

	private final Environment environment;

	private final VenueManagement venues;

	DemoLoader(DataSource dataSource, DemoLoadRepository loads, PlatformTransactionManager transactionManager,
			ApplicationEventPublisher events, Clock clock, DemoProperties properties, Environment environment,
			VenueManagement venues) {
		this.dataSource = dataSource;
		this.loads = loads;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.clock = clock;
		this.properties = properties;
		this.environment = environment;
		this.venues = venues;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (wanted()) {
			load();
		}
	}

	boolean wanted() {
		return switch (this.properties.enabled()) {
			case TRUE -> true;
			case FALSE -> false;
			case AUTO -> !StringUtils.hasText(this.environment.getProperty("epigrid.db.url"));
		};
	}

	/**
	 * Loads the demo town unless the database already has one or holds other population
	 * data.
	 * @return the rows loaded, {@code null} if nothing was loaded
	 */
	DemoTownCounts load() {
		DemoTownParameters parameters = this.properties.parameters(LocalDate.now(this.clock));
		long start = System.nanoTime();
		DemoTownCounts counts = this.transactions.execute((status) -> loadInTransaction(parameters, start));
		if (counts == null) {
			return null;
		}
		this.loads.analyze();
		log.info(
				"Loaded the demo town (seed {}): {} divisions, {} grids, {} micro-grids, {} buildings, "
						+ "{} households, {} persons, {} venues, {} sampling-site candidates in {} ms",
				parameters.seed(), counts.divisions(), counts.grids(), counts.microGrids(), counts.buildings(),
				counts.households(), counts.persons(), counts.venues(), counts.samplingSiteCandidates(),
				millisSince(start));
		return counts;
	}

	/** The town's venues, registered by the venues module (in the load's transaction). */
	private void registerVenues(List<DemoVenue> venues) {
		this.venues.registerAll(venues.stream()
			.map(v -> new VenueManagement.KnownVenue(v.id(), v.gridId(), v.name(), v.venueType(), v.address(), v.lon(),
					v.lat(), v.capacity(), CrowdClass.valueOf(v.crowdClass())))
			.toList());
	}

	private DemoTownCounts loadInTransaction(DemoTownParameters parameters, long start) {
		this.loads.lock(LOCK);
		if (this.loads.loadedBefore()) {
			log.debug("The demo town was loaded before");
			return null;
		}
		if (this.loads.populationPresent()) {
			log.info("Not loading the demo town: the database already holds divisions or persons");
			return null;
		}
		log.info("Loading the demo town: {} township(s), {} grids, about {} persons", parameters.townships(),
				parameters.grids(), parameters.expectedPersons());
		DemoTownCounts counts;
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			counts = DemoTownWriter.copyInto(connection, parameters, this::registerVenues);
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException("Loading the demo town", null, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
		this.loads.insert(parameters.seed(), this.clock.instant(), counts.grids(), counts.households(),
				counts.persons(), millisSince(start));
		this.events.publishEvent(new DemoLoaded(counts.grids(), counts.households(), counts.persons()));
		return counts;
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
