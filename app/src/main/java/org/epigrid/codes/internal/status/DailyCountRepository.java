package org.epigrid.codes.internal.status;

import java.time.LocalDate;
import java.util.List;

import org.epigrid.codes.CodeStatisticsManagement.DailyCount;
import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The daily counts of code displays and verifications ({@code code_daily_count}), added
 * to by {@link CodeCounter}.
 */
@Repository
public class DailyCountRepository {

	private final JdbcClient jdbc;

	DailyCountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds to one count.
	 * @param day the day
	 * @param divisionPath where
	 * @param kind {@code DISPLAY} or {@code VERIFY}
	 * @param result the colour shown, or the verification's result
	 * @param n how many more
	 */
	public void add(LocalDate day, String divisionPath, String kind, String result, long n) {
		this.jdbc.sql("""
				INSERT INTO code_daily_count (day, division_path, kind, result, count)
				VALUES (:day, :path, :kind, :result, :n)
				ON CONFLICT (day, division_path, kind, result)
				DO UPDATE SET count = code_daily_count.count + EXCLUDED.count
				""")
			.param("day", day)
			.param("path", divisionPath)
			.param("kind", kind)
			.param("result", result)
			.param("n", n)
			.update();
	}

	/**
	 * The counts of a period within a jurisdiction (filtered in SQL).
	 * @param from first day
	 * @param to last day
	 * @param jurisdiction the range of paths
	 * @return the counts, by day, division, kind, result
	 */
	public List<DailyCount> between(LocalDate from, LocalDate to, PathPrefix jurisdiction) {
		return this.jdbc.sql("""
				SELECT day, division_path, kind, result, count FROM code_daily_count
				WHERE day BETWEEN :from AND :to AND division_path >= :lower AND division_path < :upper
				ORDER BY day, division_path, kind, result
				""")
			.param("from", from)
			.param("to", to)
			.param("lower", jurisdiction.lower())
			.param("upper", jurisdiction.upper())
			.query((rs, i) -> new DailyCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getLong(5)))
			.list();
	}

}
