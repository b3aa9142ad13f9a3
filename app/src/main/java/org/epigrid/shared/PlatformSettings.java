package org.epigrid.shared;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module may read ({@code epigrid.home}, {@code epigrid.map.*},
 * {@code epigrid.fonts.*}); the public address has a record of its own
 * ({@code shared.web.PublicUrl}), the database its own ({@code epigrid.db.*}). Each
 * default is written here once.
 *
 * @param home the data folder ({@code EPIGRID_HOME}): imports, backups and generated
 * passwords are kept below it
 * @param map the grid map's settings
 * @param fonts the fonts printed documents use
 */
@ConfigurationProperties("epigrid")
public record PlatformSettings(@DefaultValue("./data") Path home, @DefaultValue GridMap map,
		@DefaultValue Fonts fonts) {

	/**
	 * Fonts of printed documents ({@code epigrid.fonts.*}).
	 *
	 * @param cjk a TrueType font (or collection) with Chinese glyphs; blank: the first of
	 * the usual system fonts found
	 */
	public record Fonts(@DefaultValue("") String cjk) {

		/**
		 * Makes a missing path blank.
		 * @param cjk the path or {@code null}
		 */
		public Fonts {
			cjk = (cjk == null) ? "" : cjk;
		}

	}

	/**
	 * The grid map ({@code epigrid.map.*}).
	 *
	 * @param tileUrl a tile URL (e.g. Tianditu with a key) drawn under the grid layer;
	 * blank for none
	 */
	public record GridMap(@DefaultValue("") String tileUrl) {

		/**
		 * Makes a missing URL blank.
		 * @param tileUrl the URL or {@code null}
		 */
		public GridMap {
			tileUrl = (tileUrl == null) ? "" : tileUrl;
		}

	}

}
