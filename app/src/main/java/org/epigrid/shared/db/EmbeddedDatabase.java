package org.epigrid.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 of a data folder ({@code ${epigrid.home}/postgres}),
 * reachable on 127.0.0.1 only and only with a password.
 * <ul>
 * <li><b>Roles.</b> The platform connects as {@value #APPLICATION_ROLE}, which owns the
 * database {@value #DATABASE} and everything in it and is not a superuser; the superuser
 * {@value #SUPERUSER} is for maintenance. Both passwords are generated at the first start
 * into {@code ${epigrid.home}/postgres-passwords.properties} (owner-only); every
 * connection authenticates with {@code scram-sha-256} ({@code pg_hba.conf} is written at
 * every start and trusts nobody).</li>
 * <li><b>Folders of earlier versions</b> (every local user trusted, data in the database
 * {@code postgres} owned by the superuser) are upgraded in place at their next start:
 * passwords set, the database renamed to {@value #DATABASE} and handed to the application
 * role, {@code pg_hba.conf} replaced. This one start still trusts local connections until
 * the upgrade is done, as those versions always did.</li>
 * <li><b>Crashes.</b> One platform per data folder (a file lock). A server that an
 * earlier, crashed run left running on the folder is stopped before ours starts, a
 * {@code postmaster.pid} naming another program's process is removed (see
 * {@link PostmasterPidFile}), and a watchdog stops the server when the platform's process
 * ends without closing it (see {@link PostmasterWatchdog}).</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	/** The superuser, for maintenance only. */
	public static final String SUPERUSER = "postgres";

	/** The role the platform connects as: owns {@link #DATABASE}, not a superuser. */
	public static final String APPLICATION_ROLE = "epigrid";

	/** The platform's database. */
	public static final String DATABASE = "epigrid";

	/** How long a server left running by a crashed run may take to stop. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/** Written at every start: every connection, local or over TCP, needs a password. */
	static final String HBA = """
			# Written by EpiGrid at every start of its embedded PostgreSQL; edits here are overwritten.
			# Every connection needs a password (scram-sha-256): see ../%s
			# TYPE  DATABASE     USER  ADDRESS       METHOD
			local   all          all                 scram-sha-256
			host    all          all   127.0.0.1/32  scram-sha-256
			host    all          all   ::1/128       scram-sha-256
			local   replication  all                 scram-sha-256
			host    replication  all   127.0.0.1/32  scram-sha-256
			host    replication  all   ::1/128       scram-sha-256
			""".formatted(DatabaseCredentials.FILE_NAME);

	/** Hands every object of the database's own schemas to the application role. */
	private static final String OWN_EVERYTHING = """
			DO $$
			DECLARE
				r record;
			BEGIN
				FOR r IN SELECT n.nspname FROM pg_namespace n
				         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
				           AND pg_get_userbyid(n.nspowner) NOT IN ('{role}', 'pg_database_owner')
				LOOP
					EXECUTE format('ALTER SCHEMA %I OWNER TO {role}', r.nspname);
				END LOOP;
				-- tables, views, stand-alone sequences (those of columns follow their table)
				FOR r IN SELECT c.relkind, n.nspname, c.relname
				         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
				           AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
				           AND c.relowner <> '{role}'::regrole
				           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
				                           AND d.objid = c.oid
				                           AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
				LOOP
					EXECUTE format('ALTER %s %I.%I OWNER TO {role}',
					               CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
					                              WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE'
					                              WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
					               r.nspname, r.relname);
				END LOOP;
				FOR r IN SELECT p.oid::regprocedure AS routine
				         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
				         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
				           AND p.proowner <> '{role}'::regrole
				           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
				                           AND d.objid = p.oid AND d.deptype = 'e')
				LOOP
					EXECUTE format('ALTER ROUTINE %s OWNER TO {role}', r.routine);
				END LOOP;
				FOR r IN SELECT t.oid::regtype AS type, t.typtype
				         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
				         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
				           AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> '{role}'::regrole
				           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
				                           AND d.objid = t.oid AND d.deptype = 'e')
				LOOP
					EXECUTE format('ALTER %s %s OWNER TO {role}',
					               CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.type);
				END LOOP;
			END
			$$
			""".replace("{role}", APPLICATION_ROLE);

	private final Path dataDirectory;

	private final FileChannel lockFile;

	private final EmbeddedPostgres postgres;

	private final DatabaseCredentials credentials;

	private final PostmasterWatchdog watchdog;

	private EmbeddedDatabase(Path dataDirectory, FileChannel lockFile, EmbeddedPostgres postgres,
			DatabaseCredentials credentials, PostmasterWatchdog watchdog) {
		this.dataDirectory = dataDirectory;
		this.lockFile = lockFile;
		this.postgres = postgres;
		this.credentials = credentials;
		this.watchdog = watchdog;
	}

	/**
	 * Starts the embedded server of a data folder: creates it on the first start,
	 * upgrades a folder of an earlier version, recovers from a crash of the last run.
	 * @param home the data folder ({@code epigrid.home})
	 * @param port the port on 127.0.0.1, {@code 0} for any free one
	 * @param sharedBuffers the server's {@code shared_buffers}, e.g. {@code 256MB}, or
	 * {@code auto} ({@link #sharedBuffers(String, long)})
	 * @return the running server; close it to stop it
	 * @throws IllegalStateException if another platform runs on the folder, or the
	 * folder's passwords are missing
	 * @throws UncheckedIOException if the server cannot start
	 */
	public static EmbeddedDatabase start(Path home, int port, String sharedBuffers) {
		Path folder = home.toAbsolutePath().normalize();
		Path dataDirectory = folder.resolve("postgres");
		FileChannel lockFile = lock(folder);
		try {
			return start(folder, dataDirectory, lockFile, port, sharedBuffers(sharedBuffers, machineMemory()));
		}
		catch (RuntimeException ex) {
			closeQuietly(lockFile);
			throw ex;
		}
	}

	/**
	 * The server's {@code shared_buffers}: as set, or for {@code auto} a quarter of the
	 * machine's memory (PostgreSQL's advice for a server of its own), at least 128 MB and
	 * at most 8 GB, in whole megabytes.
	 * @param setting the setting ({@code epigrid.db.embedded-shared-buffers})
	 * @param machineMemory the machine's (or container's) memory in bytes, 0 if unknown
	 * @return the value for the server
	 */
	public static String sharedBuffers(String setting, long machineMemory) {
		if (setting == null || !setting.strip().equalsIgnoreCase("auto")) {
			return setting;
		}
		long megabytes = machineMemory / 4 / (1024 * 1024);
		return Math.clamp(megabytes, 128, 8 * 1024) + "MB";
	}

	/**
	 * @return the memory of the machine (or the container's limit) in bytes, 0 if unknown
	 */
	public static long machineMemory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getTotalMemorySize();
		}
		return 0;
	}

	private static EmbeddedDatabase start(Path home, Path dataDirectory, FileChannel lockFile, int port,
			String sharedBuffers) {
		boolean created = !Files.exists(dataDirectory.resolve("PG_VERSION"));
		boolean trusting = !created && trustsSomeone(dataDirectory.resolve("pg_hba.conf"));
		DatabaseCredentials credentials = DatabaseCredentials.read(home);
		if (credentials == null) {
			if (!created && !trusting) {
				throw new IllegalStateException(
						"The passwords of the embedded database in " + dataDirectory + " are missing: restore "
								+ home.resolve(DatabaseCredentials.FILE_NAME) + " from a copy of the data folder");
			}
			credentials = DatabaseCredentials.generate(home);
		}
		if (!created) {
			PostmasterPidFile.clearLeftovers(dataDirectory, STOP_TIMEOUT);
		}
		Path initdbPassword = home.resolve(".postgres-initdb-password");
		EmbeddedPostgres postgres;
		try {
			Files.createDirectories(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				// Spring stops the server after the pool and the outbox registry are
				// closed
				.setRegisterShutdownHook(false)
				.setLocaleConfig("encoding", "UTF8")
				.setLocaleConfig("locale", "C.UTF-8")
				.setPort(port)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("max_connections", "100")
				.setServerConfig("shared_buffers", sharedBuffers)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("timezone", "UTC")
				.setServerConfig("password_encryption", "scram-sha-256")
				// the library starts the server for throw-away test databases: fsync
				// off ("-F", which a later "-c" overrides) and commits that do not wait
				// for the WAL. An answered commit (a sample scanned, a lab's results
				// accepted) could then be lost if the server or the machine went down,
				// and a power cut could corrupt the data folder: work waits for the disk
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				// the library's readiness check logs in as the superuser
				.setConnectConfig("password", credentials.superuser());
			if (created) {
				// the library runs initdb with "-A trust"; options given later win:
				// the superuser gets its password at once and nobody is ever trusted
				DatabaseCredentials.writeOwnerOnly(initdbPassword, credentials.superuser() + "\n");
				builder.setLocaleConfig("pwfile", initdbPassword.toString())
					.setLocaleConfig("auth-local", "scram-sha-256")
					.setLocaleConfig("auth-host", "scram-sha-256");
			}
			if (!trusting) {
				builder.setDataDirectoryCustomizer(directory -> writeHba(directory.toPath()));
			}
			postgres = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDirectory, ex);
		}
		finally {
			deleteQuietly(initdbPassword);
		}
		// from now on the server ends with this process, also while it is prepared
		PostmasterWatchdog watchdog = PostmasterPidFile.read(dataDirectory)
			.map(pidFile -> PostmasterWatchdog.start(dataDirectory, pidFile.pid()))
			.orElse(null);
		try {
			int serverPort = postgres.getPort();
			prepare(serverPort, credentials, trusting);
			if (trusting) {
				writeHba(dataDirectory);
				try (Connection c = connect(serverPort, SUPERUSER, credentials.superuser(), DATABASE);
						Statement s = c.createStatement()) {
					s.execute("SELECT pg_reload_conf()");
				}
				log.warn(
						"Upgraded the embedded PostgreSQL in {}: it trusts nobody now; the platform connects as {}, "
								+ "the passwords are in {}",
						dataDirectory, APPLICATION_ROLE, home.resolve(DatabaseCredentials.FILE_NAME));
			}
			log.info("{} embedded PostgreSQL in {} on 127.0.0.1:{}", created ? "Created" : "Reopened", dataDirectory,
					serverPort);
			return new EmbeddedDatabase(dataDirectory, lockFile, postgres, credentials, watchdog);
		}
		catch (SQLException | RuntimeException ex) {
			closeQuietly(postgres);
			closeQuietly(watchdog);
			throw new IllegalStateException("Cannot prepare the embedded PostgreSQL in " + dataDirectory, ex);
		}
	}

	/**
	 * Makes sure the application role and its database exist as they should; moves the
	 * data of an earlier version (database {@code postgres}) into {@link #DATABASE}.
	 * Every step can run again, so that a crash halfway through an upgrade is harmless.
	 */
	private static void prepare(int port, DatabaseCredentials credentials, boolean trusting) throws SQLException {
		boolean databaseExists;
		try (Connection c = connect(port, SUPERUSER, credentials.superuser(), "template1");
				Statement s = c.createStatement()) {
			if (trusting) {
				c.unwrap(PGConnection.class)
					.alterUserPassword(SUPERUSER, credentials.superuser().toCharArray(), "scram-sha-256");
			}
			if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", APPLICATION_ROLE)) {
				s.execute("CREATE ROLE " + APPLICATION_ROLE);
			}
			// the password in the folder's file is the truth
			s.execute("ALTER ROLE " + APPLICATION_ROLE
					+ " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
			c.unwrap(PGConnection.class)
				.alterUserPassword(APPLICATION_ROLE, credentials.application().toCharArray(), "scram-sha-256");
			databaseExists = exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE);
			if (!databaseExists) {
				if (holdsData(port, credentials)) {
					moveEarlierData(c);
				}
				else {
					s.execute("CREATE DATABASE " + DATABASE + " OWNER " + APPLICATION_ROLE);
				}
			}
			s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + APPLICATION_ROLE);
			s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
		}
		try (Connection c = connect(port, SUPERUSER, credentials.superuser(), DATABASE);
				Statement s = c.createStatement()) {
			s.execute(OWN_EVERYTHING);
		}
	}

	/**
	 * Renames the database {@code postgres} of an earlier version to {@link #DATABASE}
	 * and puts an empty {@code postgres} (the default that tools connect to) in its
	 * place; both renames in one transaction, so that there is always a {@code postgres}.
	 */
	private static void moveEarlierData(Connection template1) throws SQLException {
		String spare = "postgres_epigrid_upgrade";
		try (Statement s = template1.createStatement()) {
			if (!exists(template1, "SELECT 1 FROM pg_database WHERE datname = ?", spare)) {
				s.execute("CREATE DATABASE " + spare);
			}
			template1.setAutoCommit(false);
			s.execute("ALTER DATABASE postgres RENAME TO " + DATABASE);
			s.execute("ALTER DATABASE " + spare + " RENAME TO postgres");
			template1.commit();
			template1.setAutoCommit(true);
		}
		log.warn("Moved the data of an earlier version from database postgres to {}", DATABASE);
	}

	/** Whether the database {@code postgres} holds tables (of an earlier version). */
	private static boolean holdsData(int port, DatabaseCredentials credentials) throws SQLException {
		try (Connection c = connect(port, SUPERUSER, credentials.superuser(), "postgres");
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("""
						SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
						WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
						  AND c.relkind IN ('r', 'p')
						""")) {
			return rs.next();
		}
	}

	private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = c.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static Connection connect(int port, String user, String password, String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
	}

	/** Whether a {@code pg_hba.conf} lets someone in without a password. */
	static boolean trustsSomeone(Path hba) {
		try {
			return Files.readAllLines(hba, StandardCharsets.UTF_8)
				.stream()
				.map(line -> line.replaceFirst("#.*", "").strip())
				.filter(line -> !line.isEmpty())
				.anyMatch(line -> List.of(line.split("\\s+")).contains("trust"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + hba, ex);
		}
	}

	private static void writeHba(Path dataDirectory) {
		try {
			Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write pg_hba.conf in " + dataDirectory, ex);
		}
	}

	/** One platform per data folder: a lock the system releases when the process ends. */
	private static FileChannel lock(Path home) {
		Path file = home.resolve("postgres.lock");
		FileChannel channel = null;
		try {
			Files.createDirectories(home);
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw new IllegalStateException(
						"Another EpiGrid uses the data folder " + home + " (it holds " + file + "); stop it first");
			}
			return channel;
		}
		catch (OverlappingFileLockException ex) {
			closeQuietly(channel);
			throw new IllegalStateException("The data folder " + home + " is in use in this process already", ex);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new UncheckedIOException("Cannot lock " + file, ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/**
	 * The JDBC URL of the platform's database.
	 * @return the URL
	 */
	public String url() {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
	}

	/**
	 * The role the platform connects as.
	 * @return {@value #APPLICATION_ROLE}
	 */
	public String user() {
		return APPLICATION_ROLE;
	}

	/**
	 * The password of {@link #user()}.
	 * @return the password
	 */
	public String password() {
		return this.credentials.application();
	}

	/**
	 * The password of {@link #SUPERUSER}, for maintenance (e.g. a restore).
	 * @return the password
	 */
	public String superuserPassword() {
		return this.credentials.superuser();
	}

	/**
	 * The server's port on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * The server's data directory.
	 * @return {@code ${epigrid.home}/postgres}
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Stops the server (fast shutdown), lets the watchdog go and unlocks the folder. */
	@Override
	public void close() {
		closeQuietly(this.postgres);
		if (this.watchdog != null) {
			this.watchdog.close();
		}
		closeQuietly(this.lockFile);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			log.warn("Cannot close {}: {}", closeable, ex.getMessage());
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

}
