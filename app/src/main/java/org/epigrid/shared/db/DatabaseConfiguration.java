package org.epigrid.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The system of record: an external PostgreSQL server when {@code epigrid.db.url} (env
 * {@code EPIGRID_DB_URL}) is set, otherwise an embedded PostgreSQL 17 whose data
 * directory lives under {@code ${epigrid.home}/postgres} and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	/**
	 * This process's claim on the data folder, taken before the database is touched: a
	 * second platform or a restore ({@code ./epigrid restore}) on the same folder is
	 * refused while this one runs.
	 */
	@Bean(destroyMethod = "close")
	DataFolderLock dataFolderLock(DatabaseProperties properties) {
		return DataFolderLock.acquire(properties.home());
	}

	@Bean
	DatabaseServer databaseServer(DatabaseProperties properties, DataFolderLock dataFolderLock) {
		if (StringUtils.hasText(properties.url())) {
			log.info("Using external PostgreSQL at {}", properties.url());
			return new DatabaseServer(null, properties.url(), properties.user(), properties.password());
		}
		Path dataDir = properties.home().resolve("postgres").toAbsolutePath();
		try {
			Files.createDirectories(dataDir);
			boolean existing = Files.exists(dataDir.resolve("PG_VERSION"));
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				// Spring stops the server after the pool and the outbox registry are
				// closed
				.setRegisterShutdownHook(false)
				.setLocaleConfig("encoding", "UTF8")
				.setLocaleConfig("locale", "C.UTF-8")
				.setPort(properties.embeddedPort())
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("max_connections", "100")
				.setServerConfig("shared_buffers", properties.embeddedSharedBuffers())
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("timezone", "UTC")
				.start();
			log.info("{} embedded PostgreSQL in {} on 127.0.0.1:{}", existing ? "Reopened" : "Created", dataDir,
					postgres.getPort());
			String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
			return new DatabaseServer(postgres, url, "postgres", "postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDir, ex);
		}
	}

	@Bean
	HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.url());
		config.setUsername(server.user());
		config.setPassword(server.password());
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("epigrid");
		// names the platform's sessions in pg_stat_activity; a restore refuses to run
		// while
		// sessions of others are connected
		config.addDataSourceProperty("ApplicationName", properties.applicationName());
		// Queries take lists of thousands of ids (= ANY(?)) whose size only the actual
		// parameters tell: a plan cached for "some array" once turned a 150 ms look-up of
		// 13,879 persons into 3–13 s. Planning each execution costs about a millisecond.
		config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
		return new HikariDataSource(config);
	}

	/**
	 * The running database; stops the embedded server (if any) when the context closes,
	 * after the pool (which depends on it) has been closed.
	 */
	record DatabaseServer(EmbeddedPostgres embedded, String url, String user,
			String password) implements DisposableBean {

		@Override
		public void destroy() throws IOException {
			if (this.embedded != null) {
				this.embedded.close();
			}
		}

	}

}
