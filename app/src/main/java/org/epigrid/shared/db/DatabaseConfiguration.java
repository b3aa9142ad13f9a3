package org.epigrid.shared.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * directory lives under {@code ${epigrid.home}/postgres} and survives restarts and
 * crashes; the platform connects to it as a role that owns its database but is not a
 * superuser, with a password kept in the data folder (see {@link EmbeddedDatabase}).
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
		EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.home(), properties.embeddedPort(),
				properties.embeddedSharedBuffers());
		return new DatabaseServer(embedded, embedded.url(), embedded.user(), embedded.password());
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
	record DatabaseServer(EmbeddedDatabase embedded, String url, String user,
			String password) implements DisposableBean {

		@Override
		public void destroy() {
			if (this.embedded != null) {
				this.embedded.close();
			}
		}

	}

}
