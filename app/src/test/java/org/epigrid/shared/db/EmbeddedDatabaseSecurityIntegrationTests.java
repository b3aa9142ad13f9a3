package org.epigrid.shared.db;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The embedded database of a new data folder lets nobody in without a password, the
 * platform itself connects as a role that is not a superuser, and a commit is on disk
 * when it is answered.
 */
@IntegrationTest
class EmbeddedDatabaseSecurityIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Value("${epigrid.home}")
	Path home;

	@Test
	void trustsNobodyOnTheMachineAndThePlatformIsNoSuperuser() throws Exception {
		Path hba = this.home.resolve("postgres").resolve("pg_hba.conf");
		assertThat(Files.readAllLines(hba)).noneMatch(EmbeddedDatabaseSecurityIntegrationTests::trusts)
			.anyMatch(line -> line.matches("host\\s+all\\s+all\\s+127\\.0\\.0\\.1/32\\s+scram-sha-256"));

		int port = Integer.parseInt(this.jdbc.sql("SELECT current_setting('port')").query(String.class).single());
		for (String user : new String[] { "postgres", "epigrid" }) {
			assertThatExceptionOfType(SQLException.class).as(user + " without a password")
				.isThrownBy(() -> connect(port, user, null).close())
				.satisfies(ex -> assertThat(ex.getSQLState()).isIn("08004", "28P01"));
			assertThatExceptionOfType(SQLException.class).as(user + " with a wrong password")
				.isThrownBy(() -> connect(port, user, "postgres").close())
				.satisfies(ex -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		}

		Path file = this.home.resolve("postgres-passwords.properties");
		assertThat(Files.getPosixFilePermissions(file))
			.isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
		Properties passwords = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			passwords.load(in);
		}
		// the superuser's password from the file opens the server (for maintenance)
		try (Connection superuser = connect(port, "postgres", passwords.getProperty("postgres"))) {
			JdbcClient admin = JdbcClient.create(new SingleConnectionDataSource(superuser, true));
			assertThat(admin.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
				.query(Boolean.class)
				.single()).isTrue();
		}

		assertThat(this.jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("epigrid");
		assertThat(this.jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
			.query(Boolean.class)
			.single()).isFalse();
		assertThat(this.jdbc
			.sql("SELECT rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls "
					+ "FROM pg_roles WHERE rolname = current_user")
			.query(Boolean.class)
			.single()).isFalse();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
				  AND pg_get_userbyid(c.relowner) <> 'epigrid'
				""").query(Long.class).single()).isZero();
	}

	@Test
	void aCommitIsOnDiskOnceAnswered() {
		// nothing accepted may be lost if the server or the machine goes down right after
		for (String setting : List.of("synchronous_commit", "fsync", "full_page_writes")) {
			assertThat(this.jdbc.sql("SELECT current_setting(:s)").param("s", setting).query(String.class).single())
				.as(setting)
				.isEqualTo("on");
		}
	}

	static boolean trusts(String hbaLine) {
		String line = hbaLine.replaceFirst("#.*", "").strip();
		return !line.isEmpty() && List.of(line.split("\\s+")).contains("trust");
	}

	static Connection connect(int port, String user, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
	}

}
