package org.epigrid.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.awaitility.Awaitility.await;

/**
 * The platform as a separate JVM (the test classpath, {@code EpiGridApplication}), for
 * tests of what happens when its process dies: {@code kill -9}, a power cut. Started on a
 * data folder with a small demo town (3 grids) and a known admin password; ready when
 * {@code /actuator/health} answers 200 (readiness included, so after the start-up
 * runners). Its output goes to a log file beside the data folder.
 */
public final class PlatformProcess implements AutoCloseable {

	/** The admin password of platforms started here. */
	public static final String ADMIN_PASSWORD = "admin-password-for-crash-tests";

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final AtomicInteger RUNS = new AtomicInteger();

	private final Process process;

	private final Path home;

	private final Path log;

	private final int port;

	private PlatformProcess(Process process, Path home, Path log, int port) {
		this.process = process;
		this.home = home;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the platform on a data folder and waits until it is ready.
	 * @param home the data folder
	 * @param arguments more command-line arguments ({@code --name=value}), replacing
	 * defaults of the same name
	 * @return the running platform
	 * @throws AssertionError if it ends or is not ready in time; with its log's end
	 */
	public static PlatformProcess start(Path home, String... arguments) {
		Path log = home.resolveSibling(home.getFileName() + "-run" + RUNS.incrementAndGet() + ".log");
		Map<String, String> options = new LinkedHashMap<>();
		for (String option : List.of("--epigrid.home=" + home, "--server.port=0", "--server.address=127.0.0.1",
				"--epigrid.demo.enabled=true", "--epigrid.demo.grids=3", "--EPIGRID_ADMIN_PASSWORD=" + ADMIN_PASSWORD,
				"--epigrid.db.embedded-shared-buffers=32MB", "--epigrid.db.pool-size=6",
				"--management.endpoint.health.probes.enabled=true")) {
			options.put(option.substring(0, option.indexOf('=')), option);
		}
		// an argument given twice would be read as both values joined: replace instead
		for (String option : arguments) {
			options.put(option.substring(0, option.indexOf('=')), option);
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", classpath(),
						"org.epigrid.EpiGridApplication"));
		command.addAll(options.values());
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			int port = await("platform on " + home + " listening").atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> port(process, log), p -> p > 0);
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
				.build();
			await("platform on " + home + " ready").atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptionsInstanceOf(IOException.class)
				.until(() -> {
					alive(process);
					return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
				}, status -> status == 200);
			return new PlatformProcess(process, home, log, port);
		}
		catch (RuntimeException | AssertionError ex) {
			process.destroyForcibly();
			throw new AssertionError("The platform did not start on " + home + ":\n" + tail(log), ex);
		}
	}

	/**
	 * The port of its web server on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * A client of its HTTP API.
	 * @return the client
	 */
	public Api api() {
		return new Api(this.port);
	}

	/**
	 * The JVM's process.
	 * @return its handle
	 */
	public ProcessHandle handle() {
		return this.process.toHandle();
	}

	/**
	 * The watchdog child that stops the embedded server when the JVM dies.
	 * @return its handle, if running
	 */
	public Optional<ProcessHandle> watchdog() {
		return this.process.children()
			.filter(p -> p.info()
				.arguments()
				.map(List::of)
				.orElse(List.of())
				.stream()
				.anyMatch(a -> a.contains("postmaster.pid")))
			.findFirst();
	}

	/**
	 * {@code kill -9} of the JVM (only: its watchdog and server stay as the kernel leaves
	 * them), waiting until it has gone.
	 */
	public void kill() {
		killAndWait(handle());
	}

	/** A graceful stop ({@code SIGTERM}), waiting until it has gone. */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(2, TimeUnit.MINUTES)) {
				this.process.destroyForcibly();
				throw new AssertionError("The platform on " + this.home + " did not stop:\n" + tail(this.log));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Its log so far.
	 * @return the log's text
	 */
	public String log() {
		return read(this.log);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop();
		}
	}

	/**
	 * {@code kill -9} of a process, waiting until it has gone.
	 * @param process the process
	 */
	public static void killAndWait(ProcessHandle process) {
		process.destroyForcibly();
		await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
	}

	/**
	 * Stops an embedded server a test left running on a data folder (after a failed
	 * assertion), so that no server outlives the tests.
	 * @param home the data folder
	 */
	public static void stopServerLeftIn(Path home) {
		if (Files.exists(home.resolve("postgres").resolve("postmaster.pid"))) {
			ProcessHandle.of(postmasterPid(home))
				.filter(p -> p.info().command().orElse("").endsWith("/postgres"))
				.ifPresent(ProcessHandle::destroy);
		}
	}

	/**
	 * The process id in the data folder's {@code postgres/postmaster.pid}.
	 * @param home the data folder
	 * @return the embedded server's process id
	 */
	public static long postmasterPid(Path home) {
		return Long.parseLong(postmasterPidLines(home).get(0).strip());
	}

	/**
	 * A client of the data folder's running embedded database, as the platform's role,
	 * with the password the platform generated into the folder.
	 * @param home the data folder
	 * @return the client
	 */
	public static JdbcClient database(Path home) {
		String[] url = url(home);
		return JdbcClient.create(new DriverManagerDataSource(url[0], url[1], url[2]));
	}

	/**
	 * A connection to the data folder's running embedded database, like
	 * {@link #database(Path)}.
	 * @param home the data folder
	 * @return a new connection; close it
	 * @throws SQLException if the database does not answer
	 */
	public static Connection connect(Path home) throws SQLException {
		String[] url = url(home);
		return DriverManager.getConnection(url[0], url[1], url[2]);
	}

	/**
	 * The passwords the platform generated into a data folder, by role.
	 * @param home the data folder
	 * @return {@code epigrid} and {@code postgres} with their passwords
	 */
	public static Properties passwords(Path home) {
		Properties passwords = new Properties();
		try (Reader in = Files.newBufferedReader(home.resolve("postgres-passwords.properties"))) {
			passwords.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return passwords;
	}

	/** URL, user and password of the platform's database. */
	private static String[] url(Path home) {
		int port = Integer.parseInt(postmasterPidLines(home).get(3).strip());
		return new String[] { "jdbc:postgresql://127.0.0.1:" + port + "/epigrid", "epigrid",
				passwords(home).getProperty("epigrid") };
	}

	private static List<String> postmasterPidLines(Path home) {
		try {
			return Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int port(Process process, Path log) {
		alive(process);
		Matcher matcher = PORT.matcher(read(log));
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	private static void alive(Process process) {
		if (!process.isAlive()) {
			throw new IllegalStateException("the platform ended with " + process.exitValue());
		}
	}

	private static String classpath() {
		// surefire puts the real class path here (java.class.path may name only its
		// booter jar)
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	private static String read(Path log) {
		try {
			return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String tail(Path log) {
		String text = read(log);
		return text.substring(Math.max(0, text.length() - 6000));
	}

}
