package org.epigrid.tracing.web;

/**
 * Durations in seconds written short for the pages: {@code 40s}, {@code 5m 10s},
 * {@code 2h 05m}, {@code 3d 4h}.
 */
public final class Durations {

	/**
	 * A duration written short.
	 * @param seconds the seconds, may be {@code null}
	 * @return the text, {@code —} for {@code null}
	 */
	public String compact(Long seconds) {
		if (seconds == null) {
			return "—";
		}
		long s = Math.max(0, seconds);
		if (s < 60) {
			return s + "s";
		}
		if (s < 3600) {
			return (s / 60) + "m " + String.format("%02d", s % 60) + "s";
		}
		if (s < 86_400) {
			return (s / 3600) + "h " + String.format("%02d", (s % 3600) / 60) + "m";
		}
		return (s / 86_400) + "d " + ((s % 86_400) / 3600) + "h";
	}

}
