package org.epigrid.venues.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Passes at compounds' checkpoints ({@code checkpoint_pass}), and where a compound lies
 * (from the view population publishes, {@code population_division_place}).
 */
@Repository
public class CheckpointPassRepository {

	private final JdbcClient jdbc;

	CheckpointPassRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The path of a compound.
	 * @param divisionId the compound's division
	 * @return its path, {@code null} if there is no such division
	 */
	public String compoundPath(long divisionId) {
		return this.jdbc.sql("SELECT path FROM population_division_place WHERE id = :id")
			.param("id", divisionId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Stores a pass.
	 * @param pass the pass
	 */
	public void insert(Pass pass) {
		this.jdbc
			.sql("""
					INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, person_id, direction, temperature, mask,
					                             result, allowed, reasons)
					VALUES (:at, :device, :compound, :person, :direction, :temperature, :mask, :result, :allowed, :reasons)
					""")
			.param("at", Timestamp.from(pass.at()))
			.param("device", pass.deviceId())
			.param("compound", pass.compoundPath())
			.param("person", pass.personId())
			.param("direction", pass.direction())
			.param("temperature", pass.temperature())
			.param("mask", pass.mask())
			.param("result", pass.result())
			.param("allowed", pass.allowed())
			.param("reasons", pass.reasons().toArray(String[]::new))
			.update();
	}

	/**
	 * A pass as stored.
	 *
	 * @param at when
	 * @param deviceId the checkpoint's device
	 * @param compoundPath the compound
	 * @param personId the person, {@code null} when the code named nobody genuine
	 * @param direction {@code IN} or {@code OUT}
	 * @param temperature °C, one decimal
	 * @param mask whether a mask was worn
	 * @param result the verification's result
	 * @param allowed let pass
	 * @param reasons the reasons' codes
	 */
	public record Pass(Instant at, long deviceId, String compoundPath, Long personId, String direction,
			BigDecimal temperature, boolean mask, String result, boolean allowed, List<String> reasons) {
	}

}
