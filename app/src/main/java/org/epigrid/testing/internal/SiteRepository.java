package org.epigrid.testing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.epigrid.shared.PathPrefix;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.SiteStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sampling sites ({@code sampling_site}), their reports and staff. The waiting time is
 * the queue over the rate of the site's scans in the last 30 minutes (its hourly capacity
 * when it has scanned nobody yet).
 */
@Repository
public class SiteRepository {

	/** The window of scans the waiting time is estimated from. */
	public static final Duration RATE_WINDOW = Duration.ofMinutes(30);

	private static final String SELECT = """
			SELECT s.id, s.code, s.name, s.kind, s.division_id, s.address, s.lon, s.lat, s.opening_hours, s.stations,
			       s.capacity_per_hour, s.phone, s.status, s.queue_length, s.status_at, s.path,
			       (SELECT count(*) FROM testing_sample t WHERE t.site_id = s.id AND t.sampled_at > :since) AS recent
			FROM sampling_site s\s""";

	private final JdbcClient jdbc;

	SiteRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sites in a range of paths (or those a staff member works at), by code.
	 * @param range the jurisdiction
	 * @param staffUserId only this user's sites, or {@code null}
	 * @param now now
	 * @param limit at most
	 * @param offset from
	 * @return the sites
	 */
	public List<Placed> list(PathPrefix range, Long staffUserId, Instant now, int limit, long offset) {
		return this.jdbc.sql(SELECT + " " + """
				WHERE s.path >= :lo AND s.path < :hi
				  AND (CAST(:user AS bigint) IS NULL
				       OR EXISTS (SELECT 1 FROM sampling_site_staff f WHERE f.site_id = s.id AND f.user_id = :user))
				ORDER BY s.code LIMIT :limit OFFSET :offset""")
			.param("since", Timestamp.from(now.minus(RATE_WINDOW)))
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("user", staffUserId)
			.param("limit", limit)
			.param("offset", offset)
			.query(this::placed)
			.list();
	}

	/**
	 * All sites with a place, for the public map and open data.
	 * @param now now
	 * @return the sites, by code
	 */
	public List<Placed> all(Instant now) {
		return this.jdbc.sql(SELECT + " ORDER BY s.code")
			.param("since", Timestamp.from(now.minus(RATE_WINDOW)))
			.query(this::placed)
			.list();
	}

