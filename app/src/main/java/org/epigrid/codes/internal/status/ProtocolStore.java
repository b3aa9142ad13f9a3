package org.epigrid.codes.internal.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The versions of the colour rules. The newest version is in force; the first use on an
 * empty database installs the default COVID-19 protocol as version 1.
 */
@Component
public class ProtocolStore {

	static final String DEFAULT = "codes/covid-19-protocol.json";

	private final ProtocolRepository repository;

	private final Clock clock;

	private final Map<Integer, RuleSet> byVersion = new ConcurrentHashMap<>();

	private volatile Current current;

	ProtocolStore(ProtocolRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * The rules in force.
	 * @return version and rules
	 */
	public Current current() {
		Current known = this.current;
		if (known != null) {
			return known;
		}
		int version = this.repository.newest();
		if (version == 0) {
			this.repository.addFirst(defaultRules(), "Default COVID-19 protocol (2022 control plan)",
					this.clock.instant());
			version = 1;
		}
		Current loaded = new Current(version, version(version));
		this.current = loaded;
		return loaded;
	}

	/**
	 * The rules of a version.
	 * @param version the version
	 * @return its rules
	 */
	public RuleSet version(int version) {
		return this.byVersion.computeIfAbsent(version, v -> RuleSet.parse(this.repository.rulesOf(v)));
	}

	/**
	 * Stores a new version and puts it in force.
	 * @param rules the checked rules
	 * @param note what changed
	 * @param by who
	 * @return the new version
	 */
	public int add(RuleSet rules, String note, String by) {
		current();
		int version = this.repository.addNext(rules, note, this.clock.instant(), by);
		// read again (and cached) once committed: a rolled-back version number is used
		// again
		this.current = null;
		return version;
	}

	/** Forgets what it read (after a rollback). */
	public void forget() {
		this.current = null;
	}

	static RuleSet defaultRules() {
		try (InputStream in = ProtocolStore.class.getClassLoader().getResourceAsStream(DEFAULT)) {
			return RuleSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The rules in force.
	 *
	 * @param version their version
	 * @param rules the rules
	 */
	public record Current(int version, RuleSet rules) {
	}

}