	/**
	 * The sites nearest a point (equirectangular distance, good within a city).
	 * @param lon longitude
	 * @param lat latitude
	 * @param sampling only those sampling now
	 * @param now now
	 * @param limit at most
	 * @return the sites, nearest first, with their distance in metres
	 */
	public List<Near> nearest(double lon, double lat, boolean sampling, Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT n.*, 6371000 * sqrt(power(radians(n.lon - :lon) * cos(radians(:lat)), 2)
				                           + power(radians(n.lat - :lat), 2)) AS metres
				FROM (%s WHERE s.lon IS NOT NULL AND (NOT :sampling OR s.status IN ('OPEN', 'BUSY'))) n
				ORDER BY metres LIMIT :limit""".formatted(SELECT))
			.param("since", Timestamp.from(now.minus(RATE_WINDOW)))
			.param("lon", lon)
			.param("lat", lat)
			.param("sampling", sampling)
			.param("limit", limit)
			.query((rs, n) -> new Near(placed(rs, n), Math.round(rs.getDouble("metres"))))
			.list();
	}

	/**
	 * A site, if in the range (and the user's, if given).
	 * @param id the site
	 * @param range the jurisdiction
	 * @param staffUserId only if this user works there, or {@code null}
	 * @param now now
	 * @return the site
	 */
	public Optional<Placed> find(long id, PathPrefix range, Long staffUserId, Instant now) {
		return this.jdbc.sql(SELECT + " " + """
				WHERE s.id = :id AND s.path >= :lo AND s.path < :hi
				  AND (CAST(:user AS bigint) IS NULL
				       OR EXISTS (SELECT 1 FROM sampling_site_staff f WHERE f.site_id = s.id AND f.user_id = :user))""")
			.param("since", Timestamp.from(now.minus(RATE_WINDOW)))
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("user", staffUserId)
			.query(this::placed)
			.optional();
	}

	/**
	 * The next free code under a division: its code, a dash, three digits or more.
	 * @param divisionCode the division's code
	 * @return e.g. {@code 320507101001-007}
	 */
	public String nextCode(String divisionCode) {
		// serialised per division: two registrations at once must not take the same
		// number
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('sampling_site:' || :c))")
			.param("c", divisionCode)
			.query()
			.singleRow();
		int used = this.jdbc.sql("""
				SELECT coalesce(max(CAST(substr(code, length(:c) + 2) AS int)), 0) FROM sampling_site
				WHERE code LIKE :c || '-%' AND substr(code, length(:c) + 2) ~ '^[0-9]+$'""")
			.param("c", divisionCode)
			.query(Integer.class)
			.single();
		return divisionCode + "-" + String.format("%03d", used + 1);
	}

	/**
	 * Stores a new site, closed.
	 * @param site the site (its id ignored)
	 * @param path its division's path
	 * @param now when
	 * @return its id
	 */
	public long insert(SamplingSite site, String path, Instant now) {
		return this.jdbc
			.sql("""
					INSERT INTO sampling_site (code, division_id, path, name, kind, address, lon, lat, opening_hours, stations,
					                           capacity_per_hour, phone, created_at)
					VALUES (:code, :division, :path, :name, :kind, :address, :lon, :lat, :hours, :stations, :capacity, :phone,
					        :now) RETURNING id""")
			.param("code", site.code())
			.param("division", site.divisionId())
			.param("path", path)
			.param("name", site.name())
			.param("kind", site.kind().name())
			.param("address", site.address())
			.param("lon", site.lon())
			.param("lat", site.lat())
			.param("hours", site.openingHours())
			.param("stations", site.stations())
			.param("capacity", site.capacityPerHour())
			.param("phone", site.phone())
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
	}

	/**
	 * Records a status report.
	 * @param siteId the site
	 * @param status the status
	 * @param queue persons waiting
	 * @param by who reported
	 * @param now when
	 */
	public void report(long siteId, SiteStatus status, int queue, String by, Instant now) {
		this.jdbc.sql("""
				UPDATE sampling_site SET status = :status, queue_length = :queue, status_at = :now, status_by = :by
				WHERE id = :id""")
			.param("status", status.name())
			.param("queue", queue)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", siteId)
			.update();
		this.jdbc.sql("""
				INSERT INTO sampling_site_report (site_id, status, queue_length, reported_at, reported_by)
				VALUES (:id, :status, :queue, :now, :by)""")
			.param("status", status.name())
			.param("queue", queue)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", siteId)
			.update();
	}

	/**
	 * Lets a user work at a site (site leader, sampler, courier).
	 * @param siteId the site
	 * @param userId the user
	 */
	public void addStaff(long siteId, long userId) {
		this.jdbc.sql("INSERT INTO sampling_site_staff (site_id, user_id) VALUES (:s, :u) ON CONFLICT DO NOTHING")
			.param("s", siteId)
			.param("u", userId)
			.update();
	}

	/**
	 * Whether a user works at a site.
	 * @param siteId the site
	 * @param userId the user
	 * @return {@code true} if so
	 */
	public boolean isStaff(long siteId, long userId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM sampling_site_staff WHERE site_id = :s AND user_id = :u)")
			.param("s", siteId)
			.param("u", userId)
			.query(Boolean.class)
			.single();
	}

	private Placed placed(ResultSet rs, int row) throws SQLException {
		Timestamp at = rs.getTimestamp("status_at");
		SiteStatus status = SiteStatus.valueOf(rs.getString("status"));
		int queue = rs.getInt("queue_length");
		int capacity = rs.getInt("capacity_per_hour");
		long recent = rs.getLong("recent");
		Integer wait = null;
		if (status.sampling()) {
			double perMinute = (recent > 0) ? recent / (double) RATE_WINDOW.toMinutes() : capacity / 60.0;
			wait = (int) Math.ceil(queue / perMinute);
		}
		SamplingSite site = new SamplingSite(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
				SiteKind.valueOf(rs.getString("kind")), rs.getLong("division_id"), rs.getString("address"),
				(Double) rs.getObject("lon"), (Double) rs.getObject("lat"), rs.getString("opening_hours"),
				rs.getInt("stations"), capacity, rs.getString("phone"), status, queue,
				(at == null) ? null : at.toInstant(), wait);
		return new Placed(site, rs.getString("path"));
	}

	/**
	 * A site and its division's path.
	 *
	 * @param site the site
	 * @param path the path
	 */
	public record Placed(SamplingSite site, String path) {
	}

	/**
	 * A site and how far it is.
	 *
	 * @param site the site
	 * @param metres the distance
	 */
	public record Near(Placed site, long metres) {
	}

}
